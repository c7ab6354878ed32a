"""The clients: async written by hand in `_async/`, sync generated into `_sync/`. Each is
imported when first named, so that a script or command loads only the ones it uses."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ghostkit.clients._async.admin import AsyncGhostAdmin
    from ghostkit.clients._async.content import AsyncGhostContent
    from ghostkit.clients._sync.admin import GhostAdmin
    from ghostkit.clients._sync.content import GhostContent

_MODULES = {
    "AsyncGhostAdmin": "ghostkit.clients._async.admin",
    "AsyncGhostContent": "ghostkit.clients._async.content",
    "GhostAdmin": "ghostkit.clients._sync.admin",
    "GhostContent": "ghostkit.clients._sync.content",
}

__all__ = ["AsyncGhostAdmin", "AsyncGhostContent", "GhostAdmin", "GhostContent"]


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_MODULES[name]), name)
    globals()[name] = value
    return value
