"""A run's plan: each item and the patch it would get, with a diff a person can read
(no I/O)."""

from __future__ import annotations

import difflib
import json
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ghostkit.content import card_text
from ghostkit.operations.change import BODY, Item, Patch, relation_names
from ghostkit.operations.summary import count_key
from ghostkit.operations.transforms import FORMATS

if TYPE_CHECKING:
    from ghostkit.operations.creations import Creation


@dataclass
class ItemPlan:
    """One item and what the change makes of it: `before` holds the item's value of
    every field the patch writes."""

    resource: str
    id: str
    slug: str
    title: str
    updated_at: str
    patch: Patch
    before: dict[str, Any]
    kept: dict[str, Any] = field(default_factory=dict)
    """Fields of the item the change's `check` needs later (kept in the journal)."""
    item: Item | None = field(default=None, repr=False, compare=False)
    """The item as it was read."""

    @classmethod
    def of(cls, item: Item, patch: Patch, keeps: tuple[str, ...] = ()) -> ItemPlan:
        return cls(
            resource=item.resource,
            id=str(item.get("id")),
            slug=str(item.get("slug") or item.get("email") or item.get("name") or ""),
            title=str(item.get("title") or item.get("name") or ""),
            updated_at=str(item.get("updated_at") or ""),
            patch=patch,
            before={name: item.get(name) for name in patch},
            kept={name: item.get(name) for name in keeps if name in item},
            item=item,
        )

    @property
    def changed(self) -> bool:
        return bool(self.patch)

    @property
    def counts(self) -> dict[str, int]:
        return self.patch.counts

    def diff(self) -> str:
        """Every field the patch writes, before and after, as a unified diff: for the
        body, its visible text, Markdown, cards' alt text and captions, and links."""
        before: list[str] = []
        after: list[str] = []
        for name, value in self.patch.items():
            before += _lines(name, self.before.get(name))
            after += _lines(name, value)
        names = f"{self.slug} (before)", f"{self.slug} (after)"
        if len(before) * len(after) <= _SMALL_DIFF:
            return "\n".join(difflib.unified_diff(before, after, *names, lineterm="", n=1))
        return "\n".join(_unified(before, after, *names))

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "resource": self.resource,
            "slug": self.slug,
            "title": self.title,
            "fields": sorted(self.patch),
            "counts": dict(self.counts),
            **{count_key(name): value for name, value in self.counts.items()},
        }


def _lines(name: str, value: Any) -> list[str]:
    """A field's value as lines of a diff."""
    if name in BODY:
        if not isinstance(value, str) or not value:
            return []
        module = FORMATS[name]
        document = module.parse(value)
        links = [f"link: {link.url}  ({link.where})" for link in module.list_links(document)]
        text: list[str] = module.visible_text(document).splitlines()
        cards = card_text.card_lines(name, document)
        return text + _markdown_lines(name, document) + cards + links
    if isinstance(value, list):
        return [f"{name}: {', '.join(relation_names(value))}"]
    if isinstance(value, str) and "\n" in value:
        return [f"{name}: {line}" for line in value.splitlines()]
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return [f"{name}: {shown}"]


def _markdown_lines(fmt: str, document: dict[str, Any]) -> list[str]:
    """The lines of the document's Markdown cards, whose text the visible text leaves out."""
    if fmt == "lexical":
        sources = [
            block.get("markdown")
            for block in document["root"].get("children") or ()
            if isinstance(block, dict) and block.get("type") == "markdown"
        ]
    else:
        sources = [
            entry[1].get("markdown")
            for entry in document.get("cards") or ()
            if isinstance(entry, list)
            and len(entry) > 1
            and entry[0] in ("markdown", "card-markdown")
            and isinstance(entry[1], dict)
        ]
    return [
        f"markdown: {line}"
        for text in sources
        if isinstance(text, str)
        for line in text.splitlines()
    ]


