"""Uploads from a URL: what may be downloaded, how big, and under which file name.

Shared by both clients, without I/O: the clients stream the download and hand each chunk
to a `Spool`, which refuses it beyond the limit.
"""

from __future__ import annotations

import mimetypes
import re
import tempfile
from pathlib import PurePosixPath
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from ghostkit.core.errors import ConfigurationError
from ghostkit.core.redact import redact_url

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = {"images": 20 * MIB, "media": 500 * MIB, "files": 500 * MIB}
"""How much an upload from a URL may download unless `max_bytes=` says otherwise."""

ACCEPTED_TYPES: dict[str, tuple[str, ...]] = {
    "images": ("image/",),
    "media": ("video/", "audio/"),
    "files": (),
}
"""The content types each kind of upload takes from a URL (files: any but an HTML page)."""

DOWNLOAD_TIMEOUT = 30.0
_IN_MEMORY = 4 * MIB
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def is_url(source: object) -> bool:
    """An `http://` or `https://` URL given where a file is expected."""
    return isinstance(source, str) and source.strip().lower().startswith(("http://", "https://"))


def shown(url: str) -> str:
    """The URL as it may appear in a message: its secrets (a password, a token) hidden."""
    return redact_url(url.strip())


def download_error(url: str, problem: str, hint: str) -> ConfigurationError:
    return ConfigurationError(f"could not download {shown(url)}: {problem}", hint=hint)


def max_bytes_for(kind: str, max_bytes: int | None) -> int:
    if max_bytes is None:
        return DEFAULT_MAX_BYTES.get(kind, DEFAULT_MAX_BYTES["files"])
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ConfigurationError(
            f"max_bytes={max_bytes!r} is not a size", hint="give a whole number of bytes, 1 or more"
        )
    return max_bytes


def check_answer(
    url: str, *, status: int, headers: Any, kind: str, limit: int
) -> tuple[str, int | None]:
    """The answer's content type and length, if the download may go on; else the error."""
    if status != 200:
        raise download_error(
            url, f"the server answered {status}", "check the URL: it should open the file itself"
        )
    content_type = str(headers.get("content-type") or "").split(";")[0].strip().lower()
    accepted = ACCEPTED_TYPES.get(kind, ())
    looks_like_a_page = content_type in ("text/html", "application/xhtml+xml")
    if looks_like_a_page or (accepted and not content_type.startswith(accepted)):
        wanted = " or ".join(f"{prefix}*" for prefix in accepted) or "a file"
        raise ConfigurationError(
            f"{shown(url)} is not {'an image' if kind == 'images' else 'a ' + kind[:-1]}: "
            f"the server sends {content_type or 'no content type'}, not {wanted}",
            hint="a login page, an error page or a page around the file answers like this: "
            "use the URL of the file itself",
        )
    encoding = str(headers.get("content-encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise download_error(
            url,
            f"the server sends it compressed ({encoding})",
            "download it yourself and upload the file",
        )
    length = headers.get("content-length")
    size = int(length) if length is not None and str(length).strip().isdigit() else None
    if size is not None and size > limit:
        raise too_large(url, limit)
    return content_type, size


def too_large(url: str, limit: int) -> ConfigurationError:
    return ConfigurationError(
        f"{shown(url)} holds more than {limit} bytes, the most an upload from a URL downloads",
        hint="pass a larger max_bytes= if you trust the file, or download it and upload it",
    )


def file_name(url: str, content_type: str, disposition: str | None) -> str:
    """A file name Ghost accepts: from Content-Disposition or the URL's last segment, made
    safe, with an extension that matches the content type (Ghost checks it)."""
    name = ""
    if disposition:
        found = re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', disposition, re.I)
        if found:
            name = unquote(found.group(1))
    if not name:
        name = unquote(PurePosixPath(urlsplit(url.strip()).path).name)
    stem, dot, extension = PurePosixPath(name).name.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    stem = _SAFE_NAME.sub("-", stem).strip("-.") or "download"
    guessed = mimetypes.guess_type(f"x.{extension}")[0] if extension else None
    if guessed != content_type:
        known = mimetypes.guess_extension(content_type) if content_type else None
        if known:
            extension = known.lstrip(".")
        elif not extension:
            extension = "bin"
    return f"{stem[:100]}.{_SAFE_NAME.sub('', extension)}"


class Spool:
    """The downloaded bytes, in memory up to a few MiB and then in a temporary file; a
    chunk beyond `limit` raises before it is kept."""

    def __init__(self, url: str, limit: int) -> None:
        self.url = url
        self.limit = limit
        self.size = 0
        self.file: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY)  # noqa: SIM115

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            self.close()
            raise too_large(self.url, self.limit)
        self.file.write(chunk)

    def done(self) -> IO[bytes]:
        if self.size == 0:
            self.close()
            raise download_error(self.url, "the file is empty", "check the URL")
        self.file.seek(0)
        return self.file

    def close(self) -> None:
        self.file.close()
