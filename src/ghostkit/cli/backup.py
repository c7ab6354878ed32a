"""`ghostkit backup` and `ghostkit restore`."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from ghostkit.cli.context import SITE

if TYPE_CHECKING:
    from ghostkit.operations.engine import Engine
    from ghostkit.operations.plan import Plan
    from ghostkit.operations.restore import RestoreChange
    from ghostkit.operations.summary import Outcome, Summary


def backup(
    ctx: typer.Context,
    out: str = typer.Option(
        None,
        "--out",
        "-o",
        help="A file, or a folder to write ghostkit-backup-<time>.json in "
        "(default: that file here). Missing folders are created 0700.",
    ),
    site: str = SITE,
) -> None:
    """Save every post, page, tag, label, tier, newsletter, member, user and setting the
    credentials can read into one JSON file, with a manifest. The file holds members'
    emails and drafts: it is written 0600, whole or not at all.

    Example: ghostkit backup --site blog --out blog.json
    """
    from ghostkit.cli.context import admin_client
    from ghostkit.cli.progress import progress_bar
    from ghostkit.operations.backup import backup_path, write_backup

    target = backup_path(out)
    with admin_client(ctx, site) as admin, progress_bar() as progress:
        manifest = write_backup(admin, target, progress)
    counts = ", ".join(f"{n} {name}" for name, n in manifest["counts"].items())
    typer.echo(f"Wrote {target}: {counts}.")
    for name, reason in manifest["skipped"].items():
        typer.echo(f"  skipped {name}: {reason}", err=True)


def restore(
    ctx: typer.Context,
    path: Path = typer.Argument(..., exists=True, dir_okay=False),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only show what would change."),
    update: bool = typer.Option(
        False,
        "--update",
        help="Also put back the fields that differ (titles, content, excerpts, names, "
        "notes). A post's status is shown, never changed.",
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask."),
    site: str = SITE,
) -> None:
    """Restore a backup: compare it with the site, create what is missing and, with
    --update, put back what differs. Items are matched by slug (members and users by
    email). Journaled like any bulk edit: `ghostkit runs undo RUN` deletes what it created
    and puts back what it changed; an item someone saved meanwhile is left alone.

    A restore is a run like `links strip`: while another run changes the site it is
    refused (exit 6) before it reads the site; --dry-run only reads and always runs. One
    that stopped part-way is finished by `ghostkit runs resume RUN`, from the same backup.

    Example: ghostkit restore blog.json --dry-run && ghostkit restore blog.json --update
    """
    import asyncio

    from ghostkit.cli.context import async_admin_client, chosen_profile
    from ghostkit.cli.plans import engine_for
    from ghostkit.cli.progress import progress_bar
    from ghostkit.operations.restore import RestoreChange

    change = RestoreChange.from_file(path, update=update)
    admin = async_admin_client(ctx, site)
    engine = engine_for(admin, change, change.selection(), site=chosen_profile(ctx, site))
    shown: list[bool] = []

    def confirm_plan(_plan: Plan) -> bool:
        from ghostkit.cli.confirm import confirm

        todo = show_plan(change, update)
        shown.append(True)
        if not confirm(f"Restore {todo} items?", yes=yes):
            raise typer.Abort()
        stop_between_items(engine)
        return True

    async def main() -> Outcome:
        async with admin:
            with progress_bar() as progress:
                return await engine.run(dry_run=dry_run, confirm=confirm_plan, progress=progress)

    previous = signal.getsignal(signal.SIGINT)
    try:
        outcome = asyncio.run(main())
    except KeyboardInterrupt:
        interrupted(engine.run_id)
    finally:
        signal.signal(signal.SIGINT, previous)
    if not shown:
        show_plan(change, update)
    if outcome.summary is not None:
        show_summary(outcome.summary)


def show_plan(change: RestoreChange, update: bool) -> int:
    """Print what the restore found; how many items it would restore."""
    found = change.found
    for name, action, item, detail in found.rows():
        typer.echo(f"{action:<7} {name:<12} {item}" + (f"  ({detail})" if detail else ""))
    for name, reason in found.not_compared.items():
        typer.echo(f"  not compared: {name}: {reason}", err=True)
    counts = found.counts()
    typer.echo(
        f"{counts['create']} to create, {counts['change']} differ, {counts['same']} the same."
    )
    if counts["change"] and not update:
        typer.echo("Items that differ are left as they are; --update puts them back.")
    return counts["create"] + (counts["change"] if update else 0)


def stop_between_items(engine: Engine) -> None:
    """A first Ctrl-C lets the items in flight finish and starts no more (an item created
    but not yet journaled could not be undone); a second one stops at once."""

    def ask(_signum: int, _frame: object) -> None:
        engine.stopping = True
        signal.signal(signal.SIGINT, signal.default_int_handler)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, ask)


def interrupted(run_id: str | None) -> NoReturn:
    from ghostkit.operations.breaker import resume_hint

    if run_id is None:
        typer.echo("Interrupted before anything was restored.", err=True)
    else:
        typer.echo(f"error: interrupted: restore run {run_id} stopped part-way", err=True)
        typer.echo(f"hint: {resume_hint(run_id)}", err=True)
    raise typer.Exit(130)


def show_summary(summary: Summary) -> None:
    from ghostkit.operations.creations import CREATED

    run_id = summary.run_id
    typer.echo(
        f"Created {summary.counts.get(CREATED, 0)}, changed {summary.changed} (run {run_id}; "
        f"take it back with: ghostkit runs undo {run_id})."
    )
    for item, reason in summary.failures.items():
        typer.echo(f"  failed: {item}: {reason}", err=True)
    for item, problem in ((summary.verify or {}).get("problems") or {}).items():
        typer.echo(f"  not as restored: {item}: {problem}", err=True)
    if summary.failures or not (summary.verify or {}).get("ok", True):
        raise typer.Exit(1)