Opcode = tuple[str, int, int, int, int]
"""What difflib calls an opcode: a tag, and the ranges of the two sequences it covers."""

_SMALL_DIFF = 250_000
"""Past this many line pairs difflib's diff grows quadratic (a card of thousands of links,
every other one removed): such documents get a diff found in one pass."""


def _opcodes(before: list[str], after: list[str]) -> list[Opcode]:
    """Opcodes as difflib gives them, found in one pass: each line of `after` is matched
    with its next occurrence in `before`, if any. Not always the shortest diff, but right,
    and in O(n log n) however the lines interleave."""
    where: dict[str, list[int]] = {}
    for index, line in enumerate(before):
        where.setdefault(line, []).append(index)
    matches: list[tuple[int, int]] = []
    cursor = 0
    for j, line in enumerate(after):
        places = where.get(line)
        if places:
            k = bisect_left(places, cursor)
            if k < len(places):
                matches.append((places[k], j))
                cursor = places[k] + 1
    codes: list[Opcode] = []
    i = j = 0
    for mi, mj in [*matches, (len(before), len(after))]:
        if i < mi or j < mj:
            tag = "replace" if i < mi and j < mj else "delete" if i < mi else "insert"
            codes.append((tag, i, mi, j, mj))
        if mi < len(before) and mj < len(after):
            if codes and codes[-1][0] == "equal" and codes[-1][2] == mi:
                codes[-1] = ("equal", codes[-1][1], mi + 1, codes[-1][3], mj + 1)
            else:
                codes.append(("equal", mi, mi + 1, mj, mj + 1))
        i, j = mi + 1, mj + 1
    return codes


def _unified(before: list[str], after: list[str], old: str, new: str) -> Iterator[str]:
    """A unified diff with one line of context, from `_opcodes`."""
    for number, group in enumerate(_grouped(_opcodes(before, after))):
        if number == 0:
            yield f"--- {old}"
            yield f"+++ {new}"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in before[i1:i2])
                continue
            yield from ("-" + line for line in before[i1:i2])
            yield from ("+" + line for line in after[j1:j2])


def _grouped(codes: list[Opcode]) -> Iterator[list[Opcode]]:
    """The opcodes in hunks with one line of context, as difflib groups them."""
    if not codes or all(code[0] == "equal" for code in codes):
        return
    tag, i1, i2, j1, j2 = codes[0]
    if tag == "equal":
        codes[0] = (tag, max(i1, i2 - 1), i2, max(j1, j2 - 1), j2)
    tag, i1, i2, j1, j2 = codes[-1]
    if tag == "equal":
        codes[-1] = (tag, i1, min(i2, i1 + 1), j1, min(j2, j1 + 1))
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2:
            group.append((tag, i1, i1 + 1, j1, j1 + 1))
            yield group
            group = []
            i1, j1 = i2 - 1, j2 - 1
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, stop: int) -> str:
    """A hunk's range as unified diffs write it."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


@dataclass
class Plan:
    """Every item a run looked at, the ones it would change, and the counts."""

    seen: int = 0
    changes: list[ItemPlan] = field(default_factory=list)
    unchanged: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    """Every patch's counts added up, the unchanged items' included."""
    creations: list[Creation] = field(default_factory=list)
    """The items the run would add (a restore's missing items)."""
    deletions: list[dict[str, Any]] = field(default_factory=list)
    """The items the run would delete once its edits land (`ghostkit.operations.deletions`)."""

    def add(self, item: ItemPlan) -> None:
        self.seen += 1
        if item.changed:
            self.changes.append(item)
        else:
            self.unchanged += 1
        for name, value in item.counts.items():
            self.counts[name] = self.counts.get(name, 0) + value

    def planned(self) -> dict[str, int]:
        """The counts of the items that change (what a run of this plan will report)."""
        totals: dict[str, int] = {}
        for item in self.changes:
            for name, value in item.counts.items():
                totals[name] = totals.get(name, 0) + value
        return totals
