"""Links in Markdown cards, found by a real Markdown parser.

Ghost renders Markdown cards with markdown-it (HTML allowed, line breaks kept, bare URLs
linkified). ghostkit parses them with markdown-it-py, the same parser in Python, and records
where in the source each link came from: inline links `[text](url)`, reference links
`[text][ref]`, autolinks `<https://...>`, linkified bare URLs and raw `<a>` tags. Removing a
link replaces exactly that source span:

- `[text](url)` and `[text][ref]` become `text` (its Markdown formatting kept);
- an autolink or a bare URL stays as visible text, escaped (`https:/\\/...`, `me\\@x.com`)
  so that the renderer does not link it again;
- a raw `<a ...>` and its `</a>` are deleted, their content kept.

Reference definitions (`[ref]: url`) are left alone: they render nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ghostkit.content.html_links import unwrap_links as unwrap_html_links


@dataclass(frozen=True)
class MarkdownLink:
    kind: str  # "link", "autolink", "bare", "html"
    url: str | None
    text: str
    start: int  # offsets into the Markdown source
    end: int
    replacement: str


def _parser() -> MarkdownIt:
    md = MarkdownIt("default", {"html": True, "breaks": True, "linkify": True})
    assert md.linkify is not None  # linkify-it-py is a dependency
    md.linkify.set({"fuzzy_link": False})
    for name in ("link", "autolink", "linkify", "html_inline"):
        _wrap_inline_rule(md, name)
    md.core.ruler.at("inline", _inline_with_block)
    return md


def _inline_with_block(state: Any) -> None:
    """Markdown-it's core "inline" step, noting which block each inline run belongs to."""
    for token in state.tokens:
        if token.type == "inline":
            state.env["block"] = token
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def _wrap_inline_rule(md: MarkdownIt, name: str) -> None:
    ruler = md.inline.ruler
    index = ruler.__find__(name)
    original = ruler.__rules__[index].fn

    def recording(state: StateInline, silent: bool) -> bool:
        start = state.pos
        first_new = len(state.tokens)
        matched = bool(original(state, silent))
        if matched and not silent:
            state.env.setdefault("found", []).append(
                (
                    name,
                    state.env.get("block"),
                    state.src,
                    start,
                    state.pos,
                    state.tokens[first_new:],
                )
            )
        return matched

    ruler.__rules__[index].fn = recording
    ruler.__cache__ = None


_MD = _parser()


def _escape_for_linkify(text: str) -> str:
    """Plain text that markdown-it will not turn into a link again."""
    if "://" in text:
        head, _, tail = text.partition("://")
        text = f"{head}:/\\/{tail}"
    return text.replace("@", "\\@")


def _block_line_offsets(source: str) -> list[int]:
    offsets = [0]
    for index, char in enumerate(source):
        if char == "\n":
            offsets.append(index + 1)
    return offsets


def _content_to_source(
    source: str, line_offsets: list[int], block: Token, claimed: dict[int, int]
) -> Callable[[int], int] | None:
    """A function from offsets in a block's inline content to offsets in the source.

    Each line of the content is the tail of its source line (block quote markers, list
    indentation and table pipes come before it), so it is found there from the left,
    after anything an earlier inline run of the same line claimed.
    """
    if block.map is None:
        return None
    lines = block.content.split("\n")
    starts: list[int] = []
    for number, text in enumerate(lines):
        line_index = block.map[0] + number
        if line_index >= len(line_offsets):
            return None
        line_start = line_offsets[line_index]
        line_end = source.find("\n", line_start)
        line_end = len(source) if line_end < 0 else line_end
        found = (
            source.find(text, claimed.get(line_index, line_start), line_end + 1)
            if text
            else claimed.get(line_index, line_start)
        )
        if found < 0:
            return None
        claimed[line_index] = found + len(text)
        starts.append(found)
    boundaries = []
    position = 0
    for text in lines:
        boundaries.append(position)
        position += len(text) + 1

    def convert(offset: int) -> int:
        line = max(i for i, b in enumerate(boundaries) if b <= offset)
        return starts[line] + offset - boundaries[line]

    return convert


