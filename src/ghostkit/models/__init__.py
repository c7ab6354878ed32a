"""Typed, lenient models of Ghost's objects.

Every model keeps fields it does not declare (Ghost adds fields between releases), so a
read-modify-write loses nothing the server sent.
"""

from ghostkit.models.base import AsyncPage, Counts, GhostModel, Page, Pagination, SyncPage
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
    "AsyncPage",
    "Author",
    "Comment",
    "Counts",
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
    "SyncPage",
    "Tag",
    "Theme",
    "Tier",
    "Upload",
    "User",
    "Webhook",
]
