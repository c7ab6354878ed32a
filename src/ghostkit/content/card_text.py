"""The text of cards that is not body text: image and gallery alt text, and captions.

Lexical cards and mobiledoc card payloads use the same property names, so one walk serves
both formats. Alt text is plain text (`image.alt`, `gallery.images[].alt`). A caption is
HTML (`caption` of image, gallery, bookmark, embed, video, audio and code cards, and of
each gallery image): only its text is replaced, never its tags, attributes (URLs) or
comments, and what goes in is escaped so that it shows as written.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any, Literal

from ghostkit.content import lexical, mobiledoc
from ghostkit.content.cards import HTML_PROPERTIES
from ghostkit.content.html_links import visible_text
from ghostkit.content.spans import line_starts
from ghostkit.content.text_replace import TextReplacer

Node = dict[str, Any]
Part = Literal["alt", "captions"]
CAPTIONED = tuple(kind for kind, names in HTML_PROPERTIES.items() if "caption" in names)
"""The cards with a caption."""
_RENDERED_ALT = frozenset({"kg-image-card", "kg-gallery-card"})
"""The classes of the figures Ghost renders image and gallery cards as."""


def replace_html_text(source: str, replacer: TextReplacer) -> tuple[str, int]:
    """The HTML with FIND replaced in its text (entities decoded for the match), and how
    many replacements were made. Text that has no match keeps its bytes."""
    pieces: list[str] = []
    count = 0
    for start, end, is_text in _regions(source):
        piece = source[start:end]
        if is_text:
            new, made = replacer.subn(html.unescape(piece))
            if made:
                count += made
                piece = html.escape(new, quote=False)
        pieces.append(piece)
    return ("".join(pieces), count) if count else (source, 0)


class _Regions(HTMLParser):
    """Where each tag, comment and run of text starts (script and style are not text)."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._starts = line_starts(source)
        self.marks: list[tuple[int, bool]] = []

    def _mark(self, is_text: bool = False) -> None:
        line, column = self.getpos()
        self.marks.append((self._starts[line - 1] + column, is_text))

    def handle_data(self, data: str) -> None:
        self._mark(getattr(self, "cdata_elem", None) is None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._mark()

    def handle_endtag(self, tag: str) -> None:
        self._mark()

    def handle_comment(self, data: str) -> None:
        self._mark()

    def handle_decl(self, decl: str) -> None:
        self._mark()

    def handle_pi(self, data: str) -> None:
        self._mark()

    def unknown_decl(self, data: str) -> None:
        self._mark()


def _regions(source: str) -> list[tuple[int, int, bool]]:
    """The source cut into regions: (start, end, whether it is text), neighbouring runs
    of text joined (a match may span them)."""
    parser = _Regions(source)
    parser.feed(source)
    parser.close()
    marks = parser.marks
    regions: list[tuple[int, int, bool]] = []
    if marks and marks[0][0] > 0:
        regions.append((0, marks[0][0], False))
    for index, (start, is_text) in enumerate(marks):
        end = marks[index + 1][0] if index + 1 < len(marks) else len(source)
        if end <= start:
            continue
        if is_text and regions and regions[-1][2] and regions[-1][1] == start:
            regions[-1] = (regions[-1][0], end, True)
        else:
            regions.append((start, end, is_text))
    return regions


def _cards(fmt: str, document: Node) -> Iterator[tuple[str, Node]]:
    """Every card's kind and properties, in document order."""
    if fmt == "lexical":
        for node in lexical.walk(document["root"]):
            if node is not document["root"] and lexical.is_card(node):
                yield str(node.get("type")), node
        return
    for entry in document.get("cards") or ():
        if isinstance(entry, list) and len(entry) > 1 and isinstance(entry[1], dict):
            yield mobiledoc.card_kind(str(entry[0])), entry[1]


def _map_cards(fmt: str, document: Node, edit: Callable[[str, Node], Node]) -> Node:
    """The document with each card's properties replaced by `edit(kind, properties)`;
    the very same document when `edit` changed none."""
    if fmt == "lexical":

        def visit(node: Node) -> Node:
            if lexical.is_card(node):
                return edit(str(node.get("type")), node)
            children = node.get("children")
            if not isinstance(children, list):
                return node
            new = [visit(child) if isinstance(child, dict) else child for child in children]
            if all(a is b for a, b in zip(new, children, strict=True)):
                return node
            return {**node, "children": new}

        root = visit(document["root"]) if "children" in document["root"] else document["root"]
        return document if root is document["root"] else {**document, "root": root}
    entries = document.get("cards") or []
    new_entries = list(entries)
    for index, entry in enumerate(entries):
        if isinstance(entry, list) and len(entry) > 1 and isinstance(entry[1], dict):
            payload = edit(mobiledoc.card_kind(str(entry[0])), entry[1])
            if payload is not entry[1]:
                new_entries[index] = [entry[0], payload, *entry[2:]]
    if all(a is b for a, b in zip(new_entries, entries, strict=True)):
        return document
    return {**document, "cards": new_entries}


def _texts(kind: str, card: Node, part: Part) -> Iterator[tuple[Node, str]]:
    """The objects holding the card's text of `part`, and the property it is in."""
    name = "alt" if part == "alt" else "caption"
    if (part == "alt" and kind == "image") or (part == "captions" and kind in CAPTIONED):
        yield card, name
    if kind == "gallery" and isinstance(card.get("images"), list):
        for image in card["images"]:
            if isinstance(image, dict):
                yield image, name


def replace_in_cards(
    fmt: str, document: Node, part: Part, replacer: TextReplacer
) -> tuple[Node, int]:
    """The document with FIND replaced in the cards' alt text or captions, and how many
    replacements were made."""
    count = 0
    subn = replacer.subn if part == "alt" else lambda text: replace_html_text(text, replacer)

    def edit(kind: str, card: Node) -> Node:
        nonlocal count
        new_card = card
        for holder, name in _texts(kind, card, part):
            value = holder.get(name)
            if not isinstance(value, str):
                continue
            new_value, made = subn(value)
            if not made:
                continue
            count += made
            if holder is card:
                new_card = {**new_card, name: new_value}
            else:
                images = [
                    {**image, name: new_value} if image is holder else image
                    for image in new_card["images"]
                ]
                new_card = {**new_card, "images": images}
        return new_card

    new = _map_cards(fmt, document, edit)
    return (new, count) if count else (document, 0)


def card_texts(fmt: str, document: Node, part: Part) -> list[str]:
    """The cards' alt texts or captions (as text), in document order."""
    found = []
    for kind, card in _cards(fmt, document):
        for holder, name in _texts(kind, card, part):
            value = holder.get(name)
            if isinstance(value, str) and value:
                found.append(value if part == "alt" else visible_text(value))
    return found


def card_lines(fmt: str, document: Node) -> list[str]:
    """The cards' alt texts and captions as lines of a diff, each naming its card."""
    lines = []
    parts: tuple[Part, ...] = ("alt", "captions")
    for kind, card in _cards(fmt, document):
        for part in parts:
            for holder, name in _texts(kind, card, part):
                value = holder.get(name)
                if isinstance(value, str) and value:
                    text = value if part == "alt" else visible_text(value)
                    lines.append(f"{name}: {' '.join(text.split())}  ({kind} card)")
    return lines


class _Rendered(HTMLParser):
    """The alt text of the images in the figures Ghost renders image and gallery cards
    as, and the text of every card's figcaption."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.alt: list[str] = []
        self.captions: list[str] = []
        self._figures: list[set[str]] = []
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "figure":
            self._figures.append(set((values.get("class") or "").split()))
        elif tag == "img" and self._figures and self._figures[-1] & _RENDERED_ALT:
            self.alt.append(values.get("alt") or "")
        elif tag == "figcaption" and self._figures and "kg-card" in self._figures[-1]:
            self._caption = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure" and self._figures:
            self._figures.pop()
        elif tag == "figcaption" and self._caption is not None:
            self.captions.append("".join(self._caption))
            self._caption = None

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)


def rendered_texts(rendered: str, part: Part) -> list[str]:
    """The cards' alt texts or captions in a post's rendered HTML."""
    parser = _Rendered()
    parser.feed(rendered)
    parser.close()
    return parser.alt if part == "alt" else parser.captions
