"""Links in HTML fragments (HTML cards, captions and other HTML-valued card properties).

A real HTML parser finds each `<a>` element; removing a link deletes exactly the bytes of
its start and end tags, so everything else, including odd spacing, entities and comments,
stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ghostkit.content.spans import line_starts


@dataclass
class HtmlLink:
    href: str | None
    start: tuple[int, int]
    end: tuple[int, int] | None = None
    text_parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


class _AnchorFinder(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self._line_starts = line_starts(source)
        self.links: list[HtmlLink] = []
        self._open: list[HtmlLink] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            return
        start = self._offset()
        text = self.get_starttag_text() or ""
        link = HtmlLink(href=dict(attrs).get("href"), start=(start, start + len(text)))
        self.links.append(link)
        self._open.append(link)

    def handle_endtag(self, tag: str) -> None:
        if tag != "a" or not self._open:
            return
        start = self._offset()
        close = self.source.find(">", start)
        self._open.pop().end = (start, (close + 1) if close >= 0 else len(self.source))

    def handle_data(self, data: str) -> None:
        for link in self._open:
            link.text_parts.append(data)


def find_links(html: str) -> list[HtmlLink]:
    """Every `<a>` element, in document order (nested ones too)."""
    finder = _AnchorFinder(html)
    finder.feed(html)
    finder.close()
    return finder.links


def unwrap_links(html: str, selects: Callable[[str | None], bool]) -> tuple[str, int]:
    """Remove the tags of every selected `<a>`, keeping its content. Returns the new HTML and
    how many links were removed."""
    cuts: list[tuple[int, int]] = []
    removed = 0
    for link in find_links(html):
        if not selects(link.href):
            continue
        removed += 1
        cuts.append(link.start)
        if link.end:
            cuts.append(link.end)
    if not cuts:
        return html, 0
    pieces = []
    cursor = 0
    for start, end in sorted(cuts):
        pieces.append(html[cursor:start])
        cursor = end
    pieces.append(html[cursor:])
    return "".join(pieces), removed


def visible_text(html: str) -> str:
    """The text of an HTML fragment, tags removed and entities decoded."""

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)  # convert_charrefs already decoded the entities, once
