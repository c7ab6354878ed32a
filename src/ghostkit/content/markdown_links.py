"""Links in Markdown cards, found by a real Markdown parser.

Ghost renders Markdown cards with markdown-it (HTML allowed, line breaks kept, bare URLs
linkified). ghostkit parses them with markdown-it-py, the same parser in Python, and records
where in the source each link came from: inline links `[text](url)`, reference links
`[text][ref]`, autolinks `<https://...>`, linkified bare URLs and e-mail addresses, and raw
`<a>` tags (inline or in HTML blocks). Removing a link replaces exactly that source span:

- `[text](url)` and `[text][ref]` become `text` (its Markdown formatting kept);
- an autolink or a bare URL stays as the text it showed, escaped (`https:/\\/...`,
  `me\\@x.com`, Markdown punctuation) so that the renderer neither links it again nor reads
  it as formatting;
- a raw `<a ...>` and its `</a>` are deleted, their content kept; where that would change
  the blocks around them (an `<a ...>` that opens an HTML block, or one at the start of a
  line before another tag), `<span>` tags take their place;
- text left at the start of a line where it would begin a heading, a list item, a quote or
  a rule, or `#`s left at the end of a heading, get a backslash.

Reference definitions (`[ref]: url`) are left alone: they render nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown_it.token import Token

from ghostkit.content.html_links import find_links as find_html_links
from ghostkit.content.markdown_source import (
    MD,
    block_line_offsets,
    content_to_source,
)
from ghostkit.content.spans import Intervals, Lines, Shifts


@dataclass(frozen=True)
class MarkdownLink:
    kind: str  # "link", "autolink", "bare", "html" (an <a ...> tag), "html-close" (its </a>)
    url: str | None
    text: str
    start: int  # offsets into the Markdown source
    end: int
    replacement: str


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>&~!|])")


def _escape_for_linkify(text: str) -> str:
    """Markdown that shows `text` as it is: not linked again, not read as formatting."""
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return text.replace("://", ":/\\/").replace("@", "\\@")


_CONTAINERS = re.compile(r"[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+[ \t>]*)*")
"""What can come before a block's own text on its line: quote and list markers."""

_BLOCK_START = re.compile(
    r"(?P<indent> {0,3})"
    r"(?:(?P<number>\d{1,9})[.)](?:\s|$)|>|#{1,6}(?:\s|$)|[-+*](?:\s|$)|[-=_*][-=_*\s]*$)"
)


def _block_start_escape(text: str, lines: Lines, start: int) -> int | None:
    """Where a backslash keeps the text at `start` from starting a heading, a quote, a list
    item or a rule, as it can once a link at the start of its line is gone (`[#](u) Title`,
    `<a href="u">1.</a> Step`); None if it needs none."""
    if not _CONTAINERS.fullmatch(text, lines.start_of(start), start):
        return None
    match = _BLOCK_START.match(text, start, lines.end_of(start))
    if match is None:
        return None
    return match.end("number") if match.group("number") else match.end("indent")


_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_ATX_CLOSING = re.compile(r"[ \t](#+)[ \t]*$")


def _closing_hashes_escape(
    text: str,
    lines: Lines,
    start: int,
    end: int,
    seen: dict[tuple[int, int], re.Match[str] | None],
) -> int | None:
    """Where a backslash keeps `#`s that text from `start` to `end` left at the end of a
    heading (`## Title [#](#title)`) from being read as its closing sequence. `seen` keeps
    each line's closing sequence, looked for once."""
    line_start, line_end = lines.start_of(start), lines.end_of(end)
    if (line_start, line_end) not in seen:
        head = _CONTAINERS.match(text, line_start, line_end)
        content = head.end() if head else line_start
        heading = _ATX_HEADING.match(text, content, line_end)
        seen[line_start, line_end] = (
            _ATX_CLOSING.search(text, content, line_end) if heading else None
        )
    closing = seen[line_start, line_end]
    if closing is None or not (closing.start(1) <= end and start <= closing.end(1)):
        return None
    return closing.start(1)


_SPACES_THEN_TAG = re.compile(" *<")


