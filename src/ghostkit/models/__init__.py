"""Typed, lenient models of Ghost's objects.

Every model keeps fields it does not declare (Ghost adds fields between releases), so
nothing the server sends is lost on a read-modify-write.
"""

from ghostkit.models.base import GhostModel, Page, Pagination
from ghostkit.models.content import Author, Post, SitePage, Tag
from ghostkit.models.site import Site

__all__ = ["Author", "GhostModel", "Page", "Pagination", "Post", "Site", "SitePage", "Tag"]
