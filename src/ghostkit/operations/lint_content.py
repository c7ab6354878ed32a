"""What the lint rules look at in a post's body, in either format: its cards, its images
and their alt text, whether it shows anything at all, and its cards' member visibility.

Lexical cards and mobiledoc card payloads share their property names (see
`ghostkit.content.cards`), so each question is answered once for both formats.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from ghostkit.content import lexical, mobiledoc
from ghostkit.content.markdown_source import MD
from ghostkit.content.urls import FoundUrl, list_urls
from ghostkit.operations.change import Item

Node = dict[str, Any]


@dataclass(frozen=True)
class Body:
    """A post's content: its format (None when it has none) and the parsed document."""

    fmt: str | None
    document: Node | None

    @classmethod
    def of(cls, item: Item) -> Body:
        fmt = item.body_format
        if fmt is None:
            return cls(None, None)
        module = lexical if fmt == "lexical" else mobiledoc
        return cls(fmt, module.parse(item[fmt]))


@dataclass(frozen=True)
class Card:
    """A card of the body: its type (the Lexical name), its properties and where it is."""

    kind: str
    payload: Node
    where: str


def cards(body: Body) -> Iterator[Card]:
    """Every card, in document order, with its place: the top-level block (Lexical) or
    section (mobiledoc) it is, counted from 1."""
    if body.document is None:
        return
    if body.fmt == "lexical":
        for index, block in enumerate(body.document["root"].get("children") or (), 1):
            if not isinstance(block, dict):
                continue
            for node in lexical.walk(block):
                kind = node.get("type")
                if lexical.is_card(node) and isinstance(kind, str):
                    yield Card(kind, node, f"{kind} card, block {index}")
        return
    for index, section in enumerate(body.document["sections"], 1):
        found = mobiledoc.section_card(body.document, section)
        if found is not None:
            name, payload = found
            yield Card(mobiledoc.card_kind(name), payload, f"{name} card, section {index}")


def links(body: Body) -> list[FoundUrl]:
    """Every link of the body (what a reader clicks, not what is shown as an image):
    inline ones and those of every kind of card."""
    if body.document is None or body.fmt is None:
        return []
    return [found for found in list_urls(body.fmt, body.document) if found.role == "link"]


# -- images ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Image:
    src: str
    where: str


