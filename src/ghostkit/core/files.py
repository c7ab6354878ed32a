"""Files to upload: from a path, bytes or a file object, as a multipart part."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import IO

from ghostkit.core.errors import ConfigurationError

FileSource = str | Path | bytes | IO[bytes]
FilePart = tuple[str, bytes | IO[bytes], str]


def file_part(
    source: FileSource, *, filename: str | None = None, content_type: str | None = None
) -> FilePart:
    """`(filename, content, content_type)` for httpx's `files=`.

    Bytes need a `filename` (Ghost checks the extension); a path or a named file object
    supplies its own. The content type is guessed from the file name when not given.
    """
    content: bytes | IO[bytes]
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise ConfigurationError(f"no file at {path}")
        content = path.read_bytes()
        name = filename or path.name
    elif isinstance(source, bytes):
        if not filename:
            raise ConfigurationError("uploading bytes needs filename= (Ghost checks the extension)")
        content, name = source, filename
    else:
        content = source
        name = filename or Path(str(getattr(source, "name", ""))).name
        if not name:
            raise ConfigurationError("this file object has no name: pass filename=")
    kind = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return name, content, kind
