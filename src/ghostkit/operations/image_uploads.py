"""The images a re-host run has uploaded: each downloaded once, uploaded once, and
recorded in the run's journal (synced) before any post is planned to point at it, so that
a resumed run reuses every upload instead of sending the same image again.

    {"type": "image-upload", "source": "https://cdn.example/a.png",
     "url": "https://site.example/content/images/2026/12/a.png", "sha256": ..., "size": 1234,
     "content_type": "image/png"}

Ghost's Admin API has no way to delete an uploaded image: undo puts every reference back
and lists these uploads, which stay in the site's content/images folder.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from ghostkit.core.errors import GhostError
from ghostkit.operations.image_fetch import Fetched, ImageFetcher, ImageRefused, web_address

if TYPE_CHECKING:
    from ghostkit.clients._async.admin import AsyncGhostAdmin
    from ghostkit.operations.journal import Journal

UPLOAD = "image-upload"
"""The journal record of one upload."""
PREVIEW = "{site}/content/images/YYYY/MM/{name}"
"""Where a plan says an image will be: Ghost's own folders, the month not yet known."""
NOT_DELETED = (
    "Ghost's Admin API cannot delete an uploaded image: the uploads stay in the site's "
    "content/images folder (remove them there by hand if no post uses them)"
)


@dataclass(frozen=True)
class Uploaded:
    """One image a run uploaded: the reference it replaced and where the site serves it."""

    source: str
    url: str
    sha256: str
    size: int
    content_type: str

    def to_json(self) -> dict[str, Any]:
        return {"type": UPLOAD, **asdict(self)}

    @classmethod
    def from_json(cls, record: Mapping[str, Any]) -> Uploaded | None:
        """The upload a record tells of, or None for a record not of that shape."""
        texts = ("source", "url", "sha256", "content_type")
        if not all(isinstance(record.get(name), str) for name in texts):
            return None
        if not isinstance(record.get("size"), int) or web_address(record["url"]) is None:
            return None
        return cls(
            source=record["source"],
            url=record["url"],
            sha256=record["sha256"],
            size=record["size"],
            content_type=record["content_type"],
        )


def uploads_in(records: Iterable[Mapping[str, Any]]) -> list[Uploaded]:
    """Every upload a journal's records tell of, in order."""
    found = (Uploaded.from_json(r) for r in records if r.get("type") == UPLOAD)
    return [upload for upload in found if upload is not None]


class Rehoster:
    """Downloads and uploads each image once for a run, at most `concurrency` at a time.
    Without a journal (a plan, a dry run) images are downloaded and checked only, and
    each one that would be uploaded gets a preview address on the site."""

    def __init__(self, fetcher: ImageFetcher, site_url: str, concurrency: int = 4) -> None:
        self.fetcher = fetcher
        self.site_url = site_url.rstrip("/")
        self.concurrency = max(1, concurrency)
        self.uploaded: dict[str, str] = {}
        """Reference -> the URL the site serves it at (this run's, resumed ones included)."""
        self.previews: dict[str, str] = {}
        """Reference -> where it would be, once checked by a plan."""
        self.refused: dict[str, str] = {}
        """Reference -> why it is left as it is."""
        self.uploads: list[Uploaded] = []
        self._by_digest: dict[str, str] = {}
        self._tasks: dict[tuple[str, bool], asyncio.Task[None]] = {}
        self._uploading: dict[str, asyncio.Task[tuple[str | None, str]]] = {}
        self._gate: asyncio.Semaphore | None = None
        self._resumed: set[str] = set()

    def target(self, reference: str, live: bool) -> str | None:
        """The URL to write in place of `reference` (None: leave it)."""
        return self.uploaded.get(reference) if live else self.previews.get(reference)

    def resume_from(self, journal: Journal) -> None:
        """Reuse the uploads an earlier part of the run recorded (once per journal)."""
        if str(journal.path) in self._resumed:
            return
        self._resumed.add(str(journal.path))
        for upload in uploads_in(journal.records()):
            self._keep(upload)

    def _keep(self, upload: Uploaded) -> None:
        self.uploaded[upload.source] = upload.url
        self._by_digest.setdefault(upload.sha256, upload.url)
        self.uploads.append(upload)

    def ready(
        self, reference: str, admin: AsyncGhostAdmin, journal: Journal | None
    ) -> asyncio.Task[None] | None:
        """A task that makes `reference` ready (uploaded, or checked without a journal),
        begun now; None when it is ready already."""
        live = journal is not None
        if reference in self.refused or reference in (self.uploaded if live else self.previews):
            return None
        key = (reference, live)
        if key not in self._tasks:
            self._tasks[key] = asyncio.ensure_future(self._make_ready(reference, admin, journal))
        return self._tasks[key]

    def cancel(self) -> None:
        """Stop what is still downloading or uploading (the run stopped)."""
        for task in [*self._tasks.values(), *self._uploading.values()]:
            task.cancel()

    async def _make_ready(
        self, reference: str, admin: AsyncGhostAdmin, journal: Journal | None
    ) -> None:
        if self._gate is None:
            self._gate = asyncio.Semaphore(self.concurrency)
        async with self._gate:
            try:
                fetched = await self.fetcher.fetch(reference)
            except ImageRefused as refusal:
                self.refused[reference] = refusal.reason
                return
            if journal is None:
                self.previews[reference] = (
                    f"{self.site_url}/content/images/YYYY/MM/{fetched.filename}"
                )
                return
            url = self._by_digest.get(fetched.sha256)
            if url is None:  # the same bytes under two addresses are uploaded once
                if fetched.sha256 not in self._uploading:
                    self._uploading[fetched.sha256] = asyncio.ensure_future(
                        self._upload(fetched, admin)
                    )
                url, why = await self._uploading[fetched.sha256]
                if url is None:
                    self.refused[reference] = why
                    return
        upload = Uploaded(reference, url, fetched.sha256, len(fetched.data), fetched.content_type)
        await journal.awrite(upload.to_json())  # on the disk before a post points at it
        self._keep(upload)

    @staticmethod
    async def _upload(fetched: Fetched, admin: AsyncGhostAdmin) -> tuple[str | None, str]:
        """Where the site serves the uploaded image, or None and why not."""
        try:
            done = await admin.images.upload(
                fetched.data, filename=fetched.filename, content_type=fetched.content_type
            )
        except GhostError as error:
            return None, f"the site refused the upload: {error.message}"
        if not done.url or web_address(done.url) is None:
            return None, "the site's answer to the upload names no image URL"
        return done.url, ""
