"""The `:::` blocks that Markdown to Lexical reads as Ghost's callout, toggle and button cards.

A block opens with a line `:::callout`, `:::toggle` or `:::button` (and what follows the
name on that line), holds Markdown, and closes with a line `:::`::

    :::callout 💡 grey
    Backups run **every night**.
    :::

    :::toggle How do I cancel?
    From the *Account* page.
    :::

    :::button center
    [Subscribe](https://example.com/#/portal/signup)
    :::

Other renderers show these as plain paragraphs between two `:::` lines, so the text still
reads well. Blocks do not nest; a block without its closing line runs to the end of the
enclosing block (the document, a list item or a quote), like a fenced code block.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

NAMES = ("callout", "toggle", "button")
_OPENING = re.compile(r":::[ \t]*(callout|toggle|button)(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING = re.compile(r":::[ \t]*$")

CALLOUT_COLOURS = frozenset(
    {"grey", "white", "blue", "green", "yellow", "red", "pink", "purple", "accent"}
)
"""The background colours Ghost's editor offers for a callout."""
BUTTON_ALIGNMENTS = frozenset({"left", "center"})


def use_containers(md: MarkdownIt) -> None:
    """Teach a parser the `:::` blocks: they become `container_open` and `container_close`
    tokens whose `info` is the block's name and `meta["args"]` the rest of its first line."""
    md.block.ruler.before(
        "fence",
        "ghost_container",
        _container,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _container(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    opening = _OPENING.match(_line(state, start))
    if opening is None:
        return False
    if silent:
        return True
    line = start + 1
    closed = False
    while line < end:
        text = _line(state, line)
        if text and state.sCount[line] < state.blkIndent:
            break  # a dedented line ends a block inside a list item
        if _CLOSING.match(text) and state.sCount[line] - state.blkIndent < 4:
            closed = True
            break
        line += 1
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "container"
    state.lineMax = line
    token = state.push("container_open", "div", 1)
    token.info = opening.group(1)
    token.meta = {"args": opening.group(2) or "", "line": start + 1}
    token.markup = ":::"
    token.map = [start, line + 1 if closed else line]
    state.md.block.tokenize(state, start + 1, line)
    token = state.push("container_close", "div", -1)
    token.markup = ":::"
    state.parentType, state.lineMax = old_parent, old_max
    state.line = line + 1 if closed else line
    return True


def callout_args(args: str) -> tuple[str, str | None]:
    """The emoji and colour of `:::callout 💡 grey` (either may be left out)."""
    words = args.split()
    colour = None
    if words and words[-1].lower() in CALLOUT_COLOURS:
        colour = words.pop().lower()
    return " ".join(words), colour
