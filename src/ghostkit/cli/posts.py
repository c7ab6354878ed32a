"""`ghostkit posts`: read and write posts."""

from __future__ import annotations

import json

import typer

from ghostkit.cli.context import SITE

app = typer.Typer(
    help="Posts of a site.\n\nExample: ghostkit posts list --limit 5",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("list")
def list_posts(
    ctx: typer.Context,
    site: str = SITE,
    limit: int = typer.Option(15, "--limit", help="How many (at most 100 per page)."),
    filter_: str = typer.Option(None, "--filter", help="NQL filter, e.g. status:published."),
    order: str = typer.Option(None, "--order", help="e.g. 'published_at desc'."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List posts, newest first.

    Example: ghostkit posts list --filter 'tag:news' --json
    """
    from ghostkit.cli.context import admin_client

    with admin_client(ctx, site) as admin:
        page = admin.posts.browse(
            limit=limit,
            filter=filter_,
            order=order,
            fields=["id", "title", "slug", "status", "updated_at"],
        )
    if as_json:
        typer.echo(json.dumps([p.to_dict() for p in page.items], indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None)
    for column in ("status", "updated", "title", "slug"):
        table.add_column(column)
    for post in page.items:
        table.add_row(
            post.status or "", (post.updated_at or "")[:10], post.title or "", post.slug or ""
        )
    Console().print(table)
    shown = len(page.items)
    typer.echo(f"{shown} of {page.pagination.total} posts", err=True)
