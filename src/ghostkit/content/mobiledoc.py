"""Ghost's mobiledoc (0.3.x) documents: read, write, list links, and transform them.

A mobiledoc document keeps its formatting in a `markups` array (`["a", ["href", url]]`,
`["strong"]`, ...) and its text in `sections`: markup sections `[1, tag, markers]`, list
sections `[3, tag, [markers, ...]]`, image sections `[2, src]` and card sections
`[10, card index]` pointing into `cards` (`[name, payload]`). A marker is
`[0 text | 1 atom, opened markup indexes, closed count, text | atom index]`; markups open in
the order listed and close last-opened first. Every transform returns a new document and
leaves section types and fields it does not know exactly as they were.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from ghostkit.content import cards, markdown_replace
from ghostkit.content.cards import LinkCardMode
from ghostkit.content.lexical import StripResult
from ghostkit.content.links import Link
from ghostkit.content.selection import ALL_LINKS, LinkSelector
from ghostkit.content.text_replace import TextReplacer

Node = dict[str, Any]
Markers = list[Any]

MARKUP_SECTION = 1
IMAGE_SECTION = 2
LIST_SECTION = 3
CARD_SECTION = 10
TEXT_MARKER = 0
ATOM_MARKER = 1

CARD_ALIASES = {"card-markdown": "markdown", "code": "codeblock"}
"""Mobiledoc card names whose Lexical twin, and so whose property table, has another name."""


def parse(text: str) -> Node:
    """The document in a `mobiledoc` field (a JSON string)."""
    document = json.loads(text)
    if not isinstance(document, dict) or not isinstance(document.get("sections"), list):
        raise ValueError("not a mobiledoc document: no sections")
    version = document.get("version")
    if not isinstance(version, str) or not version.startswith("0.3"):
        raise ValueError(f"not a mobiledoc 0.3 document: version {version!r}")
    return document


def serialize(document: Node) -> str:
    """Compact JSON with unicode kept, as Ghost stores it."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _kind(section: Any) -> Any:
    return section[0] if isinstance(section, list) and section else None


def marker_lists(section: Any) -> list[Markers]:
    """The marker lists of a section: one for a markup section, one per list item."""
    if not isinstance(section, list) or len(section) < 3 or not isinstance(section[2], list):
        return []
    if section[0] == MARKUP_SECTION:
        return [section[2]]
    if section[0] == LIST_SECTION:
        return [item for item in section[2] if isinstance(item, list)]
    return []


def _is_marker(marker: Any) -> bool:
    return (
        isinstance(marker, list)
        and len(marker) >= 4
        and isinstance(marker[1], list)
        and isinstance(marker[2], int)
    )


def _marker_text(marker: Any, atoms: list[Any]) -> str:
    """A text marker's text, or an atom's text (a soft return's is empty)."""
    if not _is_marker(marker):
        return ""
    if marker[0] == TEXT_MARKER:
        return str(marker[3])
    index = marker[3]
    if marker[0] == ATOM_MARKER and isinstance(index, int) and 0 <= index < len(atoms):
        atom = atoms[index]
        if isinstance(atom, list) and len(atom) > 1:
            return str(atom[1])
    return ""


def text_of(markers: Markers, atoms: list[Any]) -> str:
    return "".join(_marker_text(marker, atoms) for marker in markers)


def href(markup: Any) -> str | None:
    """The `href` of an `a` markup (attributes are a flat name, value list)."""
    attributes = markup[1] if isinstance(markup, list) and len(markup) > 1 else []
    if not isinstance(attributes, list):
        return None
    for name, value in zip(attributes[::2], attributes[1::2], strict=False):
        if name == "href":
            return None if value is None else str(value)
    return None


def is_link(markup: Any) -> bool:
    return isinstance(markup, list) and bool(markup) and str(markup[0]).lower() == "a"


def section_card(document: Node, section: Any) -> tuple[str, Node] | None:
    """The name and payload of a card section's card."""
    index, entries = _card_index(section), document.get("cards") or []
    if index is None or not 0 <= index < len(entries):
        return None
    entry = entries[index]
    if not isinstance(entry, list) or not entry or not isinstance(entry[0], str):
        return None
    payload = entry[1] if len(entry) > 1 and isinstance(entry[1], dict) else {}
    return entry[0], payload


def card_kind(name: str) -> str:
    return CARD_ALIASES.get(name, name)


def list_links(document: Node) -> list[Link]:
    """Every link, in document order: inline links and every kind of card link."""
    markups, atoms = document.get("markups") or [], document.get("atoms") or []
    found: list[Link] = []
    for section in document["sections"]:
        for markers in marker_lists(section):
            found.extend(_inline_links(markers, markups, atoms))
        card = section_card(document, section)
        if card is not None:
            found.extend(cards.card_links(card_kind(card[0]), card[1]))
    return found


