"""Paths on disk and the site profiles file."""

from ghostkit.config.paths import Paths
from ghostkit.config.profiles import Profile, ProfileStore

__all__ = ["Paths", "Profile", "ProfileStore"]