def find_links(markdown: str) -> list[MarkdownLink]:
    """Every link the renderer would make, with its source span and its replacement."""
    env: dict[str, Any] = {}
    tokens = MD.parse(markdown, env)
    line_offsets = block_line_offsets(markdown)
    claimed: dict[int, int] = {}
    converters: dict[int, Callable[[int], int] | None] = {}
    for token in tokens:  # every inline run in document order, so each finds its own place
        if token.type == "inline":
            converters[id(token)] = content_to_source(markdown, line_offsets, token, claimed)
    links: list[MarkdownLink] = []
    open_html: list[bool] = []
    for name, block, src, start, end, new_tokens, taken in env.get("found", []):
        convert = converters.get(id(block))
        if convert is None or src != block.content:
            continue  # not mapped, or inside an image's alt text, which is parsed apart
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
                # the rule fires at the ":" after the scheme, which was already read as text:
                # it takes the scheme back from the pending text
                begin = start - taken
                s, raw = convert(begin), src[begin:end]
                if markdown[s:e] != raw:
                    continue
                shown = inner.content if inner is not None and inner.type == "text" else raw
                links.append(MarkdownLink("bare", href, raw, s, e, _escape_for_linkify(shown)))
            else:
                text = raw[1:-1]
                shown = inner.content if inner is not None and inner.type == "text" else text
                plain = _escape_for_linkify(shown)
                links.append(MarkdownLink("autolink", href, shown, s, e, plain))
        elif name == "html_inline":
            tag = raw.lower()
            if tag.startswith("<a") and (len(tag) == 2 or not tag[2].isalnum()):
                # at the start of a line and before another tag, which could then start an
                # HTML block (`<a href="u"><img ...></a>`): an empty <span></span> stays
                at_line_start = start == 0 or src[start - 1] == "\n"
                span = at_line_start and _SPACES_THEN_TAG.match(src, end) is not None
                plain = "<span></span>" if span else ""
                links.append(MarkdownLink("html", _href_of(raw), "", s, e, plain))
                open_html.append(True)
            elif tag.startswith("</a") and open_html:
                open_html.pop()
                links.append(MarkdownLink("html-close", None, "", s, e, ""))
    for block, spans in env.get("text_links", []):
        convert = converters.get(id(block))
        if convert is None:
            continue
        for begin, end, href, shown in spans:
            s, e = convert(begin), convert(end)
            raw = block.content[begin:end]
            if markdown[s:e] == raw:
                links.append(MarkdownLink("bare", href, raw, s, e, _escape_for_linkify(shown)))
    links.extend(_html_block_links(markdown, tokens, line_offsets))
    links.sort(key=lambda link: link.start)
    return links


def _html_block_links(
    markdown: str, tokens: list[Token], line_offsets: list[int]
) -> list[MarkdownLink]:
    """The `<a>` tags of raw HTML blocks (lines of HTML between blank lines).

    An `<a ...>` at the start of the block can be what makes those lines an HTML block, and
    a tag alone on its line would leave a blank line that ends it: such a link's tags become
    `<span>` and `</span>`, so that the lines stay one HTML block.
    """
    links = []
    for token in tokens:
        if token.type != "html_block" or token.map is None:
            continue
        start = line_offsets[token.map[0]]
        end = line_offsets[token.map[1]] if token.map[1] < len(line_offsets) else len(markdown)
        block = markdown[start:end]
        first_tag, opening, lines = block.find("<"), token.content.lstrip(), Lines(block)
        for found in find_html_links(block):
            a, b = found.start
            opens_block = first_tag >= a and opening.startswith(block[a:b])
            alone = lines.alone(*found.start) or (found.end is not None and lines.alone(*found.end))
            tag = ("<span>", "</span>") if opens_block or alone else ("", "")
            links.append(MarkdownLink("html", found.href, found.text, start + a, start + b, tag[0]))
            if found.end is not None:
                a, b = found.end
                links.append(MarkdownLink("html-close", None, "", start + a, start + b, tag[1]))
    return links


def _html_block_spans(markdown: str) -> list[tuple[int, int]]:
    """Where the raw HTML blocks are (no Markdown escapes there), from their first tag on."""
    offsets = block_line_offsets(markdown)
    spans = []
    for token in MD.parse(markdown, {}):
        if token.type == "html_block" and token.map is not None:
            start = offsets[token.map[0]]
            start = max(start, markdown.find(token.content.split("\n")[0], start))
            end = offsets[token.map[1]] if token.map[1] < len(offsets) else len(markdown)
            spans.append((start, end))
    return spans


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
    found = find_html_links(tag + "</a>")
    return found[0].href if found else None


