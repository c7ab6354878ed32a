"""The catalogue of resources, shared by the clients and the CLI."""

from __future__ import annotations

from ghostkit.models import Author, Post, SitePage, Tag
from ghostkit.resources.spec import ADD, BROWSE, BULK, COPY, DELETE, EDIT, READ, ResourceSpec

_CONTENT_VERBS = frozenset({BROWSE, READ, ADD, EDIT, DELETE, COPY, BULK})

POSTS = ResourceSpec("posts", Post, _CONTENT_VERBS, edit_needs_updated_at=True)
PAGES = ResourceSpec("pages", SitePage, _CONTENT_VERBS, edit_needs_updated_at=True)
TAGS = ResourceSpec("tags", Tag)

ADMIN_RESOURCES = (POSTS, PAGES, TAGS)

_READ_ONLY = frozenset({BROWSE, READ})

CONTENT_POSTS = ResourceSpec("posts", Post, _READ_ONLY, api="content")
CONTENT_PAGES = ResourceSpec("pages", SitePage, _READ_ONLY, api="content")
CONTENT_TAGS = ResourceSpec("tags", Tag, _READ_ONLY, api="content")
CONTENT_AUTHORS = ResourceSpec("authors", Author, _READ_ONLY, api="content")
