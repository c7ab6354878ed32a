"""Items a run adds to the site (a restore puts back what is missing), for the engine.

A change that adds items has an `additions(resource)` method: the engine calls it once
every item of that resource has been planned, and adds each body it returns. Before an add
is sent the journal says so (`Creating`, named `resource:slug`), and after it what was made
(`Created`), so that undo deletes it. An add whose answer never came is found again by a
resume, by its slug, and recorded as the run's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ghostkit.core.errors import GhostError
from ghostkit.operations.change import Change, Item
from ghostkit.operations.records import Created, Creating, Note

if TYPE_CHECKING:
    from ghostkit.operations.breaker import Breaker
    from ghostkit.operations.engine import Engine
    from ghostkit.operations.journal import Journal
    from ghostkit.operations.summary import Summary

CREATED = "created"
"""The count a run's summary keeps of the items it added."""


@dataclass
class Creation:
    """One item to add: its resource, the slug (or email) it is known by, its body."""

    resource: str
    slug: str
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def intent(self) -> str:
        """How the journal names the add before Ghost has given the item an id."""
        return f"{self.resource}:{self.slug}"


def additions(change: Change, resource: str) -> list[Creation]:
    """What `change` adds to `resource` (nothing, for a change that only edits)."""
    hook = getattr(change, "additions", None)
    if hook is None:
        return []
    bodies: Iterable[Mapping[str, Any]] = hook(resource) or ()
    return [Creation(resource, _name(body), dict(body)) for body in bodies]


def _name(body: Mapping[str, Any]) -> str:
    return str(body.get("slug") or body.get("email") or body.get("name") or "")


async def create(
    engine: Engine, creation: Creation, journal: Journal, summary: Summary, breaker: Breaker
) -> None:
    """Add one item, journaled before and after. A failure is recorded and counted (the
    add is not tried again: Ghost has no idempotency keys, and a resume finds an add that
    landed by its slug)."""
    await journal.awrite(Creating(creation.intent, creation.resource, creation.slug))
    try:
        made = (await engine.resource(creation.resource).add(creation.body)).to_dict()
    except GhostError as error:
        journal.write(Note("failed", creation.intent, error.message), durable=False)
        summary.failed += 1
        summary.failures[creation.intent] = error.message
        breaker.failure(error)
        return
    breaker.success()
    record = Created(
        id=str(made["id"]),
        resource=creation.resource,
        slug=creation.slug,
        updated_at=made.get("updated_at"),
        intent=creation.intent,
    )
    journal.write(record)
    saved(engine.change, creation, made)
    summary.count({CREATED: 1})


async def prerequisites(
    engine: Engine, journal: Journal, summary: Summary, breaker: Breaker, lost: set[str]
) -> None:
    """Add what the change's edits refer to before any of them is sent, if the site lacks
    it (a change's `prerequisites()`: bodies by resource, such as the tag a merge moves
    posts to). One the site has is found by its slug (an add of the run whose answer was
    lost is then recorded as the run's own). One that cannot be added, or that Ghost gave
    another slug, stops the run before its first edit."""
    from ghostkit.core.errors import NotFoundError
    from ghostkit.operations.select import ChangeError

    hook = getattr(engine.change, "prerequisites", None)
    for resource, bodies in (hook() if hook is not None else {}).items():
        items = engine.resource(resource)
        for body in bodies:
            creation = Creation(resource, _name(body), dict(body))
            try:
                found = await items.read(slug=creation.slug)
            except NotFoundError:
                await create(engine, creation, journal, summary, breaker)
                failed = summary.failures.get(creation.intent)
                if failed:
                    error = ChangeError(f"{creation.intent} could not be added: {failed}")
                    raise error.stopped(journal.path.stem) from None
                try:
                    await items.read(slug=creation.slug)
                except NotFoundError:
                    error = ChangeError(f"{creation.intent} was saved by Ghost under another slug")
                    raise error.stopped(journal.path.stem) from None
                continue
            adopt(journal, summary, Item(resource, found.to_dict()), creation.slug, lost)


def saved(change: Change, work: Any, item: Mapping[str, Any]) -> None:
    """Tell a change that one of its writes landed, if it has a `saved(work, item)` hook
    (say, to record the new version in a file the change was read from): `work` is the
    `ItemPlan` or `Creation` that was sent, `item` what Ghost answered."""
    hook = getattr(change, "saved", None)
    if hook is not None:
        hook(work, item)


def adopt(journal: Journal, summary: Summary, item: Item, slug: str, lost: set[str]) -> None:
    """Record `item` as created by the run when an add of its slug was sent but its answer
    never came (`lost`: the intents of such adds): the add landed, and undo deletes it."""
    intent = f"{item.resource}:{slug}"
    if intent not in lost:
        return
    lost.discard(intent)
    record = Created(str(item["id"]), item.resource, slug, item.get("updated_at"), intent)
    journal.write(record)
    summary.count({CREATED: 1})
    summary.recovered += 1
