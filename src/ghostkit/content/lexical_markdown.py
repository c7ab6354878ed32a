"""Ghost's Lexical documents as Markdown, for `ghostkit posts pull`.

A document that is one Markdown card (how Ghost keeps Markdown as written, and how
`posts push` stores it) gives its Markdown back exactly. Other documents go through a
conversion of their rich text (headings, paragraphs, quotes, nested lists; inline content
by `markdown_inline`) and of the cards `markdown_lexical` makes (image, code, HTML,
divider, callout, toggle, button), written so that `markdown_to_lexical` reads the result
back as the same document. Any other card, or one of those whose values its Markdown
cannot carry (an empty code block, HTML with blank lines in it), is written as an HTML
comment holding the card's JSON (`<!--kg-card {...} -->`: other Markdown renderers show
nothing), which `markdown_to_lexical` reads back as the same card.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ghostkit.content import lexical
from ghostkit.content.markdown_inline import HARD_BREAK, escape, inline_markdown, title, url

Node = dict[str, Any]

_LINE_START = re.compile(r"^(?:[+=-]|:::|\d{1,9}(?=[.)]))")


def is_markdown_only(text: str | None) -> bool:
    """Whether a document holds nothing but one Markdown card (or nothing at all), so
    that replacing it with another Markdown card loses nothing."""
    if not text:
        return True
    blocks = [b for b in lexical.parse(text)["root"].get("children") or [] if not _empty(b)]
    return not blocks or (len(blocks) == 1 and blocks[0].get("type") == "markdown")


def _empty(block: Node) -> bool:
    return block.get("type") == "paragraph" and not block.get("children")


def to_markdown(text: str) -> str:
    """A Lexical document (its JSON) as Markdown (exact for one Markdown card)."""
    if not text:
        return ""
    return document_to_markdown(lexical.parse(text))


def document_to_markdown(document: Node) -> str:
    blocks = document["root"].get("children") or []
    if len(blocks) == 1 and blocks[0].get("type") == "markdown":
        return str(blocks[0].get("markdown", ""))
    parts: list[str] = []
    previous: Node | None = None
    for block in blocks:
        written = _block(block, _alternate(previous, block))
        if written:
            parts.append(written)
            previous = block
    return "\n\n".join(parts) + "\n"


def _alternate(previous: Node | None, block: Node) -> bool:
    """Whether a list follows a list of its kind, and so needs the other marker (Markdown
    would read two lists with the same marker as one)."""
    return (
        previous is not None
        and previous.get("type") == block.get("type") == "list"
        and previous.get("listType") == block.get("listType")
    )


def _lines(nodes: list[Node]) -> str:
    """Inline content as the lines of one Markdown paragraph: no break at its end, and
    what would start a block at a line's start (a `#`, `-`, `1.`, spaces) escaped."""
    while nodes and nodes[-1].get("type") == "linebreak":
        nodes = nodes[:-1]
    lines = inline_markdown(nodes).split(HARD_BREAK)
    return HARD_BREAK.join(_escape_line_start(line) for line in lines)


def _escape_line_start(line: str) -> str:
    stripped = line.lstrip()
    line = _entities(line[: len(line) - len(stripped)]) + stripped
    trimmed = line.rstrip()
    line = trimmed + _entities(line[len(trimmed) :])
    match = _LINE_START.match(line)
    if match is None:
        return line
    end = match.end()
    if line[0].isdigit():  # a number then "." or ")": the mark goes before those
        return line[:end] + "\\" + line[end:]
    return "\\" + line


def _entities(spaces: str) -> str:
    """Spaces as character references: Markdown drops them at a line's edges."""
    return "".join(f"&#{ord(space)};" for space in spaces)


def _paragraphs(nodes: list[Node]) -> list[str]:
    """Inline content split where two line breaks meet: the paragraphs of a quote or item."""
    groups: list[list[Node]] = [[]]
    for index, node in enumerate(nodes):
        after = nodes[index + 1] if index + 1 < len(nodes) else None
        if (
            node.get("type") == "linebreak"
            and after is not None
            and after.get("type") == "linebreak"
        ):
            continue  # the first of a pair
        before = nodes[index - 1] if index else None
        if (
            node.get("type") == "linebreak"
            and before is not None
            and before.get("type") == "linebreak"
        ):
            groups.append([])
            continue
        groups[-1].append(node)
    return [_lines(group) for group in groups]


def _indent(text: str, width: int) -> str:
    return "\n".join((" " * width + line) if line else "" for line in text.split("\n"))


