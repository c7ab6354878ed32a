"""Markdown to Lexical, natively: the document Ghost's editor would hold for the same text.

`markdown_to_lexical(markdown)` parses CommonMark (with `~~strikethrough~~`) with
markdown-it-py and builds the document with `content.builder`:

- rich text for paragraphs, headings (ATX and setext), emphasis, strong, code spans,
  strikethrough, links (inline, reference, autolinks), hard line breaks, block quotes,
  bullet and numbered lists (their start number and nesting), thematic breaks; entities and
  backslash escapes are decoded into the text;
- cards: an image alone in a paragraph (or alone in a link) is an image card (the title
  becomes its caption and stays its title, the alt is kept, the link its `href`); fenced
  and indented code is a code card (the language is the info string's first word); a raw
  HTML block is an HTML card; `:::callout`, `:::toggle` and `:::button` blocks are those
  cards (see `content.markdown_containers` for the syntax);
- a URL alone in a paragraph is a link by default (as Ghost's Markdown card links it), and
  plain text with `bare_urls="text"` (as CommonMark reads it). `bare_urls="bookmark"` makes
  it a bookmark card instead; Ghost's server never fetches a bookmark's metadata (its editor
  does, when a URL is pasted), and a bookmark without a title renders as an empty box, so
  the card's title is the URL itself until the caller fills in the metadata.

What Lexical's rich text cannot hold, or Ghost would not render as written, becomes an HTML
card of markdown-it's rendering of the top-level block it stands in, so that it still renders
as written: inline raw HTML (`<kbd>`, `<br>`), an image inside a line of text, a link with a
title (Ghost's renderer drops it), an empty destination or no text, an empty code block, and
block quotes or list items that hold more than paragraphs (a code block, a heading, a nested
quote). Paragraphs within one list
item or quote are joined by an empty line (two line breaks), as Ghost's editor does, and a
soft line break becomes a space: both render the same text. `local_images(document)` lists
the image cards whose `src` is a relative path, for a caller to upload and rewrite.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, Literal
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.tree import SyntaxTreeNode

from ghostkit.content import builder, builder_cards, lexical
from ghostkit.content.lexical import Node
from ghostkit.content.markdown_containers import BUTTON_ALIGNMENTS, callout_args, use_containers

BareUrls = Literal["link", "bookmark", "text"]
_FORMATS = {"strong": "bold", "em": "italic", "s": "strikethrough"}
_BARE_URL = re.compile(r"https?://[^\s<>]+\Z", re.IGNORECASE)


_CARD_COMMENT = re.compile(r"<!--kg-card (\{.*\}) -->", re.DOTALL)
_NOT_CARDS = {
    *("root", "paragraph", "heading", "extended-heading", "quote", "extended-quote", "aside"),
    *("list", "listitem", "link", "text", "extended-text", "linebreak", "tab"),
}
"""Lexical's own nodes: what a card comment may not make (a card has no children)."""


def _commented_card(html: str) -> Node | None:
    """The card an HTML comment holds (`<!--kg-card {...} -->`, how Lexical to Markdown
    writes a card Markdown has no syntax for), or None for any other HTML."""
    found = _CARD_COMMENT.fullmatch(html.strip())
    if found is None:
        return None
    try:
        card = json.loads(found.group(1))
    except ValueError:
        return None
    if not isinstance(card, dict):
        return None
    kind = card.get("type")
    if not isinstance(kind, str) or kind in _NOT_CARDS or "children" in card:
        return None
    return dict(card)


class _Inexpressible(Exception):
    """Raised inside a block that Lexical's rich text cannot hold."""


def markdown_parser() -> MarkdownIt:
    """CommonMark with raw HTML, `~~strikethrough~~` and the `:::` card blocks."""
    md = MarkdownIt("commonmark", {"html": True}).enable("strikethrough")
    use_containers(md)
    return md


_MD = markdown_parser()