def strip_links(markdown: str, selects: Callable[[str | None], bool]) -> tuple[str, int]:
    """Markdown with every selected link turned into its text; and how many were removed."""
    links = find_links(markdown)
    edits: list[tuple[int, int, str]] = []
    labels: list[tuple[int, int]] = []  # where the labels of removed links are
    unwrapped: list[tuple[int, int]] = []  # the content of removed raw <a>...</a>
    removed = 0
    html_stack: list[tuple[bool, int]] = []
    for link in links:
        if link.kind == "html":
            chosen = selects(link.url)
            html_stack.append((chosen, link.end))
            if chosen:
                edits.append((link.start, link.end, link.replacement))
                removed += 1
        elif link.kind == "html-close":
            if html_stack:
                chosen, content_start = html_stack.pop()
                if chosen:
                    edits.append((link.start, link.end, link.replacement))
                    unwrapped.append((content_start, link.start))
        elif selects(link.url):
            edits.append((link.start, link.end, link.replacement))
            removed += 1
            if link.kind == "link":
                labels.append((link.start + 1, link.start + 1 + len(link.text)))
    # a label can hold a raw <a> or an autolink, which markdown-it renders as links too
    edits.sort(key=lambda edit: edit[0])
    edit_starts = [a for a, _, _ in edits]
    relabelled: dict[int, str] = {}  # a link's start -> its label with the links in it gone
    for start, end in labels:
        inside = []
        for index in range(bisect_right(edit_starts, start - 1), len(edits)):
            a, b, r = edits[index]
            if a >= end:
                break
            if b <= end:
                inside.append((a - start, b - start, relabelled.get(a, r)))
        if inside:
            relabelled[start - 1] = _apply(markdown[start:end], inside)
    if relabelled:
        edits = [
            (a, b, relabelled.get(a, r)) if a in relabelled else (a, b, r) for a, b, r in edits
        ]
    text = _apply(markdown, edits)
    # markdown-it does not link URLs and addresses inside a link's label or a raw <a>, but
    # once the link is gone it would (also where the text joins what is next to it): those
    # are shown as plain text too. And a `[ref]` right before a removed `[label](url)` was
    # not a link, but would be one once followed by plain text: its bracket is escaped.
    # A line that now starts with what was a link's text could read as a heading, a list
    # item or a rule, and `#`s it ends a heading with as its closing sequence: a backslash
    # keeps them plain.
    applied = _applied(edits)
    move = Shifts(applied)
    label_starts = {start - 1 for start, _ in labels}  # where those links started
    after_label = {move(a) for a, _, _ in edits if a in label_starts}
    regions = [(move(a), move(a) + len(r)) for a, _, r in applied]
    regions += [(move(a), move(b)) for a, b in unwrapped]
    removed_spans = Intervals(labels + unwrapped)
    kept_inside = Counter(  # links that were, oddly, inside a removed link already, and are kept
        link.text
        for link in links
        if link.kind == "bare"
        and not selects(link.url)
        and removed_spans.contain(link.start, link.end)
    )
    again = []
    changed = Intervals(regions)
    for link in find_links(text) if regions else []:
        if link.kind == "bare" and changed.overlap(link.start, link.end):
            if kept_inside[link.text] > 0:
                kept_inside[link.text] -= 1
            else:
                again.append((link.start, link.end, link.replacement))
        elif link.end in after_label and text[link.start : link.end] == f"[{link.text}]":
            again.append((link.start, link.start + 1, "\\["))
    lines = Lines(text)
    headings: dict[tuple[int, int], re.Match[str] | None] = {}
    escapes = {_block_start_escape(text, lines, a) for a, _ in regions}
    escapes |= {_closing_hashes_escape(text, lines, a, b, headings) for a, b in regions}
    raw_html = Intervals(_html_block_spans(text) if escapes != {None} else [])
    again += [(at, at, "\\") for at in escapes if at is not None and not raw_html.holds(at)]
    return _apply(text, again), removed


def _applied(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The edits `_apply` makes: those not inside an earlier one."""
    made = []
    cursor = 0
    for start, end, replacement in sorted(edits):
        if start >= cursor:
            made.append((start, end, replacement))
            cursor = end
    return made


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


def rendered_link_count(markdown: str) -> int:
    """How many `<a>` the renderer makes of this Markdown (for checks and tests)."""
    rendered: str = MD.render(markdown)
    return len(find_html_links(rendered))  # raw HTML passes through: <A HREF>, <a\nhref>
