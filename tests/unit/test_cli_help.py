"""Every command teaches by example: its help has an `Example:` line."""

from __future__ import annotations

from typing import Any

from typer.main import get_command

from ghostkit.cli.main import app


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, (*path, name))
    return found


def test_every_command_and_group_has_an_example() -> None:
    commands = _commands(get_command(app))
    assert len(commands) > 80, "the whole tree should be walked"
    missing = [" ".join(path) for path, cmd in commands if "Example" not in (cmd.help or "")]
    assert not missing, f"no example in the help of: {', '.join(missing)}"