def _list(node: Node, alternate: bool) -> str:
    """A list; an item holding a nested list (how Lexical nests) continues the item before
    it, indented under its text."""
    numbered = node.get("listType") == "number"
    number = int(node.get("start") or 1)
    written: list[tuple[str, int]] = []  # each item's Markdown and its content's indent
    for entry in node.get("children") or []:
        children = entry.get("children") or []
        nested = children and children[0].get("type") == "list"
        if nested and written:
            text, width = written[-1]
            written[-1] = (text + "\n" + _indent(_list(children[0], False), width), width)
            continue
        if numbered:
            marker = f"{number})" if alternate else f"{number}."
        else:
            marker = "*" if alternate else "-"
        width = len(marker) + 1
        body = _list(children[0], False) if nested else "\n\n".join(_paragraphs(children))
        first, _, rest = body.partition("\n")
        text = f"{marker} {first}".rstrip() + ("\n" + _indent(rest, width) if rest else "")
        written.append((text, width))
        number += 1
    return "\n".join(text for text, _ in written)


def _quote(node: Node) -> str:
    text = "\n\n".join(_paragraphs(node.get("children") or []))
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def _fenced(code: str, info: str = "") -> str:
    longest = max((len(run) for run in re.findall("`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{code}\n{fence}" if code else f"{fence}{info}\n{fence}"


def _image(node: Node) -> str:
    alt = escape(str(node.get("alt") or ""))
    caption = node.get("title") or node.get("caption") or ""
    image = f"![{alt}]({url(str(node.get('src', '')))}{title(caption)})"
    href = node.get("href")
    return f"[{image}]({url(str(href))})" if href else image


def _container(name: str, args: str, body: str) -> str:
    return f":::{name}{' ' + args if args else ''}\n{body}\n:::"


CARD_COMMENT = "<!--kg-card "
"""How a card Markdown cannot write begins: an HTML comment holding the card."""


def card_comment(node: Node) -> str:
    """`node` as an HTML comment of its JSON, on one line; a `>` in it is written `\\u003e`,
    so that no text of the card can end the comment."""
    return CARD_COMMENT + json.dumps(node, ensure_ascii=False).replace(">", "\\u003e") + " -->"


def _block(node: Node, alternate: bool = False) -> str:
    if "children" in node:
        return _rich_block(node, alternate)
    written = _card(node)
    if written is not None and _reads_back(written, node):
        return written
    return card_comment(node)


def _reads_back(written: str, node: Node) -> bool:
    """Whether `markdown_to_lexical` makes of `written` one card holding every value of
    `node` (it may add the properties an older card lacks, at their defaults)."""
    from ghostkit.content.markdown_lexical import markdown_to_lexical

    blocks = markdown_to_lexical(written)["root"]["children"]
    return len(blocks) == 1 and all(blocks[0].get(k) == v for k, v in node.items())


def _card(node: Node) -> str | None:
    """A card in the Markdown `markdown_to_lexical` reads as a card, if it has any."""
    kind = node.get("type")
    if kind == "markdown":
        return str(node.get("markdown", "")).rstrip("\n")
    if kind == "image":
        return _image(node)
    if kind == "codeblock":
        return _fenced(str(node.get("code", "")), str(node.get("language") or ""))
    if kind == "horizontalrule":
        return "---"
    if kind == "html":
        return str(node.get("html", ""))
    if kind == "callout":
        args = " ".join(str(node.get(k) or "") for k in ("calloutEmoji", "backgroundColor"))
        return _container("callout", args.strip(), str(node.get("calloutText", "")))
    if kind == "toggle":
        return _container("toggle", str(node.get("heading", "")), str(node.get("content", "")))
    if kind == "button":
        label = escape(str(node.get("buttonText", "")))
        link = f"[{label}]({url(str(node.get('buttonUrl', '')))})"
        return _container("button", str(node.get("alignment") or ""), link)
    return None


def _rich_block(node: Node, alternate: bool) -> str:
    kind = node.get("type")
    children = node.get("children") or []
    if kind in ("heading", "extended-heading"):
        level = int(str(node.get("tag", "h2"))[1:] or 2)
        flat = [
            {"type": "text", "text": " "} if c.get("type") == "linebreak" else c for c in children
        ]
        return ("#" * level + " " + _lines(flat)).rstrip()
    if kind in ("quote", "extended-quote", "aside"):
        return _quote(node)
    if kind == "list":
        return _list(node, alternate)
    return _lines(children)
