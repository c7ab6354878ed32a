"""The clients: async written by hand in `_async/`, sync generated into `_sync/`."""

from ghostkit.clients._async.admin import AsyncGhostAdmin
from ghostkit.clients._async.content import AsyncGhostContent
from ghostkit.clients._sync.admin import GhostAdmin
from ghostkit.clients._sync.content import GhostContent

__all__ = ["AsyncGhostAdmin", "AsyncGhostContent", "GhostAdmin", "GhostContent"]
