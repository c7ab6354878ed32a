"""Building clients from the global options (`--site`) and the environment."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from ghostkit import AsyncGhostAdmin, GhostAdmin
    from ghostkit.config import Paths

SITE = typer.Option(None, "--site", "-s", help="Site profile (overrides the global --site).")


def site_name(ctx: typer.Context, override: str | None = None) -> str | None:
    if override:
        return override
    root = ctx.find_root()
    obj = root.obj or {}
    value = obj.get("site")
    return str(value) if value else None


def chosen_profile(ctx: typer.Context, site: str | None) -> str | None:
    """The profile to use, or None for the environment (GHOST_URL and a key)."""
    from ghostkit.config import ProfileStore

    name = site_name(ctx, site)
    if name is None and os.environ.get("GHOST_URL"):
        return None
    if name is None:
        name = ProfileStore(paths().config_file).default_name() or "local"
    return name


def paths() -> Paths:
    from ghostkit.config import Paths

    return Paths.from_env()


def admin_client(ctx: typer.Context, site: str | None = None, **options: Any) -> GhostAdmin:
    """The Admin client for `--site`, else the environment, else the default profile."""
    from ghostkit import GhostAdmin

    name = chosen_profile(ctx, site)
    if name is None:
        return GhostAdmin.from_env(**options)
    return GhostAdmin.from_profile(name, paths=paths(), **_with_code_prompt(options))


def async_admin_client(
    ctx: typer.Context, site: str | None = None, **options: Any
) -> AsyncGhostAdmin:
    from ghostkit import AsyncGhostAdmin

    name = chosen_profile(ctx, site)
    if name is None:
        return AsyncGhostAdmin.from_env(**options)
    return AsyncGhostAdmin.from_profile(name, paths=paths(), **_with_code_prompt(options))


def _with_code_prompt(options: dict[str, Any]) -> dict[str, Any]:
    """At a terminal, a saved login on a site that emails staff a verification code (staff
    device verification) asks for that code; elsewhere the login fails with a hint."""
    import sys

    if "two_factor_code" in options or not sys.stdin.isatty():
        return options
    return {**options, "two_factor_code": ask_for_emailed_code}


def ask_for_emailed_code() -> str:
    code: str = typer.prompt("Ghost emailed you a verification code; enter it", err=True)
    return code.strip()
