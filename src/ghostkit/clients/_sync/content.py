# Generated from clients/_async by scripts/gen_sync.py: edit that, not this.
"""The Content API client (asyncio): public, read-only, keyed by the Content API key."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import httpx

from ghostkit.auth.keys import ContentKey
from ghostkit.auth.strategies import ContentKeyAuth
from ghostkit.clients._sync.base import BaseClient
from ghostkit.clients._sync.resource import Resource
from ghostkit.config.paths import Paths
from ghostkit.config.profiles import ProfileStore
from ghostkit.core.errors import ConfigurationError
from ghostkit.core.retry import RetryPolicy
from ghostkit.core.urls import DEFAULT_VERSION
from ghostkit.models import (
    Author,
    Newsletter,
    Offer,
    Post,
    Recommendation,
    SitePage,
    Tag,
    Tier,
)
from ghostkit.resources import catalog


class GhostContent(BaseClient):
    """Ghost's Content API: published posts, pages, tags and authors, as the public sees
    them (members-only content comes without its body).

    There is no member access: the Content API checks a member's `GhostMembers` token for
    an audience that no token Ghost issues has (they name `{site}/members/api`), and it does
    not read the members' session cookie, so `member_token=` is refused. Read gated content
    with `GhostAdmin`.
    """

    api = "content"

    def __init__(
        self,
        url: str,
        *,
        key: str,
        member_token: None = None,
        version: str = DEFAULT_VERSION,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if member_token is not None:
            raise ConfigurationError(
                "the Content API takes no member token: Ghost refuses every member token it "
                "issues there (401 invalid_token)",
                hint="read members-only posts with GhostAdmin (an Admin API key sees every "
                "post in full); GhostContent shows what the public sees",
            )
        auth = ContentKeyAuth(ContentKey.parse(key))
        super().__init__(
            url,
            auth=auth,
            version=version,
            timeout=timeout,
            retry=retry,
            transport=transport,
            headers=headers,
        )
        self.posts: Resource[Post] = Resource(self, catalog.CONTENT_POSTS)
        self.pages: Resource[SitePage] = Resource(self, catalog.CONTENT_PAGES)
        self.tags: Resource[Tag] = Resource(self, catalog.CONTENT_TAGS)
        self.authors: Resource[Author] = Resource(self, catalog.CONTENT_AUTHORS)
        self.tiers: Resource[Tier] = Resource(self, catalog.CONTENT_TIERS)
        self.newsletters: Resource[Newsletter] = Resource(
            self, catalog.CONTENT_NEWSLETTERS
        )
        self.offers: Resource[Offer] = Resource(self, catalog.CONTENT_OFFERS)
        self.recommendations: Resource[Recommendation] = Resource(
            self, catalog.CONTENT_RECOMMENDATIONS
        )

    def settings(self) -> dict[str, Any]:
        """The site's public settings (title, navigation, accent colour, ...)."""
        body = self.request("GET", "settings/", key="settings")
        settings: dict[str, Any] = body["settings"]
        return settings

    @classmethod
    def from_env(cls, **options: object) -> GhostContent:
        """From `GHOST_URL` and `GHOST_CONTENT_API_KEY`."""
        url = os.environ.get("GHOST_URL")
        key = os.environ.get("GHOST_CONTENT_API_KEY")
        if not url or not key:
            raise ConfigurationError("GHOST_URL and GHOST_CONTENT_API_KEY must both be set")
        return cls(url, key=key, **options)  # type: ignore[arg-type]

    @classmethod
    def from_profile(
        cls, name: str | None = None, *, paths: Paths | None = None, **options: object
    ) -> GhostContent:
        store = ProfileStore((paths or Paths.from_env()).config_file)
        chosen = name or store.default_name()
        if not chosen:
            raise ConfigurationError("no site profile given and no default profile set")
        profile = store.get(chosen)
        if not profile.content_key:
            raise ConfigurationError(f"profile {chosen!r} has no Content API key")
        return cls(profile.url, key=profile.content_key, **options)  # type: ignore[arg-type]
