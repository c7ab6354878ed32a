"""`ghostkit lint`: a read-only report on a site's content, for content CI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from ghostkit.cli.bulk import ALL, FILTER, JSON, PAGES, POSTS, check_filter, resources
from ghostkit.cli.context import SITE

if TYPE_CHECKING:
    from ghostkit.operations.lint_report import LintReport
    from ghostkit.operations.lint_rules import Rule

LINT_EPILOG = """Exit codes: 0 when no rule with the severity "error" found anything (warnings
alone exit 0), 1 when one did; 2 for a usage error (an unknown rule), and the usual codes
of `ghostkit --help` when the site cannot be read. The rules, their severities and reasons:
`ghostkit lint --list-rules`, and docs/lint.md."""


def lint_command(
    ctx: typer.Context,
    site: str = SITE,
    posts: bool = POSTS,
    pages: bool = PAGES,
    every: bool = ALL,
    filter_: str = FILTER,
    rule: list[str] = typer.Option(
        [], "--rule", help="Run only this rule (repeatable); '!ID' skips it.", metavar="ID"
    ),
    skip: list[str] = typer.Option([], "--skip", help="Skip this rule (repeatable).", metavar="ID"),
    error: list[str] = typer.Option(
        [], "--error", help="Make this rule an error: it fails the run (repeatable).", metavar="ID"
    ),
    warn: list[str] = typer.Option(
        [], "--warn", help="Make this rule a warning: reported only (repeatable).", metavar="ID"
    ),
    list_rules: bool = typer.Option(
        False, "--list-rules", help="Print the rules, their severities and reasons, and exit."
    ),
    as_json: bool = JSON,
) -> None:
    """Check every matching post for content problems; change nothing.

    Images without alt text, posts without a meta description or excerpt, titles too long
    for search results, duplicate titles, links to drafts or to missing posts of the site,
    empty posts, published posts without tags, cards whose member visibility a change
    would drop. Each finding names the post, the rule, its severity and where it is.
    Posts are read 100 at a time with only the fields the chosen rules need.

    Examples:
      ghostkit lint --list-rules
      ghostkit lint --all --json > lint.json; jq '.findings[].rule' lint.json
      ghostkit lint --rule image-alt --rule title-length --filter status:published
      ghostkit lint --rule '!no-tags' --warn empty --warn link-to-draft --warn link-to-missing
    """
    import asyncio

    from ghostkit.cli.context import async_admin_client
    from ghostkit.operations.change import Selection
    from ghostkit.operations.lint_report import choose_rules, lint_site

    chosen = choose_rules(rule, skip, error, warn)
    if list_rules:
        _print_rules(chosen, as_json)
        return
    check_filter(filter_)
    admin = async_admin_client(ctx, site)
    selection = Selection(resources(posts, pages, every), filter_)

    async def main() -> LintReport:
        from ghostkit.cli.progress import progress_bar

        async with admin:
            with progress_bar(not as_json) as progress:
                return await lint_site(admin, selection, chosen, progress)

    report = asyncio.run(main())
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        _print_findings(report)
    if report.failed:
        raise typer.Exit(1)


def _print_findings(report: LintReport) -> None:
    from rich.console import Console
    from rich.table import Table

    from ghostkit.cli.output import note

    if report.findings:
        table = Table(box=None)
        for column in ("severity", "rule", "post", "where", "message"):
            table.add_column(column, overflow="fold")
        for finding in report.findings:
            post = finding.slug if finding.resource == "posts" else f"page {finding.slug}"
            table.add_row(
                finding.severity, finding.rule, post, finding.where or "", finding.message
            )
        Console().print(table)
    checked = ", ".join(f"{count} {name}" for name, count in report.checked.items())
    errors, warnings = report.count("error"), report.count("warning")
    note(
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
        f"in {checked} ({len(report.rules)} rules)"
    )


def _print_rules(rules: Sequence[Rule], as_json: bool) -> None:
    if as_json:
        rows = [
            {"id": r.id, "severity": r.severity, "description": r.description, "reason": r.reason}
            for r in rules
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rules:
        typer.echo(f"{r.id} ({r.severity})\n  {r.description}\n  Why: {r.reason}\n")
