"""Lexical's inline content (text runs, links, line breaks) written as Markdown.

Formats are written as spans over the runs, the way they were marked up: a format that
several neighbouring runs share opens once before the first and closes after the last, the
format that lasts longest outermost, so `**a *b* c**` comes back as it was written rather
than as three bold spans. Markdown's delimiters must touch text on their inner side, so
spaces at a span's edges are written outside it. Text is escaped wherever Markdown would
read markup, and a code span's fence is longer than any run of backticks in its code.
Formats Markdown has no syntax for (underline, subscript, superscript, highlight) are
written as inline HTML.

Markdown cannot write a span whose delimiter would stand between a letter and a
punctuation mark (bold `(b)` right after a letter): such a span is written all the same
and reads back as plain text.
"""

from __future__ import annotations

import re
from typing import Any

from ghostkit.content import lexical

Node = dict[str, Any]

_MARKS = {
    1: ("**", "**"),
    2: ("*", "*"),
    4: ("~~", "~~"),
    8: ("<u>", "</u>"),
    32: ("<sub>", "</sub>"),
    64: ("<sup>", "</sup>"),
    128: ("<mark>", "</mark>"),
}
"""Format bits written as spans; code (16) is written as a code span around its run."""
_CODE = 16
_ESCAPED = re.compile(r"([\\`*_\[\]<>~&#!])")
HARD_BREAK = "\\\n"


def escape(value: str) -> str:
    """Text as Markdown that reads back as the same text."""
    return _ESCAPED.sub(r"\\\1", value).replace("\n", "&#10;").replace("\t", "&#9;")


def url(value: str) -> str:
    return f"<{value}>" if re.search(r"[\s()<>]", value) else value


def title(value: object) -> str:
    """A link or image title after its URL (with its space), or nothing."""
    if not value:
        return ""
    return ' "' + re.sub(r'(["\\])', r"\\\1", str(value)) + '"'


def _code_span(value: str) -> str:
    longest = max((len(run) for run in re.findall("`+", value)), default=0)
    fence = "`" * (longest + 1)
    if value.strip(" ") and (value.startswith(("`", " ")) or value.endswith(("`", " "))):
        value = f" {value} "  # the parser takes one space off each side
    return f"{fence}{value}{fence}"


def _formats(node: Node) -> int | None:
    """The span formats of an inline node (a link's: those all its text shares), None for
    a line break."""
    kind = node.get("type")
    if kind == "linebreak":
        return None
    if kind in lexical.TEXT_TYPES:
        return int(node.get("format") or 0) & sum(_MARKS)
    shared = sum(_MARKS)
    for child in lexical.walk(node):
        if child.get("type") in lexical.TEXT_TYPES:
            shared &= int(child.get("format") or 0)
    return shared if shared != sum(_MARKS) else 0


def _blank(node: Node) -> bool:
    fmt = int(node.get("format") or 0)
    text = node.get("text")
    return node.get("type") in lexical.TEXT_TYPES and not fmt & _CODE and not str(text).strip(" ")


def inline_markdown(nodes: list[Node], masked: int = 0) -> str:
    """Inline nodes as Markdown; `masked` formats are already open around them."""
    formats = [None if (f := _formats(n)) is None else f & ~masked for n in nodes]
    out: list[str] = []
    stack: list[int] = []
    pending = ""  # spaces that go after whatever spans close next
    for index, node in enumerate(nodes):
        fmt = formats[index]
        if fmt is None:  # spans close before a line break (a closing mark cannot start a line)
            out += [_MARKS[bit][1] for bit in reversed(stack)] + [pending, HARD_BREAK]
            stack, pending = [], ""
            continue
        if _blank(node):
            pending += str(node.get("text", ""))
            continue
        if node.get("type") in lexical.LINK_TYPES:  # a link's own formats go inside it
            fmt &= sum(stack) | sum(b for b in _MARKS if _reach(nodes, formats, index, b) > 1)
        keep = 0
        while keep < len(stack) and stack[keep] & fmt:
            keep += 1
        out += [_MARKS[bit][1] for bit in reversed(stack[keep:])]
        del stack[keep:]
        core, lead, trail = _core(node, fmt | masked)
        out += [pending, lead]
        opening = [bit for bit in _MARKS if fmt & bit and bit not in stack]
        opening.sort(key=lambda bit: -_reach(nodes, formats, index, bit))
        out += [_MARKS[bit][0] for bit in opening]
        stack += opening
        out.append(core)
        pending = trail
    out += [_MARKS[bit][1] for bit in reversed(stack)]
    out.append(pending)
    return "".join(out)


def _core(node: Node, active: int) -> tuple[str, str, str]:
    """A node's own Markdown, and the spaces before and after it that stand outside."""
    kind = node.get("type")
    if kind in lexical.TEXT_TYPES:
        value = str(node.get("text", ""))
        if int(node.get("format") or 0) & _CODE:
            return _code_span(value), "", ""
        core = value.strip(" ")
        lead = value[: len(value) - len(value.lstrip(" "))]
        return escape(core), lead, value[len(value.rstrip(" ")) :]
    inner = inline_markdown(node.get("children") or [], active)
    if kind in lexical.LINK_TYPES:
        target = url(str(node.get("url", "")))
        return f"[{inner}]({target}{title(node.get('title'))})", "", ""
    return inner, "", ""


def _reach(nodes: list[Node], formats: list[int | None], start: int, bit: int) -> int:
    """How many nodes from `start` on keep a format (spaces carry it on)."""
    count = 0
    for node, fmt in zip(nodes[start:], formats[start:], strict=True):
        if fmt is None or (not _blank(node) and not fmt & bit):
            break
        count += 1
    return count
