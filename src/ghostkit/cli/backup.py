"""`ghostkit backup` and `ghostkit restore`."""

from __future__ import annotations

from pathlib import Path

import typer

from ghostkit.cli.context import SITE


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
    refused (exit 6) before it reads the site; --dry-run only reads and always runs.

    Example: ghostkit restore blog.json --dry-run && ghostkit restore blog.json --update
    """
    from contextlib import ExitStack

    from ghostkit.cli.context import admin_client, chosen_profile
    from ghostkit.cli.progress import progress_bar
    from ghostkit.operations.api import default_runs_dir
    from ghostkit.operations.backup import read_backup
    from ghostkit.operations.lock import SiteLock, site_lock
    from ghostkit.operations.restore import apply_restore, plan_restore

    document = read_backup(path)
    with admin_client(ctx, site) as admin, ExitStack() as holding:
        lock: SiteLock | None = None
        if not dry_run:  # held from the plan to the end, as a strip holds it
            lock = holding.enter_context(site_lock(default_runs_dir(), admin.site_url))
        with progress_bar() as progress:
            plan = plan_restore(admin, document, progress)
        for name, action, item, detail in plan.rows():
            typer.echo(f"{action:<7} {name:<12} {item}" + (f"  ({detail})" if detail else ""))
        for name, reason in plan.not_compared.items():
            typer.echo(f"  not compared: {name}: {reason}", err=True)
        counts = plan.counts()
        typer.echo(
            f"{counts['create']} to create, {counts['change']} differ, {counts['same']} the same."
        )
        todo = counts["create"] + (counts["change"] if update else 0)
        if counts["change"] and not update:
            typer.echo("Items that differ are left as they are; --update puts them back.")
        if dry_run or not todo:
            return
        from ghostkit.cli.confirm import confirm

        if not confirm(f"Restore {todo} items?", yes=yes):
            raise typer.Abort()
        try:
            with progress_bar() as progress:
                result = apply_restore(
                    admin,
                    plan,
                    default_runs_dir(),
                    update=update,
                    source=path,
                    site=chosen_profile(ctx, site),
                    progress=progress,
                    lock=lock,
                )
        except KeyboardInterrupt as stop:
            run_id = getattr(stop, "run_id", None)
            if run_id:
                typer.echo(f"error: interrupted: restore run {run_id} stopped part-way", err=True)
                typer.echo(
                    "hint: run the restore again (it creates only what is still missing), "
                    f"or take it back with `ghostkit runs undo {run_id}`",
                    err=True,
                )
            raise typer.Exit(130) from None
    typer.echo(
        f"Created {result.created}, changed {result.changed} (run {result.run_id}; "
        f"take it back with: ghostkit runs undo {result.run_id})."
    )
    for name, item, reason in result.failures:
        typer.echo(f"  failed: {name} {item}: {reason}", err=True)
    if result.failures:
        raise typer.Exit(1)
