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


def test_the_cli_starts_without_its_heavy_parts() -> None:
    """`ghostkit --help` stays fast because the clients, pydantic, asyncio and the content
    parsers load only when a command runs."""
    import subprocess
    import sys

    from tests.cli import SRC

    probe = (
        "import sys, ghostkit.cli.main; "
        "print(' '.join(m for m in ('asyncio', 'httpx', 'pydantic', 'yaml', 'rich', "
        "'markdown_it', 'ghostkit.clients') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": SRC},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "", f"imported at start-up: {done.stdout.strip()}"