class _ImageTags(HTMLParser):
    """The `src` and `alt` (None when absent) of every `<img>` of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            values = dict(attrs)
            self.found.append((values.get("src") or "", values.get("alt")))

    handle_startendtag = handle_starttag


def _html_images(html: str) -> list[tuple[str, str | None]]:
    parser = _ImageTags()
    parser.feed(html)
    parser.close()
    return parser.found


def _markdown_images(markdown: str) -> Iterator[tuple[str, str | None]]:
    """Markdown images `![alt](src)` and raw `<img>` tags, with their alt text: None where
    there is none (Markdown cannot mark an image decorative, so an empty one counts as
    none)."""
    for token in MD.parse(markdown):
        if token.type == "html_block":
            yield from _html_images(token.content)
        for child in token.children or ():
            if child.type == "image":
                yield str(child.attrs.get("src") or ""), child.content.strip() or None
            elif child.type == "html_inline":
                yield from _html_images(child.content)


def images_without_alt(body: Body) -> Iterator[Image]:
    """Images a screen reader cannot describe: image and gallery cards with an empty alt,
    `<img>` without an `alt` attribute in HTML cards (an explicit `alt=""` marks an image
    as decorative, on purpose), Markdown images with empty alt text, and mobiledoc image
    sections (which have no alt at all)."""
    for card in cards(body):
        payload = card.payload
        if card.kind == "image" and not str(payload.get("alt") or "").strip():
            yield Image(str(payload.get("src") or ""), card.where)
        elif card.kind == "gallery":
            for number, image in enumerate(payload.get("images") or (), 1):
                if isinstance(image, dict) and not str(image.get("alt") or "").strip():
                    yield Image(str(image.get("src") or ""), f"{card.where}, image {number}")
        elif card.kind == "html" and isinstance(payload.get("html"), str):
            for src, alt in _html_images(payload["html"]):
                if alt is None:
                    yield Image(src, card.where)
        elif card.kind == "markdown" and isinstance(payload.get("markdown"), str):
            for src, alt in _markdown_images(payload["markdown"]):
                if alt is None:
                    yield Image(src, card.where)
    if body.fmt == "mobiledoc" and body.document is not None:
        for index, section in enumerate(body.document["sections"], 1):
            if isinstance(section, list) and section[:1] == [mobiledoc.IMAGE_SECTION]:
                src = str(section[1]) if len(section) > 1 else ""
                yield Image(src, f"image section {index}")


# -- emptiness ------------------------------------------------------------------------


def is_empty(body: Body) -> bool:
    """Whether the body shows nothing: no card, no image and no text but blanks."""
    document = body.document
    if document is None:
        return True
    if any(True for _ in cards(body)):
        return False
    if body.fmt == "lexical":
        return not lexical.text_of(document["root"]).strip()
    atoms = document.get("atoms") or []
    for section in document["sections"]:
        if isinstance(section, list) and section[:1] == [mobiledoc.IMAGE_SECTION]:
            return False
        for markers in mobiledoc.marker_lists(section):
            if mobiledoc.text_of(markers, atoms).strip():
                return False
    return True


# -- member visibility ----------------------------------------------------------------

ALL_MEMBERS = "status:free,status:-free"
FREE_MEMBERS = "status:free"
PAID_MEMBERS = "status:-free"
NO_MEMBERS = ""

VISIBILITY_CARDS = ("html", "call-to-action", "transistor")
"""The Lexical cards with a `visibility` setting (Koenig's `hasVisibility` nodes)."""


@dataclass(frozen=True)
class Visibility:
    """Who sees a card: on the web, visitors who are not members (`visitors`) and the
    members of `web`; in email, the members of `email` (NQL segments, `ALL_MEMBERS` for
    every member, "" for none)."""

    visitors: bool = True
    web: str = ALL_MEMBERS
    email: str = ALL_MEMBERS

    @classmethod
    def of(cls, value: Any) -> Visibility:
        """A card's `visibility`, in the current form (`web` and `email`) or in the
        editor's older one (`showOnWeb`, `showOnEmail`, `emailOnly`, `segment`), read as
        Ghost's renderer reads it."""
        if not isinstance(value, dict):
            return cls()
        web, email = value.get("web"), value.get("email")
        if (
            isinstance(web, dict)
            and isinstance(email, dict)
            and "nonMember" in web
            and web.get("memberSegment") is not None
            and email.get("memberSegment") is not None
        ):
            return cls(
                web["nonMember"] is not False,
                str(web["memberSegment"]),
                str(email["memberSegment"]),
            )
        return cls(*_older_web(value), _older_email(value))

    @property
    def restricted(self) -> bool:
        return not self.visitors or self.web != ALL_MEMBERS or self.email != ALL_MEMBERS

    def describe(self) -> str:
        members = _audience(self.web)
        if self.visitors:
            web = "everyone" if self.web == ALL_MEMBERS else f"visitors and {members}"
            web = "visitors who are not members" if self.web == NO_MEMBERS else web
        else:
            web = members
        return f"on the web to {web}, in email to {_audience(self.email)}"


def _older_web(value: Node) -> tuple[bool, str]:
    email_only, on_web = value.get("emailOnly"), value.get("showOnWeb")
    if email_only is not None:
        return (not email_only, NO_MEMBERS if email_only else ALL_MEMBERS)
    if on_web is not None:
        return (bool(on_web), ALL_MEMBERS if on_web else NO_MEMBERS)
    return (True, ALL_MEMBERS)


_OLDER_SEGMENTS = {
    "status:-free+status:-paid": NO_MEMBERS,
    "status:free": FREE_MEMBERS,
    "status:paid": PAID_MEMBERS,
    "status:-free": PAID_MEMBERS,
}


def _older_email(value: Node) -> str:
    if value.get("showOnEmail") is None and value.get("emailOnly") is None:
        return ALL_MEMBERS
    if value.get("showOnEmail") is False:
        return NO_MEMBERS
    segment = value.get("segment")
    if not segment:
        return ALL_MEMBERS
    return _OLDER_SEGMENTS.get(str(segment), str(segment))


def _audience(segment: str) -> str:
    named = {
        ALL_MEMBERS: "all members",
        FREE_MEMBERS: "free members",
        PAID_MEMBERS: "paid members",
        NO_MEMBERS: "no one",
    }
    return named.get(segment, f"members matching {segment}")


def gated_cards(body: Body) -> Iterator[tuple[Card, Visibility]]:
    """Cards whose `visibility` keeps them from someone: Lexical cards that have the
    setting, and mobiledoc cards that carry one in their payload (which Ghost's mobiledoc
    renderer never applies)."""
    for card in cards(body):
        if body.fmt == "lexical" and card.kind not in VISIBILITY_CARDS:
            continue
        if "visibility" not in card.payload:
            continue
        visibility = Visibility.of(card.payload["visibility"])
        if visibility.restricted:
            yield card, visibility
