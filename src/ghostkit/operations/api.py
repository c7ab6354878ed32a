"""One-call versions of the engine, for scripts: run any change, resume, undo.

from ghostkit.operations import Change, run

class PrefixDrafts(Change):
    kind = "prefix-drafts"
    reads = ("title",)

    def plan(self, item):
        return {"title": "Draft: " + item["title"]}

summary = run(PrefixDrafts(), "blog", filter="status:draft")
"""

from __future__ import annotations

import asyncio
import importlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from ghostkit.clients._async.admin import AsyncGhostAdmin
from ghostkit.config.paths import Paths
from ghostkit.content.cards import LinkCardMode
from ghostkit.content.selection import LinkSelector
from ghostkit.core.errors import ConfigurationError, GhostError, UsageError
from ghostkit.operations.change import Change, Selection
from ghostkit.operations.engine import RESOURCES, Engine
from ghostkit.operations.journal import Journal, RunHeader
from ghostkit.operations.plan import Plan
from ghostkit.operations.restore import RestoreChange
from ghostkit.operations.summary import Summary
from ghostkit.operations.transforms import ReplaceText, StripLinks

CHANGE_CLASSES: dict[str, tuple[str, str, bool]] = {
    "links-strip": ("transforms", "StripLinks", True),
    "links-rewrite": ("rewrite", "RewriteLinks", True),
    "images-rehost": ("rehost", "RehostImages", True),
    "replace": ("transforms", "ReplaceText", False),
    "set-fields": ("post_fields", "SetFields", False),
    "post-tags": ("post_relations", "EditTags", False),
    "post-authors": ("post_relations", "EditAuthors", False),
    "restore": ("restore", "RestoreChange", False),
    "tags-merge": ("tag_changes", "MergeTags", False),
    "tags-rename": ("tag_changes", "RenameTag", False),
    "tags-delete-unused": ("tag_changes", "DeleteUnusedTags", False),
}
"""Each kind of built-in run: the module of `ghostkit.operations` and the class that make
its change, and whether its `from_description` is given the site's URL too."""

Maker = Callable[[Mapping[str, Any], str], Change]


class _Makers(Mapping[str, Maker]):
    """`BUILT_IN`: a change's class is imported when a run of its kind is made again, not
    when ghostkit starts (a command imports what it runs, and no other change)."""

    def __getitem__(self, kind: str) -> Maker:
        module, name, with_site = CHANGE_CLASSES[kind]
        made = getattr(importlib.import_module(f"ghostkit.operations.{module}"), name)
        if with_site:
            return cast(Maker, made.from_description)
        return lambda description, _site: cast(Change, made.from_description(description))

    def __iter__(self) -> Iterator[str]:
        return iter(CHANGE_CLASSES)

    def __len__(self) -> int:
        return len(CHANGE_CLASSES)


BUILT_IN: Mapping[str, Maker] = _Makers()
"""The changes a run's journal can name and `runs resume` can make again."""
NOT_RESUMED = ("push",)
"""Runs that are finished by running them again: their module's `NOT_RESUMED` says how."""


def run(
    change: Change | Callable[[AsyncGhostAdmin], Change],
    profile: str | None = None,
    *,
    filter: str | None = None,
    resources: Sequence[str] = ("posts",),
    dry_run: bool = False,
    concurrency: int = 4,
    runs_dir: Path | None = None,
) -> Summary | Plan:
    """Run `change` over every matching item of a site: journaled, collision-safe,
    verified as Ghost renders it. `change` may be a function of the client that makes it
    (for a change that needs the site's URL). With `dry_run`, the `Plan` is returned and
    nothing is written (`plan.changes[0].diff()` shows one item's diff).

    The site is the saved `profile`, or GHOST_URL and GHOST_ADMIN_API_KEY when no profile
    is given. `undo(summary.run_id)` takes the run back."""

    async def main(admin: AsyncGhostAdmin) -> Summary | Plan:
        made = change if isinstance(change, Change) else change(admin)
        engine = Engine(
            admin,
            made,
            runs_dir=runs_dir or default_runs_dir(),
            selection=Selection(tuple(resources), filter),
            concurrency=concurrency,
            site=profile,
        )
        if dry_run:
            return await engine.plan()
        return await engine.apply()

    outcome: Summary | Plan = asyncio.run(_with_admin(profile, main))
    return outcome


def strip_links(
    profile: str | None = None,
    *,
    external_only: bool = False,
    domains: Sequence[str] = (),
    match: str | None = None,
    link_cards: LinkCardMode = "keep",
    filter: str | None = None,
    resources: Sequence[str] = ("posts",),
    concurrency: int = 4,
    runs_dir: Path | None = None,
) -> Summary:
    """Remove links from every matching post of a site, journaled and verified."""

    def change(admin: AsyncGhostAdmin) -> Change:
        selector = LinkSelector(
            external_only=external_only,
            domains=tuple(domains),
            pattern=match,
            site_url=admin.site_url,
        )
        return StripLinks(selector, link_cards)

    return _applied(
        change,
        profile,
        filter=filter,
        resources=resources,
        concurrency=concurrency,
        runs_dir=runs_dir,
    )


def replace_text(
    find: str,
    replacement: str,
    profile: str | None = None,
    *,
    regex: bool = False,
    fields: Sequence[str] = ("body",),
    filter: str | None = None,
    resources: Sequence[str] = ("posts",),
    concurrency: int = 4,
    runs_dir: Path | None = None,
) -> Summary:
    """Find and replace text in every matching post, journaled and verified: in the body's
    text only, or in the `fields` named (see `replace --in`: body, title, excerpt, meta,
    alt, captions, codeinjection, or all)."""
    return _applied(
        ReplaceText(find, replacement, regex, tuple(fields)),
        profile,
        filter=filter,
        resources=resources,
        concurrency=concurrency,
        runs_dir=runs_dir,
    )


