# Generated from clients/_async by scripts/gen_sync.py: edit that, not this.
"""The Admin API client (asyncio). The sync `GhostAdmin` is generated from this file."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from ghostkit.auth.keys import AdminKey
from ghostkit.auth.strategies import AdminTokenAuth, SessionAuth
from ghostkit.clients._sync.base import BaseClient, AuthFactory
from ghostkit.clients._sync.checked import SyncCheckedResource
from ghostkit.clients._sync.files import SyncDatabase, SyncThemes, SyncUploads
from ghostkit.clients._sync.members import SyncMembersResource
from ghostkit.clients._sync.posts import SyncPostsResource
from ghostkit.clients._sync.resource import Resource
from ghostkit.clients._sync.settings import SyncSettings, SyncWebhooksResource
from ghostkit.clients._sync.snippets import SyncSnippetsResource
from ghostkit.clients._sync.users import SyncUsersResource
from ghostkit.config.paths import Paths
from ghostkit.config.profiles import ProfileStore
from ghostkit.core.errors import ConfigurationError
from ghostkit.core.retry import RetryPolicy
from ghostkit.core.urls import DEFAULT_VERSION, api_root, normalize_site_url
from ghostkit.models import (
    Comment,
    Integration,
    Invite,
    Label,
    Newsletter,
    Offer,
    Post,
    Role,
    Site,
    SitePage,
    Tag,
    Tier,
)
from ghostkit.resources import catalog


class GhostAdmin(BaseClient):
    """Ghost's Admin API, with one of: an integration key, a staff access token, or a login.

    >>> admin = AsyncGhostAdmin("https://example.com", key="<id>:<secret>")  # doctest: +SKIP
    """

    api = "admin"

    def __init__(
        self,
        url: str,
        *,
        key: str | None = None,
        staff_token: str | None = None,
        email: str | None = None,
        password: str | None = None,
        two_factor_code: Callable[[], str] | None = None,
        version: str = DEFAULT_VERSION,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        auth = _admin_auth(
            url,
            key=key,
            staff_token=staff_token,
            email=email,
            password=password,
            two_factor_code=two_factor_code,
        )
        super().__init__(
            url,
            auth=auth,
            version=version,
            timeout=timeout,
            retry=retry,
            transport=transport,
            headers=headers,
        )
        self.posts: SyncPostsResource[Post] = SyncPostsResource(self, catalog.POSTS)
        self.pages: SyncPostsResource[SitePage] = SyncPostsResource(self, catalog.PAGES)
        self.tags: SyncCheckedResource[Tag] = SyncCheckedResource(self, catalog.TAGS)
        self.labels: SyncCheckedResource[Label] = SyncCheckedResource(self, catalog.LABELS)
        self.tiers: SyncCheckedResource[Tier] = SyncCheckedResource(self, catalog.TIERS)
        self.offers: Resource[Offer] = Resource(self, catalog.OFFERS)
        self.newsletters: Resource[Newsletter] = Resource(self, catalog.NEWSLETTERS)
        self.members = SyncMembersResource(self, catalog.MEMBERS)
        self.users = SyncUsersResource(self, catalog.USERS)
        self.roles: Resource[Role] = Resource(self, catalog.ROLES)
        self.invites: Resource[Invite] = Resource(self, catalog.INVITES)
        self.webhooks = SyncWebhooksResource(self, catalog.WEBHOOKS)
        self.integrations: Resource[Integration] = Resource(self, catalog.INTEGRATIONS)
        self.snippets = SyncSnippetsResource(self, catalog.SNIPPETS)
        self.comments: Resource[Comment] = Resource(self, catalog.COMMENTS)
        self.images = SyncUploads(self, "images")
        self.media = SyncUploads(self, "media")
        self.files = SyncUploads(self, "files")
        self.themes = SyncThemes(self)
        self.settings = SyncSettings(self)
        self.db = SyncDatabase(self)

    @classmethod
    def from_env(cls, **options: object) -> GhostAdmin:
        """From `GHOST_URL` and `GHOST_ADMIN_API_KEY` or `GHOST_STAFF_ACCESS_TOKEN`."""
        url = os.environ.get("GHOST_URL")
        if not url:
            raise ConfigurationError(
                "GHOST_URL is not set", hint="export GHOST_URL=https://your-site.example"
            )
        key = os.environ.get("GHOST_ADMIN_API_KEY")
        staff = os.environ.get("GHOST_STAFF_ACCESS_TOKEN")
        if not key and not staff:
            raise ConfigurationError(
                "neither GHOST_ADMIN_API_KEY nor GHOST_STAFF_ACCESS_TOKEN is set",
                hint="copy the Admin API key from Settings > Integrations",
            )
        return cls(url, key=key or None, staff_token=None if key else staff, **options)  # type: ignore[arg-type]

    @classmethod
    def from_profile(
        cls, name: str | None = None, *, paths: Paths | None = None, **options: object
    ) -> GhostAdmin:
        """From a saved site profile (`ghostkit site add`, `ghostkit local up`)."""
        store = ProfileStore((paths or Paths.from_env()).config_file)
        chosen = name or store.default_name()
        if not chosen:
            raise ConfigurationError(
                "no site profile given and no default profile set",
                hint="run `ghostkit local up` or `ghostkit site add`",
            )
        profile = store.get(chosen)
        if profile.version and "version" not in options:
            options["version"] = profile.version
        if profile.admin_key:
            return cls(profile.url, key=profile.admin_key, **options)  # type: ignore[arg-type]
        if profile.staff_token:
            return cls(profile.url, staff_token=profile.staff_token, **options)  # type: ignore[arg-type]
        if profile.email and profile.password:
            return cls(profile.url, email=profile.email, password=profile.password, **options)  # type: ignore[arg-type]
        raise ConfigurationError(
            f"profile {chosen!r} has no Admin API credentials",
            hint=f"add a key with `ghostkit site add {chosen} ...`",
        )

    def site(self) -> Site:
        """The public site information (title, URL, version)."""
        body = self.request("GET", "site/", key="site")
        return Site.model_validate(body["site"])

    def config(self) -> dict[str, Any]:
        """The site's public configuration (version, features, limits)."""
        body = self.request("GET", "config/", key="config")
        config: dict[str, Any] = body["config"]
        return config


def _admin_auth(
    url: str,
    *,
    key: str | None,
    staff_token: str | None,
    email: str | None,
    password: str | None,
    two_factor_code: Callable[[], str] | None,
) -> AuthFactory:
    """Check the credentials now; build the auth once the API version is known."""
    chosen = [
        name
        for name, value in (("key", key), ("staff_token", staff_token), ("email", email))
        if value
    ]
    if len(chosen) != 1:
        raise ConfigurationError(
            "give exactly one of key=, staff_token= or email= (with password=)",
            hint="an integration key comes from Settings > Integrations; a staff access "
            "token from your profile in Ghost Admin",
        )
    if key or staff_token:
        parsed = (
            AdminKey.parse(key)
            if key
            else AdminKey.parse(staff_token or "", what="staff access token")
        )
        return lambda version: AdminTokenAuth(parsed, version.audience)
    if not email or not password:
        raise ConfigurationError("a session login needs both an email and a password")
    site = normalize_site_url(url)
    return lambda version: SessionAuth(
        email,
        password,
        admin_root=api_root(site, "admin", version),
        site_url=site,
        two_factor_code=two_factor_code,
    )
