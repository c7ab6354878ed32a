# Generated from clients/_async by scripts/gen_sync.py: edit that, not this.
"""The Admin API client (asyncio). The sync `GhostAdmin` is generated from this file."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

import httpx

from ghostkit.auth.keys import AdminKey
from ghostkit.auth.strategies import AdminTokenAuth, SessionAuth
from ghostkit.clients._sync.base import BaseClient
from ghostkit.clients._sync.resource import Resource
from ghostkit.config.paths import Paths
from ghostkit.config.profiles import ProfileStore
from ghostkit.core.errors import ConfigurationError
from ghostkit.core.retry import RetryPolicy
from ghostkit.core.urls import DEFAULT_VERSION, ApiVersion, api_root, normalize_site_url
from ghostkit.models import Post, Site, SitePage, Tag
from ghostkit.resources import PAGES, POSTS, TAGS


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
        two_factor_code: str | Callable[[], str] | None = None,
        version: str = DEFAULT_VERSION,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        api_version = ApiVersion.parse(version)
        auth = _admin_auth(
            url,
            api_version,
            key=key,
            staff_token=staff_token,
            email=email,
            password=password,
            two_factor_code=two_factor_code,
        )
        super().__init__(
            url,
            auth=auth,
            version=api_version,
            timeout=timeout,
            retry=retry,
            transport=transport,
            headers=headers,
        )
        self.posts: Resource[Post] = Resource(self, POSTS)
        self.pages: Resource[SitePage] = Resource(self, PAGES)
        self.tags: Resource[Tag] = Resource(self, TAGS)

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
        body = self.request("GET", "site/")
        return Site.model_validate(body["site"])


def _admin_auth(
    url: str,
    version: ApiVersion,
    *,
    key: str | None,
    staff_token: str | None,
    email: str | None,
    password: str | None,
    two_factor_code: str | Callable[[], str] | None,
) -> httpx.Auth:
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
    if key:
        return AdminTokenAuth(AdminKey.parse(key), version.audience)
    if staff_token:
        return AdminTokenAuth(
            AdminKey.parse(staff_token, what="staff access token"), version.audience
        )
    site = normalize_site_url(url)
    return SessionAuth(
        email or "",
        password or "",
        admin_root=api_root(site, "admin", version),
        site_url=site,
        two_factor_code=two_factor_code,
    )
