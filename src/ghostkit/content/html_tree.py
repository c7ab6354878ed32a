"""A small element tree built with Python's `html.parser`, for reading HTML as a browser would.

The tree keeps what converting to Lexical needs: elements with their attributes (and the start
tag exactly as written, so that markup kept whole in an HTML card is the original), text, and
comments (Ghost marks its HTML and Markdown cards with `<!--kg-card-begin: ...-->` comments).
End tags a browser would imply are implied: a `<p>` closes at the next block, an `<li>` at the
next `<li>`, void elements never take children, and a stray end tag is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


def tags(names: str) -> frozenset[str]:
    """A set of tag names written as one string."""
    return frozenset(names.split())


VOID = tags("area base br col embed hr img input link meta param source track wbr")
_CLOSES_P = tags(
    "address article aside blockquote details div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr main nav ol p pre section table ul"
)
_RAW_TEXT = frozenset({"script", "style"})
MAX_DEPTH = 100
"""Elements nested deeper stand beside each other instead, their content kept (Chromium's
parser does the same past 512 levels); it bounds the recursion of whoever reads the tree."""


@dataclass
class Text:
    value: str


@dataclass
class Comment:
    value: str


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Child] = field(default_factory=list)
    start_tag: str = ""

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def has_class(self, name: str) -> bool:
        return name in self.classes

    def elements(self) -> list[Element]:
        return [child for child in self.children if isinstance(child, Element)]

    def find(self, predicate: str) -> Element | None:
        """The first descendant that is the tag `predicate`, or has the class `.predicate`."""
        for child in self.elements():
            if _matches(child, predicate):
                return child
            found = child.find(predicate)
            if found is not None:
                return found
        return None

    def find_all(self, predicate: str) -> list[Element]:
        found: list[Element] = []
        for child in self.elements():
            if _matches(child, predicate):
                found.append(child)
            found.extend(child.find_all(predicate))
        return found

    def text_at(self, predicate: str) -> str:
        """The text of the first descendant matching `predicate`, trimmed; "" with none."""
        found = self.find(predicate)
        return found.text().strip() if found is not None else ""

    def inner_at(self, predicate: str) -> str:
        """The inner HTML of the first descendant matching `predicate`, trimmed."""
        found = self.find(predicate)
        return inner_html(found).strip() if found is not None else ""

    def attr_at(self, predicate: str, name: str) -> str:
        """An attribute of the first descendant matching `predicate`; "" with none."""
        found = self.find(predicate)
        return found.attrs.get(name, "") if found is not None else ""

    def style(self) -> dict[str, str]:
        """The declarations of the `style` attribute."""
        pairs = (part.partition(":") for part in self.attrs.get("style", "").split(";"))
        return {name.strip().lower(): value.strip() for name, _, value in pairs if value.strip()}

    def text(self) -> str:
        """The text content, as `textContent` gives it."""
        return "".join(
            child.value if isinstance(child, Text) else child.text()
            for child in self.children
            if not isinstance(child, Comment)
        )


Child = Element | Text | Comment


def _matches(element: Element, predicate: str) -> bool:
    if predicate.startswith("."):
        return element.has_class(predicate[1:])
    return element.tag == predicate


def outer_html(node: Child) -> str:
    """The node's markup: start tags as written, text re-escaped only where it must be."""
    if isinstance(node, Text):
        return _escape(node.value)
    if isinstance(node, Comment):
        return f"<!--{node.value}-->"
    start = node.start_tag or f"<{node.tag}>"
    if node.tag in VOID:
        return start
    return f"{start}{inner_html(node)}</{node.tag}>"


def inner_html(element: Element) -> str:
    if element.tag in _RAW_TEXT:
        return "".join(c.value for c in element.children if isinstance(c, Text))
    return "".join(outer_html(child) for child in element.children)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CLOSES_P:
            self._close_implied("p")
        if tag == "li":
            self._close_implied("li", stop={"ul", "ol"})
        element = Element(tag, {k: v or "" for k, v in attrs}, [], self.get_starttag_text() or "")
        self.stack[-1].children.append(element)
        if tag not in VOID and len(self.stack) <= MAX_DEPTH:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        if tag == "p":  # `</p>` with no open `<p>` is an empty paragraph to a browser
            self.handle_starttag("p", [])
            self.handle_endtag("p")

    def handle_data(self, data: str) -> None:
        children = self.stack[-1].children
        if children and isinstance(children[-1], Text):
            children[-1].value += data
        else:
            children.append(Text(data))

    def handle_comment(self, data: str) -> None:
        self.stack[-1].children.append(Comment(data))

    def _close_implied(self, tag: str, stop: frozenset[str] | set[str] = frozenset()) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            current = self.stack[depth].tag
            if current == tag:
                del self.stack[depth:]
                return
            if current in stop or current in {"div", "blockquote", "li", "td", "figure"}:
                return


def parse_html(html: str) -> Element:
    """The tree of an HTML fragment, under a root element tagged `#root`."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root
