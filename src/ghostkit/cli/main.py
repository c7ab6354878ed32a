"""The root command. Subcommands import their heavy parts only when they run."""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from ghostkit.cli import extras
from ghostkit.cli.api import api
from ghostkit.cli.backup import backup, restore
from ghostkit.cli.demo import demo
from ghostkit.cli.exits import EPILOG
from ghostkit.cli.images_rehost import rehost as images_rehost
from ghostkit.cli.link_check import check as links_check
from ghostkit.cli.link_rewrite import rewrite as links_rewrite
from ghostkit.cli.links import app as links_app
from ghostkit.cli.lint import LINT_EPILOG, lint_command
from ghostkit.cli.local import app as local_app
from ghostkit.cli.posts import content_app
from ghostkit.cli.replace import replace_command
from ghostkit.cli.resources import resource_app
from ghostkit.cli.resume import resume_command
from ghostkit.cli.runs import app as runs_app
from ghostkit.cli.site import app as site_app
from ghostkit.cli.tags import add_commands as tag_commands
from ghostkit.resources.catalog import ADMIN_RESOURCES

GLOBAL_FLAGS = frozenset({"--debug", "--quiet", "-q"})
GLOBAL_VALUED = frozenset({"--site", "-s"})


def hoist_global_options(root: Any, ctx: Any, args: list[str]) -> list[str]:
    """The command line with the global options moved in front of the command, so that
    `ghostkit posts list --quiet` means `ghostkit --quiet posts list` (as in gh). An option
    the command defines itself (most commands have their own `--site`) stays where it is,
    and nothing after `--` is touched."""
    command, index = root, 0
    while hasattr(command, "commands"):  # walk down the groups to the command itself
        while index < len(args) and args[index].startswith("-") and args[index] != "-":
            index += 1 + _values(command, args[index])
        if index >= len(args):
            return args
        command = command.get_command(ctx, args[index])
        if command is None:
            return args  # an unknown command: let the parser say so
        index += 1
    own = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    moved: list[str] = []
    kept = args[:index]
    while index < len(args):
        word = args[index]
        name = word.split("=", 1)[0]
        if word == "--":
            kept += args[index:]
            break
        if name in own or not word.startswith("-"):
            step = 1 + _values(command, word)
            kept += args[index : index + step]
            index += step
        elif word in GLOBAL_FLAGS or (name in GLOBAL_VALUED and "=" in word):
            moved.append(word)
            index += 1
        elif word in GLOBAL_VALUED and index + 1 < len(args):
            moved += args[index : index + 2]
            index += 2
        else:
            kept.append(word)
            index += 1
    return moved + kept if moved else args


def _values(command: Any, token: str) -> int:
    """How many of the next tokens are the values of option `token` of `command`."""
    if "=" in token or not token.startswith("-"):
        return 0
    for param in command.params:
        if token in (*param.opts, *param.secondary_opts):
            takes = not getattr(param, "is_flag", False) and not getattr(param, "count", False)
            return int(param.nargs) if takes else 0
    return 0


class GlobalOptionsGroup(TyperGroup):
    """The root group: takes its global options anywhere on the command line."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(self, ctx, args))


app = typer.Typer(
    name="ghostkit",
    cls=GlobalOptionsGroup,
    help="Script your Ghost sites: every Admin and Content API endpoint, safe bulk edits, "
    "and a real local Ghost to try them on.\n\n"
    "Start here: `ghostkit demo` boots a local Ghost, fills it with sample posts and "
    "removes every link from them, safely; `ghostkit links strip --help` does it on your "
    "own site.\n\n"
    "Example: ghostkit site add blog --url https://blog.example.com --admin-key - && "
    "ghostkit posts list --site blog",
    epilog=EPILOG,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
app.add_typer(site_app, name="site")
app.add_typer(local_app, name="local")
for _spec in ADMIN_RESOURCES:
    _app = content_app(_spec) if _spec.name in ("posts", "pages") else resource_app(_spec)
    if _spec.name == "tags":
        tag_commands(_app)
    if _spec.name == "members":
        _app.command("import")(extras.members_import)
        _app.command("export")(extras.members_export)
    app.add_typer(_app, name=_spec.name)
for _kind in ("images", "media", "files"):
    _uploads = extras.upload_app(_kind)
    if _kind == "images":
        _uploads.command("rehost")(images_rehost)
    app.add_typer(_uploads, name=_kind)
app.add_typer(extras.themes, name="themes")
app.add_typer(extras.settings, name="settings")
site_app.command("info")(extras.site_info)
app.add_typer(links_app, name="links")
links_app.command("check")(links_check)
links_app.command("rewrite")(links_rewrite)
app.add_typer(runs_app, name="runs")
runs_app.command("resume")(resume_command)
app.command("replace")(replace_command)
app.command("lint", epilog=LINT_EPILOG)(lint_command)
app.command("demo")(demo)
app.command("api")(api)
app.command("backup")(backup)
app.command("restore")(restore)


def _version(value: bool) -> None:
    if value:
        from ghostkit._version import __version__

        typer.echo(f"ghostkit {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    site: str = typer.Option(
        None,
        "--site",
        "-s",
        envvar="GHOSTKIT_SITE",
        help="Site profile to use (default: the profile set with `site use`, else `local`).",
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="No counts, notes or progress on stderr; errors still show."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    ctx.obj = {"site": site, "debug": debug}
    if quiet:
        from ghostkit.cli.output import QUIET

        QUIET["on"] = True


def run() -> None:
    """Console entry point: errors become one line, a hint and an exit code."""
    debug = "--debug" in sys.argv
    try:
        code = app(prog_name="ghostkit", standalone_mode=False)
    except SystemExit:
        raise
    except BaseException as exc:
        from ghostkit.cli.report import report_error

        sys.exit(report_error(exc, debug=debug))
    if isinstance(code, int):  # typer.Exit(n) comes back as a return value here
        sys.exit(code)
