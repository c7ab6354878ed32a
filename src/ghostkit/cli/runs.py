"""`ghostkit runs`: the journal of every bulk edit, and undo."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ghostkit.cli.context import SITE

app = typer.Typer(
    help="Past bulk edits (links strip, replace, restore): list, inspect, undo.\n\n"
    "Example: ghostkit runs list && ghostkit runs undo RUN",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _runs_dir() -> Path:
    from ghostkit.operations.api import default_runs_dir

    return default_runs_dir()


@app.command("list")
def list_runs(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Every run, oldest first.

    Example: ghostkit runs list
    """
    from ghostkit.operations.journal import list_runs as read_runs

    rows = []
    for state in read_runs(_runs_dir()):
        operation = state.header.get("operation", {})
        rows.append(
            {
                "id": state.id,
                "site": state.header.get("site"),
                "operation": operation.get("kind"),
                "changed": len(state.done()),
                "failed": sum(1 for e in state.posts.values() if e.failed and not e.done),
                "undone": sum(1 for e in state.posts.values() if e.undone),
                "finished": bool(state.summaries),
            }
        )
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo("No runs yet.")
        return
    for row in rows:
        status = "finished" if row["finished"] else "interrupted"
        typer.echo(
            f"{row['id']}  {row['operation'] or '?':<12} site {row['site']}: "
            f"{row['changed']} changed, {row['failed']} failed, {row['undone']} undone "
            f"({status})"
        )


@app.command("show")
def show(
    run: str = typer.Argument(..., help="The run id."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """What a run did, post by post.

    Example: ghostkit runs show 20261124-231500-ab12
    """
    from ghostkit.operations.journal import Journal

    state = Journal.open(_runs_dir(), run).state()
    posts = []
    for entry in state.posts.values():
        status = (
            "undone"
            if entry.undone
            else "done"
            if entry.done
            else "failed"
            if entry.failed
            else "started"
        )
        posts.append(
            {
                "id": entry.id,
                "slug": (entry.before or entry.created or {}).get("slug"),
                "status": status,
                "reason": entry.failed or entry.undo_skipped,
                "links_removed": (entry.done or {}).get("removed"),
            }
        )
    document = {"run": state.header, "posts": posts, "summaries": state.summaries}
    if as_json:
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    typer.echo(
        f"Run {state.id} on {state.header.get('site')}: {json.dumps(state.header.get('operation'))}"
    )
    for post in posts:
        extra = f" ({post['reason']})" if post["reason"] else ""
        typer.echo(f"  {post['status']:<8} {post['slug'] or post['id']}{extra}")


@app.command("undo")
def undo(
    ctx: typer.Context,
    run: str = typer.Argument(..., help="The run id (see `ghostkit runs list`)."),
    site: str = SITE,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask."),
    concurrency: int = typer.Option(4, "--concurrency", "-c", min=1, max=16),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Take back what a run did, except items edited since (they are listed): put back
    the documents it changed; for a restore, also delete what it created.

    Example: ghostkit runs undo 20261124-231500-ab12 --yes
    """
    import asyncio

    from ghostkit.cli.context import async_admin_client
    from ghostkit.cli.progress import progress_bar
    from ghostkit.operations.journal import Journal
    from ghostkit.operations.undo import undo as undo_run

    state = Journal.open(_runs_dir(), run).state()
    if not yes:
        typer.confirm(f"Take back {len(state.done())} items changed by run {run}?", abort=True)

    async def main() -> dict[str, object]:
        async with async_admin_client(ctx, site or state.header.get("site")) as admin:
            with progress_bar(not as_json) as progress:
                return await undo_run(
                    admin, _runs_dir(), run, concurrency=concurrency, progress=progress
                )

    result = asyncio.run(main())
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(f"Took back {result['restored']} items.")
    skipped = result["skipped"]
    assert isinstance(skipped, dict)
    for post_id, reason in skipped.items():
        typer.echo(f"  left {post_id}: {reason}")
