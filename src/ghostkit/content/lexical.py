"""Ghost's Lexical documents: read, write, list links, and transform them.

A Lexical document is `{"root": {"type": "root", "children": [...]}}`. Element nodes
(paragraph, heading, quote, list, listitem, link, ...) have `children`; text nodes have
`text` and a `format` bitmask; cards are flat nodes whose properties hold their data. Every
transform returns a new document and leaves node types and fields it does not know exactly
as they were.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ghostkit.content import cards, markdown_replace
from ghostkit.content.cards import LinkCardMode
from ghostkit.content.links import Link
from ghostkit.content.selection import ALL_LINKS, LinkSelector
from ghostkit.content.text_replace import TextReplacer

Node = dict[str, Any]

LINK_TYPES = frozenset({"link", "autolink"})
TEXT_TYPES = frozenset({"text", "extended-text", "tk", "zwnj"})
"""Text nodes: Lexical's own, Ghost's extended one, a "TK" placeholder and a zero-width
non-joiner (both are text nodes with a type of their own, not cards)."""
_MERGE_KEYS = ("type", "format", "style", "mode", "detail")


def parse(text: str) -> Node:
    """The document in a `lexical` field (a JSON string)."""
    document = json.loads(text)
    if not isinstance(document, dict) or not isinstance(document.get("root"), dict):
        raise ValueError("not a Lexical document: no root node")
    return document


def serialize(document: Node) -> str:
    """Compact JSON with unicode kept, as Ghost stores it."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def walk(node: Node) -> Iterator[Node]:
    """Every node, depth first, the root included."""
    yield node
    for child in node.get("children") or ():
        if isinstance(child, dict):
            yield from walk(child)


def text_of(node: Node) -> str:
    """The text of a node's subtree (text nodes, line breaks and tabs)."""
    if node.get("type") in TEXT_TYPES:
        return str(node.get("text", ""))
    if node.get("type") == "linebreak":
        return "\n"
    if node.get("type") == "tab":
        return "\t"
    return "".join(
        text_of(child) for child in node.get("children") or () if isinstance(child, dict)
    )


def is_card(node: Node) -> bool:
    return "children" not in node and node.get("type") not in TEXT_TYPES | {"linebreak", "tab"}


def list_links(document: Node) -> list[Link]:
    """Every link, in document order: inline links and every kind of card link."""
    found: list[Link] = []
    for node in walk(document["root"]):
        kind = node.get("type")
        if kind in LINK_TYPES:
            found.append(Link(node.get("url"), text_of(node), "inline", None, None))
        elif is_card(node) and isinstance(kind, str):
            found.extend(cards.card_links(kind, node))
    return found


@dataclass
class StripResult:
    """A transform's outcome: the new document, what was removed and what was left."""

    document: Node
    removed: int = 0
    link_cards: list[Link] = field(default_factory=list)
    cards_changed: int = 0

    @property
    def changed(self) -> bool:
        return self.removed > 0 or self.cards_changed > 0


def strip_links(
    document: Node,
    selector: LinkSelector = ALL_LINKS,
    link_cards: LinkCardMode = "keep",
) -> StripResult:
    """Remove the selected links and keep their text.

    Inline links are unwrapped (their children take their place; text nodes that meet with
    the same format, style and mode are joined); links in HTML and Markdown card properties
    are unwrapped in place; clickable images lose their `href`. Link cards are listed and
    kept, or with `link_cards="text"` become a paragraph of their text, or with "remove" go.
    """
    result = StripResult(document={})
    root = _strip_node(document["root"], selector, link_cards, result)
    result.document = {**document, "root": root}
    return result


def _strip_node(
    node: Node, selector: LinkSelector, mode: LinkCardMode, result: StripResult
) -> Node:
    children = node.get("children")
    if not isinstance(children, list):
        return node
    new_children: list[Node] = []
    joined: dict[int, list[str]] = {}  # a text node's index -> the texts it is joined from
    at_edge = False  # a removed link's edge lies between the last child and the next
    changed = False
    for child in children:
        if not isinstance(child, dict):
            new_children.append(child)
            at_edge = False
            continue
        kind = child.get("type")
        if kind in LINK_TYPES and selector.selects(child.get("url")):
            result.removed += 1
            changed = True
            unwrapped = _strip_node(child, selector, mode, result).get("children") or []
            at_edge = True
            for grandchild in unwrapped:
                _append(new_children, joined, grandchild, at_edge)
                at_edge = False
            at_edge = True
            continue
        if is_card(child) and isinstance(kind, str):
            replacement = _strip_card(child, kind, selector, mode, result)
            if replacement is not child:
                changed = True
            if replacement is not None:
                _append(new_children, joined, replacement, False)
                at_edge = False
            continue
        stripped = _strip_node(child, selector, mode, result)
        changed = changed or stripped is not child
        _append(new_children, joined, stripped, at_edge)
        at_edge = False
    if not changed:
        return node
    for index, texts in joined.items():  # joined once each, however many links met there
        new_children[index] = {**new_children[index], "text": "".join(texts)}
    return {**node, "children": new_children}


