"""What `ghostkit local` reports about an instance."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ghostkit.local.procnet import Listener

State = Literal["running", "stopped", "stale", "absent"]


@dataclass(frozen=True)
class Status:
    name: str
    state: State
    url: str | None
    version: str | None
    port: int | None
    pid: int | None
    folder: Path
    listeners: list[Listener] = field(default_factory=list)

    @property
    def admin_url(self) -> str | None:
        return f"{self.url}/ghost/" if self.url else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "state": self.state,
            "url": self.url,
            "admin_url": self.admin_url,
            "version": self.version,
            "port": self.port,
            "pid": self.pid,
            "folder": str(self.folder),
            "listeners": [str(item) for item in self.listeners],
        }


@dataclass(frozen=True)
class UpResult:
    status: Status
    already_running: bool
    created: bool
    set_up: bool
    boot_seconds: float
    profile: str
    config_file: Path
