"""Building clients from the global options (`--site`) and the environment."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ghostkit import GhostAdmin


SITE = typer.Option(None, "--site", "-s", help="Site profile (overrides the global --site).")


def site_name(ctx: typer.Context, override: str | None = None) -> str | None:
    if override:
        return override
    root = ctx.find_root()
    obj = root.obj or {}
    value = obj.get("site")
    return str(value) if value else None


def admin_client(ctx: typer.Context, site: str | None = None) -> GhostAdmin:
    """The Admin client for `--site`, else the environment, else the default profile."""
    from ghostkit import GhostAdmin
    from ghostkit.config import Paths, ProfileStore

    name = site_name(ctx, site)
    if name is None and os.environ.get("GHOST_URL"):
        return GhostAdmin.from_env()
    if name is None:
        store = ProfileStore(Paths.from_env().config_file)
        name = store.default_name() or "local"
    return GhostAdmin.from_profile(name)
