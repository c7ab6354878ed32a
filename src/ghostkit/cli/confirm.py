"""Asking before a change: the same for every command that changes things on a site."""

from __future__ import annotations

import sys

import typer

from ghostkit.core.errors import UsageError


def confirm(question: str, *, yes: bool, interactive: bool | None = None) -> bool:
    """True when the change may go ahead: `--yes` was given, or the person at the terminal
    said yes. Without a terminal and without `--yes` nobody can answer, and guessing is
    not an option for a change: a usage error (exit 2) that says to add `--yes`."""
    if yes:
        return True
    if interactive is None:
        interactive = sys.stdin.isatty()
    if not interactive:
        raise UsageError(
            "not changing anything without confirmation, and there is no terminal to ask",
            hint="run with --dry-run to preview (where there is one), then add --yes",
        )
    return typer.confirm(question, default=False)
