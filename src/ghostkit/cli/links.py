"""`ghostkit links`: bulk link edits, previewed and journaled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from ghostkit.cli.bulk import (
    ALL,
    CONCURRENCY,
    DRY_RUN,
    FILTER,
    JSON,
    PAGES,
    POSTS,
    REPORT,
    YES,
    check_filter,
    resources,
    run_and_report,
    site_label,
    was_given,
)
from ghostkit.cli.context import SITE

app = typer.Typer(
    help="Find and remove links in posts and pages, safely: previewed, journaled, undoable.\n\n"
    "Example: ghostkit links strip --external-only --dry-run",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("list")
def list_links(
    ctx: typer.Context,
    site: str = SITE,
    posts: bool = POSTS,
    pages: bool = PAGES,
    every: bool = ALL,
    filter_: str = FILTER,
    as_json: bool = JSON,
) -> None:
    """List every link in every matching post: inline, in cards, in HTML and Markdown.

    Example: ghostkit links list --all --json > links.json
    """
    import asyncio

    from ghostkit.cli.context import async_admin_client
    from ghostkit.operations.transforms import FORMATS

    check_filter(filter_)

    async def collect() -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        async with async_admin_client(ctx, site) as admin:
            for name in resources(posts, pages, every):
                async for post in getattr(admin, name).iter(
                    filter=filter_, formats="lexical,mobiledoc"
                ):
                    fmt = "lexical" if post.lexical else "mobiledoc" if post.mobiledoc else None
                    if fmt is None:
                        continue
                    module = FORMATS[fmt]
                    for link in module.list_links(module.parse(getattr(post, fmt))):
                        rows.append(
                            {"post": post.slug, "resource": name, "format": fmt, **link.as_dict()}
                        )
        return rows

    rows = asyncio.run(collect())
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None)
    for column in ("post", "where", "card", "url", "text"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["post"], row["where"], row["card"] or "", row["url"] or "", (row["text"] or "")[:40]
        )
    Console().print(table)
    from ghostkit.cli.output import note

    note(f"{len(rows)} links in {len({r['post'] for r in rows})} posts")


@app.command("strip")
def strip(
    ctx: typer.Context,
    site: str = SITE,
    posts: bool = POSTS,
    pages: bool = PAGES,
    every: bool = ALL,
    filter_: str = FILTER,
    external_only: bool = typer.Option(
        False, "--external-only", help="Keep links to the site itself."
    ),
    domain: list[str] = typer.Option(
        [], "--domain", help="Only links to this domain (and its subdomains); repeatable."
    ),
    match: str = typer.Option(None, "--match", help="Only URLs this regex matches."),
    broken: bool = typer.Option(
        False, "--broken", help="Only the links the last `links check` of the site found broken."
    ),
    link_cards: str = typer.Option(
        "keep",
        "--link-cards",
        help="Cards that are a link "
        "(bookmark, button, embed, product, file, CTA buttons): keep, "
        "text (a paragraph of their text) or remove.",
    ),
    dry_run: bool = DRY_RUN,
    yes: bool = YES,
    concurrency: int = CONCURRENCY,
    resume: str = typer.Option(
        None,
        "--resume",
        help="Finish the run RUN that stopped part-way: exactly that run, with the options, "
        "resources and filter in its journal (options that differ are refused).",
        metavar="RUN",
    ),
    report: Path = REPORT,
    as_json: bool = JSON,
) -> None:
    """Remove links from every matching post, keeping their text and formatting.

    Reads every post (100 at a time), plans the new documents, shows the plan, asks, then
    saves only the posts that change, each with the updated_at it read (a post someone
    saved meanwhile is read and planned again, never overwritten). Every original is
    journaled first: `ghostkit runs undo RUN` puts them back. Afterwards each changed post
    is read back as Ghost renders it to check that no selected link is left.

    One run per site at a time. A run stopped by Ctrl-C, a crash or a site that stopped
    answering says its id: `ghostkit runs resume RUN` (or `--resume RUN`) finishes it.

    Examples:
      ghostkit links strip --dry-run
      ghostkit links strip --external-only --yes
      ghostkit links strip --domain example.com --link-cards text --all
      ghostkit links check --filter tag:news && ghostkit links strip --broken --dry-run
    """
    import re
    from urllib.parse import urlsplit

    from ghostkit.cli.context import async_admin_client
    from ghostkit.content.cards import LINK_CARD_MODES
    from ghostkit.content.selection import LinkSelector
    from ghostkit.core.errors import ConfigurationError
    from ghostkit.operations.link_results import broken_links
    from ghostkit.operations.transforms import StripLinks

    if link_cards not in LINK_CARD_MODES:
        raise ConfigurationError(f"--link-cards must be one of {', '.join(LINK_CARD_MODES)}")
    if resume is not None:
        from ghostkit.cli.resume import run_resume

        names = ("posts", "pages", "every", "filter_", "external_only", "domain", "match", "broken")
        given = {name: value for name, value in locals().items() if was_given(ctx, name, names)}
        if was_given(ctx, "link_cards", ("link_cards",)):
            given["link_cards"] = link_cards
        run_resume(
            ctx,
            resume,
            site=site,
            given=given,
            yes=yes,
            dry_run=dry_run,
            concurrency=concurrency,
            as_json=as_json,
            kind="links-strip",
        )
        return
    check_filter(filter_)
    if match == "":
        raise ConfigurationError(
            "--match is empty, which would select every link",
            hint="give a regular expression such as '^https://old\\.example\\.com/', "
            "or leave --match out",
        )
    admin = async_admin_client(ctx, site)
    try:
        selector = LinkSelector(
            external_only=external_only,
            domains=tuple(domain),
            pattern=match,
            site_url=admin.site_url,
            urls=broken_links(admin.site_url) if broken else None,
        )
    except re.error as exc:
        raise ConfigurationError(
            f"--match is not a valid regular expression: {exc}",
            hint="check the brackets and escapes (Python's re syntax), "
            "such as '^https://old\\.example\\.com/'",
        ) from exc
    site_host = (urlsplit(admin.site_url).hostname or "").lower()
    if external_only and selector.domains and set(selector.domains) <= {site_host}:
        from ghostkit.core.errors import UsageError

        raise UsageError(
            "--external-only keeps links to the site, and --domain names only the site: "
            "no link would be selected",
            hint="leave out --external-only to remove links to the site itself",
        )
    run_and_report(
        admin,
        StripLinks(selector, link_cards),
        resources(posts, pages, every),
        filter_,
        dry_run=dry_run,
        yes=yes,
        concurrency=concurrency,
        as_json=as_json,
        site=site_label(ctx, site),
        report=report,
    )