def _inline_links(markers: Markers, markups: list[Any], atoms: list[Any]) -> Iterator[Link]:
    """Each opening of an `a` markup, with the text of the markers until it closes."""
    stack: list[list[str] | None] = []  # the text so far of each open link, None for others
    opened: list[tuple[str | None, list[str]]] = []
    for marker in filter(_is_marker, markers):
        for index in marker[1]:
            in_range = isinstance(index, int) and 0 <= index < len(markups)
            markup = markups[index] if in_range else None
            parts: list[str] | None = [] if is_link(markup) else None
            if parts is not None:
                opened.append((href(markup), parts))
            stack.append(parts)
        text = _marker_text(marker, atoms)
        for parts in stack:
            if parts is not None:
                parts.append(text)
        del stack[len(stack) - min(marker[2], len(stack)) :]
    for url, parts in opened:
        yield Link(url, "".join(parts), "inline", None, None)


def strip_links(
    document: Node,
    selector: LinkSelector = ALL_LINKS,
    link_cards: LinkCardMode = "keep",
) -> StripResult:
    """Remove the selected links and keep their text.

    Selected `a` markups leave every marker that opens them and the `markups` array (with
    the other markups re-indexed); each marker's closed count drops by the links among the
    markups it closed, so nesting stays valid. Links in HTML and Markdown card payloads are
    unwrapped in place; clickable images lose their `href`. Link cards are listed and kept,
    or with `link_cards="text"` become a paragraph of their text, or with "remove" go; either
    way their entry leaves the `cards` array and card sections are re-indexed.
    """
    result = StripResult(document={})
    markups = document.get("markups") or []
    selected = {i for i, m in enumerate(markups) if is_link(m) and selector.selects(href(m))}
    markup_map = _index_map(len(markups), selected)
    entries = document.get("cards") or []
    new_cards, gone = _strip_cards(document, selector, link_cards, result)
    card_map = _index_map(len(new_cards), gone)
    sections: list[Any] = []
    added: list[Any] = []  # `a` markups of links kept in link cards turned into text
    for section in document["sections"]:
        index = _card_index(section)
        if index is None and markup_map is not None:
            sections.append(_map_markers(section, lambda m: _strip_markers(m, markup_map, result)))
        elif index is None:
            sections.append(section)
        elif index not in gone:
            sections.append(_reindex_card(section, index, card_map))
        elif link_cards == "text":
            name, payload = section_card(document, section) or ("", {})
            segments = cards.link_card_segments(card_kind(name), payload, selector.selects)
            sections.append(_paragraph_of(segments, added, len(markups) - len(selected)))
    new = dict(document)
    if markup_map is not None or added:
        new["markups"] = [m for i, m in enumerate(markups) if i not in selected] + added
    if gone or not _same(new_cards, entries):
        new["cards"] = [c for i, c in enumerate(new_cards) if i not in gone]
    if not _same(sections, document["sections"]):
        new["sections"] = sections
    result.document = new
    return result


def _same(new: list[Any], old: list[Any]) -> bool:
    """Whether a rebuilt list holds exactly the objects it was built from."""
    return len(new) == len(old) and all(a is b for a, b in zip(new, old, strict=True))


def _card_index(section: Any) -> int | None:
    """The card index of a card section (None for other sections)."""
    if _kind(section) != CARD_SECTION or len(section) < 2:
        return None
    index = section[1]
    return index if isinstance(index, int) else None


def _index_map(count: int, dropped: set[int]) -> list[int | None] | None:
    """Old index to new index (None for a dropped one); None when nothing is dropped."""
    if not dropped:
        return None
    kept = iter(range(count))
    return [None if i in dropped else next(kept) for i in range(count)]


def _new_index(index: Any, index_map: list[int | None]) -> Any:
    """The index after re-indexing; indexes out of the array's range stay as they were."""
    if isinstance(index, int) and 0 <= index < len(index_map):
        return index_map[index]
    return index


def _strip_markers(markers: Markers, markup_map: list[int | None], result: StripResult) -> Markers:
    """Drop removed markups from each marker's opens and closes, and re-index the rest.

    The open stack is replayed with the original indexes: a marker's closed count pops that
    many markups, and only the kept ones among them count in its new closed count. The kept
    markups keep their relative order on the stack, so their nesting stays valid.
    """
    stack: list[Any] = []
    new_markers: Markers = []
    for marker in markers:
        if not _is_marker(marker):
            new_markers.append(marker)
            continue
        opens = [_new_index(i, markup_map) for i in marker[1]]
        result.removed += opens.count(None)
        stack.extend(opens)
        closed = stack[len(stack) - min(marker[2], len(stack)) :]
        del stack[len(stack) - len(closed) :]
        new_opens = [i for i in opens if i is not None]
        new_closed = len(closed) - closed.count(None)
        if new_opens == marker[1] and new_closed == marker[2]:
            new_markers.append(marker)
        else:
            new_markers.append([marker[0], new_opens, new_closed, *marker[3:]])
    return markers if _same(new_markers, markers) else new_markers


