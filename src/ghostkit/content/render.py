"""A post's body (Lexical or mobiledoc) as HTML a person can read in a review page.

Everything from the post is escaped: the HTML of HTML cards and of Markdown cards is
shown as source, never as markup, and a link keeps its `href` only when it is a web,
mail or relative address. Images are not loaded (the page must open without reaching
any site): each shows as a frame with its alt text and address. Links whose address is
in `removed` get the class `removed`, so that the page can mark them.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from ghostkit.content import cards, lexical, mobiledoc

SAFE_SCHEMES = ("http://", "https://", "mailto:", "/", "#")
_TEXT_FORMATS = {1: "strong", 2: "em", 4: "s", 8: "u", 16: "code", 32: "sub", 64: "sup"}
"""Lexical's text format bits and the tags they stand for."""
_MARKUPS = {"a", "b", "strong", "i", "em", "s", "u", "code", "sub", "sup", "mark"}
_SECTIONS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}


def body_html(fmt: str, text: str | None, removed: Collection[str] = ()) -> str:
    """The document in a `lexical` or `mobiledoc` field as HTML (empty: a note)."""
    if not text:
        return '<p class="empty">(empty)</p>'
    try:
        if fmt == "lexical":
            return _Lexical(removed).blocks(lexical.parse(text)["root"].get("children") or [])
        return _Mobiledoc(removed, mobiledoc.parse(text)).render()
    except ValueError as exc:
        return f'<p class="empty">(cannot render this {fmt} document: {escape(str(exc))})</p>'


def link(url: Any, inner: str, removed: Collection[str]) -> str:
    """An `<a>` around the already escaped `inner` (a span if the address is unsafe)."""
    address = "" if url is None else str(url)
    marked = ' class="removed" title="link removed"' if address in removed else ""
    if not address.strip().lower().startswith(SAFE_SCHEMES):
        return f'<span class="link"{marked}>{inner}</span>'
    return f'<a href="{escape(address)}" rel="noreferrer"{marked}>{inner}</a>'


def image(src: Any, alt: Any = None) -> str:
    """An image as a frame naming it, without loading it."""
    caption = f"<span>{escape(str(alt))}</span>" if alt else ""
    return f'<span class="image">image {caption}<code>{escape(str(src or ""))}</code></span>'


def card(kind: str, payload: dict[str, Any], removed: Collection[str]) -> str:
    """A card: Markdown rendered, code and HTML as source, an image as a frame, any
    other card as its name and its links."""
    if kind == "markdown":
        return f'<div class="card markdown">{markdown_html(payload.get("markdown"), removed)}</div>'
    if kind in ("image", "gallery"):
        images = payload.get("images") if kind == "gallery" else [payload]
        frames = "".join(
            image(entry.get("src"), entry.get("alt"))
            for entry in images or []
            if isinstance(entry, dict)
        )
        return frames + _card_links(kind, payload, removed)
    source = payload.get("code") if kind == "codeblock" else payload.get("html")
    if kind in ("codeblock", "html") and isinstance(source, str):
        return f'<div class="card">{_kind(kind)}<pre>{escape(source)}</pre></div>'
    if kind == "horizontalrule":
        return "<hr>"
    return f'<div class="card">{_kind(kind + " card")}{_card_links(kind, payload, removed)}</div>'


def _kind(name: str) -> str:
    return f'<span class="kind">{escape(name)}</span>'


def _card_links(kind: str, payload: dict[str, Any], removed: Collection[str]) -> str:
    found = list(cards.card_links(kind, payload))
    if not found:
        return ""
    items = "".join(f"<li>{link(f.url, escape(f.text or str(f.url)), removed)}</li>" for f in found)
    return f'<ul class="card-links">{items}</ul>'


class _Lexical:
    def __init__(self, removed: Collection[str]) -> None:
        self.removed = removed

    def blocks(self, nodes: Sequence[Any]) -> str:
        return "".join(self.block(node) for node in nodes if isinstance(node, dict))

    def inline(self, nodes: Sequence[Any]) -> str:
        return "".join(self.span(node) for node in nodes if isinstance(node, dict))

    def span(self, node: dict[str, Any]) -> str:
        kind = node.get("type")
        if kind in lexical.TEXT_TYPES:
            html = escape(str(node.get("text", "")))
            fmt = node.get("format")
            fmt = fmt if isinstance(fmt, int) else 0
            for bit, tag in _TEXT_FORMATS.items():
                if fmt & bit:
                    html = f"<{tag}>{html}</{tag}>"
            return html
        if kind == "linebreak":
            return "<br>"
        if kind == "tab":
            return "\t"
        if kind in lexical.LINK_TYPES:
            return link(node.get("url"), self.inline(node.get("children") or []), self.removed)
        if "children" in node:
            return self.inline(node.get("children") or [])
        return self.block(node)

    def block(self, node: dict[str, Any]) -> str:
        kind = node.get("type")
        children = node.get("children") or []
        if kind in ("heading", "extended-heading"):
            tag = str(node.get("tag") or "h2")
            tag = tag if tag in _SECTIONS else "h2"
            return f"<{tag}>{self.inline(children)}</{tag}>"
        if kind in ("quote", "extended-quote", "aside"):
            return f"<blockquote>{self.inline(children)}</blockquote>"
        if kind == "list":
            tag = "ol" if node.get("listType") == "number" else "ul"
            items = "".join(
                f"<li>{self.span(item)}</li>" for item in children if isinstance(item, dict)
            )
            return f"<{tag}>{items}</{tag}>"
        if "children" in node:
            return f"<p>{self.inline(children)}</p>"
        if kind in lexical.TEXT_TYPES or kind in ("linebreak", "tab"):
            return self.span(node)
        return card(str(kind), node, self.removed)


