"""HTML to Lexical, natively: the document Ghost's editor would hold for the same content.

`html_to_lexical(html)` reads the HTML with a real parser (`content.html_tree`) and builds the
document with `content.builder`. Rich text becomes rich text (paragraphs, headings h1-h6,
quotes, nested lists, links, every inline format, line breaks, dividers); `<pre><code>`
becomes a code card, an image on its own an image card; Ghost's own card markup (the
`kg-card` classes, and the `<!--kg-card-begin: html|markdown-->` comments) becomes the same
cards again (`content.html_cards`), so a post exported as HTML comes back as the cards it
was made of. Markup that Lexical cannot hold (tables, iframes, scripts, forms, ...) becomes
an HTML card keeping the original markup: nothing is lost.

Whitespace is read as a browser renders it: runs of spaces and newlines in text collapse to
one space and vanish at the edges of a block; in `<pre>` every character is kept.

docs/html-to-lexical.md lists what becomes what, and how this compares with Ghost's own
converter (`?source=html`), as measured against a real Ghost in
tests/integration/test_live_html_lexical.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ghostkit.content import builder, builder_cards, html_cards, html_member_cards
from ghostkit.content.html_tree import (
    Child,
    Comment,
    Element,
    Text,
    outer_html,
    parse_html,
    tags,
)
from ghostkit.content.lexical import Node

FORMATS = {
    "strong": "bold",
    "b": "bold",
    "em": "italic",
    "i": "italic",
    "s": "strikethrough",
    "del": "strikethrough",
    "strike": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "sub": "subscript",
    "sup": "superscript",
    "mark": "highlight",
}
BLOCKS = tags(
    "p div section article main header footer nav aside address figure figcaption li dd dt "
    "body html hgroup search"
)
"""Blocks read through: their content counts, the element itself has no Lexical form."""
UNREPRESENTABLE = tags(
    "table iframe script style form input select textarea button video audio object embed "
    "canvas svg math noscript template details dl map"
)
"""Elements kept whole in an HTML card wherever they stand."""
SKIPPED = frozenset({"head", "title", "meta", "link", "base"})
_SPACE = re.compile(r"[ \t\n\r\f]+")
_CARD_BEGIN = re.compile(r"^\s*kg-card-begin:\s*(html|markdown)\s*$")
_CARD_END = re.compile(r"^\s*kg-card-end:\s*(html|markdown)\s*$")
_HEADING = re.compile(r"h[1-6]")


def html_to_lexical(html: str) -> Node:
    """The Lexical document (a dict, for `lexical.serialize`) of an HTML fragment or page."""
    return builder.document(*blocks_of(parse_html(html)))


def blocks_of(element: Element) -> list[Node]:
    """The Lexical blocks of an element's content."""
    reader = _Reader()
    reader.read_nodes(element.children, frozenset(), None)
    reader.flush()
    return reader.blocks


@dataclass
class _Link:
    attrs: dict[str, str]


Piece = tuple[str | None, frozenset[str], _Link | None]
"""A piece of inline content: its text (None for a line break), formats, and link."""


@dataclass
class _Run:
    """Inline content waiting to become a paragraph, heading or list item."""

    pieces: list[Piece] = field(default_factory=list)

    def inline_nodes(self) -> list[Node]:
        pieces = _collapse(self.pieces)
        if len(pieces) > 1 and pieces[-1][0] is None:  # a last <br> adds no line in a browser
            pieces = pieces[:-1]
        nodes: list[Node] = []
        index = 0
        while index < len(pieces):
            value, formats, link = pieces[index]
            if link is None:
                nodes.append(builder.linebreak() if value is None else _text(value, formats))
                index += 1
                continue
            children: list[Node] = []
            while index < len(pieces) and pieces[index][2] is link:
                part, part_formats, _ = pieces[index]
                children.append(builder.linebreak() if part is None else _text(part, part_formats))
                index += 1
            nodes.append(_link(link, children))
        return _merge(nodes)


def _text(value: str, formats: frozenset[str]) -> Node:
    return builder.text(value, *sorted(formats))


def _link(link: _Link, children: list[Node]) -> Node:
    attrs = link.attrs
    return builder.link(
        attrs.get("href", ""),
        *children,
        rel=attrs.get("rel"),
        target=attrs.get("target"),
        title=attrs.get("title"),
    )


def _collapse(
    pieces: list[Piece],
) -> list[Piece]:
    """Whitespace as a browser shows it: one space for any run, none at a line's edges."""
    out: list[Piece] = []
    at_line_start = True
    for value, formats, link in pieces:
        if value is None:
            _trim_end(out)
            out.append((value, formats, link))
            at_line_start = True
            continue
        text = _SPACE.sub(" ", value)
        if at_line_start or (out and out[-1][0] is not None and out[-1][0].endswith(" ")):
            text = text.lstrip(" ")
        if text:
            out.append((text, formats, link))
            at_line_start = False
    _trim_end(out)
    return out


def _trim_end(out: list[Piece]) -> None:
    while out and (last := out[-1][0]) is not None and last.endswith(" "):
        _, formats, link = out.pop()
        if value := last.rstrip(" "):
            out.append((value, formats, link))
            return


def _merge(nodes: list[Node]) -> list[Node]:
    """Neighbouring text nodes of the same format joined, as the editor keeps them."""
    merged: list[Node] = []
    for node in nodes:
        last = merged[-1] if merged else None
        if (
            last is not None
            and node.get("type") == last.get("type")
            and "text" in node
            and node.get("format") == last.get("format")
        ):
            merged[-1] = {**last, "text": last["text"] + node["text"]}
        else:
            merged.append(node)
    return merged