def _applied(change: Any, profile: str | None, **options: Any) -> Summary:
    """`run` of a change that is not a dry run: its summary."""
    summary = run(change, profile, **options)
    assert isinstance(summary, Summary)
    return summary


def restore(
    backup: Path,
    profile: str | None = None,
    *,
    update: bool = False,
    dry_run: bool = False,
    concurrency: int = 4,
    runs_dir: Path | None = None,
) -> Summary | Plan:
    """Restore the backup file `backup` (written by `ghostkit backup`): add what the site
    lacks and, with `update`, put back the fields that differ; journaled like any run, so
    `undo(summary.run_id)` deletes what it added and puts back what it changed. With
    `dry_run`, the plan (its `changes` and `creations`), with nothing written."""
    change = RestoreChange.from_file(backup, update=update)
    return run(
        change,
        profile,
        resources=change.selection().resources,
        dry_run=dry_run,
        concurrency=concurrency,
        runs_dir=runs_dir,
    )


def resume(
    run_id: str,
    profile: str | None = None,
    *,
    change: Change | None = None,
    concurrency: int = 4,
    runs_dir: Path | None = None,
) -> Summary:
    """Finish a run that stopped part-way: exactly that run, as its journal describes it
    (change, options, resources, filter), on the site it ran on; no item is changed twice.
    A run of your own change needs `change` (the same change: its kind is checked). The
    site is `profile`, else the profile the run used, else the environment."""
    runs = runs_dir or default_runs_dir()
    header = run_header(runs, run_id)

    async def main(admin: AsyncGhostAdmin) -> Summary:
        engine = engine_for_run(
            admin, header, runs_dir=runs, concurrency=concurrency, profile=profile, change=change
        )
        return await engine.resume(run_id)

    summary: Summary = asyncio.run(_with_admin(profile or header.site, main))
    return summary


def undo(
    run_id: str,
    profile: str | None = None,
    *,
    concurrency: int = 4,
    runs_dir: Path | None = None,
) -> dict[str, Any]:
    """Take back a run, on its own site: see `ghostkit.operations.undo.undo`."""
    from ghostkit.operations.undo import undo as undo_run

    runs = runs_dir or default_runs_dir()
    header = run_header(runs, run_id)

    async def main(admin: AsyncGhostAdmin) -> dict[str, Any]:
        return await undo_run(admin, runs, run_id, concurrency=concurrency, profile=profile)

    result: dict[str, Any] = asyncio.run(_with_admin(profile or header.site, main))
    return result


async def _with_admin(profile: str | None, main: Callable[[AsyncGhostAdmin], Any]) -> Any:
    admin = AsyncGhostAdmin.from_profile(profile) if profile else AsyncGhostAdmin.from_env()
    async with admin:
        return await main(admin)


def run_header(runs_dir: Path, run_id: str) -> RunHeader:
    """The first record of a run's journal: what the run is."""
    for record in Journal.open(runs_dir, run_id).records():
        if record.get("type") == "run":
            return RunHeader.from_json(record)
        break
    raise ConfigurationError(
        f"the journal of run {run_id} does not begin with the run's description",
        hint="it cannot be resumed; `ghostkit runs show` lists what it changed",
    )


def engine_for_run(
    admin: AsyncGhostAdmin,
    header: RunHeader,
    *,
    runs_dir: Path,
    concurrency: int = 4,
    profile: str | None = None,
    change: Change | None = None,
) -> Engine:
    """The engine a run's journal header describes, and nothing else: its change and the
    change's options, its resources and its filter. A run of another site than `admin`'s
    (or than the profile `profile`), or of a kind that cannot be made again, is refused."""
    from ghostkit.operations.run_state import RunState

    RunState(header=header).check_site(profile=profile, site_url=admin.site_url)
    kind = header.kind
    if change is None and kind in NOT_RESUMED:
        raise UsageError(
            f"run {header.id} is a {kind} run, which is not resumed from its journal",
            hint=importlib.import_module(f"ghostkit.operations.{kind}").NOT_RESUMED.replace(
                "RUN", header.id
            ),
        )
    if change is None and kind is not None and kind not in BUILT_IN:
        raise UsageError(
            f"run {header.id} is a {kind or 'nameless'} run, a change of your own",
            hint="finish it from your script: ghostkit.operations.resume(RUN, change=...)",
        )
    try:
        if change is None:
            if kind is None:
                raise ValueError("no change is named")
            change = BUILT_IN[kind](header.change, admin.site_url)
        if not all(name in getattr(change, "resources", RESOURCES) for name in header.resources):
            raise ValueError(f"resources {list(header.resources)!r}")
    except UsageError as exc:  # the change says why it cannot be made again
        exc.message = f"run {header.id} is a {kind} run: {exc.message}"
        raise
    except (ValueError, TypeError, re.error, GhostError) as exc:
        reason = getattr(exc, "message", None) or str(exc)
        raise ConfigurationError(
            f"the journal of run {header.id} does not say which run to finish ({reason})",
            hint="it cannot be resumed; `ghostkit runs show RUN` lists what it changed, "
            "`ghostkit runs undo RUN` takes it back",
        ) from None
    return Engine(
        admin,
        change,
        runs_dir=runs_dir,
        selection=Selection(header.resources, header.filter),
        concurrency=concurrency,
        site=header.site,
    )


def default_runs_dir() -> Path:
    return Paths.from_env().data / "runs"
