"""Downloading an image a site refers to on another host, before it is uploaded to the
site (`ghostkit images rehost`).

A download is refused, with the reason in words, unless it ends in a 200 answer whose
bytes really are an image Ghost takes (`ghostkit.content.image_types.sniff`: the header
alone is not believed), no larger than `max_size`, within `timeout` seconds all told.
Redirects are followed by hand, at most `MAX_REDIRECTS`, and only to http and https
addresses. The downloads go through a client of their own: no key, token, cookie or
password of the site ever goes with them, and the environment's netrc and proxies are
not read (`trust_env=False`).
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from ghostkit.clients._async.base import USER_AGENT
from ghostkit.clients.downloads import DEFAULT_MAX_BYTES, file_name
from ghostkit.content.image_types import EXTENSIONS, sniff
from ghostkit.core.redact import redact_url

MAX_REDIRECTS = 5
DEFAULT_MAX_SIZE = DEFAULT_MAX_BYTES["images"]
DEFAULT_TIMEOUT = 30.0
REDIRECTS = (301, 302, 303, 307, 308)
_OPAQUE_TYPES = ("", "application/octet-stream", "binary/octet-stream")
"""Content types that say nothing: accepted, since the bytes decide (some file stores
send every file as octet-stream)."""


class ImageRefused(Exception):
    """An image that is not downloaded, and why (said to people: no secret in it)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Fetched:
    """A downloaded image: where from, its bytes, their type as sniffed, their digest."""

    url: str
    data: bytes
    content_type: str
    final_url: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def filename(self) -> str:
        """A name Ghost takes: the URL's last segment made safe, with the extension of
        the type the bytes are (Ghost checks that they match)."""
        stem = PurePosixPath(file_name(self.final_url, self.content_type, None)).stem
        return f"{stem}.{EXTENSIONS[self.content_type]}"


def web_address(reference: str) -> str | None:
    """The http(s) URL a reference in a post names (`//cdn/x.png` is https), or None for
    one that is not on the web (a relative path, `data:`, `__GHOST_URL__/...`)."""
    text = reference.strip()
    if text.startswith("//"):
        text = "https:" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


class ImageFetcher:
    """Downloads images, one client for a whole run (`async with ImageFetcher() as f`)."""

    def __init__(
        self, *, max_size: int = DEFAULT_MAX_SIZE, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        if max_size < 1 or timeout <= 0:
            raise ValueError("max_size and timeout must be positive")
        self.max_size = max_size
        self.timeout = timeout
        self._web: httpx.AsyncClient | None = None

    async def __aenter__(self) -> ImageFetcher:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._web is not None:
            await self._web.aclose()
            self._web = None

    def _client(self) -> httpx.AsyncClient:
        if self._web is None:
            self._web = httpx.AsyncClient(
                follow_redirects=False,
                trust_env=False,
                timeout=httpx.Timeout(self.timeout),
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "image/*",
                    "Accept-Encoding": "identity",
                },
            )
        return self._web

    async def fetch(self, reference: str) -> Fetched:
        """Download the image `reference` names, or `ImageRefused` saying why not."""
        url = web_address(reference)
        if url is None:
            raise ImageRefused(f"{redact_url(reference)} is not an http or https address")
        try:
            return await asyncio.wait_for(self._follow(reference, url), self.timeout)
        except (asyncio.TimeoutError, httpx.TimeoutException):
            raise ImageRefused(
                f"{redact_url(url)} did not arrive within {self.timeout:g} s"
            ) from None
        except httpx.InvalidURL:
            raise ImageRefused(f"{redact_url(url)} is not a valid address") from None
        except httpx.HTTPError as error:
            raise ImageRefused(
                f"could not download {redact_url(url)} ({type(error).__name__})"
            ) from None

    async def _follow(self, reference: str, url: str) -> Fetched:
        for _hop in range(MAX_REDIRECTS + 1):
            async with self._client().stream("GET", url) as answer:
                if answer.status_code in REDIRECTS and "location" in answer.headers:
                    target = urljoin(str(answer.url), answer.headers["location"])
                    if urlsplit(target).scheme.lower() not in ("http", "https"):
                        raise ImageRefused(
                            f"{redact_url(url)} redirects to a non-http address "
                            f"({urlsplit(target).scheme or 'none'}:)"
                        )
                    url = target
                    continue
                return await self._read(reference, url, answer)
        raise ImageRefused(f"{redact_url(reference)} redirects more than {MAX_REDIRECTS} times")

    async def _read(self, reference: str, url: str, answer: httpx.Response) -> Fetched:
        shown = redact_url(url)
        if answer.status_code != 200:
            raise ImageRefused(f"{shown} answered {answer.status_code}")
        said = answer.headers.get("content-type", "").split(";")[0].strip().lower()
        if not said.startswith("image/") and said not in _OPAQUE_TYPES:
            raise ImageRefused(f"{shown} is not an image: the server sends {said}")
        length = answer.headers.get("content-length", "")
        if length.strip().isdigit() and int(length) > self.max_size:
            raise ImageRefused(f"{shown} holds more than {self.max_size} bytes (--max-size)")
        chunks: list[bytes] = []
        size = 0
        async for chunk in answer.aiter_bytes():
            size += len(chunk)
            if size > self.max_size:
                raise ImageRefused(f"{shown} holds more than {self.max_size} bytes (--max-size)")
            chunks.append(chunk)
        data = b"".join(chunks)
        kind = sniff(data)
        if kind is None:
            raise ImageRefused(
                f"{shown} is not an image Ghost takes: its bytes are none of "
                f"{', '.join(sorted(EXTENSIONS.values()))} (the server says {said or 'nothing'})"
            )
        return Fetched(reference, data, kind, str(answer.url))
