"""The journal of a run: one JSON line per record, written whole or not at all. The
records' kinds and shapes are `ghostkit.operations.records` (schema 2):

    {"type": "run", "schema": 2, "id": ..., "site": profile, "url": site URL,
     "ghostkit": version, "ghost": version, "change": {"kind": ..., options...},
     "selection": {"resources": ["posts"], "filter": NQL}}
    {"type": "before", "id": item id, "resource": "posts", "slug", "title", "updated_at",
     "fields": {field: value before}, "sent": {field: value sent, or {"sha256": ...}},
     "counts": {"links removed": 3}, "kept": {"plaintext": ...}}
    {"type": "done", "id": ..., "updated_at": after the edit, "counts": {...}}
    {"type": "changed-elsewhere", "id": ..., "reason": "..."}  (found by a resume)
    {"type": "creating", "id": "tags:slug", "resource": "tags", "slug": ...}  (before an add)
    {"type": "created", "id": ..., "resource": "tags", "updated_at": ..., "intent": ...}
    {"type": "failed", "id": ..., "reason": "..."}
    {"type": "undoing", "id": ...}  (before an undo's edit)
    {"type": "undone" | "undo-skipped", "id": ..., ...}
    {"type": "end", "summary": {...}}

Journals of ghostkit 0.1 (schema 1: `operation`, `format` and `document`, `removed`) are
read as the same records.

Before an item is edited, what it held and its `updated_at` are written and synced, so
that a run stopped at any moment can be resumed without editing an item twice, and undone.
A record counts once its closing newline is on the disk. A write that fails part-way (a
full disk) is cut away again and the journal refuses further writes, so the run stops;
a last line left without its newline by a crash is ignored by every reader and cut away
before the next record is appended. Journals are private (0600, in a 0700 folder): they
hold unpublished drafts.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ghostkit.operations.records import (
    FORMATS,
    ITEM_ID,
    ITEM_RECORDS,
    OTHER_RECORDS,
    RESOURCES,
    RUN_ID,
    JournalError,
    JournalWriteError,
    Record,
    RecordError,
    RunHeader,
    check_record,
    check_run_id,
    digest,
    glued_record,
    new_run_id,
    public_url,
)
from ghostkit.operations.run_state import Entry, PostEntry, RunState

__all__ = [
    "FORMATS",
    "ITEM_ID",
    "ITEM_RECORDS",
    "OTHER_RECORDS",
    "RESOURCES",
    "RUN_ID",
    "Entry",
    "Journal",
    "JournalError",
    "JournalWriteError",
    "PostEntry",
    "RecordError",
    "RunHeader",
    "RunState",
    "check_record",
    "check_run_id",
    "digest",
    "list_runs",
    "new_run_id",
    "private_dir",
    "public_url",
]


def private_dir(path: Path) -> None:
    """Make `path` a folder only its owner can enter: missing parents are created 0700
    too; an existing folder of ours that others could read is closed (0700). A folder that
    cannot be made (a file in its place, no permission) is `JournalWriteError`."""
    try:
        _private_dir(path)
    except OSError as error:
        raise JournalWriteError(
            f"cannot make the folder {path}: {error.strerror or error}",
            hint="ghostkit keeps its runs in its data folder (GHOSTKIT_DATA_DIR, or "
            "GHOSTKIT_HOME): it must be a folder you can write; nothing was changed",
        ) from None


def _private_dir(path: Path) -> None:
    missing = []
    here = path
    while not here.exists():
        missing.append(here)
        if here.parent == here:
            break
        here = here.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)
    info = path.stat()
    if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o700)


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._broken: JournalWriteError | None = None

    @classmethod
    def create(cls, runs_dir: Path, header: RunHeader | dict[str, Any]) -> Journal:
        record = header.to_json() if isinstance(header, RunHeader) else {"type": "run", **header}
        run_id = check_run_id(record.get("id"))
        private_dir(runs_dir)
        journal = cls(runs_dir / f"{run_id}.jsonl")
        for key in ("url", "site_url"):
            if key in record:
                record[key] = public_url(record[key])
        try:
            journal.write(record)
        except JournalWriteError as error:
            journal.path.unlink(missing_ok=True)
            first = (error.hint or "").split(";")[0]
            raise JournalWriteError(error.message, hint=f"{first}; nothing was changed") from None
        _sync_dir(runs_dir)
        return journal

    @classmethod
    def open(cls, runs_dir: Path, run_id: str) -> Journal:
        path = runs_dir / f"{check_run_id(run_id)}.jsonl"
        if not path.is_file():
            known = ", ".join(p.stem for p in _journal_files(runs_dir)[-5:]) or "none"
            raise JournalError(
                f"no run {run_id!r} in {runs_dir}",
                hint=f"recent runs: {known} (see `ghostkit runs list`)",
            )
        return cls(path)

    # -- writing ----------------------------------------------------------------------

    def write(self, record: Record | dict[str, Any], *, durable: bool = True) -> None:
        """Append one record, whole or not at all. `durable` waits until it is on the disk
        itself (fsync): a "before" record must be, since the edit it protects follows.
        When the record cannot be written the journal is left as it was, refuses every
        later write, and `JournalWriteError` says why. Safe from threads."""
        if not isinstance(record, dict):
            record = record.to_json()
        line = json.dumps({**record, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}, ensure_ascii=False)
        data = (line + "\n").encode("utf-8")
        with self._lock:
            if self._broken is not None:
                raise self._broken
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            except OSError as error:
                self._broken = _write_error(self.path, error)
                raise self._broken from None
            try:
                self._append(fd, data, durable)
            finally:
                os.close(fd)

    def _append(self, fd: int, data: bytes, durable: bool) -> None:
        try:
            if stat.S_IMODE(os.fstat(fd).st_mode) != 0o600:
                os.fchmod(fd, 0o600)
            start = _cut_torn_tail(fd)
        except OSError as error:
            self._broken = _write_error(self.path, error)
            raise self._broken from None
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.EIO, "nothing was written")
                view = view[written:]
            if durable:
                os.fsync(fd)
        except OSError as error:
            try:  # take back what part of the record reached the file
                os.ftruncate(fd, start)
                os.fsync(fd)
            except OSError:
                pass  # a reader ignores a last line without its newline
            self._broken = _write_error(self.path, error)
            raise self._broken from None

    async def awrite(self, record: Record | dict[str, Any], *, durable: bool = True) -> None:
        """`write` in a worker thread, so that a disk sync never stalls other requests."""
        await asyncio.to_thread(self.write, record, durable=durable)

    # -- reading ----------------------------------------------------------------------

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record, each checked for the shape its type needs. A last line without
        its newline (cut short by a crash or a full disk) is ignored; a damaged line
        before it is an error, since what follows it cannot be trusted."""
        try:
            data = self.path.read_bytes()
        except OSError as error:
            raise JournalError(
                f"cannot read the journal {self.path}: {error.strerror or error}",
                hint="check the file's permissions",
            ) from None
        lines = data.split(b"\n")[:-1]  # what follows the last newline never counted
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            yield self._parse(raw, number)

    def _parse(self, raw: bytes, number: int) -> dict[str, Any]:
        try:
            return check_record(json.loads(raw.decode("utf-8")))
        except (ValueError, UnicodeDecodeError) as error:
            recovered = glued_record(raw)
            if recovered is not None:
                return recovered
            why = str(error) if isinstance(error, RecordError) else "not a JSON record"
            raise JournalError(
                f"the journal {self.path} is damaged at line {number}: {why}",
                hint="restore the file from a backup, or remove the damaged line",
            ) from None

    def state(self) -> RunState:
        state = RunState()
        for record in self.records():
            state.add(record)
        if not state.has_header:
            raise JournalError(
                f"the journal {self.path} has no run record",
                hint="it is not a ghostkit journal, or its first line was lost",
            )
        return state


