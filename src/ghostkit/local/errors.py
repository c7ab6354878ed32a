"""Errors of the local Ghost manager."""

from __future__ import annotations

from pathlib import Path

from ghostkit.core.errors import GhostError


class LocalGhostError(GhostError):
    """Something about the local Ghost install or instance went wrong."""


class InstallError(LocalGhostError):
    """An install step failed; the log file has its output."""

    def __init__(self, step: str, log: Path, returncode: int) -> None:
        super().__init__(
            f"installing Ghost failed at step '{step}' (exit code {returncode})",
            hint=f"read the log: {log}",
        )
        self.step = step
        self.log = log
        self.returncode = returncode
