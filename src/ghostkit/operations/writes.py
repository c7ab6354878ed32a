"""Writing one item of a run: its `before` journaled and synced first, the write sent
with the `updated_at` it read, and a collision or a lost answer met by reading the item
again and planning it again from what is there now."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ghostkit.core.errors import (
    GhostConnectionError,
    GhostError,
    RateLimitError,
    ServerError,
    UpdateCollisionError,
)
from ghostkit.operations import creations, landed
from ghostkit.operations.breaker import Breaker
from ghostkit.operations.change import Item
from ghostkit.operations.plan import ItemPlan
from ghostkit.operations.records import Before, Done, Note, sent_value
from ghostkit.operations.select import COLLISION_CHECKED

if TYPE_CHECKING:
    from ghostkit.operations.engine import Engine
    from ghostkit.operations.journal import Journal
    from ghostkit.operations.summary import Summary
    from ghostkit.operations.verify import Verifier


class StaleItemError(GhostError):
    """An item that Ghost does not check `updated_at` for was saved since it was read."""


EDITED_MEANWHILE = "saved on the site since the run read it; left as it is"

AMBIGUOUS = (
    UpdateCollisionError,
    ServerError,
    GhostConnectionError,
    RateLimitError,
    StaleItemError,
)
"""Failures after which the item is read again: a collision, or a save that may have landed."""


class Writer:
    """Writes the items of one run, into its journal and summary."""

    def __init__(
        self, engine: Engine, journal: Journal, summary: Summary, verifier: Verifier
    ) -> None:
        self.engine = engine
        self.journal = journal
        self.summary = summary
        self.verifier = verifier
        self.breaker = Breaker()
        self.attempts = engine.attempts

    async def write(self, item: ItemPlan | creations.Creation) -> None:
        """Save one item. A collision, or a failure that leaves unknown whether the save
        landed (a 5xx, a broken connection), is answered by reading the item again and
        planning again: a save that landed then plans to nothing, so it is never
        repeated, and the `updated_at` check makes a blind second write impossible. Once
        `breaker` has tripped (or the run is `stopping`), an item not yet begun is left
        for the resume. An addition is `creations.create`."""
        if isinstance(item, creations.Creation):
            if not (self.breaker.tripped or self.engine.stopping):
                await creations.create(self.engine, item, self.journal, self.summary, self.breaker)
            return
        resource = self.engine.resource(item.resource)
        current: ItemPlan | None = item
        sent: Before | None = None
        reason = ""
        for _attempt in range(self.attempts):
            if self.breaker.tripped or self.engine.stopping:
                return
            if current is None or not current.changed:
                if current and current.item and sent and landed.holds(sent, current.item):
                    self.journal.write(Done(item.id, current.updated_at, sent.counts, True))
                    self.count_done(sent.counts, sent, recovered=True)
                return
            sent = self._before(current)
            await self.journal.awrite(sent)
            try:
                if current.resource not in COLLISION_CHECKED:
                    await self._still_as_read(resource, current)
                body = dict(current.patch)
                if current.resource in COLLISION_CHECKED:
                    body["updated_at"] = current.updated_at
                saved = await resource.edit(current.id, body)
            except AMBIGUOUS as error:
                reason = error.message
                try:
                    latest = await resource.read(
                        current.id, **self.engine.read_params(current.resource)
                    )
                except GhostError as unreadable:
                    self.fail(current.id, unreadable.message)
                    self.breaker.failure(unreadable)
                    return
                self.breaker.success()
                now = Item(current.resource, latest.to_dict())
                if self._taken(current, now, sent):
                    self.fail(current.id, EDITED_MEANWHILE)
                    return
                current = self.engine.plan_item(now)
                continue
            except GhostError as error:
                self.fail(current.id, error.message)
                self.breaker.failure(error)
                return
            self.breaker.success()
            self.journal.write(Done(current.id, saved.updated_at, current.counts), durable=False)
            creations.saved(self.engine.change, current, saved.to_dict())
            self.count_done(current.counts, sent)
            return
        self.fail(item.id, f"still colliding after {self.attempts} attempts: {reason}")

    def _taken(self, item: ItemPlan, now: Item, sent: Before) -> bool:
        """Whether someone else saved the item since it was read, for a change that sets
        values rather than works from what is there (`replans` False): it is left as it is."""
        if getattr(self.engine.change, "replans", True):
            return False
        return str(now.get("updated_at") or "") != item.updated_at and not landed.holds(sent, now)

    def _before(self, item: ItemPlan) -> Before:
        return Before(
            id=item.id,
            resource=item.resource,
            slug=item.slug,
            title=item.title,
            updated_at=item.updated_at,
            fields=item.before,
            sent={name: sent_value(value) for name, value in item.patch.items()},
            counts=item.counts,
            kept=item.kept,
        )

    async def _still_as_read(self, resource: Any, item: ItemPlan) -> None:
        """For items whose writes Ghost does not check: refuse one saved since it was read."""
        now = await resource.read(item.id)
        if (now.updated_at or "") != item.updated_at:
            raise StaleItemError(f"{item.resource} {item.slug} was saved since it was read")

    def count_done(
        self, counts: Mapping[str, int], before: Before, recovered: bool = False
    ) -> None:
        self.summary.changed += 1
        self.summary.recovered += int(recovered)
        self.summary.count(counts)
        self.verifier.add(before)

    def fail(self, item_id: str, reason: str) -> None:
        self.journal.write(Note("failed", item_id, reason), durable=False)
        self.summary.failed += 1
        self.summary.failures[item_id] = reason
