"""Running an operation against a site: plan, apply (journaled), resume, verify. Undo is
in `ghostkit.operations.undo`.

Every write sends the `updated_at` it read. When Ghost answers 409 (someone saved the post
meanwhile) the post is read again and planned again from what is there now, so another
person's newer edit is never overwritten.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ghostkit.clients._async.admin import AsyncGhostAdmin
from ghostkit.clients._async.posts import AsyncPostsResource
from ghostkit.core.errors import (
    ConfigurationError,
    GhostConnectionError,
    GhostError,
    NotFoundError,
    RateLimitError,
    ServerError,
    UpdateCollisionError,
)
from ghostkit.operations import landed
from ghostkit.operations.breaker import Breaker
from ghostkit.operations.journal import Journal, JournalError, digest, new_run_id
from ghostkit.operations.lock import SiteLock, public_site_url
from ghostkit.operations.plan import Plan, PostPlan, plan_post
from ghostkit.operations.transforms import Transform

READ_FORMATS = "lexical,mobiledoc,plaintext"
PLAN_FIELDS = "id,slug,title,updated_at,lexical,mobiledoc,plaintext"
"""Only what a plan needs: Ghost then skips authors, tags and URLs (a read 3x faster)."""
RESOURCES = ("posts", "pages")
Progress = Callable[[str, int, int], None]
"""Called as (phase, done, total) while a phase runs."""


@dataclass
class Summary:
    run_id: str
    seen: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    links_removed: int = 0
    link_cards_kept: int = 0
    failures: dict[str, str] = field(default_factory=dict)
    verify: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "posts_seen": self.seen,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "links_removed": self.links_removed,
            "link_cards_kept": self.link_cards_kept,
            "failures": self.failures,
            "verify": self.verify,
        }


class Operation:
    """One transform over the posts and/or pages of one site."""

    def __init__(
        self,
        admin: AsyncGhostAdmin,
        transform: Transform,
        *,
        runs_dir: Path,
        resources: Sequence[str] = ("posts",),
        filter: str | None = None,
        concurrency: int = 4,
        attempts: int = 3,
        site: str | None = None,
    ) -> None:
        unknown = set(resources) - set(RESOURCES)
        if unknown:
            raise ValueError(f"unknown resources: {sorted(unknown)}")
        self.admin = admin
        self.transform = transform
        self.runs_dir = runs_dir
        self.resources = tuple(resources)
        self.filter = filter
        self.concurrency = max(1, concurrency)
        self.attempts = attempts
        self.site = site
        self.run_id: str | None = None
        """The run's id, once `apply` has started its journal (for an interrupted run)."""
        self._lock: SiteLock | None = None
        if filter is not None and not filter.strip():
            raise ConfigurationError(
                "the filter is empty, which would select every post",
                hint="give an NQL filter such as tag:news, or leave the option out",
            )

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

    def _resource(self, name: str) -> AsyncPostsResource[Any]:
        resource: AsyncPostsResource[Any] = getattr(self.admin, name)
        return resource

    # -- plan -------------------------------------------------------------------------

    async def plan(self, progress: Progress | None = None) -> Plan:
        """Read every matching post (100 per request) and compute what would change."""
        plan = Plan()
        for name in self.resources:
            posts = self._resource(name).iter(
                filter=self.filter, formats=READ_FORMATS, fields=PLAN_FIELDS
            )
            async for post in posts:
                plan.add(plan_post(post, name, self.transform))
                if progress:
                    progress("plan", plan.seen, 0)
        return plan

    # -- apply ------------------------------------------------------------------------

    async def apply(
        self,
        plan: Plan,
        progress: Progress | None = None,
        run_id: str | None = None,
        *,
        recovered: Mapping[str, int] | None = None,
    ) -> Summary:
        """Make the planned changes, journaled, at most `concurrency` at a time, holding
        the site's lock. When posts keep failing because the site does not answer, the run
        stops (its journal not ended, so that it resumes) with `SiteUnreachableError`.
        `recovered` (post id: links removed) are saves a resume found had landed: they
        count as changed."""
        with self.holding_site() as lock:
            if run_id is None:
                journal = Journal.create(self.runs_dir, self._header(new_run_id()))
            else:
                journal = Journal.open(self.runs_dir, run_id)
            self.run_id = journal.path.stem
            lock.note(self.run_id)
            summary = Summary(
                run_id=self.run_id,
                seen=plan.seen,
                unchanged=plan.unchanged,
                link_cards_kept=plan.link_cards_kept,
                changed=len(recovered or {}),
                links_removed=sum((recovered or {}).values()),
            )
            breaker = Breaker()
            await bounded(
                self.concurrency,
                plan.changes,
                lambda item: self._apply_one(item, journal, summary, breaker),
                "apply",
                progress,
            )
            if breaker.tripped:
                raise breaker.error(self.run_id, summary.changed, len(plan.changes))
            journal.write({"type": "end", "summary": summary.as_dict()})
            return summary

    def _header(self, run_id: str) -> dict[str, Any]:
        describe = getattr(self.transform, "describe", None)
        return {
            "id": run_id,
            "site": self.site,
            "url": public_site_url(self.admin.site_url),
            "resources": list(self.resources),
            "filter": self.filter,
            "operation": describe() if callable(describe) else {},
        }

    async def _apply_one(
        self, item: PostPlan, journal: Journal, summary: Summary, breaker: Breaker | None = None
    ) -> None:
        """Save one post. A collision, or a failure that leaves unknown whether the save
        landed (a 5xx, a broken connection), is answered by reading the post again and
        planning again: a save that landed then plans to nothing, so it is never repeated,
        and the `updated_at` check makes a blind second write impossible. Once `breaker`
        has tripped, a post not yet begun is left for the resume."""
        breaker = breaker or Breaker()
        if breaker.tripped:
            return
        resource = self._resource(item.resource)
        current: PostPlan | None = item
        sent: PostPlan | None = None
        reason = f"still colliding with other edits after {self.attempts} attempts"
        for _attempt in range(self.attempts):
            if breaker.tripped:
                return
            if current is None or not current.changed:
                if current is not None and sent is not None and _landed(sent, current):
                    self._record_done(journal, summary, current, sent.removed, recovered=True)
                return
            await journal.awrite(
                {
                    "type": "before",
                    "id": current.id,
                    "resource": current.resource,
                    "slug": current.slug,
                    "format": current.format,
                    "updated_at": current.updated_at,
                    "document": current.original,
                    "plaintext": current.plaintext,
                    "link_cards": [link.url for link in current.link_cards],
                    "cards_changed": current.cards_changed,
                    "removed": current.removed,
                    "title": current.title,
                    "sent": digest(current.new),
                }
            )
            sent = current
            try:
                saved = await resource.edit(
                    current.id, {current.format: current.new, "updated_at": current.updated_at}
                )
            except (
                UpdateCollisionError,
                ServerError,
                GhostConnectionError,
                RateLimitError,
            ) as error:
                reason = error.message
                try:
                    latest = await resource.read(current.id, formats=READ_FORMATS)
                except GhostError as unreadable:
                    self._fail(journal, summary, current.id, unreadable.message)
                    breaker.failure(unreadable)
                    return
                breaker.success()
                current = plan_post(latest, current.resource, self.transform)
                continue
            except GhostError as error:
                self._fail(journal, summary, current.id, error.message)
                breaker.failure(error)
                return
            breaker.success()
            current.updated_at = saved.updated_at or ""
            self._record_done(journal, summary, current, current.removed)
            return
        self._fail(journal, summary, item.id, reason)

    @staticmethod
    def _record_done(
        journal: Journal, summary: Summary, item: PostPlan, removed: int, recovered: bool = False
    ) -> None:
        """A save that landed. `item` is the post as saved (or, after a lost answer, as read
        back); `removed` counts the links of the plan that was sent."""
        record = {"type": "done", "id": item.id, "updated_at": item.updated_at, "removed": removed}
        if recovered:
            record["recovered"] = True
        journal.write(record, durable=False)
        summary.changed += 1
        summary.links_removed += removed

    @staticmethod
    def _fail(journal: Journal, summary: Summary, post_id: str, reason: str) -> None:
        journal.write({"type": "failed", "id": post_id, "reason": reason}, durable=False)
        summary.failed += 1
        summary.failures[post_id] = reason

    # -- resume -----------------------------------------------------------------------

    async def resume(self, run_id: str, progress: Progress | None = None) -> Summary:
        """Finish a run that stopped: plan again, and skip every post already done.

        A post whose edit was sent but not recorded (its answer never came) is read first.
        If it holds what the run sent, the save was the run's own: it is recorded as done
        (with the `updated_at` of that save). If someone else changed it since, it is
        recorded as changed by someone else, and undo leaves it and says so; it is edited
        again only if what it holds now still plans to a change. A run of another site or
        of another kind is refused.
        """
        journal = Journal.open(self.runs_dir, run_id)
        state = journal.state()
        state.check_site(profile=self.site, site_url=self.admin.site_url)
        describe = getattr(self.transform, "describe", None)
        kind = (describe() if callable(describe) else {}).get("kind")
        recorded = (state.header.get("operation") or {}).get("kind")
        if kind and recorded and kind != recorded:
            raise JournalError(
                f"run {run_id} is a {recorded} run, not a {kind} run",
                hint=f"finish it with `ghostkit runs resume {run_id}`",
            )
        recovered: dict[str, int] = {}
        for entry in state.unfinished():
            if entry.before is not None and await self._settle(journal, entry.id, entry.before):
                recovered[entry.id] = entry.before.get("removed", 0)
        plan = await self.plan(progress)
        finished = {entry.id for entry in journal.state().done()}
        plan.changes = [item for item in plan.changes if item.id not in finished]
        return await self.apply(plan, progress, run_id=run_id, recovered=recovered)

    async def _settle(self, journal: Journal, post_id: str, before: dict[str, Any]) -> bool:
        """Record what became of a post whose save was sent but whose answer never came;
        whether the save was the run's own."""
        resource = self._resource(before.get("resource", "posts"))
        try:
            post = await resource.read(post_id, formats=READ_FORMATS)
        except NotFoundError:
            journal.write(
                {
                    "type": "changed-elsewhere",
                    "id": post_id,
                    "reason": "deleted by someone else since the run",
                }
            )
            return False
        found = landed.verdict(before, post, self.transform)
        if found.kind == landed.UNSENT:
            return False  # the plan finds it as it was, and the run edits it as planned
        if found.kind == landed.OURS:
            journal.write(
                {
                    "type": "done",
                    "id": post_id,
                    "updated_at": None if found.edited_after else post.updated_at,
                    "removed": before.get("removed", 0),
                    "recovered": True,
                }
            )
        if found.reason:
            journal.write({"type": "changed-elsewhere", "id": post_id, "reason": found.reason})
        return found.kind == landed.OURS

    # -- verify -----------------------------------------------------------------------

    async def verify(self, run_id: str, progress: Progress | None = None) -> dict[str, Any]:
        """Check the run's changed posts as Ghost renders them (see `operations.verify`)."""
        from ghostkit.operations.verify import verify_run

        return await verify_run(self, run_id, progress)


def _landed(sent: PostPlan, now: PostPlan) -> bool:
    """Whether the post as read now is the save whose answer was lost: the document sent,
    or, for mobiledoc sent to Ghost 6, the Lexical it was turned into."""
    if now.format == sent.format:
        return now.original == sent.new
    return sent.format == "mobiledoc" and now.format == "lexical"


async def bounded(
    concurrency: int,
    items: Sequence[Any],
    work: Callable[[Any], Awaitable[None]],
    phase: str,
    progress: Progress | None,
) -> None:
    """Run `work` on every item, at most `concurrency` at once, reporting progress."""
    gate = asyncio.Semaphore(max(1, concurrency))
    finished = 0

    async def one(item: Any) -> None:
        nonlocal finished
        async with gate:
            await work(item)
        finished += 1
        if progress:
            progress(phase, finished, len(items))

    await asyncio.gather(*(one(item) for item in items))