def _map_markers(section: Any, transform: Callable[[Markers], Markers]) -> Any:
    """The section with `transform` applied to each of its marker lists."""
    if _kind(section) == MARKUP_SECTION and marker_lists(section):
        markers = transform(section[2])
        return section if markers is section[2] else [*section[:2], markers, *section[3:]]
    if _kind(section) == LIST_SECTION and marker_lists(section):
        items = [transform(item) if isinstance(item, list) else item for item in section[2]]
        return section if _same(items, section[2]) else [*section[:2], items, *section[3:]]
    return section


def _strip_cards(
    document: Node, selector: LinkSelector, mode: LinkCardMode, result: StripResult
) -> tuple[list[Any], set[int]]:
    """A copy of the `cards` array with stripped payloads, and the indexes of the link cards
    that go. Each card is handled once, however many sections show it."""
    entries = document.get("cards") or []
    new_entries = list(entries)
    gone: set[int] = set()
    seen: set[int] = set()
    for section in document["sections"]:
        index, card = _card_index(section), section_card(document, section)
        if index is None or card is None or index in seen:
            continue
        seen.add(index)
        name, payload = card
        kind = card_kind(name)
        if cards.is_selected_link_card(kind, payload, selector.selects):
            if mode != "keep":
                result.cards_changed += 1
                gone.add(index)
                continue
            links = cards.card_links(kind, payload)
            result.link_cards.extend(link for link in links if link.where == "link-card")
        stripped, removed = cards.strip_card(kind, payload, selector.selects)
        if removed:
            result.removed += removed
            new_entries[index] = [name, stripped, *entries[index][2:]]
    return new_entries, gone


def _reindex_card(section: Any, index: int, card_map: list[int | None] | None) -> Any:
    new_index = index if card_map is None else _new_index(index, card_map)
    return section if new_index == index else [section[0], new_index, *section[2:]]


def _paragraph_of(segments: list[tuple[str, str | None]], added: list[Any], base: int) -> Any:
    """A markup section of text runs, those with a URL as links (their markups go to
    `added`, numbered from `base`, where they will sit in the new `markups`)."""
    markers: list[Any] = []
    for text, url in segments:
        if url is None:
            markers.append([TEXT_MARKER, [], 0, text])
        else:
            markers.append([TEXT_MARKER, [base + len(added)], 1, text])
            added.append(["a", ["href", url]])
    return [MARKUP_SECTION, "p", markers]


def paragraph(text: str) -> list[Any]:
    """A plain markup section holding `text`."""
    return [MARKUP_SECTION, "p", [[TEXT_MARKER, [], 0, text]] if text else []]


def replace_text(
    document: Node, find: str, replacement: str, *, regex: bool = False
) -> tuple[Node, int]:
    """Find and replace inside text markers and the text of Markdown cards (never in
    markups, URLs, atoms or other cards).

    Returns the new document and the number of replacements.
    """
    replacer = TextReplacer(find, replacement, regex=regex)
    count = 0

    def replace(markers: Markers) -> Markers:
        nonlocal count
        new_markers = list(markers)
        for index, marker in enumerate(markers):
            if _is_marker(marker) and marker[0] == TEXT_MARKER and isinstance(marker[3], str):
                new_text, made = replacer.subn(marker[3])
                if made:
                    count += made
                    new_markers[index] = [*marker[:3], new_text, *marker[4:]]
        return markers if _same(new_markers, markers) else new_markers

    sections = [_map_markers(section, replace) for section in document["sections"]]
    new = {**document, "sections": sections}
    entries = document.get("cards") or []
    new_entries = list(entries)
    for index, entry in enumerate(entries):
        if not isinstance(entry, list) or len(entry) < 2 or not isinstance(entry[1], dict):
            continue
        markdown = entry[1].get("markdown")
        if card_kind(str(entry[0])) == "markdown" and isinstance(markdown, str):
            new_markdown, made = markdown_replace.replace_text(markdown, replacer)
            if made:
                count += made
                new_entries[index] = [entry[0], {**entry[1], "markdown": new_markdown}, *entry[2:]]
    if not _same(new_entries, entries):
        new["cards"] = new_entries
    return new, count


def visible_text(document: Node) -> str:
    """The document's text, one line per section (and per list item), for diffs."""
    atoms = document.get("atoms") or []
    lines: list[str] = []
    for section in document["sections"]:
        card = section_card(document, section)
        if card is not None:
            lines.append(f"[{card[0]} card]")
        elif _kind(section) == IMAGE_SECTION:
            lines.append("[image section]")
        else:
            lines.extend(text_of(markers, atoms) for markers in marker_lists(section))
    return "\n".join(lines)
