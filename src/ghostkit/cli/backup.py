"""`ghostkit backup` and `ghostkit restore`."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from ghostkit.cli.context import SITE


def backup(
    ctx: typer.Context,
    out: Path = typer.Option(
        None, "--out", "-o", help="Default: ghostkit-backup-<time>.json here."
    ),
    site: str = SITE,
) -> None:
    """Save every post, page, tag, label, tier, newsletter, member, user and setting the
    credentials can read into one JSON file, with a manifest.

    Example: ghostkit backup --site blog --out blog.json
    """
    from ghostkit.cli.context import admin_client
    from ghostkit.cli.progress import progress_bar
    from ghostkit.operations.backup import write_backup

    target = out or Path(time.strftime("ghostkit-backup-%Y%m%d-%H%M%S.json"))
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
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask."),
    site: str = SITE,
) -> None:
    """Compare a backup with the site: what restoring would create or change. Without
    --dry-run, create what is missing (existing items are never overwritten).

    Example: ghostkit restore blog.json --dry-run
    """
    from ghostkit.cli.context import admin_client
    from ghostkit.cli.progress import progress_bar
    from ghostkit.operations.backup import plan_restore, read_backup

    document = read_backup(path)
    with admin_client(ctx, site) as admin:
        with progress_bar() as progress:
            plan = plan_restore(admin, document, progress)
        rows = list(plan.rows())
        for name, action, label, fields in rows:
            typer.echo(f"{action:<7} {name:<12} {label}" + (f"  ({fields})" if fields else ""))
        created = sum(len(v) for v in plan.create.values())
        typer.echo(
            f"{created} to create, {sum(len(v) for v in plan.change.values())} "
            f"differ, {sum(plan.same.values())} the same."
        )
        if dry_run or not created:
            return
        if not yes:
            typer.confirm(f"Create {created} missing items?", abort=True)
        for name, items in plan.create.items():
            resource = getattr(admin, name)
            for item in items:
                body = {
                    k: v
                    for k, v in item.items()
                    if k not in ("id", "uuid", "url", "created_at", "updated_at")
                }
                resource.add(body)
        typer.echo(f"Created {created} items.")