def find_links(markdown: str) -> list[MarkdownLink]:
    """Every link the renderer would make, with its source span and its replacement."""
    env: dict[str, Any] = {}
    tokens = _MD.parse(markdown, env)
    line_offsets = _block_line_offsets(markdown)
    claimed: dict[int, int] = {}
    converters: dict[int, Callable[[int], int] | None] = {}
    links: list[MarkdownLink] = []
    open_html: list[bool] = []
    for name, block, src, start, end, new_tokens in env.get("found", []):
        if id(block) not in converters:
            converters[id(block)] = _content_to_source(markdown, line_offsets, block, claimed)
        convert = converters[id(block)]
        if convert is None:
            continue
        raw = src[start:end]
        s, e = convert(start), convert(end)
        if markdown[s:e] != raw:
            continue  # the span could not be mapped back exactly: leave it alone
        if name == "link":
            opener = next((t for t in new_tokens if t.type == "link_open"), None)
            label_end = _label_end(raw)
            if opener is None or label_end is None:
                continue
            label = raw[1:label_end]
            links.append(
                MarkdownLink("link", str(opener.attrGet("href") or ""), label, s, e, label)
            )
        elif name in ("autolink", "linkify"):
            opened = [i for i, t in enumerate(new_tokens) if t.type == "link_open"]
            if not opened:
                continue
            opener = new_tokens[opened[0]]
            inner = new_tokens[opened[0] + 1] if opened[0] + 1 < len(new_tokens) else None
            href = str(opener.attrGet("href") or "")
            if name == "linkify":
                # the rule fires at the ":" after the scheme, which was already read as text
                begin = start
                while begin > 0 and (src[begin - 1].isalnum() or src[begin - 1] in "+-."):
                    begin -= 1
                s, raw = convert(begin), src[begin:end]
                if markdown[s:e] != raw:
                    continue
                links.append(MarkdownLink("bare", href, raw, s, e, _escape_for_linkify(raw)))
            else:
                text = raw[1:-1]
                shown = inner.content if inner is not None and inner.type == "text" else text
                links.append(MarkdownLink("autolink", href, shown, s, e, _escape_for_linkify(text)))
        elif name == "html_inline":
            tag = raw.lower()
            if tag.startswith("<a") and (len(tag) == 2 or not tag[2].isalnum()):
                links.append(MarkdownLink("html", _href_of(raw), "", s, e, ""))
                open_html.append(True)
            elif tag.startswith("</a") and open_html:
                open_html.pop()
                links.append(MarkdownLink("html-close", None, "", s, e, ""))
    del tokens
    return links


def _label_end(raw: str) -> int | None:
    """Index of the `]` that closes the label starting at raw[0] == "["."""
    depth = 0
    index = 0
    while index < len(raw):
        char = raw[index]
        if char == "\\":
            index += 2
            continue
        if char == "`":
            close = raw.find("`", index + 1)
            index = close + 1 if close > 0 else index + 1
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def _href_of(tag: str) -> str | None:
    from ghostkit.content.html_links import find_links as find_html_links

    found = find_html_links(tag + "</a>")
    return found[0].href if found else None


def strip_links(markdown: str, selects: Callable[[str | None], bool]) -> tuple[str, int]:
    """Markdown with every selected link turned into its text; and how many were removed."""
    links = find_links(markdown)
    edits: list[tuple[int, int, str]] = []
    removed = 0
    html_stack: list[bool] = []
    for link in links:
        if link.kind == "html":
            chosen = selects(link.url)
            html_stack.append(chosen)
            if chosen:
                edits.append((link.start, link.end, ""))
                removed += 1
        elif link.kind == "html-close":
            if html_stack and html_stack.pop():
                edits.append((link.start, link.end, ""))
        elif selects(link.url):
            edits.append((link.start, link.end, link.replacement))
            removed += 1
    text = _apply(markdown, edits)
    html_blocks_text, html_removed = _strip_html_blocks(text, selects)
    return html_blocks_text, removed + html_removed


def _apply(source: str, edits: list[tuple[int, int, str]]) -> str:
    pieces = []
    cursor = 0
    for start, end, replacement in sorted(edits):
        if start < cursor:
            continue  # nested inside an edit already made (e.g. a link in a link's label)
        pieces.append(source[cursor:start])
        pieces.append(replacement)
        cursor = end
    pieces.append(source[cursor:])
    return "".join(pieces)


def _strip_html_blocks(markdown: str, selects: Callable[[str | None], bool]) -> tuple[str, int]:
    """Raw HTML blocks (lines of HTML between blank lines) go through the HTML unwrapper."""
    tokens = _MD.parse(markdown, {})
    offsets = _block_line_offsets(markdown)
    edits: list[tuple[int, int, str]] = []
    removed = 0
    for token in tokens:
        if token.type != "html_block" or token.map is None:
            continue
        start = offsets[token.map[0]]
        end = offsets[token.map[1]] if token.map[1] < len(offsets) else len(markdown)
        block = markdown[start:end]
        new, count = unwrap_html_links(block, selects)
        if count:
            edits.append((start, end, new))
            removed += count
    return _apply(markdown, edits), removed


def rendered_link_count(markdown: str) -> int:
    """How many `<a>` the renderer makes of this Markdown (for checks and tests)."""
    rendered: str = _MD.render(markdown)
    return rendered.count("<a ")
