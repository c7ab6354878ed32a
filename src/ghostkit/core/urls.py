"""Site URLs and API versions: where a request goes and what audience its token names.

Ghost 5 and later serve one unversioned API (`/ghost/api/admin/`) and read the client's version
from the `Accept-Version` header. Older sites (and the legacy aliases modern Ghost still answers)
put the version in the path (`/ghost/api/v4/admin/`), and then an Admin token's audience must
name that version too (`/v4/admin/`), or Ghost answers 401 "jwt audience invalid".
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlsplit, urlunsplit

from ghostkit.core.errors import ConfigurationError
from ghostkit.core.redact import redact_url

Api = Literal["admin", "content"]

DEFAULT_VERSION = "v6.0"
AUTO = "auto"
LEGACY_VERSIONS = ("v2", "v3", "v4", "canary")
LEGACY_PROBES = ("v4", "v3", "v2")
"""Versioned paths tried, newest first, when the unversioned API is absent (Ghost < 5)."""

GHOST_6_PAGE_CAP = 100
_NUMBERED = re.compile(r"^v(?P<major>\d+)(?:\.(?P<minor>\d+|x))?$")


@dataclass(frozen=True)
class ApiVersion:
    """A client's API version: how it shapes paths, headers and the token audience.

    `path_segment` is `None` for the unversioned API (Ghost 5+), else the legacy
    segment such as `"v4"` or `"canary"`. `accept_version` is the `Accept-Version`
    header to send, if any.
    """

    name: str
    path_segment: str | None
    accept_version: str | None

    @classmethod
    def parse(cls, version: str) -> ApiVersion:
        """Read `"v6.0"`, `"v5.x"`, `"v4"`, `"canary"` and the like.

        `"auto"` is resolved by the clients (it needs a request), not here.
        """
        text = version.strip().lower()
        if text in LEGACY_VERSIONS:
            return cls(text, text, None)
        match = _NUMBERED.match(text)
        if not match:
            raise ConfigurationError(
                f"unknown API version {version!r}",
                hint='use "v6.0" (the default), "v5.x", "v4", "v3", "v2", "canary" or "auto"',
            )
        major = int(match["major"])
        if major < 2:
            raise ConfigurationError(
                f"API version {version!r} is older than any Ghost API ghostkit supports",
                hint='the oldest supported API is "v2"',
            )
        if major < 5:
            # Ghost 2-4 only served versioned paths; the minor part has no meaning there.
            segment = f"v{major}"
            return cls(segment, segment, None)
        minor = match["minor"] or "0"
        name = f"v{major}.{minor}"
        return cls(name, None, name)

    @classmethod
    def from_site_version(cls, reported: str, *, legacy: str | None = None) -> ApiVersion:
        """The version to use for a site whose `site` endpoint reports `reported` ("6.65").

        Ghost 5+ gets the unversioned API with `Accept-Version` set to its own version;
        an older site gets the versioned path it answered on (`legacy`).
        """
        match = re.match(r"^v?(\d+)\.(\d+)", reported.strip())
        if legacy is not None or not match or int(match[1]) < 5:
            segment = legacy or (f"v{match[1]}" if match else "v4")
            return cls.parse(segment)
        return cls.parse(f"v{match[1]}.{match[2]}")

    @property
    def major(self) -> int | None:
        """Ghost's major version this API names (6 for `v6.0`, 4 for `v4`); `None` for
        `canary`, an alias of the Ghost 2-4 era."""
        match = re.match(r"v(\d+)", self.name)
        return int(match[1]) if match else None

    @property
    def page_cap(self) -> int | None:
        """The most items Ghost serves in one page: 100 from Ghost 6 on, `limit=all`
        included; no cap before (Ghost 5 serves `limit=150` and `limit=all` whole)."""
        major = self.major
        return GHOST_6_PAGE_CAP if major is not None and major >= 6 else None

    def base_path(self, api: Api) -> str:
        """The API's path below the site root, for example `/ghost/api/admin/`."""
        if self.path_segment is None:
            return f"/ghost/api/{api}/"
        return f"/ghost/api/{self.path_segment}/{api}/"

    @property
    def audience(self) -> str:
        """The `aud` claim an Admin token must carry for this version's paths."""
        if self.path_segment is None:
            return "/admin/"
        return f"/{self.path_segment}/admin/"


