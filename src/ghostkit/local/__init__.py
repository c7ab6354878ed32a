"""`ghostkit local`: a real Ghost, installed from npm and run on 127.0.0.1 only."""

from ghostkit.local.errors import InstallError, LocalGhostError
from ghostkit.local.install import DEFAULT_GHOST_VERSION, Installation, install
from ghostkit.local.instance import Instance, all_instances
from ghostkit.local.status import Status, UpResult

__all__ = [
    "DEFAULT_GHOST_VERSION",
    "InstallError",
    "Installation",
    "Instance",
    "LocalGhostError",
    "Status",
    "UpResult",
    "all_instances",
    "install",
]