def markdown_to_lexical(markdown: str, *, bare_urls: BareUrls = "link") -> dict[str, Any]:
    """The Lexical document (its root object, ready for `lexical.serialize`) for Markdown."""
    if bare_urls not in ("link", "bookmark", "text"):
        raise ValueError(f"bare_urls must be 'link', 'bookmark' or 'text', not {bare_urls!r}")
    converter = _Converter(bare_urls)
    tree = SyntaxTreeNode(_MD.parse(markdown))
    # Ghost refuses a document without a block, and its editor starts with an empty paragraph
    return builder.document(*(converter.blocks(tree.children) or [builder.paragraph()]))


def markdown_to_lexical_str(markdown: str, *, bare_urls: BareUrls = "link") -> str:
    """The same document as the JSON string a post's `lexical` field holds."""
    return lexical.serialize(markdown_to_lexical(markdown, bare_urls=bare_urls))


def local_images(document: Node) -> list[Node]:
    """The image cards whose `src` is a local path (no scheme and not starting with `/`),
    in document order: the nodes themselves, so that a caller can upload each file and set
    its `src` to the uploaded URL."""
    found = []
    for node in lexical.walk(document["root"]):
        src = node.get("src")
        if node.get("type") == "image" and isinstance(src, str) and _is_local(src):
            found.append(node)
    return found


def _is_local(src: str) -> bool:
    parts = urlsplit(src)
    return bool(src) and not parts.scheme and not parts.netloc and not src.startswith("/")


class _Converter:
    def __init__(self, bare_urls: BareUrls) -> None:
        self.bare_urls = bare_urls

    def blocks(self, nodes: list[SyntaxTreeNode]) -> list[Node]:
        out = []
        for node in nodes:
            try:
                out.append(self.block(node))
            except _Inexpressible:
                html = _MD.renderer.render(node.to_tokens(), _MD.options, {})
                out.append(builder_cards.html(html.rstrip("\n")))
        return out

    def block(self, node: SyntaxTreeNode) -> Node:
        kind = node.type
        if kind == "paragraph":
            return self.paragraph(node)
        if kind == "heading":
            return builder.heading(int(node.tag[1:]), *self.inline(node.children[0]))
        if kind == "blockquote":
            return builder.quote(*self.paragraphs(node.children))
        if kind in ("bullet_list", "ordered_list"):
            return self.list_of(node)
        if kind == "hr":
            return builder.divider()
        if kind in ("fence", "code_block"):
            if not node.content.strip():
                raise _Inexpressible("empty code")  # Ghost renders an empty code card as nothing
            info = unescapeAll(node.info).split(maxsplit=1)
            code = _strip_newline(node.content)
            return builder.code_block(code, language=info[0] if info else "")
        if kind == "html_block":
            html = _strip_newline(node.content)
            return _commented_card(html) or builder_cards.html(html)
        if kind == "container":
            return self.container(node)
        raise _Inexpressible(kind)

    def paragraph(self, node: SyntaxTreeNode) -> Node:
        children = node.children[0].children
        card = self.lone_card(children)
        if card is not None:
            return card
        return builder.paragraph(*self.inline(node.children[0]))

    def lone_card(self, children: list[SyntaxTreeNode]) -> Node | None:
        """The card a paragraph is when it holds only an image, a linked image or a URL."""
        if len(children) != 1:
            return None
        only = children[0]
        if only.type == "image":
            return _image(only, "")
        if only.type == "link" and len(only.children) == 1 and only.children[0].type == "image":
            return _image(only.children[0], str(only.attrGet("href") or ""))
        if only.type == "text" and self.bare_urls != "text" and _BARE_URL.match(only.content):
            url = only.content
            if self.bare_urls == "bookmark":
                return builder_cards.bookmark(url, title=url)
            return builder.paragraph(builder.link(url, builder.text(url)))
        return None

    def paragraphs(self, nodes: list[SyntaxTreeNode]) -> list[Node]:
        """The inline content of paragraphs, an empty line (two line breaks) between two."""
        out: list[Node] = []
        for node in nodes:
            if node.type != "paragraph":
                raise _Inexpressible(node.type)
            if out:
                out += [builder.linebreak(), builder.linebreak()]
            out += self.inline(node.children[0])
        return out

    def list_of(self, node: SyntaxTreeNode) -> Node:
        items = []
        for entry in node.children:
            nested = [c for c in entry.children if c.type in ("bullet_list", "ordered_list")]
            rest = [c for c in entry.children if c not in nested]
            if nested and rest and entry.children.index(nested[0]) < len(rest):
                raise _Inexpressible("text after a nested list")
            if nested and not rest:  # an item that opens with a list: its bullet stays
                items.append(builder.item())
            items.append(builder.item(*self.paragraphs(rest), *[self.list_of(n) for n in nested]))
        if node.type == "ordered_list":
            return builder.numbered(*items, start=int(node.attrGet("start") or 1))
        return builder.bulleted(*items)

    def container(self, node: SyntaxTreeNode) -> Node:
        name, args = node.info, str(node.meta["args"]).strip()
        if name == "callout":
            emoji, colour = callout_args(args)
            text = _render(node.children)
            if colour is None:
                return builder_cards.callout(text, emoji=emoji)
            return builder_cards.callout(text, emoji=emoji, color=colour)
        if name == "toggle":
            return builder_cards.toggle(_MD.renderInline(args).strip(), _render(node.children))
        return _button(node, args)

    def inline(self, node: SyntaxTreeNode) -> list[Node]:
        return list(_inline(node.children, frozenset()))


