"""`ghostkit local`: install, start, stop and inspect a real Ghost on 127.0.0.1."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ghostkit.local import Instance

app = typer.Typer(
    help="Run a real Ghost on this machine (127.0.0.1 only), installed from npm.\n\n"
    "Example: ghostkit local up && ghostkit posts list",
    no_args_is_help=True,
    rich_markup_mode=None,
)

NAME = typer.Option("local", "--name", "-n", help="Instance name; also the site profile's name.")
VERSION = typer.Option(None, "--ghost-version", help="Ghost release from npm (default 6.65.0).")


def _instance(name: str) -> Instance:
    from ghostkit.local import Instance

    return Instance(name)


@contextmanager
def _progress() -> Iterator[object]:
    """Progress lines on stderr, with a spinner when it is a terminal."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda message: console.print(f"• {message}", highlight=False)
        return
    with console.status("Working…") as status:

        def report(message: str) -> None:
            console.print(f"• {message}", highlight=False)
            status.update(message)

        yield report


@app.command()
def install(ghost_version: str = VERSION) -> None:
    """Install Ghost and the Node it needs into the cache (once; later runs are instant).

    Example: ghostkit local install --ghost-version 6.65.0
    """
    from ghostkit.config import Paths
    from ghostkit.local import DEFAULT_GHOST_VERSION
    from ghostkit.local import install as do_install

    started = time.monotonic()
    with _progress() as report:
        done = do_install(Paths.from_env(), ghost_version or DEFAULT_GHOST_VERSION, progress=report)  # type: ignore[arg-type]
    took = time.monotonic() - started
    typer.echo(
        f"Ghost {done.ghost_version} is installed at {done.root} "
        f"(Node {done.node_version}; {took:.1f} s)"
    )


@app.command()
def up(
    name: str = NAME,
    port: int = typer.Option(
        None,
        "--port",
        "-p",
        min=1,
        max=65535,
        help="Port on 127.0.0.1 (default 2368 for `local`, else a free one; later runs reuse it).",
    ),
    ghost_version: str = VERSION,
) -> None:
    """Start a local Ghost: install if needed, boot, and set it up on first run.

    The first run creates an owner with a generated password and an integration, and
    saves URL, keys and login as the site profile NAME (mode 0600).

    Example: ghostkit local up --name demo --port 2400
    """
    with _progress() as report:
        result = _instance(name).up(port=port, version=ghost_version, progress=report)  # type: ignore[arg-type]
    status = result.status
    if result.already_running:
        typer.echo(
            f"Ghost {name!r} is already running at {status.url} (pid {status.pid}); "
            "nothing changed."
        )
        return
    typer.echo(f"Ghost {status.version} {name!r} is up ({result.boot_seconds:.1f} s).")
    typer.echo(f"  Site:   {status.url}/")
    typer.echo(f"  Admin:  {status.admin_url}")
    typer.echo(f"  Login and keys: profile {result.profile!r} in {result.config_file}")
    typer.echo(f"  Stop it with: ghostkit local down --name {name}")


@app.command()
def down(name: str = NAME) -> None:
    """Stop a local Ghost (SIGTERM, then SIGKILL if it does not stop).

    Example: ghostkit local down
    """
    how = _instance(name).down()
    messages = {
        "terminated": f"Stopped {name!r}.",
        "killed": f"Stopped {name!r} (it did not finish shutting down in time and was killed).",
        "stale": f"{name!r} was not running (removed a stale PID file).",
        "not running": f"{name!r} is not running.",
    }
    typer.echo(messages[how])


@app.command()
def status(
    name: str = typer.Option(None, "--name", "-n", help="One instance (default: all)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show local instances: state, URL, version, PID and listening sockets.

    Example: ghostkit local status --json
    """
    from ghostkit.local import all_instances

    instances = [_instance(name)] if name else all_instances()
    states = [i.status() for i in instances]
    if as_json:
        typer.echo(json.dumps([s.as_dict() for s in states], indent=2))
        return
    if not states:
        typer.echo("No local instances yet. Start one with: ghostkit local up")
        return
    for s in states:
        where = f"{s.url}  pid {s.pid}" if s.state == "running" else (s.url or "")
        listening = ", ".join(str(item) for item in s.listeners)
        typer.echo(
            f"{s.name:<12} {s.state:<8} Ghost {s.version or '?':<8} {where}"
            + (f"  listening on {listening}" if listening else "")
        )


@app.command()
def reset(
    name: str = NAME,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask."),
) -> None:
    """Start an instance afresh: new database, new owner, new keys.

    Example: ghostkit local reset --yes
    """
    from ghostkit.cli.confirm import confirm

    if not confirm(f"Delete every post, member and setting of {name!r}?", yes=yes):
        raise typer.Abort()
    with _progress() as report:
        result = _instance(name).reset(progress=report)  # type: ignore[arg-type]
    typer.echo(
        f"{name!r} was reset and is up at {result.status.url}/ with new keys "
        f"(profile {result.profile!r})."
    )


@app.command()
def logs(
    name: str = NAME,
    lines: int = typer.Option(50, "--lines", "-l", help="How many lines from the end."),
    follow: bool = typer.Option(False, "--follow", "-f", help="Keep printing new lines."),
) -> None:
    """Print the end of a local Ghost's log.

    Example: ghostkit local logs --lines 100
    """
    instance = _instance(name)
    for line in instance.log_tail(lines):
        typer.echo(line)
    if not follow:
        return
    with instance.log_file.open() as handle:
        handle.seek(0, 2)
        try:
            while True:
                line = handle.readline()
                if line:
                    sys.stdout.write(line)
                    sys.stdout.flush()
                else:
                    time.sleep(0.3)
        except KeyboardInterrupt:
            return
