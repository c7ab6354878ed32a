"""URLs in HTML fragments and Markdown sources, found where they are written and replaced
in place: every byte around a URL stays as it was.

A `Visit` is given each URL as written (entities decoded in HTML, angle brackets taken off
in Markdown) and its role, and answers the new URL or None to leave it.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Literal

from markdown_it.token import Token

from ghostkit.content.markdown_source import MD
from ghostkit.content.spans import line_starts

Role = Literal["link", "image"]
"""`image`: anything shown as an image or played as media; `link`: anything clicked."""
Visit = Callable[[str, Role], "str | None"]

URL_ATTRIBUTES: dict[str, dict[str, Role]] = {
    "a": {"href": "link"},
    "img": {"src": "image", "srcset": "image"},
    "source": {"src": "image", "srcset": "image"},
    "video": {"src": "image", "poster": "image"},
    "audio": {"src": "image"},
    "iframe": {"src": "image"},
}
"""The attributes of HTML elements that hold a URL, and what the URL is for."""

_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+)))?"""
)
_SRCSET_URL = re.compile(r"(?:^|,)\s*(?P<url>[^\s,][^\s]*?)(?=,?\s|,|$)")

Edit = tuple[int, int, str]


class _TagFinder(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._starts = line_starts(source)
        self.tags: list[tuple[int, str, str]] = []  # offset, tag name, its start tag's text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in URL_ATTRIBUTES:
            line, column = self.getpos()
            self.tags.append((self._starts[line - 1] + column, tag, self.get_starttag_text() or ""))

    handle_startendtag = handle_starttag


def _html_edits(source: str, visit: Visit) -> Iterator[Edit]:
    finder = _TagFinder(source)
    finder.feed(source)
    finder.close()
    for offset, tag, text in finder.tags:
        wanted = URL_ATTRIBUTES[tag]
        for match in _ATTRIBUTE.finditer(text, len(tag) + 1):
            role = wanted.get(match["name"].lower())
            group = next((g for g in ("dq", "sq", "bare") if match[g] is not None), None)
            if role is None or group is None:
                continue
            start, raw = offset + match.start(group), match[group]
            if match["name"].lower() == "srcset":
                for part in _SRCSET_URL.finditer(raw):
                    new = _attribute_value(part["url"], group, role, visit)
                    if new is not None:
                        yield start + part.start("url"), start + part.end("url"), new
            else:
                new = _attribute_value(raw, group, role, visit)
                if new is not None:
                    yield start, start + len(raw), new


def _attribute_value(raw: str, quoting: str, role: Role, visit: Visit) -> str | None:
    """The new text of an attribute value, encoded as the old one was (None: unchanged)."""
    value = html_module.unescape(raw)
    new = visit(value, role)
    if new is None or new == value:
        return None
    if value != raw or html_module.unescape(new) != new:
        new = new.replace("&", "&amp;")  # the value was written with entities: so is this one
    if quoting == "dq":
        return new.replace('"', "&quot;")
    if quoting == "sq":
        return new.replace("'", "&#39;")
    return re.sub(r"[\s>\"'`=<]", lambda m: f"&#{ord(m[0])};", new)


def map_html(source: str, visit: Visit) -> tuple[str, int]:
    """The HTML with each URL of an `<a href>`, `<img src>` or `srcset`, a media `src` or
    `poster`, replaced; and how many were."""
    if "<" not in source:
        return source, 0
    return apply(source, list(_html_edits(source, visit)))


def apply(source: str, edits: list[Edit]) -> tuple[str, int]:
    """The source with each edit made (those inside an earlier one left), and how many."""
    pieces, cursor, made = [], 0, 0
    for start, end, replacement in sorted(edits):
        if start < cursor:
            continue
        pieces += [source[cursor:start], replacement]
        cursor, made = end, made + 1
    if not made:
        return source, 0
    pieces.append(source[cursor:])
    return "".join(pieces), made


# --- Markdown ---------------------------------------------------------------------------

_DESTINATION = re.compile(
    r"\]\([ \t]*\n?[ \t]*(?:<(?P<angle>[^<>\n]*)>|(?P<plain>[^\s()<>]+(?:\([^\s()]*\)[^\s()<>]*)*))"
)
_DEFINITION = re.compile(
    r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*(?:<(?P<angle>[^<>\n]*)>|(?P<plain>\S+))", re.M
)
_AUTOLINK = re.compile(r"<(?P<angle>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _rendered(tokens: list[Token]) -> tuple[set[str], set[str], list[str]]:
    """What the Markdown renders: link targets, image sources, and its raw HTML."""
    links: set[str] = set()
    images: set[str] = set()
    raw_html: list[str] = []
    stack = list(tokens)
    while stack:
        token = stack.pop()
        if token.type == "link_open":
            links.add(str(token.attrGet("href") or ""))
        elif token.type == "image":
            images.add(str(token.attrGet("src") or ""))
        elif token.type in ("html_inline", "html_block"):
            raw_html.append(token.content)
        stack.extend(token.children or ())
    return links, images, raw_html


def _normalized(raw: str) -> str:
    return str(MD.normalizeLink(html_module.unescape(_ESCAPED.sub(r"\1", raw))))


def map_markdown(source: str, visit: Visit) -> tuple[str, int]:
    """The Markdown with the URL of each link and image replaced where it is written:
    inline links and images, reference definitions, autolinks, bare URLs and raw
    `<a>`/`<img>`. Only URLs the renderer makes a link or an image of are given to
    `visit` (a URL in a code span is text)."""
    links, images, raw_html = _rendered(MD.parse(source, {}))
    if not (links or images or raw_html):
        return source, 0
    edits: list[Edit] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_DESTINATION, _DEFINITION, _AUTOLINK):
        for match in pattern.finditer(source):
            group = "angle" if match["angle"] is not None else "plain"
            start, end = match.span(group)
            taken.append((start, end))
            target = _normalized(match[group])
            role: Role | None = "image" if target in images else "link" if target in links else None
            if role is None:
                continue
            new = visit(match[group], role)
            if new is not None and new != match[group]:
                edits.append((start, end, new))
    assert MD.linkify is not None
    for found in MD.linkify.match(source) or ():
        inside = any(a <= found.index < b for a, b in taken)
        if not inside and found.url in links:
            new = visit(found.raw, "link")
            if new is not None and new != found.raw:
                edits.append((found.index, found.last_index, new))
    if raw_html:
        in_html = {url for html in raw_html for url, _ in html_urls(html)}

        def html_visit(url: str, role: Role) -> str | None:
            return visit(url, role) if url in in_html else None

        edits.extend(_html_edits(source, html_visit))
    return apply(source, edits)


def html_urls(source: str) -> list[tuple[str, Role]]:
    """Every URL of an HTML fragment's tags, with its role."""
    found: list[tuple[str, Role]] = []

    def record(url: str, role: Role) -> None:
        found.append((url, role))

    for _ in _html_edits(source, record):
        pass
    return found
