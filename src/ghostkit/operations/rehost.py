"""Re-hosting images (`ghostkit images rehost`): every image a post or page shows from
another host is downloaded once, uploaded to the site, and every reference to it pointed
at the upload, as a run of the engine (journaled, verified, resumable, undoable).

Which references: the feature image, the Open Graph and X (Twitter) images, and every
URL of the body whose role is an image (`ghostkit.content.urls`): image and gallery
cards, `<img>` and `srcset` in HTML cards and captions, Markdown images, and the images
other cards show (a bookmark's thumbnail and icon, an embed's thumbnail, product, header,
call-to-action and signup images, video posters). A bookmark's thumbnail and icon come
from the site it links to and vanish with it, which is why they are re-hosted too (Ghost's
editor itself stores them on the site for new bookmarks). The sources of video and audio
cards are media, not images, and are left. `hosts` chooses the hosts (default: every
host but the site's own).

The images are made ready while the items stream: `prepare` reads a little ahead of the
plan, downloads and uploads the images of the coming items (at most `concurrency` at a
time), and hands each item on once its images are ready. A plan or a dry run downloads
and checks the images and uploads nothing. Each upload is in the journal before a post
points at it, so a resumed run uploads nothing twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from ghostkit.content.url_edits import html_urls
from ghostkit.content.urls import list_urls, map_urls
from ghostkit.core.errors import UsageError
from ghostkit.operations.change import Change, Item, Patch
from ghostkit.operations.image_fetch import (
    DEFAULT_MAX_SIZE,
    DEFAULT_TIMEOUT,
    ImageFetcher,
    web_address,
)
from ghostkit.operations.image_uploads import Rehoster
from ghostkit.operations.transforms import FORMATS

if TYPE_CHECKING:
    from ghostkit.operations.engine import Engine
    from ghostkit.operations.journal import Journal

IMAGE_FIELDS = ("feature_image", "og_image", "twitter_image")
MEDIA_SOURCES = {("video card", "src"), ("audio card", "src")}
"""Image-role URLs that are media files, which an image upload does not take."""
AHEAD = 50
"""How many items `prepare` reads ahead of the plan, their images being fetched."""
REHOSTED = "images re-hosted"
REFUSED = "images left (refused)"


def _origin(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    return (parts.hostname or "").lower(), port


def parse_host(value: str) -> tuple[str, int | None]:
    """A `--host` value: `cdn.example.com`, `cdn.example.com:8080` or a URL of the host
    alone; the host and the port it names (None: any)."""
    text = value.strip()
    parts = urlsplit(text if "//" in text else "//" + text)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if not parts.hostname or port == -1 or parts.path not in ("", "/") or parts.query:
        raise UsageError(
            f"--host {value!r} is not a host name",
            hint="give a host such as cdn.example.com or images.example.com:8080",
        )
    return parts.hostname.lower(), port


@dataclass(frozen=True)
class ImageHosts:
    """Which image URLs a run re-hosts: those on `hosts` (a host and its subdomains, on
    any port unless one is named), else on any host; never those on the site itself."""

    site_url: str
    hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        site_host, site_port = _origin(self.site_url)
        for value in self.hosts:
            host, port = parse_host(value)
            if host == site_host and (
                port == site_port or (port is None and site_port in (80, 443))
            ):
                raise UsageError(
                    f"--host {value} is the site itself: its images are where they belong",
                    hint="name the other hosts the site's images come from, or leave --host out",
                )

    def selects(self, reference: str) -> bool:
        url = web_address(reference)
        if url is None:
            return False
        try:
            host, port = _origin(url)
        except ValueError:
            return False
        if (host, port) == _origin(self.site_url):
            return False
        if not self.hosts:
            return True
        for value in self.hosts:
            named, named_port = parse_host(value)
            if (host == named or host.endswith("." + named)) and named_port in (None, port):
                return True
        return False


@dataclass
class RehostImages(Change):
    """The change of `ghostkit images rehost`."""

    images: ImageHosts
    max_size: int = DEFAULT_MAX_SIZE
    timeout: float = DEFAULT_TIMEOUT
    concurrency: int = 4
    rehoster: Rehoster = field(init=False, repr=False)
    live: bool = field(default=False, init=False)
    kind: ClassVar[str] = "images-rehost"
    reads: ClassVar[tuple[str, ...]] = ("lexical", "mobiledoc", *IMAGE_FIELDS)
    resources: ClassVar[tuple[str, ...]] = ("posts", "pages")

    def __post_init__(self) -> None:
        fetcher = ImageFetcher(max_size=self.max_size, timeout=self.timeout)
        self.rehoster = Rehoster(fetcher, self.images.site_url, self.concurrency)

    # -- which images ----------------------------------------------------------------

    def sources(self, item: Mapping[str, Any]) -> list[str]:
        """The references of the item this run re-hosts, each once, in order."""
        found = [item.get(name) for name in IMAGE_FIELDS]
        body = _body(item)
        if body is not None:
            found += [
                url.url
                for url in list_urls(*body)
                if url.role == "image" and (url.where, url.field) not in MEDIA_SOURCES
            ]
        chosen = (r for r in found if isinstance(r, str) and r and self.images.selects(r))
        return list(dict.fromkeys(chosen))

    # -- the engine's hooks ----------------------------------------------------------

    async def prepare(
        self, engine: Engine, items: AsyncIterator[Item], journal: Journal | None
    ) -> AsyncIterator[Item]:
        """The items, each handed on once its images are ready: uploaded and journaled
        (`journal` given), or checked only (a plan). Reads up to `AHEAD` items ahead."""
        self.live = journal is not None
        if journal is not None:
            self.rehoster.resume_from(journal)
        queue: asyncio.Queue[tuple[Item, list[asyncio.Task[None]]] | None] = asyncio.Queue(AHEAD)
        failed: list[Exception] = []
        admin = engine.admin

        async def read() -> None:
            try:
                async for item in items:
                    made = [self.rehoster.ready(r, admin, journal) for r in self.sources(item)]
                    await queue.put((item, [task for task in made if task is not None]))
            except Exception as error:  # reading the site failed: the run hears of it
                failed.append(error)
            await queue.put(None)

        reader = asyncio.ensure_future(read())
        try:
            while (entry := await queue.get()) is not None:
                if entry[1]:
                    await asyncio.gather(*entry[1])
                yield entry[0]
            if failed:
                raise failed[0]
        finally:
            reader.cancel()
            self.rehoster.cancel()  # what the run no longer waits for (it stopped)
            await asyncio.gather(reader, return_exceptions=True)
            await self.rehoster.fetcher.aclose()

    def plan(self, item: Item) -> Patch | None:
        chosen = set(self.sources(item))
        if not chosen:
            return None
        counts = {REHOSTED: 0, REFUSED: 0}

        def mapper(reference: str, role: str) -> str | None:
            if role != "image" or reference not in chosen:
                return None
            new = self.rehoster.target(reference, self.live)
            counts[REHOSTED if new else REFUSED] += 1
            return new

        fields: dict[str, Any] = {}
        for name in IMAGE_FIELDS:
            value = item.get(name)
            new = mapper(value, "image") if isinstance(value, str) else None
            if new is not None:
                fields[name] = new
        body = _body(item)
        if body is not None:
            document, changed = map_urls(*body, mapper)
            if changed:
                fields[body[0]] = FORMATS[body[0]].serialize(document)
        return Patch(fields, counts=counts)

    def check(self, before: Item, after: Item) -> str | None:
        """No image the run uploaded is still shown from its old address in the item as
        Ghost renders it (a link to it may stay: a link is not an image)."""
        shown = {after.get(name) for name in IMAGE_FIELDS}
        shown |= {url for url, role in html_urls(str(after.get("html") or "")) if role == "image"}
        left = [s for s in self.sources(before) if s in self.rehoster.uploaded and s in shown]
        return f"images still shown from their old address: {left[:3]}" if left else None

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "hosts": list(self.images.hosts),
            "max_size": self.max_size,
            "timeout": self.timeout,
        }

    @classmethod
    def from_description(cls, description: Mapping[str, Any], site_url: str) -> RehostImages:
        """The change `describe()` wrote into a run's journal, for the run's site."""
        hosts, max_size = description.get("hosts") or [], description.get("max_size")
        timeout = description.get("timeout")
        if not isinstance(hosts, list) or not isinstance(max_size, int):
            raise ValueError(f"not a description of images rehost: {dict(description)}")
        if not isinstance(timeout, (int, float)):
            raise ValueError(f"not a description of images rehost: {dict(description)}")
        return cls(ImageHosts(site_url, tuple(str(h) for h in hosts)), max_size, float(timeout))


def _body(item: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The item's format and parsed body document, if it has one."""
    for fmt in ("lexical", "mobiledoc"):
        if item.get(fmt):
            return fmt, FORMATS[fmt].parse(item[fmt])
    return None
