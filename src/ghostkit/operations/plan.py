"""Planning: what an operation would change in each post (no I/O)."""

from __future__ import annotations

import difflib
import json
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ghostkit.content.links import Link
from ghostkit.models import Post
from ghostkit.operations.transforms import FORMATS, Transform


@dataclass
class PostPlan:
    """One post (or page) and what the operation makes of it."""

    id: str
    resource: str
    slug: str
    title: str
    format: str
    updated_at: str
    original: str
    new: str
    removed: int
    cards_changed: int
    link_cards: list[Link]
    plaintext: str | None
    before_links: list[Link] = field(default_factory=list)
    after_links: list[Link] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new != self.original

    def diff(self) -> str:
        """The visible text and the links, before and after, as a unified diff."""
        module = FORMATS[self.format]
        old, new = json.loads(self.original), json.loads(self.new)
        before = module.visible_text(old).splitlines() + _markdown_lines(self.format, old)
        after = module.visible_text(new).splitlines() + _markdown_lines(self.format, new)
        before += [f"link: {link.url}  ({link.where})" for link in self.before_links]
        after += [f"link: {link.url}  ({link.where})" for link in self.after_links]
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
            "format": self.format,
            "links_removed": self.removed,
            "link_cards_changed": self.cards_changed,
            "link_cards_kept": [link.url for link in self.link_cards],
        }


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


def plan_post(post: Post, resource: str, transform: Transform) -> PostPlan | None:
    """The plan for one post as read from Ghost, or None if it has no document."""
    if post.lexical:
        fmt, original = "lexical", post.lexical
    elif post.mobiledoc:
        fmt, original = "mobiledoc", post.mobiledoc
    else:
        return None
    module = FORMATS[fmt]
    document = module.parse(original)
    result = transform(fmt, document)
    new = module.serialize(result.document) if result.changed else original
    return PostPlan(
        id=str(post.id),
        resource=resource,
        slug=post.slug or "",
        title=post.title or "",
        format=fmt,
        updated_at=post.updated_at or "",
        original=original,
        new=new,
        removed=result.removed,
        cards_changed=result.cards_changed,
        link_cards=result.link_cards,
        plaintext=post.plaintext,
        before_links=module.list_links(document) if result.changed else [],
        after_links=module.list_links(result.document) if result.changed else [],
    )


@dataclass
class Plan:
    """Every post an operation looked at, and the ones it would change."""

    seen: int = 0
    changes: list[PostPlan] = field(default_factory=list)
    unchanged: int = 0
    link_cards_kept: int = 0

    @property
    def links_removed(self) -> int:
        return sum(item.removed for item in self.changes)

    def add(self, item: PostPlan | None) -> None:
        self.seen += 1
        if item is None or not item.changed:
            self.unchanged += 1
        else:
            self.changes.append(item)
        if item is not None:
            self.link_cards_kept += len(item.link_cards)