def _inline(nodes: list[SyntaxTreeNode], formats: frozenset[str]) -> Iterator[Node]:
    for node in nodes:
        kind = node.type
        if kind == "text":
            yield builder.text(node.content, *sorted(formats))
        elif kind == "code_inline":
            yield builder.text(node.content, *sorted(formats | {"code"}))
        elif kind == "softbreak":
            yield builder.text(" ", *sorted(formats))
        elif kind == "hardbreak":
            yield builder.linebreak()
        elif kind in _FORMATS:
            yield from _inline(node.children, formats | {_FORMATS[kind]})
        elif kind == "link":
            href = str(node.attrGet("href") or "")
            children = list(_inline(node.children, formats))
            if node.attrGet("title") or not href or not children:
                raise _Inexpressible("a link Ghost would not render as written")
            yield builder.link(href, *children)
        else:  # an image within text, inline raw HTML
            raise _Inexpressible(kind)


def _image(node: SyntaxTreeNode, href: str) -> Node:
    title = str(node.attrGet("title") or "")
    alt = "".join(t.content for t in node.walk() if t.type in ("text", "code_inline"))
    caption = _MD.renderInline(title).strip() if title else ""
    src = str(node.attrGet("src") or "")
    return builder_cards.image(src, alt=alt, caption=caption, title=title, href=href)


def _button(node: SyntaxTreeNode, args: str) -> Node:
    line = node.meta.get("line", "?")
    alignment = args.lower() or "center"
    inline = [c for c in node.walk() if c.type == "inline"]
    links = [c for c in inline[0].children if c.type == "link"] if len(inline) == 1 else []
    if alignment not in BUTTON_ALIGNMENTS or len(links) != 1 or len(inline[0].children) != 1:
        raise ValueError(
            f"line {line}: a :::button block holds one link and may name its alignment "
            "(left or center), like ':::button center' then '[Subscribe](https://example.com)'"
        )
    label = "".join(t.content for t in links[0].walk() if t.type in ("text", "code_inline"))
    url = str(links[0].attrGet("href") or "")
    return builder_cards.button(label, url, alignment="left" if alignment == "left" else "center")


def _render(nodes: list[SyntaxTreeNode]) -> str:
    tokens = [token for node in nodes for token in node.to_tokens()]
    return str(_MD.renderer.render(tokens, _MD.options, {})).strip()


def _strip_newline(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text
