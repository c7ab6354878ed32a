"""Items a run deletes (the tags a merge merged, the tags no post carries), journaled so
that undo recreates them and re-attaches them where they were.

A change that deletes has a `deletions()` method: the items to delete, each as
`{"resource": "tags", "id": ..., "slug": ...}`. The engine calls `finish` once every edit
of the run has landed. Each item is then read whole and refused while a post or page
still carries it (someone tagged one meanwhile, or the edit that would have moved it
failed: resume the run). What it holds is journaled and synced before the DELETE:

    {"type": "deleting", "id": ..., "resource": "tags", "slug": ..., "item": {every field}}
    {"type": "deleted", "id": ..., "recovered": true}   (recovered: the answer was lost)

A DELETE whose answer is lost (a broken connection, a 5xx) is settled by reading the item:
gone, it is recorded as deleted. A run that stopped between the two records is settled
the same way when it is resumed or undone. Undo (`take_back`) recreates each deleted item
from its record before the run's edits are taken back, journaled the same way:

    {"type": "recreating", "id": old id}
    {"type": "recreated", "id": old id, "new": new id, "found": true}

(found: a tag of its slug was there already, as after an undo that stopped: the posts
are re-attached to it and it is left as it is). The edits then put back each post's tags
with the recreated tags' new ids (`reattached`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ghostkit.core.errors import (
    GhostConnectionError,
    GhostError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from ghostkit.operations.records import ITEM_ID, Note, as_record

if TYPE_CHECKING:
    from ghostkit.operations.breaker import Breaker
    from ghostkit.operations.engine import Engine
    from ghostkit.operations.journal import Journal
    from ghostkit.operations.summary import Summary
    from ghostkit.operations.verify import Verifier

DELETABLE = ("tags",)
"""What a run may delete: kinds of item whose every relation undo can put back."""
SET_BY_GHOST = {"id", "uuid", "url", "count", "created_at", "updated_at"}
"""Fields of a deleted item that its recreation leaves to Ghost."""
LOST = (GhostConnectionError, ServerError, RateLimitError)
"""Failures after which whether the DELETE landed is found by reading the item."""
DELETED = "tags deleted"
Ref = dict[str, str]
"""A recreated tag as an edit names it: its new id, its slug and name."""


@dataclass
class Deleting:
    id: str
    resource: str
    slug: str
    item: dict[str, Any] = field(default_factory=dict)
    kind: ClassVar[str] = "deleting"

    def to_json(self) -> dict[str, Any]:
        return as_record(self)


@dataclass
class Deleted:
    id: str
    recovered: bool = False
    kind: ClassVar[str] = "deleted"

    def to_json(self) -> dict[str, Any]:
        return as_record(self)


@dataclass
class Recreating:
    id: str
    kind: ClassVar[str] = "recreating"

    def to_json(self) -> dict[str, Any]:
        return as_record(self)


@dataclass
class Recreated:
    id: str
    new: str
    found: bool = False
    kind: ClassVar[str] = "recreated"

    def to_json(self) -> dict[str, Any]:
        return as_record(self)


@dataclass
class Deletions:
    """What a journal says of a run's deletions: each item as recorded before its DELETE,
    which DELETEs landed, and the items an undo recreated (old id -> new id)."""

    deleting: dict[str, Deleting] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    recreated: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, journal: Journal) -> Deletions:
        found = cls()
        for record in journal.records():
            kind, item = record.get("type"), record.get("id")
            if kind not in ("deleting", "deleted", "recreated"):
                continue
            if not isinstance(item, str) or not ITEM_ID.fullmatch(item):
                continue  # an id that is not Ghost's never reaches a URL
            if kind == "deleting" and isinstance(record.get("item"), dict):
                resource = str(record.get("resource"))
                if resource in DELETABLE:
                    slug = str(record.get("slug") or "")
                    found.deleting[item] = Deleting(item, resource, slug, record["item"])
            elif kind == "deleted":
                found.deleted.add(item)
            elif kind == "recreated" and ITEM_ID.fullmatch(str(record.get("new"))):
                found.recreated[item] = str(record["new"])
        return found

    def unsettled(self) -> list[Deleting]:
        """Deletions sent without their outcome recorded (the run stopped)."""
        return [d for d in self.deleting.values() if d.id not in self.deleted]


def planned(change: Any) -> list[dict[str, Any]]:
    """What `change` would delete (nothing, for a change that only edits)."""
    hook = getattr(change, "deletions", None)
    return list(hook() or ()) if hook is not None else []


async def finish(
    engine: Engine, journal: Journal, summary: Summary, breaker: Breaker, verifier: Verifier
) -> None:
    """Delete what the change deletes, once its edits have landed: first the deletions a
    stopped run left unsettled, then each item `change.deletions()` names, one at a time."""
    hook = getattr(engine.change, "deletions", None)
    if hook is None:
        return
    state = Deletions.of(journal)
    todo = [{"resource": d.resource, "id": d.id, "slug": d.slug} for d in state.unsettled()]
    for wanted in [*todo, *planned(engine.change)]:
        if breaker.tripped or engine.stopping:
            return
        if str(wanted.get("id")) in state.deleted:
            continue
        await _delete(engine, journal, summary, breaker, verifier, wanted, state)


async def _delete(
    engine: Engine,
    journal: Journal,
    summary: Summary,
    breaker: Breaker,
    verifier: Verifier,
    wanted: Mapping[str, Any],
    state: Deletions,
) -> None:
    name, item_id = str(wanted["resource"]), str(wanted["id"])
    if name not in DELETABLE or not ITEM_ID.fullmatch(item_id):
        raise ValueError(f"a run deletes {', '.join(DELETABLE)} by id, not {name} {item_id!r}")
    resource = engine.resource(name)
    where = f"{name} {wanted.get('slug') or item_id}"
    try:
        current = (await resource.read(item_id, include="count.posts")).to_dict()
    except NotFoundError:
        if item_id in state.deleting:  # the run's own DELETE landed, its answer lost
            _landed(journal, summary, state, item_id, recovered=True)
        return  # else: deleted by someone else, and nothing of the run's to take back
    except GhostError as error:
        _failed(journal, summary, item_id, f"{where} could not be read: {error.message}")
        breaker.failure(error)
        return
    carried = (current.get("count") or {}).get("posts")
    if carried != 0:
        why = f"still on {carried} posts or pages" if carried else "its posts cannot be counted"
        _failed(journal, summary, item_id, f"{where} was not deleted: {why}")
        return
    kept = {k: v for k, v in current.items() if k != "count"}
    await journal.awrite(Deleting(item_id, name, str(current.get("slug") or ""), kept).to_json())
    state.deleting[item_id] = Deleting(item_id, name, str(current.get("slug") or ""), kept)
    try:
        await resource.delete(item_id)
    except NotFoundError:
        pass  # a DELETE retried after one that landed
    except LOST as error:
        if not await _gone(resource, item_id):
            _failed(journal, summary, item_id, f"{where}: {error.message}")
            breaker.failure(error)
            return
        _landed(journal, summary, state, item_id, recovered=True)
        return
    except GhostError as error:
        _failed(journal, summary, item_id, f"{where}: {error.message}")
        breaker.failure(error)
        return
    breaker.success()
    _landed(journal, summary, state, item_id)
    verifier.checked += 1
    if not await _gone(resource, item_id):
        verifier.problems[item_id] = f"{where} is still on the site after its DELETE"


async def _gone(resource: Any, item_id: str) -> bool:
    try:
        await resource.read(item_id)
    except NotFoundError:
        return True
    return False


def _landed(
    journal: Journal, summary: Summary, state: Deletions, item_id: str, *, recovered: bool = False
) -> None:
    journal.write(Deleted(item_id, recovered).to_json())
    state.deleted.add(item_id)
    summary.count({DELETED: 1})
    summary.recovered += int(recovered)


def _failed(journal: Journal, summary: Summary, item_id: str, reason: str) -> None:
    journal.write(Note("failed", item_id, reason), durable=False)
    summary.failed += 1
    summary.failures[item_id] = reason


# -- undo ------------------------------------------------------------------------------


class RecreateError(GhostError):
    """A deleted item could not be put back: the undo stops before any edit, since the
    posts it would re-attach it to would lose it instead."""


async def take_back(admin: Any, journal: Journal, result: dict[str, Any]) -> dict[str, Ref]:
    """Recreate every item the run deleted, journaled; the tags as the run's edits name
    them now (old id -> the recreated tag's id, slug and name). An item whose DELETE was
    sent but never answered is read first: still there, it needs nothing."""
    state = Deletions.of(journal)
    made: dict[str, Ref] = {}
    for old, deleting in state.deleting.items():
        resource = getattr(admin, deleting.resource)
        if old in state.recreated:
            made[old] = _ref(deleting.item, state.recreated[old])
            continue
        if old not in state.deleted and not await _gone(resource, old):
            continue  # never deleted
        made[old] = await _recreate(resource, journal, deleting)
        result["recreated"] = [*result.get("recreated", []), deleting.slug]
        result["restored"] += 1
    return made


def _ref(item: Mapping[str, Any], new_id: str) -> Ref:
    return {"id": new_id, "slug": str(item.get("slug")), "name": str(item.get("name"))}


async def _recreate(resource: Any, journal: Journal, deleting: Deleting) -> Ref:
    where = f"{deleting.resource} {deleting.slug}"
    try:
        there = await resource.read(slug=deleting.slug) if deleting.slug else None
    except NotFoundError:
        there = None
    except GhostError as error:
        raise RecreateError(f"{where} cannot be looked up: {error.message}") from None
    if there is not None:
        journal.write(Recreated(deleting.id, str(there.id), found=True).to_json())
        return _ref(there.to_dict(), str(there.id))
    body = {k: v for k, v in deleting.item.items() if k not in SET_BY_GHOST}
    await journal.awrite(Recreating(deleting.id).to_json())
    try:
        made = await resource.add(body)
    except GhostError as error:
        raise RecreateError(
            f"{where} could not be recreated: {error.message}",
            hint="run the undo again: it recreates what is missing, then takes back the edits",
        ) from None
    journal.write(Recreated(deleting.id, str(made.id)).to_json())
    return _ref(made.to_dict(), str(made.id))


def reattached(fields: dict[str, Any], made: Mapping[str, Ref]) -> dict[str, Any]:
    """An edit's original fields, its tags naming each recreated tag by its new id."""
    tags = fields.get("tags")
    if not made or not isinstance(tags, list):
        return fields
    renamed = [made.get(str(t.get("id")), t) if isinstance(t, Mapping) else t for t in tags]
    return {**fields, "tags": renamed}


async def still_carried(admin: Any, tag_id: str) -> str | None:
    """Why a tag the run created must not be deleted by its undo: posts or pages carry
    it still (someone edited them since the run, and their edit is kept)."""
    try:
        tag = await admin.tags.read(tag_id, include="count.posts")
    except NotFoundError:
        return None
    carried = (tag.to_dict().get("count") or {}).get("posts")
    if carried:
        return f"still on {carried} posts or pages edited since the run; left as it is"
    return None
