"""Start and stop a server process by PID file, never leaving an orphan.

The server runs in a session of its own, so its PID is also its process group: stopping
signals the whole group (SIGTERM, then SIGKILL after a timeout). The PID file records the
process's start time as the kernel reports it, so a PID reused by another program after a
crash is recognised as stale rather than killed.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


def _start_ticks(pid: int) -> int | None:
    """The process's start time in clock ticks since boot (Linux), or None if unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    state = Path(f"/proc/{pid}/stat")
    if state.exists():
        try:
            return state.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    return True


@dataclass(frozen=True)
class PidRecord:
    pid: int
    started: int | None

    def is_running(self) -> bool:
        if not _alive(self.pid):
            return False
        return self.started is None or _start_ticks(self.pid) in (None, self.started)


class PidFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> PidRecord | None:
        try:
            data = json.loads(self.path.read_text())
            return PidRecord(pid=int(data["pid"]), started=data.get("started"))
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return None

    def write(self, pid: int) -> None:
        self.path.write_text(json.dumps({"pid": pid, "started": _start_ticks(pid)}) + "\n")

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def spawn(
    command: list[str], *, cwd: Path, env: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    """Start `command` detached in its own session, output appended to `log`."""
    with log.open("ab") as out:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_group(pid: int, *, timeout: float = 15.0) -> str:
    """SIGTERM the process group led by `pid`, then SIGKILL it if it outlives `timeout`.

    Returns how it ended: "terminated" or "killed".
    """
    _signal_group(pid, signal.SIGTERM)
    if _wait_gone(pid, timeout):
        return "terminated"
    _signal_group(pid, signal.SIGKILL)
    _wait_gone(pid, 5.0)
    return "killed"


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass
    except PermissionError:  # not a group leader we own: signal the process alone
        os.kill(pid, sig)


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap it if it is our child
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return not _alive(pid)
