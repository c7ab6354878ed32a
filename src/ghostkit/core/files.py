"""Files to upload (from a path, bytes or a file object, as a multipart part), and files
written for people: inside their folder, whole or not at all, with a mode that fits."""

from __future__ import annotations

import errno
import mimetypes
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ghostkit.core.errors import ConfigurationError, GhostError

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


# -- files ghostkit writes -------------------------------------------------------------
#
# Every file ghostkit writes for people (pulled posts, backups, exports) goes through
# `write_file` or `open_for_writing`: the path is resolved and must stay inside the folder
# it was given, the data goes to a temporary file in the same folder that is renamed over
# the target only when complete (an interrupted write leaves the old file, never half of
# a new one), and the mode is set on the temporary file before a byte is written.

PRIVATE = 0o600
"""Files with people's data or unpublished drafts: the owner only."""
PRIVATE_FOLDER = 0o700


def default_mode() -> int:
    """The mode a new file gets from the process's umask (0644 under the usual 022)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def within(folder: Path, name: str | Path) -> Path | None:
    """`folder / name` resolved (symbolic links followed), or None when it leads outside
    `folder` (an absolute name, `..`, a link that points elsewhere) or is `folder` itself.
    A path that cannot be resolved (a loop of links, a NUL character) is a clear error."""
    try:
        root = folder.resolve()
        path = (root / name).resolve()
        if path.is_symlink():  # resolving stopped on a link: a loop (Python 3.13 says no more)
            raise RuntimeError("symbolic link loop")
    except (OSError, RuntimeError, ValueError) as exc:
        reason = "it is a loop of symbolic links" if isinstance(exc, RuntimeError) else None
        if isinstance(exc, ValueError):
            reason = "it holds a NUL character"
        raise ConfigurationError(
            f"cannot use the path {_shown(folder / name)}: "
            f"{reason or getattr(exc, 'strerror', None) or exc}",
            hint="give another path",
        ) from exc
    return path if path != root and path.is_relative_to(root) else None


def contained(folder: Path, name: str | Path) -> Path:
    """`folder / name`, resolved, or a ConfigurationError if it would land outside `folder`
    (see `within`)."""
    path = within(folder, name)
    if path is None:
        raise ConfigurationError(
            f"refusing to write {str(name)!r}: it would land outside {folder}",
            hint="a file name from a site or a file must stay inside the folder it was given",
        )
    return path


def _shown(path: Path) -> str:
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(path))  # one line
    return text if len(text) <= 100 else text[:97] + "..."


def kind_of(path: Path) -> str | None:
    """ "folder", "file" (or anything else that is not a folder), or None when nothing is
    there; a path that cannot even be looked at (a name too long, a loop of links) is a
    clear error instead of an OSError."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or (
            "it holds a NUL character" if isinstance(exc, ValueError) else exc
        )
        raise ConfigurationError(
            f"cannot use the path {_shown(path)}: {reason}",
            hint="give a shorter or another path",
        ) from exc
    return "folder" if stat.S_ISDIR(mode) else "file"


def make_folder(folder: Path, *, private: bool = False) -> Path:
    """Create `folder` and any missing parents (0700 when `private`); an existing folder is
    left as it is. A clear error when a part of the path is a file or cannot be created."""
    kind = kind_of(folder)
    if kind == "folder":
        return folder
    if kind == "file":
        raise ConfigurationError(
            f"{folder} is a file, not a folder", hint="give a folder, or another path"
        )
    missing = [p for p in [folder, *folder.parents] if kind_of(p) is None]
    try:
        for part in reversed(missing):
            part.mkdir(mode=PRIVATE_FOLDER if private else 0o777)  # less what the umask takes
    except FileExistsError:
        return make_folder(folder, private=private)
    except NotADirectoryError as exc:
        raise ConfigurationError(
            f"cannot create the folder {folder}: a part of that path is a file",
            hint="give a folder, or another path",
        ) from exc
    except OSError as exc:
        raise ConfigurationError(
            f"cannot create the folder {folder}: {exc.strerror or exc}",
            hint="check the path and its permissions",
        ) from exc
    return folder


def _mode_for(path: Path, mode: int | None) -> int:
    """`mode` less what the umask takes away (never wider than the umask allows), or the
    existing file's mode (kept on a rewrite), or the umask's default."""
    if mode is not None:
        return mode & default_mode()
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return default_mode()


@contextmanager
def open_for_writing(
    path: Path, *, mode: int | None = None, binary: bool = False
) -> Iterator[IO[Any]]:
    """A file to write `path` through: a temporary file beside it with `mode` (see
    `_mode_for`), renamed over `path` when the block ends without an error and removed
    when it does not. A write error (a full disk, a read-only folder) is one clear error.
    """
    folder = path.parent
    if kind_of(folder) != "folder":
        raise ConfigurationError(
            f"cannot write {path}: the folder {folder} does not exist",
            hint="create it first, or give another path",
        )
    final_mode = _mode_for(path, mode)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name[:100]}.", suffix=".partial")
    except OSError as exc:
        raise _write_error(path, exc) from exc
    try:
        os.fchmod(fd, final_mode)
        with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else "utf-8") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from exc
        raise


def write_file(path: Path, data: str | bytes, *, mode: int | None = None) -> None:
    """Write `data` to `path` whole or not at all (see `open_for_writing`)."""
    with open_for_writing(path, mode=mode, binary=isinstance(data, bytes)) as out:
        out.write(data)


def _write_error(path: Path, exc: OSError) -> GhostError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return GhostError(
            f"cannot write {path}: the disk is full", hint="free some space and run it again"
        )
    return ConfigurationError(
        f"cannot write {path}: {exc.strerror or exc}",
        hint="check the path and its permissions",
    )