def normalize_site_url(url: str) -> str:
    """Return the site's root URL without a trailing slash.

    Accepts what people paste: a trailing slash, the admin URL (`.../ghost/`), an API URL
    (`.../ghost/api/admin/posts/`), a query string. A subdirectory install keeps its
    subdirectory (`https://example.com/blog`).
    """
    text = url.strip() if isinstance(url, str) else ""
    if not text:
        raise ConfigurationError("the site URL is empty", hint="pass the URL of your Ghost site")
    shown = redact_url(text)
    example = "write it in full, for example https://example.com (or http://[::1]:2368)"
    if any(c.isspace() or not c.isprintable() for c in text):
        raise ConfigurationError(
            f"the site URL {shown!r} holds a space or a control character", hint=example
        )
    if "://" not in text:
        raise ConfigurationError(
            f"the site URL {shown!r} has no scheme",
            hint=f"write it in full, for example https://{shown}",
        )
    try:
        parts = urlsplit(text)
        host, _port = parts.hostname, parts.port
        if "[" in parts.netloc:  # Python 3.10 takes any text between brackets
            ipaddress.IPv6Address((host or "").partition("%")[0])
    except ValueError as exc:
        raise ConfigurationError(
            f"the site URL {shown!r} cannot be read: {exc}", hint=example
        ) from exc
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigurationError(
            f"the site URL {shown!r} is not an http(s) URL with a host", hint=example
        )
    path = parts.path
    cut = re.search(r"/ghost(?:/.*)?$", path)
    if cut:
        path = path[: cut.start()]
    path = path.rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def api_root(site_url: str, api: Api, version: ApiVersion) -> str:
    """The absolute URL every request path of `api` is joined onto (ends with a slash)."""
    return normalize_site_url(site_url) + version.base_path(api)


# -- what goes into a request path ------------------------------------------------------
#
# Every id, slug, email or name that becomes part of a request path passes through
# `item_path` (ids through `check_id`, everything else through `encode_segment`), whether it
# came from an argument, a file or the server's own answer. A value can then never climb out
# of its segment: `../tags/ID` is not an id, and `victim/?` is sent as `victim%2F%3F`.

_OBJECT_ID = re.compile(r"[0-9a-fA-F]{24}")
LEGACY_OWNER_ID = "1"
"""The owner's id on sites set up before Ghost gave every user an ObjectID; Ghost's own id
check takes it too."""
ID_HINT = (
    "a Ghost id is 24 hex characters, such as 6489d3b9a1c2b40001a1b2c3; to name an item by "
    "its slug, use slug= (on the command line: --by slug)"
)


def check_id(value: str, *, what: str = "id") -> str:
    """`value` if it is a Ghost id (24 hex characters), else a `ConfigurationError`."""
    if isinstance(value, str) and (_OBJECT_ID.fullmatch(value) or value == LEGACY_OWNER_ID):
        return value
    raise ConfigurationError(f"{what} {value!r} is not a Ghost id", hint=ID_HINT)


def encode_segment(value: str, *, what: str = "value") -> str:
    """`value` percent-encoded as one path segment: no character is left as it is but
    letters, digits and `-._~`, and a lone `.` or `..` is encoded too, so that nothing in it
    can start another segment, a query or a fragment, or climb to the parent."""
    if not isinstance(value, str) or not value:
        raise ConfigurationError(
            f"the {what} {value!r} is empty or not text", hint=f"give a non-empty {what}"
        )
    encoded = quote(value, safe="")
    if encoded in (".", ".."):
        encoded = encoded.replace(".", "%2E")
    return encoded


def item_path(base: str, key: str, *, by: str = "id", action: str | None = None) -> str:
    """The path of one item below a collection path such as `posts/`.

    `by="id"` checks `key` is an id (`posts/<id>/`); `by="slug"` or `"email"` names the
    lookup (`posts/slug/<slug>/`); `by="name"` puts the encoded name alone
    (`themes/<name>/`). `action` adds a fixed last segment (`posts/<id>/copy/`).
    """
    if by == "id":
        middle = check_id(key)
    elif by == "name":
        middle = encode_segment(key, what="name")
    else:
        middle = f"{encode_segment(by)}/{encode_segment(key, what=by)}"
    path = f"{base.rstrip('/')}/{middle}/"
    return f"{path}{encode_segment(action)}/" if action else path


def check_request_path(path: str) -> str:
    """A path below the API root, without its leading slash: never an absolute URL (which
    would carry the credentials to another host) and never a `.` or `..` segment (which
    would climb out of the API)."""
    relative = path.lstrip("/")
    parts = urlsplit(relative)
    if parts.scheme or parts.netloc:
        raise ConfigurationError(
            f"{path!r} is not a path below the API root",
            hint="give a path such as posts/ or members/stats/count/; requests only go to "
            "the client's own site",
        )
    if any(segment in (".", "..") for segment in parts.path.split("/")):
        raise ConfigurationError(
            f"the path {path!r} climbs out of the API root",
            hint="give a path such as posts/ or members/stats/count/, without . or .. parts",
        )
    return relative
