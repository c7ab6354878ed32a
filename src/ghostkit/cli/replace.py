"""`ghostkit replace`: find and replace in posts and pages, in the fields chosen with --in,
previewed, journaled and undoable."""

from __future__ import annotations

from pathlib import Path

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

IN_HELP = (
    "Where to replace, comma-separated or repeated: body (the text, the default), title, "
    "excerpt (the custom excerpt), meta (meta, Open Graph and X titles and descriptions), "
    "alt (image and gallery alt text), captions (card captions' text, never their links), "
    "codeinjection (the raw code of the head and foot), or all."
)
RESUMED = ("posts", "pages", "every", "filter_", "find", "replacement", "regex", "fields")
"""The options a resume compares with the run's own."""


def replace_command(
    ctx: typer.Context,
    find: str | None = typer.Argument(
        None, help="Text to find (a regex with --regex).", metavar="FIND", show_default=False
    ),
    replacement: str | None = typer.Argument(
        None,
        metavar="REPLACEMENT",
        help="What to put instead, as written (with --regex, \\1 or \\g<name> is a group).",
        show_default=False,
    ),
    regex: bool = typer.Option(False, "--regex", help="FIND is a regular expression."),
    fields: list[str] = typer.Option([], "--in", help=IN_HELP, metavar="FIELDS"),
    site: str = SITE,
    posts: bool = POSTS,
    pages: bool = PAGES,
    every: bool = ALL,
    filter_: str = FILTER,
    dry_run: bool = DRY_RUN,
    yes: bool = YES,
    concurrency: int = CONCURRENCY,
    resume: str = typer.Option(
        None,
        "--resume",
        help="Finish the run RUN that stopped part-way: exactly that run, with the FIND, "
        "REPLACEMENT, --regex, --in, resources and filter in its journal (any given that "
        "differ are refused).",
        metavar="RUN",
    ),
    report: Path = REPORT,
    as_json: bool = JSON,
) -> None:
    """Find and replace text in every matching post: by default in the body's text only
    (text and Markdown cards' text: never URLs or other cards); --in chooses the fields.

    Every field is a plain find and replace of its text, except: captions are HTML, and only
    their text changes (never a tag, a link or an image); code injection is replaced in
    its raw code, markup and all. The plan's diff shows each field before and after, and
    the summary counts the replacements in each. Ghost's rendering of each changed post is
    checked afterwards; `ghostkit runs undo RUN` puts every field back. A run that
    stopped part-way is finished by `ghostkit runs resume RUN` (or `--resume RUN`).

    Examples:
      ghostkit replace 'Acme Inc' 'Acme Corp' --dry-run
      ghostkit replace 'Acme Inc' 'Acme Corp' --in body,title,meta --all --yes
      ghostkit replace 'Acme Inc' 'Acme Corp' --in alt --in captions --dry-run
      ghostkit replace 'old.cdn.example' 'cdn.example' --in codeinjection --dry-run
      ghostkit replace '\\bcolour\\b' 'color' --regex --in all --yes
    """
    from ghostkit.cli.context import async_admin_client
    from ghostkit.core.errors import UsageError
    from ghostkit.operations.transforms import ReplaceText, replace_fields

    chosen = replace_fields(fields)  # refuses an unknown field first
    if resume is not None:
        from ghostkit.cli.resume import run_resume

        given = {name: value for name, value in locals().items() if was_given(ctx, name, RESUMED)}
        run_resume(
            ctx,
            resume,
            site=site,
            given=given,
            yes=yes,
            dry_run=dry_run,
            concurrency=concurrency,
            as_json=as_json,
            kind="replace",
        )
        return
    if find is None or replacement is None:
        raise UsageError(
            "replace needs FIND and REPLACEMENT",
            hint="such as: ghostkit replace 'Acme Inc' 'Acme Corp' --dry-run "
            "(or --resume RUN to finish a run)",
        )
    change = ReplaceText(find, replacement, regex, chosen)  # refuses an empty or bad FIND
    check_filter(filter_)
    run_and_report(
        async_admin_client(ctx, site),
        change,
        resources(posts, pages, every),
        filter_,
        dry_run=dry_run,
        yes=yes,
        concurrency=concurrency,
        as_json=as_json,
        site=site_label(ctx, site),
        report=report,
    )
