"""Find and replace in the text of a Markdown card.

Only text is changed, never what makes a link or an image: link destinations and titles,
autolinks and bare URLs, raw HTML tags, reference definitions, image sources, and fenced or
indented code (which, like a code card, is left alone). What goes in is escaped so that it
shows as written (`*`, `_`, `\\`, `<`, a URL...), and a card whose links would change with
the replacement (one that makes or breaks a link) is left as it was.
"""

from __future__ import annotations

import re

from ghostkit.content.markdown_links import _escape_for_linkify, find_links
from ghostkit.content.markdown_source import MD, block_line_offsets
from ghostkit.content.text_replace import TextReplacer

_TAG = re.compile(r"<[^<>\n]*>")
_IMAGE_SOURCE = re.compile(r"!\[[^\]\n]*\](\([^)\n]*\))")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[^\n]*$", re.MULTILINE)


def _protected(markdown: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _TAG.finditer(markdown)]
    spans += [m.span(1) for m in _IMAGE_SOURCE.finditer(markdown)]
    spans += [m.span() for m in _DEFINITION.finditer(markdown)]
    for link in find_links(markdown):
        if link.kind == "link":
            spans.append((link.start + 1 + len(link.text), link.end))  # after the label
        else:
            spans.append((link.start, link.end))
    offsets = block_line_offsets(markdown)
    for token in MD.parse(markdown, {}):
        if token.type in ("fence", "code_block") and token.map is not None:
            end = offsets[token.map[1]] if token.map[1] < len(offsets) else len(markdown)
            spans.append((offsets[token.map[0]], end))
    return sorted(spans)


def _links(markdown: str) -> list[tuple[str, str | None]]:
    return [(link.kind, link.url) for link in find_links(markdown)]


def replace_text(markdown: str, replacer: TextReplacer) -> tuple[str, int]:
    """The Markdown with FIND replaced in its text, and how many replacements were made."""
    pieces: list[str] = []
    count = 0
    cursor = 0
    for start, end in [*_protected(markdown), (len(markdown), len(markdown))]:
        if start > cursor:
            text, made = replacer.subn(markdown[cursor:start], escape=_escape_for_linkify)
            pieces.append(text)
            count += made
            cursor = start
        if end > cursor:
            pieces.append(markdown[cursor:end])
            cursor = end
    if not count:
        return markdown, 0
    new = "".join(pieces)
    if _links(new) != _links(markdown):
        return markdown, 0  # the replacement would make or break a link
    return new, count
