"""The site's own posts and pages, read once with a few fields: where a link to the site
leads, for `links check` and the lint rules alike, and which titles repeat (lint).

A link leads to the site when it starts with `__GHOST_URL__` (how Ghost stores internal
links), with the site's own URL (its host and port, http or https alike, under its
subdirectory if it has one), or with `/`. Ghost serves a post or page at `/{slug}/` by
default, a draft's preview at `/p/{uuid}/`; tags, authors, pagination, feeds and Ghost's
own paths live elsewhere (`/tag/x/`, `/author/y/`, `/page/2/`, `/rss/`, `/ghost/`, ...).
Only what is surely a post is judged: a path of one segment that no reserved path and
no file name can be, and only while the site's published posts all sit at `/{slug}/`
(a `routes.yaml` with other permalinks makes the guess unsafe, so nothing is judged
missing then). A link that leads to a published post or page is found by its path;
anything else of the site (a tag page, an image, a feed, a post under a custom permalink)
is left to an HTTP request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from ghostkit.clients._async.admin import AsyncGhostAdmin
from ghostkit.content.selection import GHOST_URL

INDEX_FIELDS = ("id", "uuid", "slug", "status", "title", "meta_title", "url")
RESERVED = frozenset(
    {
        "ghost", "p", "tag", "tags", "author", "authors", "page", "rss", "members", "email",
        "r", "content", "assets", "public", "shared", "private", "unsubscribe",
        "webmentions", "amp", "signup", "signin", "account", "subscribe", "search",
    }
)  # fmt: skip
"""First path segments Ghost, or a theme's members pages, serve: never a post's URL."""
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class Entry:
    """A post or page of the site, as the index holds it."""

    resource: str
    slug: str
    uuid: str
    status: str
    shown_title: str
    path: str | None

    @property
    def published(self) -> bool:
        return self.status == "published"


@dataclass(frozen=True)
class Target:
    """Where an internal link leads, when that is not a published post or page: an
    unpublished one (`entry`), or nothing at all."""

    kind: Literal["unpublished", "missing"]
    path: str
    entry: Entry | None = None

    @property
    def what(self) -> str:
        """The unpublished post or page in words: "a draft post (wip)", "an email-only
        post (news)"; for a missing one, its path."""
        if self.entry is None:
            return self.path
        status = {"sent": "an email-only"}.get(self.entry.status, f"a {self.entry.status}")
        return f"{status} {self.entry.resource[:-1]} ({self.entry.slug})"


def normalized_title(title: str) -> str:
    """A title as two search results would look alike: case and spacing ignored."""
    return " ".join(title.split()).casefold()


class SiteIndex:
    def __init__(self, site_url: str, entries: Iterable[Entry]) -> None:
        parts = urlsplit(site_url)
        self.host = (parts.hostname or "").lower()
        self.port = _port(parts.scheme, parts.port)
        self.base = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
        self.entries = list(entries)
        self.by_slug = {e.slug: e for e in self.entries}
        self.by_uuid = {e.uuid: e for e in self.entries}
        self.published_paths = {e.path for e in self.entries if e.published and e.path}
        posts = [e for e in self.entries if e.resource == "posts" and e.published]
        self.slug_permalinks = all(e.path == f"{self.base}{e.slug}/" for e in posts)
        self.titles: dict[str, list[Entry]] = {}
        for entry in self.entries:
            if entry.published and entry.shown_title.strip():
                self.titles.setdefault(normalized_title(entry.shown_title), []).append(entry)

    @classmethod
    def of(cls, site_url: str, items: Iterable[tuple[str, Mapping[str, Any]]]) -> SiteIndex:
        """The index of `(resource, fields)` pairs read with `INDEX_FIELDS`."""
        index = cls(site_url, [])
        entries = [
            Entry(
                resource,
                str(item.get("slug") or ""),
                str(item.get("uuid") or ""),
                str(item.get("status") or ""),
                str(item.get("meta_title") or item.get("title") or ""),
                index.site_path(str(item.get("url") or "")),
            )
            for resource, item in items
        ]
        return cls(site_url, entries)

    def same_titles(self, title: str, slug: str) -> list[Entry]:
        """The published posts and pages other than `slug` whose shown title is `title`."""
        found = self.titles.get(normalized_title(title), [])
        return [entry for entry in found if entry.slug != slug]

    def site_path(self, url: str) -> str | None:
        """The path an internal link leads to (decoded, query and fragment left out, with
        a closing slash), or None for a link elsewhere."""
        url = url.strip()
        if url.startswith(GHOST_URL):
            rest = url[len(GHOST_URL) :]
            path = urlsplit(rest).path if rest.startswith("/") else "/" if not rest else None
            if path is None:
                return None
            path = self.base.rstrip("/") + path
        elif url.startswith("/") and not url.startswith("//"):
            path = urlsplit(url).path
        else:
            try:
                parts = urlsplit(url)
                host, port = (parts.hostname or "").lower(), _port(parts.scheme, parts.port)
            except ValueError:
                return None
            if parts.scheme not in ("http", "https") or (host, port) != (self.host, self.port):
                return None
            path = parts.path or "/"
        path = unquote(path)
        return path if path.endswith("/") else path + "/"

    def published(self, url: str) -> bool:
        """Whether `url` leads to a published post or page of the site."""
        return self.site_path(url) in self.published_paths

    def target(self, url: str) -> Target | None:
        """Where an internal link leads, if it is surely not a published post or page:
        a draft, scheduled or email-only post (or its preview), or no post at all."""
        path = self.site_path(url)
        if path is None or path in self.published_paths or not path.startswith(self.base):
            return None
        segments = [s for s in path[len(self.base) :].split("/") if s]
        if len(segments) == 2 and segments[0] == "p" and _UUID.match(segments[1]):
            entry = self.by_uuid.get(segments[1])
            if entry is None:
                return Target("missing", path)
            return None if entry.published else Target("unpublished", path, entry)
        if len(segments) != 1 or "." in segments[0] or segments[0] in RESERVED:
            return None
        entry = self.by_slug.get(segments[0])
        if entry is None:
            return Target("missing", path) if self.slug_permalinks else None
        if entry.published or (entry.resource == "posts" and not self.slug_permalinks):
            return None
        return Target("unpublished", path, entry)


async def read_site_index(admin: AsyncGhostAdmin) -> SiteIndex:
    """Every post and page of the site, with the few fields the index needs; the site's
    URL as Ghost has it set (where its posts are served), else the client's."""
    site = await admin.site()
    items: list[tuple[str, Mapping[str, Any]]] = []
    for name in ("posts", "pages"):
        async for found in getattr(admin, name).iter(fields=",".join(INDEX_FIELDS)):
            items.append((name, found.to_dict()))
    return SiteIndex.of(getattr(site, "url", None) or admin.site_url, items)


def _port(scheme: str, port: int | None) -> int | None:
    """The port, with http's and https's own ones left out (so that an https link to a
    site set up with an http URL still counts as the site's)."""
    return None if port in (80, 443) and scheme in ("http", "https") else port
