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


def _hoisted(*argv: str) -> list[str]:
    from ghostkit.cli.main import hoist_global_options

    root = get_command(app)
    ctx = root.make_context("ghostkit", ["--help"], resilient_parsing=True)
    return hoist_global_options(root, ctx, list(argv))


def test_global_options_are_taken_after_the_command() -> None:
    assert _hoisted("posts", "list", "--quiet") == ["--quiet", "posts", "list"]
    assert _hoisted("posts", "list", "--limit", "3", "--debug", "-q") == [
        "--debug",
        "-q",
        "posts",
        "list",
        "--limit",
        "3",
    ]
    assert _hoisted("local", "logs", "--site", "blog") == ["--site", "blog", "local", "logs"]
    assert _hoisted("local", "logs", "--site=blog") == ["--site=blog", "local", "logs"]
    assert _hoisted("local", "status", "-n", "x", "-s", "blog")[:2] == ["-s", "blog"]


def test_global_options_leave_values_and_the_commands_own_options_alone() -> None:
    same = [
        ("posts", "list", "--site", "blog", "--quiet"),  # its own --site stays
        ("replace", "--", "--quiet", "x", "--dry-run"),  # after --, text to find
        ("api", "GET", "posts/", "-p", "--debug"),  # a value of -p
        ("settings", "set", "title=--quiet"),
        ("nosuchcommand", "--quiet"),
    ]
    assert _hoisted(*same[0]) == ["--quiet", "posts", "list", "--site", "blog"]
    for argv in same[1:]:
        assert _hoisted(*argv) == list(argv), argv


def test_quiet_and_debug_work_anywhere_on_the_command_line(tmp_path: Any) -> None:
    import os

    from tests import cli

    env = {**os.environ, "GHOSTKIT_CONFIG": str(tmp_path / "c.toml")}
    env.pop("GHOST_URL", None)
    for argv in (("site", "list", "--quiet"), ("site", "list", "--debug"), ("site", "list", "-q")):
        done = cli.run(env, *argv, timeout=60)
        assert done.returncode == 0, (argv, done.stderr)
    failing = cli.run(env, "runs", "show", "nope", "--debug", timeout=60)
    assert failing.returncode != 2, failing.stderr  # --debug was taken, not "No such option"


def example_lines(help_text: str) -> list[str]:
    """The commands of a help's `Example:` line or indented `Examples:` block."""
    found: list[str] = []
    lines = help_text.splitlines()
    for number, line in enumerate(lines):
        text = line.strip()
        if text.startswith("Example:"):
            found.append(text.removeprefix("Example:").strip())
        elif text == "Examples:":
            for following in lines[number + 1 :]:
                if not following.startswith(" ") or not following.strip():
                    break
                found.append(following.strip())
    return found


def test_every_example_names_a_command_that_exists() -> None:
    """Help never offers a verb the resource lacks (`webhooks list`: Ghost cannot list
    webhooks)."""
    import shlex

    root = get_command(app)
    wrong = []
    for path, command in _commands(root):
        for line in example_lines(command.help or ""):
            for part in line.split("&&"):
                # the piped command that is ghostkit's (`cat x | ghostkit ...`, `ghostkit ... | jq`)
                piped = [step for step in part.split("|") if "ghostkit" in step] or [""]
                words = shlex.split(piped[0])
                words = words[words.index("ghostkit") + 1 :] if "ghostkit" in words else []
                here = root
                while hasattr(here, "commands") and words and not words[0].startswith("-"):
                    here = here.commands.get(words.pop(0))
                    if here is None:
                        wrong.append(f"{' '.join(path)}: {part.strip()}")
                        break
                if here is not None and hasattr(here, "commands") and words[:1] != ["--help"]:
                    wrong.append(f"{' '.join(path)}: {part.strip()} (a group, not a command)")
    assert not wrong, "examples naming no command:\n" + "\n".join(wrong)


def test_an_item_argument_is_taken_by_its_shape() -> None:
    import pytest

    from ghostkit.cli.resource_input import read_key
    from ghostkit.core.errors import UsageError
    from ghostkit.resources.catalog import MEMBERS, POSTS, USERS

    hex_id = "6489d3b9a1c2b40001a1b2c3"
    assert read_key(POSTS, hex_id) == {"id": hex_id}
    assert read_key(POSTS, "hello") == {"slug": "hello"}
    assert read_key(USERS, "1") == {"id": "1"}  # the owner on sites older than ObjectIDs
    assert read_key(USERS, "jo@example.com") == {"email": "jo@example.com"}
    assert read_key(POSTS, hex_id, "slug") == {"slug": hex_id}
    for spec, key, by in ((MEMBERS, "jo", None), (POSTS, "hello", "id"), (POSTS, "x", "email")):
        with pytest.raises(UsageError):
            read_key(spec, key, by)
