"""`ghostkit runs resume` (and `links strip --resume`, `replace --resume`): finish a run
exactly as its journal describes it; options on the command line that differ from the
run's are refused."""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

import typer

from ghostkit.cli.bulk import CONCURRENCY, JSON, YES, drive, exit_on_failures, resources
from ghostkit.cli.context import SITE
from ghostkit.cli.plans import report_outcome
from ghostkit.cli.runs import RESUMED

if TYPE_CHECKING:
    from ghostkit.operations.records import RunHeader

STRIP_OPTIONS = {
    "external_only": "--external-only",
    "domain": "--domain",
    "match": "--match",
    "link_cards": "--link-cards",
    "broken": "--broken",
}
REPLACE_OPTIONS = {
    "find": "FIND",
    "replacement": "REPLACEMENT",
    "regex": "--regex",
    "fields": "--in",
}


def _differences(header: RunHeader, given: dict[str, Any]) -> list[str]:
    """The options given on the command line that are not the run's own."""
    from ghostkit.content.selection import normalize_domain

    operation = header.change
    differ: list[str] = []
    if {"posts", "pages", "every"} & set(given):
        chosen = resources(
            bool(given.get("posts")), bool(given.get("pages")), bool(given.get("every"))
        )
        read = list(header.resources)
        if list(chosen) != read:
            differ.append(f"{' and '.join(chosen)} (the run's: {' and '.join(read)})")
    if "filter_" in given and given["filter_"] != header.filter:
        differ.append(f"--filter {given['filter_']!r} (the run's: {header.filter!r})")
    for name, option in STRIP_OPTIONS.items():
        if name not in given:
            continue
        value = given[name]
        if header.kind != "links-strip":
            differ.append(f"{option} (run {header.id} is a {header.kind} run)")
            continue
        recorded: Any = operation.get({"domain": "domains"}.get(name, name))
        if name == "domain":
            with contextlib.suppress(Exception):  # else they are compared as written
                value = [normalize_domain(d) for d in value]
                recorded = [normalize_domain(d) for d in recorded or []]
            value, recorded = sorted(value), sorted(recorded or [])
        elif name == "external_only":
            recorded = bool(recorded)
        elif name == "link_cards":  # a run of ghostkit 0.1 kept link cards
            recorded = recorded or "keep"
        elif name == "broken":  # a --broken run wrote the exact URLs it strips
            recorded = isinstance(operation.get("urls"), list)
        if value != recorded:
            differ.append(f"{option} {value!r} (the run's: {recorded!r})")
    return differ + _replace_differences(header, given)


def _replace_differences(header: RunHeader, given: dict[str, Any]) -> list[str]:
    """The options of `replace` given that are not the run's own (a run without fields
    replaced in the body)."""
    from ghostkit.operations.transforms import replace_fields

    differ: list[str] = []
    for name, option in REPLACE_OPTIONS.items():
        if name not in given:
            continue
        value: Any = given[name]
        if header.kind != "replace":
            differ.append(f"{option} (run {header.id} is a {header.kind} run)")
            continue
        recorded: Any = header.change.get(name)
        if name == "fields":
            value = ",".join(replace_fields(value))
            recorded = ",".join(map(str, recorded)) if isinstance(recorded, list) else "body"
        elif name == "regex":
            recorded = bool(recorded)
        if value != recorded:
            differ.append(f"{option} {value!r} (the run's: {recorded!r})")
    return differ


def run_resume(
    ctx: typer.Context,
    run_id: str,
    *,
    site: str | None,
    given: dict[str, Any],
    yes: bool,
    dry_run: bool,
    concurrency: int,
    as_json: bool,
    kind: str | None = None,
) -> None:
    """Finish run `run_id`: exactly the run its journal describes, on the site it ran on.
    Options in `given` (given on the command line) that differ from the run's are refused."""
    from ghostkit.cli.context import async_admin_client, site_name
    from ghostkit.cli.progress import progress_bar
    from ghostkit.core.errors import UsageError
    from ghostkit.operations.api import default_runs_dir, engine_for_run, run_header
    from ghostkit.operations.summary import Outcome

    runs_dir = default_runs_dir()
    header = run_header(runs_dir, run_id)
    if kind is not None and header.kind not in (kind, None):
        raise UsageError(
            f"run {run_id} is a {header.kind} run, not a {kind} run",
            hint=f"finish it with `ghostkit runs resume {run_id}`",
        )
    differ = _differences(header, given)
    explicit = site_name(ctx, site)
    if differ:
        raise UsageError(
            f"run {run_id} ran with other options: " + "; ".join(differ),
            hint=f"a resume does exactly the run it resumes: `ghostkit runs resume {run_id}` "
            "takes everything from its journal (see `ghostkit runs show`)",
        )
    admin = async_admin_client(ctx, explicit or header.site)
    engine = engine_for_run(
        admin, header, runs_dir=runs_dir, concurrency=concurrency, profile=explicit
    )

    async def main() -> Outcome:
        async with admin:
            if dry_run:
                with progress_bar(not as_json) as progress:
                    return Outcome(plan=await engine.plan_rest(run_id, progress))
            from ghostkit.cli.confirm import confirm

            what = json.dumps(header.change, ensure_ascii=False)
            if not confirm(f"Finish run {run_id} ({what})?", yes=yes):
                return Outcome(aborted=True)
            engine.run_id = run_id
            with progress_bar(not as_json) as progress:
                return Outcome(summary=await engine.resume(run_id, progress))

    outcome = drive(main, lambda: engine)
    report_outcome(outcome, dry_run=dry_run, as_json=as_json)
    exit_on_failures(outcome.summary.as_dict() if outcome.summary else None)


def resume_command(
    ctx: typer.Context,
    run: str = typer.Argument(..., help="The run id (see `ghostkit runs list`)."),
    site: str = SITE,
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what finishing the run would change; change nothing."
    ),
    yes: bool = YES,
    concurrency: int = CONCURRENCY,
    as_json: bool = JSON,
) -> None:
    """Finish a run that stopped part-way."""
    run_resume(
        ctx,
        run,
        site=site,
        given={},
        yes=yes,
        dry_run=dry_run,
        concurrency=concurrency,
        as_json=as_json,
    )


resume_command.__doc__ = f"""Finish a run that stopped part-way (Ctrl-C, a crash, a site that
stopped answering): exactly that run, with the change, options, resources and filter in
its journal, on the site it ran on. No item is changed twice, the tags a run deletes are
deleted once all its edits have landed, and no image a re-host uploaded is sent again.

It resumes a run of {RESUMED} (a restore from the same backup file, unchanged). A posts
push is finished by pushing the same files again; a run of a change of
your own, from your script: ghostkit.operations.resume(RUN, change=...).

Example: ghostkit runs resume 20261124-231500-ab12 --yes
"""
