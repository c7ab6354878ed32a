"""After a run stopped: was an edit whose answer never came the run's own, or did someone
else edit the item since? What a resume records depends on it.

The journal's `before` record holds each field's value before the edit and what was sent
(a long body as its digest; journals of older releases have no `sent`: it is made again
from the original with the run's change). The item as it is now is compared with both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ghostkit.core.errors import NotFoundError
from ghostkit.operations.change import BODY, Change, Item, patch_of, same_value
from ghostkit.operations.records import Before, Done, Note, holds_sent, sent_value
from ghostkit.operations.transforms import FORMATS

if TYPE_CHECKING:
    from ghostkit.operations.engine import Engine
    from ghostkit.operations.journal import Journal

OURS = "ours"
"""The item holds what the run sent: the edit landed."""
UNSENT = "unsent"
"""The item holds what it held before: the edit never landed."""
THEIRS = "theirs"
"""The item holds something else: someone else changed it."""
EDITED = "edited by someone else after the run stopped; left as it is"


@dataclass(frozen=True)
class Verdict:
    kind: str
    reason: str = ""
    edited_after: bool = False
    """For OURS: someone changed the item's title or slug after the run's save."""


def sent_by(before: Before, change: Change | None) -> dict[str, Any] | None:
    """What the run sent, as its journal keeps it (`sent_value`); for a journal without
    it, made again from the original with the run's change (None if it cannot be)."""
    if before.sent is not None:
        return before.sent
    if change is None:
        return None
    try:
        item = Item(before.resource, {**before.kept, **before.fields, "id": before.id})
        patch = patch_of(change.plan(item))
    except Exception:
        return None
    return {name: sent_value(value) for name, value in patch.items()} or dict(before.fields)


def holds(before: Before, item: Item, change: Change | None = None) -> bool:
    """Whether `item` (as read now) holds every value the run sent."""
    sent = sent_by(before, change)
    if not sent:
        return False
    return all(_holds(name, kept, item) for name, kept in sent.items())


def _holds(name: str, kept: Any, item: Item) -> bool:
    if name == "mobiledoc" and not item.get("mobiledoc") and item.get("lexical"):
        return False  # Ghost 6 turned it into Lexical: see `verdict`
    if isinstance(kept, dict) and set(kept) == {"sha256"}:
        return holds_sent(kept, item.get(name))
    return same_value(name, item.get(name), kept)


def verdict(before: Before, item: Item, change: Change | None = None) -> Verdict:
    """Whether `item` (as read now) holds the run's edit, its original, or another edit."""
    body = [name for name in before.fields if name in BODY]
    if body and not item.body_format:
        return Verdict(THEIRS, "its content was removed by someone else after the run stopped")
    if all(same_value(name, item.get(name), value) for name, value in before.fields.items()):
        return Verdict(UNSENT)
    if holds(before, item, change) or _converted(before, item, change):
        return _ours(before, item)
    return Verdict(THEIRS, EDITED)


def _converted(before: Before, item: Item, change: Change | None) -> bool:
    """A mobiledoc edit that Ghost 6 saved as Lexical (it converts on every write): the
    same visible text as the document the run made."""
    if "mobiledoc" not in before.fields or item.body_format != "lexical" or change is None:
        return False
    try:
        made = patch_of(change.plan(Item(before.resource, {**before.fields, "id": before.id})))
        sent = FORMATS["mobiledoc"].visible_text(FORMATS["mobiledoc"].parse(made["mobiledoc"]))
        now = FORMATS["lexical"].visible_text(FORMATS["lexical"].parse(item["lexical"]))
    except Exception:
        return False
    return " ".join(str(sent).split()) == " ".join(str(now).split())


def _ours(before: Before, item: Item) -> Verdict:
    written = set(before.sent or before.fields)
    moved = [
        name
        for name, was in (("slug", before.slug), ("title", before.title))
        if name not in written and was and (item.get(name) or "") != was
    ]
    if moved:
        return Verdict(
            OURS,
            f"saved by this run, then its {' and '.join(moved)} changed by someone else; "
            "left as it is",
            edited_after=True,
        )
    return Verdict(OURS)


async def settle(engine: Engine, journal: Journal, before: Before) -> bool:
    """Record what became of an item whose edit was sent but whose answer never came;
    whether the edit was the run's own."""
    resource = engine.resource(before.resource)
    try:
        found = await resource.read(before.id, **engine.read_params(before.resource))
    except NotFoundError:
        journal.write(Note("changed-elsewhere", before.id, "deleted by someone else since the run"))
        return False
    item = Item(before.resource, found.to_dict())
    outcome = verdict(before, item, engine.change)
    if outcome.kind == UNSENT:
        return False  # planned again, it is edited as planned
    if outcome.kind == OURS:
        stamp = None if outcome.edited_after else item.get("updated_at")
        journal.write(Done(before.id, stamp, before.counts, recovered=True))
    if outcome.reason:
        journal.write(Note("changed-elsewhere", before.id, outcome.reason))
    return outcome.kind == OURS