class _Mobiledoc:
    def __init__(self, removed: Collection[str], document: dict[str, Any]) -> None:
        self.removed = removed
        self.document = document
        self.markups = document.get("markups") or []
        self.atoms = document.get("atoms") or []

    def render(self) -> str:
        return "".join(self.section(section) for section in self.document["sections"])

    def section(self, section: Any) -> str:
        found = mobiledoc.section_card(self.document, section)
        if found is not None:
            return card(mobiledoc.card_kind(found[0]), found[1], self.removed)
        if not isinstance(section, list) or not section:
            return ""
        if section[0] == mobiledoc.IMAGE_SECTION:
            return image(section[1] if len(section) > 1 else None)
        lists = mobiledoc.marker_lists(section)
        if section[0] == mobiledoc.LIST_SECTION:
            tag = "ol" if str(section[1]).lower() == "ol" else "ul"
            return f"<{tag}>{''.join(f'<li>{self.markers(m)}</li>' for m in lists)}</{tag}>"
        tag = str(section[1]).lower() if len(section) > 1 else "p"
        tag = tag if tag in _SECTIONS else "blockquote" if tag in ("aside", "pull-quote") else "p"
        return "".join(f"<{tag}>{self.markers(m)}</{tag}>" for m in lists)

    def markers(self, markers: list[Any]) -> str:
        """The markers' text with their markups, opened and closed as the markers say."""
        out: list[str] = []
        open_: list[tuple[Any, list[str]]] = []  # each open markup and the HTML inside it
        for marker in markers:
            if not (isinstance(marker, list) and len(marker) >= 4):
                continue
            for index in marker[1] if isinstance(marker[1], list) else []:
                fits = isinstance(index, int) and 0 <= index < len(self.markups)
                open_.append((self.markups[index] if fits else None, []))
            text = escape(mobiledoc.text_of([marker], self.atoms))
            (open_[-1][1] if open_ else out).append(text)
            closed = marker[2] if isinstance(marker[2], int) else 0
            for _ in range(min(closed, len(open_))):
                markup, inner = open_.pop()
                (open_[-1][1] if open_ else out).append(self.wrap(markup, "".join(inner)))
        while open_:
            markup, inner = open_.pop()
            (open_[-1][1] if open_ else out).append(self.wrap(markup, "".join(inner)))
        return "".join(out)

    def wrap(self, markup: Any, inner: str) -> str:
        if mobiledoc.is_link(markup):
            return link(mobiledoc.href(markup), inner, self.removed)
        tag = str(markup[0]).lower() if isinstance(markup, list) and markup else ""
        return f"<{tag}>{inner}</{tag}>" if tag in _MARKUPS else inner


def _markdown() -> MarkdownIt:
    """CommonMark with tables and strikethrough, raw HTML escaped, links marked, images
    as frames."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )

    def link_open(
        renderer: RendererHTML,
        tokens: Sequence[Token],
        idx: int,
        options: OptionsDict,
        env: EnvType,
    ) -> str:
        url = str(tokens[idx].attrGet("href") or "")
        if url in env.get("removed", ()):
            tokens[idx].attrSet("class", "removed")
            tokens[idx].attrSet("title", "link removed")
        tokens[idx].attrSet("rel", "noreferrer")
        return renderer.renderToken(tokens, idx, options, env)

    def image_rule(
        renderer: RendererHTML,
        tokens: Sequence[Token],
        idx: int,
        options: OptionsDict,
        env: EnvType,
    ) -> str:
        token = tokens[idx]
        alt = "".join(child.content for child in token.children or [])
        return image(token.attrGet("src"), alt)

    md.add_render_rule("link_open", link_open)
    md.add_render_rule("image", image_rule)
    return md


_MD = _markdown()


def markdown_html(markdown: Any, removed: Collection[str] = ()) -> str:
    """Markdown as HTML, its raw HTML escaped."""
    if not isinstance(markdown, str):
        return f"<pre>{escape(json.dumps(markdown))}</pre>"
    marked = {*removed, *(_MD.normalizeLink(url) for url in removed)}  # as hrefs are written
    return str(_MD.render(markdown, {"removed": marked}))
