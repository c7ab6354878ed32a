"""How the CLI shows a run: its plan before, its summary after, and the outcome as JSON.
It renders what the engine hands it, and decides nothing."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from ghostkit.clients._async.admin import AsyncGhostAdmin
    from ghostkit.operations.change import Change, Selection
    from ghostkit.operations.engine import Engine
    from ghostkit.operations.plan import Plan
    from ghostkit.operations.summary import Outcome


def engine_for(
    admin: AsyncGhostAdmin,
    change: Change,
    selection: Selection,
    *,
    site: str | None,
    concurrency: int = 4,
) -> Engine:
    """The engine of one run started from the command line: the user's runs folder, and
    the profile it ran on (None: the environment) recorded in its journal."""
    from ghostkit.operations.api import default_runs_dir
    from ghostkit.operations.engine import Engine

    return Engine(
        admin,
        change,
        runs_dir=default_runs_dir(),
        selection=selection,
        concurrency=concurrency,
        site=site,
    )


def confirm_hook(
    yes: bool, as_json: bool, report: Path | None = None, options: Mapping[str, Any] | None = None
) -> Callable[[Plan], bool] | None:
    """The engine's confirmation hook: none with --yes (the run then writes as it reads),
    else one that shows the plan at a terminal and asks. With --report the whole plan is
    needed first: the hook writes the page, then asks (or, with --yes, goes on)."""
    if yes and report is None:
        return None

    def confirm_plan(plan: Plan) -> bool:
        from ghostkit.cli.confirm import confirm

        if report is not None:
            write_plan_report(plan, report, options or {})
        if not yes and sys.stdin.isatty() and not as_json:
            print_plan(plan, diffs=False)
        gone = f" and delete {len(plan.deletions)}" if plan.deletions else ""
        return confirm(f"Change {len(plan.changes)} {_things(plan)}{gone}?", yes=yes)

    return confirm_plan


def write_plan_report(plan: Plan, path: Path, options: Mapping[str, Any]) -> None:
    from ghostkit.operations.report import write_report

    write_report(plan, path, title=str(options.get("change", "Plan")), options=options)
    typer.echo(f"Wrote the plan to {path}", err=True)


def _things(plan: Plan) -> str:
    kinds = {item.resource for item in plan.changes}
    return "posts" if kinds <= {"posts"} else "items"


def counted(counts: Mapping[str, int]) -> str:
    """Counts as words: "7 links removed, 2 link cards kept"."""
    return ", ".join(f"{value} {name}" for name, value in counts.items() if value)


def print_plan(plan: Plan, *, diffs: bool) -> None:
    from rich.console import Console

    console = Console(stderr=False, highlight=False)
    for item in plan.changes:
        fields = ", ".join(sorted(item.patch))
        what = counted(item.counts)
        console.print(
            f"[bold]{item.slug or item.id}[/bold] ({fields})" + (f": {what}" if what else ""),
            markup=True,
        )
        if diffs:
            console.print(item.diff(), markup=False)
    for gone in plan.deletions:
        console.print(f"delete {gone['resource']} {gone.get('slug') or gone['id']}", markup=False)
    changing = plan.planned()
    totals = counted(changing)
    others = counted({k: v - changing.get(k, 0) for k, v in plan.counts.items()})
    console.print(
        f"{plan.seen} read: {len(plan.changes)} to change"
        + (f" ({totals})" if totals else "")
        + f", {plan.unchanged} unchanged"
        + (f", {others}" if others else "")
        + (f", {len(plan.deletions)} to delete" if plan.deletions else ""),
        markup=False,
    )


def plan_document(plan: Plan, *, dry_run: bool, aborted: bool) -> dict[str, Any]:
    """A plan as the JSON a script reads."""
    from ghostkit.operations.summary import count_key

    return {
        "run_id": None,
        "dry_run": dry_run,
        "aborted": aborted,
        "seen": plan.seen,
        "would_change": len(plan.changes),
        "unchanged": plan.unchanged,
        "changed": 0,
        "failed": 0,
        "counts": plan.planned(),
        **{count_key(name): value for name, value in plan.planned().items()},
        "items": [item.summary() for item in plan.changes],
        "deletions": plan.deletions,
        "verify": None,
    }


def outcome_document(outcome: Outcome, *, dry_run: bool) -> dict[str, Any]:
    """How a run ended, as the JSON a script reads: its summary, else its plan."""
    if outcome.summary is not None:
        return outcome.summary.as_dict()
    if outcome.plan is not None:
        return plan_document(outcome.plan, dry_run=dry_run, aborted=outcome.aborted)
    return {"run_id": None, "aborted": outcome.aborted}


def report_outcome(outcome: Outcome, *, dry_run: bool, as_json: bool) -> None:
    plan, summary = outcome.plan, outcome.summary
    if as_json:
        typer.echo(json.dumps(outcome_document(outcome, dry_run=dry_run), ensure_ascii=False))
        return
    if summary is None:
        if plan is not None:
            print_plan(plan, diffs=dry_run)
        if dry_run:
            typer.echo("Dry run: nothing was changed.")
        elif outcome.aborted or plan is not None:
            typer.echo("Nothing was changed.")
        return
    print_summary(summary.as_dict())


def print_summary(summary: Mapping[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Run {summary['run_id']}", box=None, show_header=False)
    table.add_column(justify="right")
    table.add_column()
    rows = [("read", "seen"), ("changed", "changed"), ("unchanged", "unchanged")]
    for label, key in [*rows, ("failed", "failed")]:
        table.add_row(str(summary[key]), label)
    if summary.get("recovered"):
        table.add_row(str(summary["recovered"]), "found saved already (an earlier answer lost)")
    for name, value in (summary.get("counts") or {}).items():
        table.add_row(str(value), name)
    Console().print(table)
    verify = summary.get("verify") or {}
    if verify:
        state = "ok" if verify["ok"] else f"{len(verify['problems'])} problems"
        typer.echo(f"Verified {verify['checked']} posts as Ghost renders them: {state}")
        for item_id, problem in verify["problems"].items():
            typer.echo(f"  {item_id}: {problem}")
    for item_id, reason in summary["failures"].items():
        typer.echo(f"  failed {item_id}: {reason}")
    typer.echo(f"Undo with: ghostkit runs undo {summary['run_id']}")
