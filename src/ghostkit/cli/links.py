"""`ghostkit links` and `ghostkit replace`: bulk content edits, previewed and journaled."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import typer

from ghostkit.cli.context import SITE

if TYPE_CHECKING:
    from ghostkit.operations.plan import Plan

app = typer.Typer(
    help="Find and remove links in posts and pages, safely: previewed, journaled, undoable.\n\n"
    "Example: ghostkit links strip --external-only --dry-run",
    no_args_is_help=True,
    rich_markup_mode=None,
)

POSTS = typer.Option(False, "--posts", help="Posts only (the default).")
PAGES = typer.Option(False, "--pages", help="Pages only.")
ALL = typer.Option(False, "--all", help="Posts and pages.")
FILTER = typer.Option(None, "--filter", help="NQL filter, e.g. 'tag:news+status:published'.")
JSON = typer.Option(False, "--json", help="Print one JSON object (for scripts).")
DRY_RUN = typer.Option(False, "--dry-run", help="Show what would change; change nothing.")
YES = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation.")
CONCURRENCY = typer.Option(4, "--concurrency", "-c", min=1, max=16, help="Edits in flight at once.")


def resources(posts: bool, pages: bool, every: bool) -> tuple[str, ...]:
    if every or (posts and pages):
        return ("posts", "pages")
    return ("pages",) if pages else ("posts",)


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
    link_cards: str = typer.Option(
        "keep",
        "--link-cards",
        help="Cards that are a link "
        "(bookmark, button, embed, product, CTA buttons): keep, "
        "text (a paragraph of their text) or remove.",
    ),
    dry_run: bool = DRY_RUN,
    yes: bool = YES,
    concurrency: int = CONCURRENCY,
    resume: str = typer.Option(None, "--resume", help="Finish an interrupted run."),
    as_json: bool = JSON,
) -> None:
    """Remove links from every matching post, keeping their text and formatting.

    Reads every post (100 at a time), plans the new documents, shows the plan, asks, then
    saves only the posts that change, each with the updated_at it read (a post someone
    saved meanwhile is read and planned again, never overwritten). Every original is
    journaled first: `ghostkit runs undo RUN` puts them back. Afterwards each changed post
    is read back as Ghost renders it to check that no selected link is left.

    Examples:
      ghostkit links strip --dry-run
      ghostkit links strip --external-only --yes
      ghostkit links strip --domain example.com --link-cards text --all
    """
    from ghostkit.cli.context import async_admin_client
    from ghostkit.content.cards import LINK_CARD_MODES
    from ghostkit.content.selection import LinkSelector
    from ghostkit.core.errors import ConfigurationError
    from ghostkit.operations.transforms import StripLinks

    if link_cards not in LINK_CARD_MODES:
        raise ConfigurationError(f"--link-cards must be one of {', '.join(LINK_CARD_MODES)}")
    admin = async_admin_client(ctx, site)
    try:
        selector = LinkSelector(
            external_only=external_only,
            domains=tuple(domain),
            pattern=match,
            site_url=admin.site_url,
        )
    except Exception as exc:
        raise ConfigurationError(f"--match is not a valid regular expression: {exc}") from exc
    transform = StripLinks(selector, link_cards)
    _run(
        admin,
        transform,
        resources(posts, pages, every),
        filter_,
        dry_run=dry_run,
        yes=yes,
        concurrency=concurrency,
        resume=resume,
        as_json=as_json,
        site=site_label(ctx, site),
    )


def site_label(ctx: typer.Context, site: str | None) -> str | None:
    """The profile the run used (None: the environment), recorded in its journal."""
    from ghostkit.cli.context import chosen_profile

    return chosen_profile(ctx, site)


def _run(
    admin: Any,
    transform: Any,
    names: tuple[str, ...],
    filter_: str | None,
    *,
    dry_run: bool,
    yes: bool,
    concurrency: int,
    resume: str | None,
    as_json: bool,
    site: str | None,
) -> None:
    import asyncio

    from ghostkit.cli.progress import progress_bar
    from ghostkit.operations.api import default_runs_dir
    from ghostkit.operations.runner import Operation

    runs_dir = default_runs_dir()

    async def main() -> dict[str, Any]:
        async with admin:
            operation = Operation(
                admin,
                transform,
                runs_dir=runs_dir,
                resources=names,
                filter=filter_,
                concurrency=concurrency,
                site=site,
            )
            with progress_bar(not as_json) as progress:
                if resume:
                    summary = await operation.resume(resume, progress)
                    summary.verify = await operation.verify(summary.run_id, progress)
                    return {"summary": summary.as_dict()}
                plan = await operation.plan(progress)
            if dry_run or not plan.changes:
                return {"plan": plan}
            if not _confirm(plan, yes, as_json):
                return {"plan": plan, "aborted": True}
            with progress_bar(not as_json) as progress:
                summary = await operation.apply(plan, progress)
                summary.verify = await operation.verify(summary.run_id, progress)
            return {"plan": plan, "summary": summary.as_dict()}

    outcome = asyncio.run(main())
    _report(outcome, dry_run=dry_run, as_json=as_json)
    summary = outcome.get("summary")
    if summary and (summary["failed"] or not (summary["verify"] or {}).get("ok", True)):
        raise typer.Exit(1)


def _confirm(plan: Plan, yes: bool, as_json: bool) -> bool:
    if yes:
        return True
    if not sys.stdin.isatty():
        from ghostkit.core.errors import ConfigurationError

        raise ConfigurationError(
            "not changing posts without confirmation",
            hint="run with --dry-run to preview, then add --yes",
        )
    if not as_json:
        _print_plan(plan, diffs=False)
    return typer.confirm(f"Change {len(plan.changes)} posts?", default=False)


def _print_plan(plan: Plan, *, diffs: bool) -> None:
    from rich.console import Console

    console = Console(stderr=False, highlight=False)
    for item in plan.changes:
        kept = f", {len(item.link_cards)} link cards kept" if item.link_cards else ""
        console.print(f"[bold]{item.slug}[/bold] ({item.format}): {item.removed} links{kept}")
        if diffs:
            console.print(item.diff(), markup=False)
    console.print(
        f"{plan.seen} posts read: {len(plan.changes)} to change "
        f"({plan.links_removed} links), {plan.unchanged} unchanged"
        + (f", {plan.link_cards_kept} link cards kept" if plan.link_cards_kept else "")
    )


def _report(outcome: dict[str, Any], *, dry_run: bool, as_json: bool) -> None:
    plan = outcome.get("plan")
    summary = outcome.get("summary")
    if as_json:
        document: dict[str, Any] = summary or {}
        if plan is not None and summary is None:
            document = {
                "run_id": None,
                "posts_seen": plan.seen,
                "changed": 0,
                "would_change": len(plan.changes),
                "unchanged": plan.unchanged,
                "failed": 0,
                "links_removed": 0,
                "links_to_remove": plan.links_removed,
                "dry_run": dry_run,
                "aborted": bool(outcome.get("aborted")),
                "posts": [item.summary() for item in plan.changes],
                "verify": None,
            }
        typer.echo(json.dumps(document, ensure_ascii=False))
        return
    if summary is None:
        if plan is not None:
            _print_plan(plan, diffs=dry_run)
        if dry_run:
            typer.echo("Dry run: nothing was changed.")
        elif outcome.get("aborted"):
            typer.echo("Nothing was changed.")
        return
    _print_summary(summary)


def _print_summary(summary: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Run {summary['run_id']}", box=None, show_header=False)
    table.add_column(justify="right")
    table.add_column()
    for label, key in (
        ("posts read", "posts_seen"),
        ("changed", "changed"),
        ("unchanged", "unchanged"),
        ("failed", "failed"),
        ("links removed", "links_removed"),
        ("link cards kept", "link_cards_kept"),
    ):
        table.add_row(str(summary[key]), label)
    verify = summary.get("verify") or {}
    Console().print(table)
    if verify:
        state = "ok" if verify["ok"] else f"{len(verify['problems'])} problems"
        typer.echo(f"Verified {verify['checked']} posts as Ghost renders them: {state}")
        for post_id, problem in verify["problems"].items():
            typer.echo(f"  {post_id}: {problem}")
    for post_id, reason in summary["failures"].items():
        typer.echo(f"  failed {post_id}: {reason}")
    typer.echo(f"Undo with: ghostkit runs undo {summary['run_id']}")


def replace_command(
    ctx: typer.Context,
    find: str = typer.Argument(..., help="Text to find (a regex with --regex)."),
    replacement: str = typer.Argument(
        ..., help="What to put instead, as written (with --regex, \\1 or \\g<name> is a group)."
    ),
    regex: bool = typer.Option(False, "--regex", help="FIND is a regular expression."),
    site: str = SITE,
    posts: bool = POSTS,
    pages: bool = PAGES,
    every: bool = ALL,
    filter_: str = FILTER,
    dry_run: bool = DRY_RUN,
    yes: bool = YES,
    concurrency: int = CONCURRENCY,
    as_json: bool = JSON,
) -> None:
    """Find and replace text in every matching post (text only: never URLs or cards).

    Examples:
      ghostkit replace 'Acme Inc' 'Acme Corp' --dry-run
      ghostkit replace '\\bcolour\\b' 'color' --regex --all --yes
    """
    from ghostkit.cli.context import async_admin_client
    from ghostkit.operations.transforms import ReplaceText

    change = ReplaceText(find, replacement, regex)  # refuses an empty or bad FIND first
    _run(
        async_admin_client(ctx, site),
        change,
        resources(posts, pages, every),
        filter_,
        dry_run=dry_run,
        yes=yes,
        concurrency=concurrency,
        resume=None,
        as_json=as_json,
        site=site_label(ctx, site),
    )