def _cut_torn_tail(fd: int) -> int:
    """Cut a last line that has no newline (a record never finished); the file's size."""
    size = os.fstat(fd).st_size
    if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
        return size
    end = size
    while end > 0:
        begin = max(0, end - 65536)
        chunk = os.pread(fd, end - begin, begin)
        newline = chunk.rfind(b"\n")
        if newline >= 0:
            keep = begin + newline + 1
            break
        end = begin
    else:
        keep = 0
    os.ftruncate(fd, keep)
    return keep


def _sync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_error(path: Path, error: OSError) -> JournalWriteError:
    why = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "free some space there"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "make the folder writable, or point GHOSTKIT_DATA_DIR at one that is"
    else:
        hint = "check the disk and the folder"
    hint += "; the run stopped before its next edit (see `ghostkit runs list` to resume it)"
    return JournalWriteError(f"cannot write the run journal {path}: {why}", hint=hint)


def _journal_files(runs_dir: Path) -> list[Path]:
    if not runs_dir.is_dir():
        return []
    return sorted(p for p in runs_dir.glob("*.jsonl") if RUN_ID.fullmatch(p.stem))


def list_runs(runs_dir: Path) -> list[RunState]:
    """Every run, oldest first. A journal that cannot be read is listed as damaged (with
    why) and the others go on."""
    states = []
    files = _journal_files(runs_dir)
    _close_old(runs_dir, files)
    for path in files:
        try:
            states.append(Journal(path).state())
        except JournalError as error:
            states.append(RunState(header=RunHeader(id=path.stem), damaged=error.message))
    return states


def _close_old(runs_dir: Path, files: list[Path]) -> None:
    """Journals that a release before this one left readable by others are closed."""
    with contextlib.suppress(OSError, JournalWriteError):
        if files:
            private_dir(runs_dir)
        for path in files:
            info = path.stat()
            if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) & 0o077:
                os.chmod(path, 0o600)
