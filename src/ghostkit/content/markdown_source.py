"""Markdown parsed the way Ghost renders it, with the source span of every link.

markdown-it-py with Ghost's settings (HTML allowed, line breaks kept, bare URLs linkified),
its link, image, autolink, linkify, raw-HTML and code-span rules wrapped to record where in
the source each match came from, and a map from a block's inline text back to the source.
`markdown_links` builds its finding and editing on these.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ghostkit.content.spans import line_starts


def _parser() -> MarkdownIt:
    md = MarkdownIt("default", {"html": True, "breaks": True, "linkify": True})
    assert md.linkify is not None  # linkify-it-py is a dependency
    md.linkify.set({"fuzzy_link": False})
    # code spans and images are recorded too: they tell where later plain text can be
    for name in ("link", "image", "autolink", "linkify", "html_inline", "backticks"):
        _wrap_inline_rule(md, name)
    md.core.ruler.at("inline", _inline_with_block)
    core_linkify = md.core.ruler.__rules__[md.core.ruler.__find__("linkify")].fn
    md.core.ruler.at("linkify", _recording_core_linkify(core_linkify))
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
        pending = len(state.pending)
        matched = bool(original(state, silent))
        if matched and not silent:
            made = state.tokens[first_new:]
            flushed = made[0].content if made and made[0].type == "text" else ""
            taken = pending - len(flushed)  # pending text taken back (linkify: the scheme)
            state.env.setdefault("found", []).append(
                (
                    name,
                    state.env.get("block"),
                    state.src,
                    start,
                    state.pos,
                    made,
                    taken,
                )
            )
        return matched

    ruler.__rules__[index].fn = recording
    ruler.__cache__ = None


_LINK_OPEN = re.compile(r"^<a[>\s]", re.IGNORECASE)
_LINK_CLOSE = re.compile(r"^</a\s*>", re.IGNORECASE)


def _linkify_texts(children: list[Token]) -> list[int]:
    """Indexes of the text tokens markdown-it's core linkify step looks into: those outside
    links and outside raw `<a>...</a>` (the same backwards scan as markdown-it's)."""
    found: list[int] = []
    html_level = 0
    index = len(children)
    while index >= 1:
        index -= 1
        token = children[index]
        if token.type == "link_close":
            index -= 1
            while children[index].level != token.level and children[index].type != "link_open":
                index -= 1
            continue
        if token.type == "html_inline":
            if _LINK_OPEN.search(token.content) and html_level > 0:
                html_level -= 1
            if _LINK_CLOSE.search(token.content):
                html_level += 1
        if html_level > 0:
            continue
        if token.type == "text":
            found.append(index)
    return found[::-1]


def _recording_core_linkify(original: Callable[[StateCore], None]) -> Callable[[StateCore], None]:
    """Markdown-it's core linkify step (bare e-mail addresses, and URLs the inline rule left,
    such as one right after a "-"), noting where in each block's content each link was."""

    def linkify(state: StateCore) -> None:
        md = state.md
        plans = []
        for block in state.tokens:
            if block.type != "inline" or not block.children or md.linkify is None:
                continue
            if not md.linkify.pretest(block.content):
                continue
            children = block.children
            texts = _linkify_texts(children)
            planned: list[tuple[int, int, int, str]] = []  # token index, start, end, href
            for index in texts:
                content = children[index].content
                if not md.linkify.test(content):
                    continue
                matches = md.linkify.match(content) or []
                after_escape = index > 0 and children[index - 1].type == "text_special"
                if matches and matches[0].index == 0 and after_escape:
                    matches = matches[1:]
                for match in matches:
                    href = md.normalizeLink(match.url)
                    if md.validateLink(href):
                        planned.append((index, match.index, match.last_index, href))
            if planned:
                plans.append((block, list(children), texts, planned))
        original(state)
        found_by_block: dict[int, list[Any]] = {}
        for entry in state.env.get("found", []) if plans else ():
            found_by_block.setdefault(id(entry[1]), []).append(entry)
        for block, children, texts, planned in plans:
            spans = _place_text_links(found_by_block, block, children, texts, planned)
            if spans:
                state.env.setdefault("text_links", []).append((block, spans))

    return linkify


def _place_text_links(
    found_by_block: Mapping[int, list[Any]],
    block: Token,
    children: list[Token],
    texts: list[int],
    planned: list[tuple[int, int, int, str]],
) -> list[tuple[int, int, str, str]]:
    """Where in the block's content each planned link is, with what it shows; nothing if
    that cannot be told for sure."""
    inline_made: set[int] = set()
    skip_to: dict[int, int] = {}  # a recorded construct's first token -> where it ends
    for _, _block, src, _, end, made, _ in found_by_block.get(id(block), ()):
        if src != block.content:
            continue
        own = made[1:] if made and made[0].type == "text" else made  # [0] may be pending text
        inline_made.update(id(token) for token in made)
        if own:
            skip_to[id(own[0])] = max(skip_to.get(id(own[0]), 0), end)
    shown = []
    after = block.children or []
    for position, token in enumerate(after):
        core_made = token.markup == "linkify" and id(token) not in inline_made
        if token.type == "link_open" and core_made and position + 1 < len(after):
            shown.append((str(token.attrGet("href") or ""), after[position + 1].content))
    if len(shown) != len(planned):
        return []
    content = block.content
    starts: dict[int, int] = {}
    cursor = 0
    wanted = set(texts)
    for index, token in enumerate(children):
        if id(token) in skip_to:
            cursor = max(cursor, skip_to[id(token)])
        if index in wanted:
            found = content.find(token.content, cursor)
            if found < 0:
                return []
            starts[index] = found
            cursor = found + len(token.content)
    spans = []
    for (index, begin, end, href), (made_href, text) in zip(planned, shown, strict=True):
        if href != made_href:
            return []
        spans.append((starts[index] + begin, starts[index] + end, href, text))
    return spans


MD = _parser()


def block_line_offsets(source: str) -> list[int]:
    """Where each line of the source starts."""
    return line_starts(source)


def content_to_source(
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
        line = max(bisect_right(boundaries, offset) - 1, 0)
        return starts[line] + offset - boundaries[line]

    return convert
