"""How the CLI shows a bulk run: its plan before, its summary after, and the outcome as JSON."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from ghostkit.operations.plan import Plan


def confirm_plan(plan: Plan, yes: bool, as_json: bool) -> bool:
    from ghostkit.cli.confirm import confirm

    if not yes and sys.stdin.isatty() and not as_json:
        print_plan(plan, diffs=False)
    return confirm(f"Change {len(plan.changes)} posts?", yes=yes)


def print_plan(plan: Plan, *, diffs: bool) -> None:
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


def report_outcome(outcome: dict[str, Any], *, dry_run: bool, as_json: bool) -> None:
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
            print_plan(plan, diffs=dry_run)
        if dry_run:
            typer.echo("Dry run: nothing was changed.")
        elif outcome.get("aborted"):
            typer.echo("Nothing was changed.")
        return
    print_summary(summary)


def print_summary(summary: dict[str, Any]) -> None:
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
