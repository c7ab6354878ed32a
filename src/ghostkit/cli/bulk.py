"""What every bulk command shares: its options (which items, --dry-run, --yes,
--report, --json, --concurrency) and the one way it runs a change through the engine,
with a progress bar, a confirmation that shows the plan, and what stops a run (Ctrl-C,
the site going away) saying which run it was and how to finish or undo it."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from ghostkit.operations.summary import Outcome

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


def was_given(ctx: typer.Context, name: str, names: tuple[str, ...]) -> bool:
    """Whether the option `name` (one of `names`) was given on the command line."""
    source = ctx.get_parameter_source(name) if name in names else None
    return source is not None and source.name != "DEFAULT"


def check_filter(filter_: str | None) -> None:
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


def run_change(
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
) -> Outcome:
    """One run of `change` through the engine, with the CLI's hooks: a progress bar, and
    a confirmation that shows the plan (none with --yes: the run writes as it reads)."""
    from ghostkit.cli.plans import confirm_hook, engine_for, write_plan_report
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

    outcome: Outcome = drive(main, lambda: engine)
    return outcome


def run_and_report(admin: Any, change: Any, *args: Any, **options: Any) -> None:
    """`run_change`, then its summary (or plan) on the terminal or as JSON; exit 1 when an
    item failed or verify found a problem."""
    from ghostkit.cli.plans import report_outcome

    outcome = run_change(admin, change, *args, **options)
    report_outcome(outcome, dry_run=options["dry_run"], as_json=options["as_json"])
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
