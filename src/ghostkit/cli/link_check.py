"""`ghostkit links check`: the health of every URL the posts use, saved for later commands."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import typer

from ghostkit.cli.bulk import ALL, FILTER, JSON, PAGES, POSTS, check_filter, resources
from ghostkit.cli.context import SITE

CSV_COLUMNS = ("state", "status", "url", "final_url", "permanent", "error", "internal", "posts")


def check(
    ctx: typer.Context,
    site: str = SITE,
    posts: bool = POSTS,
    pages: bool = PAGES,
    every: bool = ALL,
    filter_: str = FILTER,
    concurrency: int = typer.Option(
        16, "--concurrency", "-c", min=1, max=100, help="Requests in flight at once, in all."
    ),
    per_host: int = typer.Option(
        2, "--per-host", min=1, max=20, help="Requests in flight at once to any one host."
    ),
    delay: float = typer.Option(
        0.0, "--delay", min=0.0, help="Seconds between two requests to one host."
    ),
    timeout: float = typer.Option(
        10.0, "--timeout", min=0.1, help="Seconds to wait for each answer."
    ),
    retries: int = typer.Option(
        2, "--retries", min=0, max=10, help="More tries after a connection failure or a 5xx."
    ),
    all_results: bool = typer.Option(
        False, "--all-results", help="List every URL checked, not only broken and redirected."
    ),
    csv_file: Path = typer.Option(
        None,
        "--csv",
        help="Also write every result to this CSV file.",
        metavar="FILE",
        dir_okay=False,
    ),
    as_json: bool = JSON,
) -> None:
    """Check every link and image URL the matching posts use, each URL once.

    Links to other sites are asked for over HTTP (HEAD, or GET where HEAD is refused),
    redirects followed and recorded, failures retried. Links to the site itself are
    looked up among its own posts and pages: a draft, a scheduled post or a missing
    one is broken. mailto:, tel:, javascript: and #anchors are skipped. The Admin key
    is never sent anywhere but the site's API.

    The results are saved for the site (replacing the last check), for
    `links strip --broken` and `links rewrite --follow-redirects`.

    Exit code: 0 when no URL is broken, 1 when some are (so CI can fail on it).

    \b
    Examples:
      ghostkit links check --filter 'tag:news'
      ghostkit links check --all --filter 'tag:news+status:published' --csv links.csv
      ghostkit links check --filter 'tag:news' --per-host 1 --delay 0.5 --timeout 20
      ghostkit links check --filter 'tag:news' --json | jq '.counts'
      ghostkit links check --filter tag:news && ghostkit links strip --broken --dry-run
    """
    import asyncio

    from ghostkit.cli.context import async_admin_client
    from ghostkit.cli.output import note
    from ghostkit.cli.progress import progress_bar
    from ghostkit.operations.change import Selection
    from ghostkit.operations.link_check import check_site
    from ghostkit.operations.link_probe import CheckOptions
    from ghostkit.operations.link_results import save_results

    check_filter(filter_)
    options = CheckOptions(
        concurrency=concurrency, per_host=per_host, delay=delay, timeout=timeout, retries=retries
    )
    admin = async_admin_client(ctx, site)
    selection = Selection(resources(posts, pages, every), filter_)

    async def main() -> Any:
        async with admin:
            with progress_bar(not as_json) as progress:
                return await check_site(admin, selection, options, progress)

    results = asyncio.run(main())
    saved = save_results(results)
    if csv_file is not None:
        write_csv(results, csv_file)
    if as_json:
        typer.echo(json.dumps(results.as_dict(), indent=2, ensure_ascii=False))
    else:
        show_table(results, every=all_results)
        counts = results.counts()
        note(
            f"{len(results.results)} URLs checked: {counts['broken']} broken, "
            f"{counts['redirected']} redirected, {counts['ok']} ok; {counts['skipped']} skipped "
            f"(saved to {saved})"
        )
        if counts["broken"]:
            note("hint: `ghostkit links strip --broken --dry-run` shows how to remove them")
    if results.broken:
        raise typer.Exit(1)


def show_table(results: Any, *, every: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None)
    for column in ("state", "status", "url", "final URL or error", "posts"):
        table.add_column(column, overflow="fold")
    for result in results.ordered(every=every):
        status = "" if result.status is None else str(result.status)
        if result.state == "redirected":
            kind = "permanent" if result.permanent else "temporary"
            detail = f"{result.final_url} ({kind}, {len(result.redirects)} hops)"
        else:
            detail = result.error or ("a post of the site" if result.internal else "")
        shown_posts = ", ".join(result.posts[:3]) + (" ..." if len(result.posts) > 3 else "")
        table.add_row(result.state, status, result.url, detail, shown_posts)
    if table.row_count:
        Console().print(table)


def write_csv(results: Any, path: Path) -> None:
    """Every result as a CSV row, written whole, 0600 (it can list drafts)."""
    from ghostkit.core.files import PRIVATE, write_file

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for result in results.ordered():
        row = result.as_dict()
        row["posts"] = " ".join(result.posts)
        writer.writerow([row[column] if row[column] is not None else "" for column in CSV_COLUMNS])
    write_file(path.expanduser().absolute(), out.getvalue(), mode=PRIVATE)
