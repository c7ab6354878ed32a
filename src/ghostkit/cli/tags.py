"""`ghostkit tags merge|rename|delete-unused`: changes of the site's tags, run by the
engine like `links strip` (previewed, journaled, verified, resumable, undoable)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import typer

from ghostkit.cli.bulk import (
    CONCURRENCY,
    DRY_RUN,
    JSON,
    REPORT,
    YES,
    check_filter,
    run_and_report,
)
from ghostkit.cli.context import SITE


def add_commands(app: typer.Typer) -> None:
    """Put the tag changes on the `tags` group."""
    app.command("merge")(merge)
    app.command("rename")(rename)
    app.command("delete-unused")(delete_unused)


def _made(ctx: typer.Context, site: str | None, make: Callable[[Any], Awaitable[Any]]) -> Any:
    """A change resolved against the site's tags (with a client of its own: the run's
    client lives in the run's event loop)."""
    import asyncio

    from ghostkit.cli.context import async_admin_client

    async def main() -> Any:
        async with async_admin_client(ctx, site) as admin:
            return await make(admin)

    return asyncio.run(main())


def _run_change(
    ctx: typer.Context,
    site: str | None,
    change: Any,
    *,
    dry_run: bool,
    yes: bool,
    concurrency: int,
    as_json: bool,
    report: Path | None,
) -> None:
    from ghostkit.cli.bulk import site_label
    from ghostkit.cli.context import async_admin_client

    selection = change.selection()
    run_and_report(
        async_admin_client(ctx, site),
        change,
        selection.resources,
        selection.filter,
        dry_run=dry_run,
        yes=yes,
        concurrency=concurrency,
        as_json=as_json,
        site=site_label(ctx, site),
        report=report,
    )


def merge(
    ctx: typer.Context,
    tags: list[str] = typer.Argument(..., metavar="TAG...", help="The tags to merge."),
    into: str = typer.Option(
        ..., "--into", metavar="TAG", help="The tag they become (created when the site has none)."
    ),
    site: str = SITE,
    dry_run: bool = DRY_RUN,
    yes: bool = YES,
    concurrency: int = CONCURRENCY,
    report: Path = REPORT,
    as_json: bool = JSON,
) -> None:
    """Merge tags into one: every post and page carrying one of them gets the --into tag
    instead, then the merged tags are deleted.

    Each post keeps its other tags in their order; the --into tag takes the place of the
    first of the merged tags (or of itself) that the post carries, once, so a merged
    primary tag makes it the primary tag. When the site has no --into tag it is created
    first, with the name given and a slug made from it. Each merged tag is recorded whole
    (name, slug, description, images, meta, visibility, accent colour...) before it is
    deleted, and only once no post or page carries it.

    `ghostkit runs undo RUN` recreates the merged tags, puts them back on exactly the
    posts and pages that had them, in their places, and deletes a tag the merge created.

    A tag is named by its slug, else by its name (letter case aside); write slug:WORD or
    name:WORD to say which. An ambiguous or unknown name is refused, with close matches.

    \b
    Examples:
      ghostkit tags merge updates announcements --into news --dry-run
      ghostkit tags merge "Old News" slug:news-2 --into "News" --yes
      ghostkit tags merge js javascript --into "JavaScript" --report merge.html --dry-run
    """
    from ghostkit.operations.tag_changes import MergeTags

    change = _made(ctx, site, lambda admin: MergeTags.made(admin, tags, into=into))
    _run_change(
        ctx,
        site,
        change,
        dry_run=dry_run,
        yes=yes,
        concurrency=concurrency,
        as_json=as_json,
        report=report,
    )


def rename(
    ctx: typer.Context,
    old: str = typer.Argument(..., metavar="TAG", help="The tag to rename."),
    new: str = typer.Argument(..., metavar="NEW-NAME", help="Its new name."),
    slug: str = typer.Option(
        None, "--slug", metavar="NEW-SLUG", help="Its new slug too (else the slug stays)."
    ),
    site: str = SITE,
    dry_run: bool = DRY_RUN,
    yes: bool = YES,
    report: Path = REPORT,
    as_json: bool = JSON,
) -> None:
    """Rename a tag (and, with --slug, change its slug), journaled: `ghostkit runs undo
    RUN` puts the old name and slug back. A name or slug another tag has already is
    refused (merge the two instead). A new slug changes the tag's URL (/tag/SLUG/).

    A tag is named by its slug, else by its name (letter case aside); write slug:WORD or
    name:WORD to say which.

    \b
    Examples:
      ghostkit tags rename js JavaScript --dry-run
      ghostkit tags rename "Product news" "Product updates" --slug product-updates --yes
    """
    from ghostkit.operations.tag_changes import RenameTag

    change = _made(ctx, site, lambda admin: RenameTag.made(admin, old, new, slug=slug))
    _run_change(
        ctx, site, change, dry_run=dry_run, yes=yes, concurrency=1, as_json=as_json, report=report
    )


def delete_unused(
    ctx: typer.Context,
    include_internal: bool = typer.Option(
        False, "--include-internal", help="Internal tags (#...) too; they are left by default."
    ),
    filter_: str = typer.Option(
        None, "--filter", help="Only the tags this NQL filter selects, e.g. \"slug:~^'old-'\"."
    ),
    site: str = SITE,
    dry_run: bool = DRY_RUN,
    yes: bool = YES,
    report: Path = REPORT,
    as_json: bool = JSON,
) -> None:
    """Delete every tag that no post or page carries (drafts included), journaled: each
    is recorded whole first, and `ghostkit runs undo RUN` recreates them as they were.

    Internal tags (#...) are often used by themes and integrations without being on a
    post, so they are kept unless --include-internal. A tag someone puts on a post between
    the plan and its deletion is kept.

    \b
    Examples:
      ghostkit tags delete-unused --dry-run
      ghostkit tags delete-unused --include-internal --yes --json
      ghostkit tags delete-unused --filter "slug:~^'import-'" --report unused.html
    """
    from ghostkit.operations.tag_changes import DeleteUnusedTags

    check_filter(filter_)
    change = DeleteUnusedTags(internal=include_internal, filter=filter_)
    _run_change(
        ctx, site, change, dry_run=dry_run, yes=yes, concurrency=1, as_json=as_json, report=report
    )
