"""What a bulk change is: the `Change` protocol, the items it is given and the patches it
returns. The engine (`ghostkit.operations.engine`) does everything else: selection, the
plan and its diff, confirmation, the journal, collision-safe writes, verify, resume, undo.

A change in ten lines (see docs/changes.md):

    class PrefixDrafts(Change):
        kind = "prefix-drafts"
        reads = ("title",)

        def plan(self, item):
            if item["title"].startswith("Draft: "):
                return None
            return {"title": "Draft: " + item["title"]}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, runtime_checkable

BODY = ("lexical", "mobiledoc")
"""The fields that hold a post's content, as JSON documents in a string."""
RELATIONS = {
    "tags": ("id", "slug", "name"),
    "authors": ("id", "email", "slug"),
    "tiers": ("id", "slug"),
    "labels": ("id", "slug", "name"),
}
"""Fields that are lists of other items, and the keys that name such an item (a member's
labels too: Ghost refuses them in `fields`, and sends them with `include`)."""


class Item(dict[str, Any]):
    """One post, page, tag or member as read from the site: its fields, and `resource`
    ("posts", "pages", ...), which a change that reads several kinds of item may need."""

    def __init__(self, resource: str, fields: Mapping[str, Any]) -> None:
        super().__init__(fields)
        self.resource = resource

    @property
    def body_format(self) -> str | None:
        """ "lexical" or "mobiledoc": the format the item's content is in (None: none)."""
        return next((name for name in BODY if self.get(name)), None)


class Patch(dict[str, Any]):
    """The fields a change writes to one item, with their new values; and `counts`, what
    it did in the change's own words ({"links removed": 3}). An empty patch changes
    nothing, though its counts are still added up (say, link cards kept)."""

    def __init__(
        self, fields: Mapping[str, Any] | None = None, *, counts: Mapping[str, int] | None = None
    ) -> None:
        super().__init__(fields or {})
        self.counts = dict(counts or {})


@runtime_checkable
class Change(Protocol):
    """A bulk change. Subclass it (the defaults below come along) or write any class with
    the same attributes.

    - `kind`: a short name, stored in the run's journal.
    - `reads`: the item fields `plan` needs (besides `id` and `updated_at`).
    - `plan(item)`: the fields to write, or None to leave the item as it is. Any writable
      field: the body (`lexical` or `mobiledoc`, a JSON string), title, excerpts, meta and
      social fields, images, canonical URL, code injection, tags, authors, visibility and
      tiers, status, template, featured...
    - `describe()`: the change's kind and options as JSON, stored in the run; for a
      built-in change, resume makes the change again from it.
    - `check(before, after)`: run by verify on each changed item, `after` as Ghost renders
      it (with `html` and `plaintext`); a problem in words, or None.
    - `keeps`: fields of the item kept in the journal for `check` (say, `plaintext`).
    """

    kind: ClassVar[str]
    reads: ClassVar[tuple[str, ...]] = ()
    keeps: ClassVar[tuple[str, ...]] = ()

    def plan(self, item: Item) -> Mapping[str, Any] | None: ...

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind}

    def check(self, before: Item, after: Item) -> str | None:
        return None


def patch_of(planned: Mapping[str, Any] | None) -> Patch:
    """What a change's `plan` returned, as a `Patch` (None: an empty one)."""
    if planned is None:
        return Patch()
    if isinstance(planned, Patch):
        return planned
    if not isinstance(planned, Mapping):
        raise TypeError(f"a change's plan returned {type(planned).__name__}, not a mapping")
    return Patch(planned)


def effective(item: Mapping[str, Any], patch: Patch) -> Patch:
    """The fields of `patch` that would really change `item` (a value equal to the
    item's own is dropped, so that a change that sets what is there changes nothing)."""
    kept = Patch({k: v for k, v in patch.items() if not same_value(k, item.get(k), v)})
    kept.counts = patch.counts
    return kept


def same_value(field: str, current: Any, wanted: Any) -> bool:
    """Whether the site's `current` value of `field` is what `wanted` asks for. Related
    items (tags, authors, tiers) are the same when each names the same item, by id, slug,
    name or email as `wanted` gives it, in the same order."""
    if field in RELATIONS and isinstance(wanted, list) and isinstance(current, list):
        if len(wanted) != len(current):
            return False
        pairs = zip(current, wanted, strict=True)
        return all(_names_same(field, have, want) for have, want in pairs)
    if current in (None, "") and wanted in (None, ""):
        return True
    return bool(current == wanted)


def _names_same(field: str, have: Any, want: Any) -> bool:
    if isinstance(want, str):
        want = {"slug": want}
    if not isinstance(want, Mapping) or not isinstance(have, Mapping):
        return bool(have == want)
    keys = [key for key in RELATIONS[field] if want.get(key) is not None]
    if not keys:
        return False
    return all(str(have.get(key) or "").lower() == str(want[key]).lower() for key in keys[:1])


def relation_names(values: Iterable[Any]) -> list[str]:
    """Related items as people say them: names, else slugs or emails."""
    names = []
    for value in values:
        if isinstance(value, Mapping):
            value = value.get("name") or value.get("slug") or value.get("email") or value.get("id")
        names.append(str(value))
    return names


@dataclass(frozen=True)
class Selection:
    """Which items a run reads: its resources, and an NQL filter."""

    resources: tuple[str, ...] = ("posts",)
    filter: str | None = None

    def describe(self) -> dict[str, Any]:
        return {"resources": list(self.resources), "filter": self.filter}
