"""Files to upload: from a path, bytes or a file object, as a multipart part."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ghostkit.core.errors import ConfigurationError

FileSource = str | Path | bytes | IO[bytes]
FilePart = tuple[str, bytes | IO[bytes], str]


@contextmanager
def file_part(
    source: FileSource, *, filename: str | None = None, content_type: str | None = None
) -> Iterator[FilePart]:
    """`(filename, content, content_type)` for httpx's `files=`, while the request is sent.

    A path is opened here and streamed, never read into memory whole (a video can be
    gigabytes), and closed afterwards. Bytes need a `filename` (Ghost checks the
    extension); a path or a named file object supplies its own. The content type is guessed
    from the file name when not given.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise ConfigurationError(f"no file at {path}")
        with path.open("rb") as handle:
            yield _part(filename or path.name, handle, content_type)
    elif isinstance(source, bytes):
        if not filename:
            raise ConfigurationError("uploading bytes needs filename= (Ghost checks the extension)")
        yield _part(filename, source, content_type)
    else:
        name = filename or Path(str(getattr(source, "name", ""))).name
        if not name:
            raise ConfigurationError("this file object has no name: pass filename=")
        yield _part(name, source, content_type)


def _part(name: str, content: bytes | IO[bytes], content_type: str | None) -> FilePart:
    kind = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return name, content, kind
