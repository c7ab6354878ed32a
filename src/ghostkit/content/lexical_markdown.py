"""Ghost's Lexical documents as Markdown, for `ghostkit posts pull`.

A document that is one Markdown card (how Ghost keeps Markdown as written, and how
`posts push` stores it) gives its Markdown back exactly. Other documents, written in
Ghost's editor, go through a plain conversion of their text, headings, lists, quotes,
links, images and code; cards without a Markdown form become an HTML comment naming them.
That conversion is one way: ghostkit never pushes it back over the editor's content.
"""

from __future__ import annotations

import json
from typing import Any

from ghostkit.content import lexical


def is_markdown_only(text: str | None) -> bool:
    """Whether a document holds nothing but one Markdown card (or nothing at all), so
    that replacing it with another Markdown card loses nothing."""
    if not text:
        return True
    blocks = [b for b in lexical.parse(text)["root"].get("children") or [] if not _empty(b)]
    return not blocks or (len(blocks) == 1 and blocks[0].get("type") == "markdown")


def _empty(block: dict[str, Any]) -> bool:
    return block.get("type") == "paragraph" and not block.get("children")


def to_markdown(text: str) -> str:
    """A Lexical document as Markdown (exact for a document that is one Markdown card)."""
    if not text:
        return ""
    root = lexical.parse(text)["root"]
    blocks = root.get("children") or []
    if len(blocks) == 1 and blocks[0].get("type") == "markdown":
        return str(blocks[0].get("markdown", ""))
    return "\n\n".join(_block(b) for b in blocks) + "\n"


def _inline(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if kind in lexical.TEXT_TYPES:
        value = str(node.get("text", ""))
        fmt = int(node.get("format") or 0)
        if fmt & 16:
            return f"`{value}`"
        if fmt & 1:
            value = f"**{value}**"
        if fmt & 2:
            value = f"*{value}*"
        return value
    if kind == "linebreak":
        return "  \n"
    if kind in lexical.LINK_TYPES:
        inner = "".join(_inline(c) for c in node.get("children") or [])
        return f"[{inner}]({node.get('url')})"
    return "".join(_inline(c) for c in node.get("children") or [])


def _block(node: dict[str, Any]) -> str:
    kind = node.get("type")
    inner = "".join(_inline(c) for c in node.get("children") or [])
    if kind in ("heading", "extended-heading"):
        return "#" * int(str(node.get("tag", "h2"))[1:] or 2) + " " + inner
    if kind in ("quote", "extended-quote", "aside"):
        return "> " + inner
    if kind == "list":
        bullet = "1." if node.get("listType") == "number" else "-"
        return "\n".join(f"{bullet} " + _inline(item) for item in node.get("children") or [])
    if kind == "markdown":
        return str(node.get("markdown", "")).rstrip("\n")
    if kind == "image":
        return f"![{node.get('alt') or ''}]({node.get('src')})"
    if kind == "codeblock":
        return f"```{node.get('language') or ''}\n{node.get('code', '')}\n```"
    if kind == "horizontalrule":
        return "---"
    if kind == "html":
        return str(node.get("html", ""))
    if "children" in node:
        return inner
    return f"<!-- {kind} card: {json.dumps(node, ensure_ascii=False)[:200]} -->"
