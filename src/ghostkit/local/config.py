"""The Ghost config of a local instance: loopback only, SQLite, no mail, no outbound pings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SHUTDOWN_TIMEOUT = 10.0
"""How long Ghost's graceful shutdown lets requests in flight and background jobs run
before it ends them (its `server.shutdownTimeout`, 60 s by default)."""
STOP_TIMEOUT = SHUTDOWN_TIMEOUT + 15.0
"""How long `down` waits after SIGTERM before SIGKILL: Ghost's own limit and its cleanup."""


def ghost_config(port: int, content: Path) -> dict[str, Any]:
    """Ghost's production config for a loopback-only instance that phones nowhere."""
    return {
        "url": f"http://127.0.0.1:{port}",
        "server": {
            "host": "127.0.0.1",
            "port": port,
            "shutdownTimeout": int(SHUTDOWN_TIMEOUT * 1000),
        },
        "database": {
            "client": "sqlite3",
            "connection": {"filename": str(content / "data" / "ghost.db")},
            "useNullAsDefault": True,
        },
        "mail": {"transport": "stub", "from": "ghost@127.0.0.1.example.com"},
        "paths": {"contentPath": f"{content}/"},
        "logging": {"transports": ["stdout"], "level": "info"},
        "privacy": {"useTinfoil": True},
        "security": {"staffDeviceVerification": False},
        "updateCheck": {"url": "http://127.0.0.1:9/off"},
        "explore": {"update_url": "", "testimonials_url": ""},
    }
