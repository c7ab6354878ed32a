"""The run engine: every bulk change goes through it. It selects the items, plans each
with the change, journals what each held before its edit is sent, writes with the
`updated_at` it read, verifies each edit as Ghost renders it while the others are still
being sent, and resumes a run that stopped. Undo is `ghostkit.operations.undo`.

When Ghost answers 409 (someone saved the item meanwhile), or an answer is lost, the item
is read again and planned again from what is there now: another person's newer edit is
never overwritten, and a save that landed is never repeated.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ghostkit._version import __version__
from ghostkit.clients._async.admin import AsyncGhostAdmin
from ghostkit.clients._async.resource import ID_ORDER
from ghostkit.core.errors import (
    ConfigurationError,
    PermissionDeniedError,
)
from ghostkit.operations import creations, deletions, select
from ghostkit.operations.bulk_endpoint import write_all
from ghostkit.operations.change import Change, Item, Selection
from ghostkit.operations.journal import Journal
from ghostkit.operations.lock import SiteLock, public_site_url
from ghostkit.operations.plan import ItemPlan, Plan
from ghostkit.operations.pool import Progress
from ghostkit.operations.records import Before, End, RunHeader, new_run_id
from ghostkit.operations.select import ChangeError
from ghostkit.operations.summary import Outcome, Summary
from ghostkit.operations.verify import Verifier
from ghostkit.operations.writes import Writer

RESOURCES = ("posts", "pages", "tags", "members")
"""What a run may change item by item, unless its change names its own `resources`."""
COLLISION_CHECKED = select.COLLISION_CHECKED
EVERY_POST = Selection()


class Engine:
    """One change over the selected items of one site."""

    def __init__(
        self,
        admin: AsyncGhostAdmin,
        change: Change,
        *,
        runs_dir: Path,
        selection: Selection = EVERY_POST,
        concurrency: int = 4,
        attempts: int = 3,
        site: str | None = None,
    ) -> None:
        allowed = tuple(getattr(change, "resources", RESOURCES))
        unknown = set(selection.resources) - set(allowed)
        if unknown or not selection.resources:
            raise ValueError(f"a run changes {', '.join(allowed)}, not {sorted(unknown)}")
        if selection.filter is not None and not selection.filter.strip():
            raise ConfigurationError(
                "the filter is empty, which would select every item",
                hint="give an NQL filter such as tag:news, or leave the option out",
            )
        self.admin = admin
        self.change = change
        self.selection = selection
        self.runs_dir = runs_dir
        self.concurrency = max(1, concurrency)
        self.attempts = attempts
        self.site = site
        self.run_id: str | None = None
        """The run's id, once its journal exists (for an interrupted run)."""
        self.stopping = False
        """Set (say, by a first Ctrl-C) to finish the items in flight and start no more:
        the run then stops with KeyboardInterrupt, its journal ready to resume."""
        self._lock: SiteLock | None = None

    @property
    def kind(self) -> str:
        return str(self.change.describe().get("kind") or getattr(self.change, "kind", "change"))

    @contextlib.contextmanager
    def holding_site(self) -> Iterator[SiteLock]:
        """Hold the site's lock (one run per site) for a `with` block; `apply` takes it by
        itself, and a caller that plans first takes it around both."""
        if self._lock is not None:
            yield self._lock
            return
        lock = SiteLock(self.runs_dir, self.admin.site_url)
        lock.acquire(self.run_id)
        self._lock = lock
        try:
            yield lock
        finally:
            self._lock = None
            lock.release()

    def resource(self, name: str) -> Any:
        return getattr(self.admin, name)

    # -- select and plan --------------------------------------------------------------

    def read_params(self, name: str) -> dict[str, Any]:
        return select.read_params(self.change, name)

    async def items(
        self, progress: Progress | None = None, names: Iterable[str] | None = None
    ) -> AsyncIterator[Item]:
        """Every selected item (of `names`, else of every selected resource), each once,
        100 per request, in id order (the first page is planned, and its items written,
        while the next is read). A resource the credentials may not read stops the run, unless
        the change has an `unreadable(resource, error)` hook, which is told instead."""
        seen = 0
        for name in self.selection.resources if names is None else names:
            try:
                async for found in self.resource(name).iter(
                    filter=self.selection.filter, order=ID_ORDER, **self.read_params(name)
                ):
                    seen += 1
                    if progress:
                        progress("plan", seen, 0)
                    yield Item(name, found.to_dict())
            except PermissionDeniedError as error:
                if not hasattr(self.change, "unreadable"):
                    raise
                self.change.unreadable(name, error)

    def plan_item(self, item: Item) -> ItemPlan:
        return select.plan_item(self.change, self.kind, item)

    def _ready(self, items: AsyncIterator[Item], journal: Journal | None) -> AsyncIterator[Item]:
        """The items as the change has them ready to plan: a change with a hook
        `prepare(engine, items, journal)` (one that uploads what its patches will point
        at) works a little ahead on the stream. `journal` is None for a plan only, where
        nothing may be sent."""
        prepare = getattr(self.change, "prepare", None)
        return items if prepare is None else prepare(self, items, journal)

    async def plan(self, progress: Progress | None = None) -> Plan:
        """Read every selected item and plan it; nothing is written."""
        plan = Plan()
        for name in self.selection.resources:
            async for item in self._ready(self.items(progress, (name,)), None):
                plan.add(self.plan_item(item))
            plan.creations += creations.additions(self.change, name)
        plan.deletions = deletions.planned(self.change)
        return plan

    async def _planned(
        self,
        summary: Summary,
        skip: set[str],
        progress: Progress | None,
        names: tuple[str, ...],
        journal: Journal,
        lost: set[str],
    ) -> AsyncIterator[ItemPlan | creations.Creation]:
        """The plan as it is made, item by item, for a run that writes while it reads:
        each resource's items, then what the change adds to it. An item that an add of
        the run made, though its answer never came (`lost`), is recorded as created."""
        for name in names:
            async for item in self._ready(self.items(progress, (name,)), journal):
                planned = self.plan_item(item)
                if lost:
                    creations.adopt(journal, summary, item, planned.slug, lost)
                summary.seen += 1
                summary.count(planned.counts if not planned.changed else {})
                if not planned.changed:
                    summary.unchanged += 1
                elif planned.id not in skip:
                    yield planned
            for creation in creations.additions(self.change, name):
                yield creation

    async def run(
        self,
        *,
        dry_run: bool = False,
        confirm: Callable[[Plan], bool] | None = None,
        progress: Progress | None = None,
    ) -> Outcome:
        """The whole run, with its hooks: a dry run plans only; with `confirm`, the plan is
        made first and applied only if `confirm(plan)` says so (the site's lock held from
        the plan to the end); without it, items are written as they are planned."""
        if dry_run:
            return Outcome(plan=await self.plan(progress))
        with self.holding_site():
            if confirm is None:
                return Outcome(summary=await self.apply(None, progress))
            plan = await self.plan(progress)
            if not plan.changes and not plan.creations and not plan.deletions:
                return Outcome(plan=plan)
            if not confirm(plan):
                return Outcome(plan=plan, aborted=True)
            return Outcome(plan=plan, summary=await self.apply(plan, progress))

    # -- apply ------------------------------------------------------------------------

    async def apply(
        self,
        plan: Plan | None = None,
        progress: Progress | None = None,
        *,
        run_id: str | None = None,
        skip: Iterable[str] = (),
        recovered: Iterable[Before] = (),
        reverify: Iterable[Before] = (),
        lost: Iterable[str] = (),
    ) -> Summary:
        """Make the changes, journaled, at most `concurrency` at a time, holding the
        site's lock, and verify each as it lands. Without a `plan` the items are planned
        and written as they are read (nothing waits for the whole site to be read).
        `skip`: items a resumed run already did (`reverify`: their records, verified again);
        `recovered`: saves a resume found had landed; `lost`: adds it sent whose answer
        never came. An `ordered` change is applied
        resource by resource in the selection's order (what an item refers to first). When
        items keep failing because the site does not answer, the run stops (its journal
        not ended, so that it resumes) with `SiteUnreachableError`."""
        if plan is not None and hasattr(self.change, "prepare"):
            plan = None  # its plan was a preview: each item is prepared and planned again
        with self.holding_site() as lock:
            journal = self._journal(run_id)
            lock.note(journal.path.stem)
            summary = Summary(run_id=journal.path.stem, kind=self.kind)
            verifier = Verifier(self, progress)
            writer = Writer(self, journal, summary, verifier)
            for before in recovered:
                writer.count_done(before.counts, before, recovered=True)
            for before in reverify:
                verifier.add(before)
            if plan is not None:
                summary.seen, summary.unchanged = plan.seen, plan.unchanged
                changing = plan.planned()  # counted again as each of those items lands
                summary.count({k: v - changing.get(k, 0) for k, v in plan.counts.items()})
            skipped, missing = set(skip), set(lost)
            await creations.prerequisites(self, journal, summary, writer.breaker, missing)
            names = self.selection.resources
            groups = [(n,) for n in names] if getattr(self.change, "ordered", False) else [names]
            for group in groups:
                todo = (
                    [w for w in plan.changes + plan.creations if w.resource in group]
                    if plan is not None
                    else self._planned(summary, skipped, progress, group, journal, missing)
                )
                try:
                    await write_all(self, writer, todo, progress)
                except ChangeError as error:
                    raise error.stopped(summary.run_id) from error.__cause__
                if writer.breaker.tripped or self.stopping:
                    break
            if self.stopping:
                raise KeyboardInterrupt
            if not writer.breaker.tripped:  # what the edits moved away from is deleted last
                await deletions.finish(self, journal, summary, writer.breaker, verifier)
            if writer.breaker.tripped:
                raise writer.breaker.error(summary.run_id, summary.changed, summary.changed + 1)
            summary.verify = await verifier.finish(journal)
            journal.write(End(summary.as_dict()))
            return summary

    def _journal(self, run_id: str | None) -> Journal:
        if run_id is not None:
            journal = Journal.open(self.runs_dir, run_id)
        else:
            version = self.admin.version
            header = RunHeader(
                id=new_run_id(),
                site=self.site,
                url=public_site_url(self.admin.site_url),
                change=self.change.describe(),
                resources=self.selection.resources,
                filter=self.selection.filter,
                ghostkit=__version__,
                ghost=version.name if version else None,
            )
            journal = Journal.create(self.runs_dir, header)
        self.run_id = journal.path.stem
        return journal

    # -- resume -----------------------------------------------------------------------

    async def resume(self, run_id: str, progress: Progress | None = None) -> Summary:
        """Finish a run that stopped: see `ghostkit.operations.resuming`."""
        from ghostkit.operations.resuming import resume

        return await resume(self, run_id, progress)

    async def plan_rest(self, run_id: str, progress: Progress | None = None) -> Plan:
        """What finishing run `run_id` would change (its dry run): the plan, less what
        the run did already."""
        plan = await self.plan(progress)
        done = {entry.id for entry in Journal.open(self.runs_dir, run_id).state().done()}
        plan.changes = [item for item in plan.changes if item.id not in done]
        return plan
