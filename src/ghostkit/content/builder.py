"""Build Lexical documents in Python, node for node as Ghost's editor writes them.

Every function returns a plain dict shaped exactly like the JSON Ghost 6's editor (Koenig,
on Lexical 0.13) exports: the same `type`, `version`, `format`, `indent`, `direction`,
`detail`, `mode` and `style` fields with the same values. Inline content is given as nodes
from `text`, `link` and `linebreak`, or as plain strings (unformatted text)::

    doc = document(
        heading(1, "Release notes"),
        paragraph("Now ", text("faster", "bold"), ", see ", link("https://example.com/", "why")),
        bulleted(item("one"), item("two", numbered(item("two a")))),
        divider(),
        code_block("print('hi')", language="python"),
    )
    post = {"title": "Notes", "lexical": serialize(doc)}

The cards (`image`, `gallery`, `bookmark`, `embed`, `button`, `callout`, `toggle`,
`header`, `html`, `markdown`, `video`, `audio`, `file`, `product`, `signup`, `email`,
`email_cta`, `call_to_action`, `paywall`) come from `ghostkit.content.builder_cards` and
are importable from here too. Checklists are not built: Koenig's editor
registers Lexical's list plugin but not its check-list plugin, so Ghost has no checklists.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from ghostkit.content import lexical
from ghostkit.content.builder_cards import (
    audio,
    bookmark,
    button,
    call_to_action,
    callout,
    email,
    email_cta,
    embed,
    file,
    gallery,
    gallery_image,
    header,
    html,
    image,
    markdown,
    paywall,
    product,
    signup,
    toggle,
    video,
    visibility,
)

__all__ = [
    "FORMATS",
    "aside",
    "audio",
    "bookmark",
    "bulleted",
    "button",
    "call_to_action",
    "callout",
    "code_block",
    "divider",
    "document",
    "email",
    "email_cta",
    "embed",
    "file",
    "gallery",
    "gallery_image",
    "header",
    "heading",
    "html",
    "image",
    "item",
    "linebreak",
    "link",
    "markdown",
    "numbered",
    "paragraph",
    "paywall",
    "product",
    "quote",
    "serialize",
    "signup",
    "text",
    "toggle",
    "video",
    "visibility",
]

Node = dict[str, Any]
Inline = Node | str

FORMATS = {
    "bold": 1,
    "italic": 2,
    "strikethrough": 4,
    "underline": 8,
    "code": 16,
    "subscript": 32,
    "superscript": 64,
    "highlight": 128,
}
"""Lexical's text format bits, as `TextNode.format` holds them."""

# Lexical's own test for a text's direction: the first strongly directional character.
_RTL = "\u0591-\u07ff\ufb1d-\ufdfd\ufe70-\ufefc"
_LTR = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02b8\u0300-\u0590\u0800-\u1fff\u200e"
    "\u2c00-\ufb1c\ufe00-\ufe6f\ufefd-\uffff"
)
_RTL_TEXT = re.compile(f"^[^{_LTR}]*[{_RTL}]")
_LTR_TEXT = re.compile(f"^[^{_RTL}]*[{_LTR}]")
_TEXT_TYPES = frozenset({"text", "extended-text"})
_INLINE_TYPES = _TEXT_TYPES | {"linebreak", "link"}
_HOLDS = {"link": _TEXT_TYPES | {"linebreak"}, "listitem": _INLINE_TYPES | {"list"}}
"""What an element may hold, where it is not inline content (`_INLINE_TYPES`)."""


def text(value: str, *formats: str) -> Node:
    """A run of text with any of the `FORMATS` ("bold", "italic", "code", ...)."""
    bits = 0
    for name in formats:
        if name not in FORMATS:
            known = ", ".join(FORMATS)
            raise ValueError(f"unknown text format {name!r}: use one of {known}")
        bits |= FORMATS[name]
    return {
        "detail": 0,
        "format": bits,
        "mode": "normal",
        "style": "",
        "text": value,
        "type": "extended-text",
        "version": 1,
    }


def linebreak() -> Node:
    """A line break inside a block (Shift+Enter in the editor, `<br>` in HTML)."""
    return {"type": "linebreak", "version": 1}


def link(
    url: str,
    *children: Inline,
    rel: str | None = None,
    target: str | None = None,
    title: str | None = None,
) -> Node:
    """A link around inline content; with no children, the URL is its text."""
    node = _element("link", children or (url,))
    node.update({"rel": rel, "target": target, "title": title, "url": url})
    return node


def paragraph(*inline: Inline) -> Node:
    return _element("paragraph", inline)


def heading(level: int, *inline: Inline) -> Node:
    """A heading, `level` 1 to 6."""
    if isinstance(level, bool) or level not in range(1, 7):
        raise ValueError(f"heading level {level!r}: use 1 to 6")
    node = _element("extended-heading", inline)
    node["tag"] = f"h{level}"
    return node


def quote(*inline: Inline) -> Node:
    """A block quote (`<blockquote>`)."""
    return _element("extended-quote", inline)