def _closing(children: list[Child], index: int, mark: re.Pattern[str]) -> int | None:
    """Where the comment closing the one at `index` stands among its siblings."""
    for end in range(index + 1, len(children)):
        candidate = children[end]
        if isinstance(candidate, Comment) and mark.match(candidate.value):
            return end
    return None


class _Reader:
    """Walks the tree once, emitting blocks in order; inline content gathers in a run that
    becomes a paragraph when a block interrupts it or the container ends."""

    def __init__(self) -> None:
        self.blocks: list[Node] = []
        self.pending: list[Node] = []
        self.run = _Run()

    def flush(self) -> None:
        nodes = self.run.inline_nodes()
        self.run = _Run()
        if nodes:
            self.blocks.append(builder.paragraph(*nodes))

    def emit(self, block: Node) -> None:
        """A block, after the inline content before it and before the blocks that stood
        inside it but cannot be nested in Lexical."""
        self.flush()
        self.blocks.append(block)
        self.blocks.extend(self.pending)
        self.pending = []

    def read_nodes(
        self, children: list[Child], formats: frozenset[str], link: _Link | None
    ) -> None:
        index = 0
        while index < len(children):
            child = children[index]
            if isinstance(child, Comment):
                index = self._card_comment(children, index)
                continue
            if isinstance(child, Text):
                self.run.pieces.append((child.value, formats, link))
            else:
                self.read_element(child, formats, link)
            index += 1

    def _card_comment(self, children: list[Child], index: int) -> int:
        """Ghost's comments around cards: a paywall, an HTML card's markup between
        `<!--kg-card-begin: html-->` and its end (a Markdown card's likewise: its rendering
        becomes its Markdown, which keeps HTML as written, so it renders the same), and a
        gated block giving the visibility of the card inside. Returns the next index."""
        comment = children[index]
        assert isinstance(comment, Comment)
        if html_member_cards.PAYWALL.match(comment.value):
            self.emit(builder_cards.paywall())
            return index + 1
        shown = html_member_cards.visibility_of(comment.value)
        card = _CARD_BEGIN.match(comment.value)
        end_mark = html_member_cards.GATED_END if shown is not None else _CARD_END
        end = _closing(children, index, end_mark) if shown is not None or card else None
        if end is None:
            return index + 1
        inside = children[index + 1 : end]
        if shown is not None:
            inner = _Reader()
            inner.read_nodes(inside, frozenset(), None)
            inner.flush()
            for block in inner.blocks:
                if block["type"] in html_member_cards.VISIBLE_CARDS:
                    block["visibility"] = shown
                self.emit(block)
        elif card is not None:
            markup = "".join(outer_html(node) for node in inside).strip()
            make = builder_cards.html if card.group(1) == "html" else builder_cards.markdown
            self.emit(make(markup))
        return end + 1

    def read_element(self, element: Element, formats: frozenset[str], link: _Link | None) -> None:
        tag = element.tag
        card = html_cards.card_of(element, link.attrs.get("href") if link else None)
        if card is not None:
            self.emit(card)
        elif tag in SKIPPED:
            return
        elif tag == "br":
            self.run.pieces.append((None, formats, link))
        elif tag in UNREPRESENTABLE:
            self.emit(builder_cards.html(outer_html(element)))
        elif tag in FORMATS:
            self.read_nodes(element.children, formats | {FORMATS[tag]}, link)
        elif tag == "a" and "href" in element.attrs:
            self.read_nodes(element.children, formats, _Link(element.attrs))
        elif _HEADING.fullmatch(tag):
            self.emit(builder.heading(int(tag[1]), *self._inline_of(element, formats, link)))
        elif tag == "blockquote":
            make = builder.aside if element.has_class("kg-blockquote-alt") else builder.quote
            self.emit(make(*self._inline_of(element, formats, link)))
        elif tag in ("ul", "ol"):
            self.emit(self._list(element, formats, link))
        elif tag == "hr":
            self.emit(builder.divider())
        elif tag in BLOCKS:
            self.flush()
            self.read_nodes(element.children, formats, link)
            self.flush()
        else:  # an inline element with no Lexical form of its own: its content counts
            self.read_nodes(element.children, formats, link)

    def _inline_of(
        self, element: Element, formats: frozenset[str], link: _Link | None
    ) -> list[Node]:
        """An element's content as the inline children of one block (a heading, a quote, a
        list item): paragraphs inside are joined by a line break; blocks Lexical cannot nest
        there (an image, a table) follow the block instead."""
        self.flush()
        inner = _Reader()
        inner.read_nodes(element.children, formats, link)
        inner.flush()
        nodes: list[Node] = []
        for block in inner.blocks:
            if block.get("type") == "paragraph":
                if nodes:
                    nodes.append(builder.linebreak())
                nodes.extend(block["children"])
            else:
                self.pending.append(block)
        return nodes

    def _list(self, element: Element, formats: frozenset[str], link: _Link | None) -> Node:
        items: list[Node] = []
        for child in element.elements():
            if child.tag in ("ul", "ol"):
                items.append(builder.item(self._list(child, formats, link)))
                continue
            nested = [
                self._list(sub, formats, link)
                for sub in child.elements()
                if sub.tag in ("ul", "ol")
            ]
            content = Element(
                child.tag,
                child.attrs,
                [
                    c
                    for c in child.children
                    if not (isinstance(c, Element) and c.tag in ("ul", "ol"))
                ],
            )
            items.append(builder.item(*self._inline_of(content, formats, link), *nested))
        if element.tag == "ol":
            start = element.attrs.get("start", "1")
            return builder.numbered(*items, start=int(start) if start.isdigit() else 1)
        return builder.bulleted(*items)
