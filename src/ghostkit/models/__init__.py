"""Typed, lenient models of Ghost's objects.

Every model keeps fields it does not declare (Ghost adds fields between releases), so a
read-modify-write loses nothing the server sent.
"""

from ghostkit.models.base import GhostModel, Page, Pagination
from ghostkit.models.content import Author, Label, Post, SitePage, Tag
from ghostkit.models.people import Invite, Member, Role, User
from ghostkit.models.site import (
    Newsletter,
    Offer,
    Recommendation,
    Setting,
    Site,
    Snippet,
    Tier,
)
from ghostkit.models.system import ApiKey, Comment, Integration, Theme, Upload, Webhook

__all__ = [
    "ApiKey",
    "Author",
    "Comment",
    "GhostModel",
    "Integration",
    "Invite",
    "Label",
    "Member",
    "Newsletter",
    "Offer",
    "Page",
    "Pagination",
    "Post",
    "Recommendation",
    "Role",
    "Setting",
    "Site",
    "SitePage",
    "Snippet",
    "Tag",
    "Theme",
    "Tier",
    "Upload",
    "User",
    "Webhook",
]