def aside(*inline: Inline) -> Node:
    """Ghost's second quote style (the editor's quote button pressed twice; `<blockquote
    class="kg-blockquote-alt">` on the site)."""
    return _element("aside", inline)


def item(*content: Inline | Node) -> Node:
    """A list item: inline content, and nested lists from `bulleted` or `numbered`.

    Lexical nests a list in an item of its own, so an item with text and a nested list
    becomes two items: the text, then one holding the list (`bulleted` does this)."""
    return {**_element("listitem", content), "value": 1}


def bulleted(*items: Node) -> Node:
    return _list("bullet", items, 1)


def numbered(*items: Node, start: int = 1) -> Node:
    return _list("number", items, start)


def divider() -> Node:
    """A horizontal rule (`<hr>`)."""
    return {"type": "horizontalrule", "version": 1}


def code_block(code: str, language: str = "", caption: str = "") -> Node:
    """Ghost's code card (the editor writes code blocks as this card, not as Lexical's
    code node); `caption` is HTML."""
    return {
        "type": "codeblock",
        "version": 1,
        "code": code,
        "language": language,
        "caption": caption,
    }


def document(*blocks: Node) -> Node:
    """The whole document: `{"root": ...}` holding the blocks, ready for `serialize`."""
    for block in blocks:
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            raise TypeError(f"a document holds nodes (dicts with a type), not {block!r}")
        if block["type"] in _TEXT_TYPES | {"link", "linebreak", "listitem"}:
            raise ValueError(f"a {block['type']} node cannot stand at the top: put it in a block")
    root = _element("root", copy.deepcopy(blocks))
    _set_directions(root, None)
    return {"root": root}


def serialize(document: Node) -> str:
    """The JSON string for a post's `lexical` field."""
    return lexical.serialize(document)


def _element(kind: str, children: tuple[Inline | Node, ...]) -> Node:
    nodes: list[Node] = []
    for child in children:
        child = text(child) if isinstance(child, str) else child
        if not isinstance(child, dict):
            raise TypeError(f"a {kind} holds text or nodes, not {child!r}")
        allowed = _HOLDS.get(kind, _INLINE_TYPES)
        if kind not in ("root", "list") and child.get("type") not in allowed:
            hint = "lists go in item()" if child.get("type") == "list" else "use text() or link()"
            raise ValueError(f"a {kind} cannot hold a {child.get('type')} node: {hint}")
        _append_normalized(nodes, child)
    node: Node = {
        "children": nodes,
        "direction": None,
        "format": "",
        "indent": 0,
        "type": kind,
        "version": 1,
    }
    _set_directions(node, None)
    return node


def _append_normalized(nodes: list[Node], child: Node) -> None:
    """Append as Lexical normalises text: an empty run goes, and a run next to one of the
    same format, style and mode joins it (the editor never keeps them apart)."""
    if child.get("type") in _TEXT_TYPES and child.get("mode") == "normal":
        if child.get("text") == "":
            return
        last = nodes[-1] if nodes else None
        if (
            last is not None
            and last.get("type") in _TEXT_TYPES
            and all(last.get(k) == child.get(k) for k in ("mode", "format", "style"))
        ):
            nodes[-1] = {**last, "text": last["text"] + child["text"]}
            return
    nodes.append(child)


def _list(kind: str, items: tuple[Node, ...], start: int) -> Node:
    children: list[Node] = []
    for entry in copy.deepcopy(items):
        if not isinstance(entry, dict) or entry.get("type") != "listitem":
            raise TypeError(f"a list holds items made with item(), not {entry!r}")
        inline = [c for c in entry["children"] if c.get("type") != "list"]
        if inline and len(inline) < len(entry["children"]):
            children.append({**entry, "children": inline})
            for nested in (c for c in entry["children"] if c.get("type") == "list"):
                children.append({**entry, "children": [nested]})
        else:
            children.append(entry)
    value = start
    numbered_items = []
    for entry in children:
        numbered_items.append({**entry, "value": value})
        if not _holds_list(entry):
            value += 1
    node = _element("list", tuple(numbered_items))
    node.update({"listType": kind, "start": start, "tag": "ul" if kind == "bullet" else "ol"})
    _set_indents(node, 0)
    return node


def _holds_list(entry: Node) -> bool:
    children = entry.get("children") or []
    return bool(children) and children[0].get("type") == "list"


def _set_indents(node: Node, depth: int) -> None:
    """A list item's `indent` is how deep its list is nested (Lexical's list transform)."""
    for entry in node["children"]:
        entry["indent"] = depth
        for child in entry["children"]:
            if child.get("type") == "list":
                _set_indents(child, depth + 1)


def _set_directions(node: Node, running: str | None) -> str | None:
    """Set `direction` as Lexical's reconciler does on loading a document: from an
    element's own text runs, or, with none, the last direction set before it."""
    own = ""
    for child in node.get("children") or ():
        if "children" in child:
            running = _set_directions(child, running)
        elif child.get("type") in _TEXT_TYPES:
            own += str(child.get("text", ""))
    if own:
        running = "rtl" if _RTL_TEXT.match(own) else "ltr" if _LTR_TEXT.match(own) else None
    node["direction"] = running
    return running
