"""`ghostkit links`: bulk link edits, previewed and journaled; and the options and the
run that every bulk content command shares."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import typer

from ghostkit.cli.context import SITE

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
REPORT = typer.Option(
    None,
    "--report",
    help="Write the plan to this HTML page (each item before and after, the counts, the "
    "run's options) before anything changes; with --dry-run, only the page.",
    metavar="FILE",
    dir_okay=False,
)


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

    _check_filter(filter_)

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

        names = ("posts", "pages", "every", "filter_", "external_only", "domain", "match")
        given = {name: value for name, value in locals().items() if _given(ctx, name, names)}
        if _given(ctx, "link_cards", ("link_cards",)):
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
    _check_filter(filter_)
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
    _run(
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


def _given(ctx: typer.Context, name: str, names: tuple[str, ...]) -> bool:
    """Whether the option `name` (one of `names`) was given on the command line."""
    source = ctx.get_parameter_source(name) if name in names else None
    return source is not None and source.name != "DEFAULT"


def _check_filter(filter_: str | None) -> None:
    """An empty --filter (say, an unset shell variable) would select every post: refuse it."""
    if filter_ is not None and not filter_.strip():
        from ghostkit.core.errors import ConfigurationError

        raise ConfigurationError(
            "--filter is empty, which would select every post",
            hint="give an NQL filter such as 'tag:news', or leave --filter out",
        )


def site_label(ctx: typer.Context, site: str | None) -> str | None:
    """The profile the run used (None: the environment), recorded in its journal."""
    from ghostkit.cli.context import chosen_profile

    return chosen_profile(ctx, site)


def _run(
    admin: Any,
    change: Any,
    names: tuple[str, ...],
    filter_: str | None,
    *,
    dry_run: bool,
    yes: bool,
    concurrency: int,
    as_json: bool,
    site: str | None,
    report: Path | None = None,
) -> None:
    """One run of `change` through the engine, with the CLI's hooks: a progress bar, and
    a confirmation that shows the plan (none with --yes: the run writes as it reads)."""
    from ghostkit.cli.plans import confirm_hook, engine_for, report_outcome, write_plan_report
    from ghostkit.cli.progress import progress_bar
    from ghostkit.operations.change import Selection

    engine = engine_for(
        admin, change, Selection(names, filter_), site=site, concurrency=concurrency
    )
    options = {
        "change": change.describe(),
        "selection": engine.selection.describe(),
        "site": admin.site_url,
    }

    async def main() -> Any:
        async with admin:
            with progress_bar(not as_json) as progress:
                outcome = await engine.run(
                    dry_run=dry_run,
                    confirm=confirm_hook(yes, as_json, report, options),
                    progress=progress,
                )
            if dry_run and report is not None and outcome.plan is not None:
                write_plan_report(outcome.plan, report, options)
            return outcome

    outcome = drive(main, lambda: engine)
    report_outcome(outcome, dry_run=dry_run, as_json=as_json)
    exit_on_failures(outcome.summary.as_dict() if outcome.summary else None)


def exit_on_failures(summary: dict[str, Any] | None) -> None:
    if summary and (summary["failed"] or not (summary["verify"] or {}).get("ok", True)):
        raise typer.Exit(1)


def drive(main: Callable[[], Coroutine[Any, Any, Any]], engine: Callable[[], Any | None]) -> Any:
    """Run `main`, a run of the engine that `engine()` returns (None before it exists).
    Once the run has an id, whatever stops it (Ctrl-C, the site going away, any error)
    says which run it was and how to finish or undo it; Ctrl-C exits 130."""
    import asyncio

    from ghostkit.core.errors import GhostError
    from ghostkit.operations.breaker import resume_hint

    try:
        return asyncio.run(main())
    except KeyboardInterrupt:
        current = engine()
        run_id = current.run_id if current is not None else None
        if run_id is None:
            typer.echo("Interrupted before any post was changed.", err=True)
        else:
            changed = _changed_so_far(current, run_id)
            typer.echo(
                f"error: interrupted: run {run_id} stopped part-way ({changed} changed)", err=True
            )
            typer.echo(f"hint: {resume_hint(run_id)}", err=True)
        raise typer.Exit(130) from None
    except GhostError as error:
        current = engine()
        run_id = current.run_id if current is not None else None
        if run_id is not None and run_id not in f"{error.message} {error.hint or ''}":
            error.hint = (
                (error.hint + "; " if error.hint else "") + f"run {run_id}: " + resume_hint(run_id)
            )
        raise


def _changed_so_far(engine: Any, run_id: str) -> str:
    from ghostkit.operations.journal import Journal

    try:
        done = len(Journal.open(engine.runs_dir, run_id).state().done())
    except Exception:  # a count for a message; the journal is still there
        return "some items"
    return f"{done} item{'s' if done != 1 else ''}"
