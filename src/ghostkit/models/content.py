"""Posts, pages, tags, labels and authors."""

from __future__ import annotations

from ghostkit.models.base import GhostModel
from ghostkit.models.site import Newsletter, Tier


class Tag(GhostModel):
    name: str | None = None
    slug: str | None = None
    description: str | None = None
    visibility: str | None = None
    feature_image: str | None = None
    url: str | None = None


class Label(GhostModel):
    name: str | None = None
    slug: str | None = None


class Author(GhostModel):
    name: str | None = None
    slug: str | None = None
    email: str | None = None
    profile_image: str | None = None
    bio: str | None = None
    url: str | None = None


class Post(GhostModel):
    """A post. `lexical` and `mobiledoc` are JSON documents held as strings, as Ghost sends."""

    uuid: str | None = None
    title: str | None = None
    slug: str | None = None
    status: str | None = None
    visibility: str | None = None
    lexical: str | None = None
    mobiledoc: str | None = None
    html: str | None = None
    plaintext: str | None = None
    excerpt: str | None = None
    custom_excerpt: str | None = None
    feature_image: str | None = None
    featured: bool | None = None
    email_only: bool | None = None
    url: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    published_at: str | None = None
    tags: list[Tag] | None = None
    authors: list[Author] | None = None
    primary_tag: Tag | None = None
    primary_author: Author | None = None
    tiers: list[Tier] | None = None
    newsletter: Newsletter | None = None


class SitePage(Post):
    """A Ghost page (a post outside the feed); named so as not to clash with `Page`."""