def _append(children: list[Node], joined: dict[int, list[str]], node: Node, at_edge: bool) -> None:
    """Append, joining text with the previous node where a link's edge used to be (the
    texts are collected in `joined` and put together once, at the end)."""
    if at_edge and children and _mergeable(children[-1], node):
        texts = joined.setdefault(len(children) - 1, [str(children[-1].get("text", ""))])
        texts.append(str(node["text"]))
        return
    children.append(node)


def _mergeable(left: Node, right: Node) -> bool:
    if not isinstance(left, dict) or left.get("type") not in TEXT_TYPES:
        return False
    if not isinstance(right, dict) or right.get("type") not in TEXT_TYPES:
        return False
    return all(left.get(k) == right.get(k) for k in _MERGE_KEYS)


def _strip_card(
    card: Node, kind: str, selector: LinkSelector, mode: LinkCardMode, result: StripResult
) -> Node | None:
    if cards.is_selected_link_card(kind, card, selector.selects):
        if mode != "keep":
            result.cards_changed += 1
            if mode == "remove":
                return None
            return paragraph_of(cards.link_card_segments(kind, card, selector.selects))
        result.link_cards.extend(
            link for link in cards.card_links(kind, card) if link.where == "link-card"
        )
    new, removed = cards.strip_card(kind, card, selector.selects)
    if not removed:
        return card
    result.removed += removed
    return new


def paragraph(text: str) -> Node:
    """A plain paragraph node holding `text`."""
    children = (
        []
        if not text
        else [
            {
                "detail": 0,
                "format": 0,
                "mode": "normal",
                "style": "",
                "text": text,
                "type": "extended-text",
                "version": 1,
            }
        ]
    )
    return {
        "children": children,
        "direction": "ltr",
        "format": "",
        "indent": 0,
        "type": "paragraph",
        "version": 1,
    }


def paragraph_of(segments: list[tuple[str, str | None]]) -> Node:
    """A paragraph of text runs, those with a URL as links."""
    node = paragraph("")
    for text, url in segments:
        run = paragraph(text)["children"]
        if url is None:
            node["children"].extend(run)
        else:
            link: Node = {
                "children": run,
                "direction": "ltr",
                "format": "",
                "indent": 0,
                "type": "link",
                "version": 1,
                "rel": None,
                "target": None,
                "title": None,
                "url": url,
            }
            node["children"].append(link)
    return node


def markdown_document(markdown: str) -> str:
    """A Lexical document holding one Markdown card: how Ghost keeps Markdown as written."""
    root = {
        "children": [{"type": "markdown", "version": 1, "markdown": markdown}],
        "direction": "ltr",
        "format": "",
        "indent": 0,
        "type": "root",
        "version": 1,
    }
    return serialize({"root": root})


def replace_text(
    document: Node, find: str, replacement: str, *, regex: bool = False
) -> tuple[Node, int]:
    """Find and replace inside text nodes and the text of Markdown cards (never in URLs,
    other cards or structure).

    Returns the new document and the number of replacements.
    """
    replacer = TextReplacer(find, replacement, regex=regex)
    count = 0

    def visit(node: Node) -> Node:
        nonlocal count
        if node.get("type") in TEXT_TYPES and isinstance(node.get("text"), str):
            new_text, made = replacer.subn(node["text"])
            if made:
                count += made
                return {**node, "text": new_text}
            return node
        if node.get("type") == "markdown" and isinstance(node.get("markdown"), str):
            new_markdown, made = markdown_replace.replace_text(node["markdown"], replacer)
            if made:
                count += made
                return {**node, "markdown": new_markdown}
            return node
        children = node.get("children")
        if not isinstance(children, list):
            return node
        new_children = [visit(c) if isinstance(c, dict) else c for c in children]
        if all(a is b for a, b in zip(new_children, children, strict=True)):
            return node
        return {**node, "children": new_children}

    root = visit(copy.copy(document["root"]))
    return {**document, "root": root}, count


def visible_text(document: Node) -> str:
    """The document's text, one line per block, for diffs."""
    lines = []
    for block in document["root"].get("children") or ():
        if isinstance(block, dict):
            text = text_of(block) if "children" in block else f"[{block.get('type')} card]"
            lines.append(text)
    return "\n".join(lines)


Transform = Callable[[Node], StripResult]
