"""One bulk run per site at a time: a lock file per site, held by the operating system.

Two runs that edit the same posts at once both pass Ghost's `updated_at` check when their
saves fall in the same second, so a second run on a site is refused while the first holds
the site's lock. The lock is an `flock` on a file in `<runs dir>/locks/` named after the
site's URL: the system releases it when the run ends, however it ends (a crash or a kill
included), so a stale lock cannot outlive its process. The file tells the run that holds it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ghostkit.core.errors import SiteBusyError
from ghostkit.operations.journal import private_dir
from ghostkit.operations.records import public_url

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock: runs are not locked there
    fcntl = None  # type: ignore[assignment]


def public_site_url(url: str) -> str:
    """The site's URL without any `user:password@` (basic auth), its host in lower case: as
    a journal keeps it (`records.public_url`), so a lock and a journal name a site alike."""
    text = url.strip()
    return public_url(text) or text


class SiteLock:
    """The lock of one site, held from `acquire` until `release` (or the process's end)."""

    def __init__(self, runs_dir: Path, site_url: str) -> None:
        self.site = public_site_url(site_url)
        digest = hashlib.sha256(self.site.encode()).hexdigest()[:24]
        self.path = runs_dir / "locks" / f"{digest}.lock"
        self._handle: IO[str] | None = None
        self.run_id: str | None = None
        """The run that holds the lock, once it has an id."""

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self, run_id: str | None = None) -> None:
        """Take the lock, or raise `SiteBusyError` naming the run that holds it."""
        if self._handle is not None:
            self.note(run_id)
            return
        private_dir(self.path.parent)  # in the runs folder: 0700, as are parents it makes
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        handle = os.fdopen(descriptor, "r+", encoding="utf-8")
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = _read(handle)
                handle.close()
                raise self._busy(holder) from None
        self._handle = handle
        self.note(run_id)

    def note(self, run_id: str | None) -> None:
        """Say in the lock file which run holds it (once the run has its id)."""
        if self._handle is None:
            return
        self.run_id = run_id or self.run_id
        record = {"run": self.run_id, "pid": os.getpid(), "site": self.site}
        record["since"] = time.strftime("%Y-%m-%dT%H:%M:%S")
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.write(json.dumps(record))
        self._handle.flush()

    def release(self) -> None:
        """Let the next run in. The file stays: removing it would race with a new holder."""
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
        handle.close()  # closing the file releases the flock

    def _busy(self, holder: dict[str, Any]) -> SiteBusyError:
        run, pid = holder.get("run"), holder.get("pid")
        who = f"run {run}" if run else "another ghostkit run (still reading the posts)"
        process = f" (process {pid})" if pid else ""
        return SiteBusyError(
            f"{who}{process} is changing {self.site} right now; one run per site at a time",
            hint="wait for it to finish (`ghostkit runs list` shows it), or stop it with "
            "Ctrl-C and resume it later",
        )


def _read(handle: IO[str]) -> dict[str, Any]:
    try:
        handle.seek(0)
        record = json.loads(handle.read() or "{}")
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


@contextlib.contextmanager
def site_lock(runs_dir: Path, site_url: str, run_id: str | None = None) -> Iterator[SiteLock]:
    """Hold the site's lock for the length of a `with` block."""
    lock = SiteLock(runs_dir, site_url)
    lock.acquire(run_id)
    try:
        yield lock
    finally:
        lock.release()
