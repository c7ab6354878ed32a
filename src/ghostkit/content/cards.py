"""Cards: which of their properties hold HTML, which hold a URL, and which cards are links.

Lexical cards and mobiledoc card payloads use the same property names, so one table serves
both formats.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Iterator
from typing import Any, Literal

from ghostkit.content import html_links, markdown_links
from ghostkit.content.links import Link

LinkCardMode = Literal["keep", "text", "remove"]
LINK_CARD_MODES: tuple[LinkCardMode, ...] = ("keep", "text", "remove")

HTML_PROPERTIES: dict[str, tuple[str, ...]] = {
    "html": ("html",),
    "image": ("caption",),
    "gallery": ("caption",),
    "bookmark": ("caption",),
    "embed": ("caption",),
    "video": ("caption",),
    "audio": ("caption",),
    "codeblock": ("caption",),
    "callout": ("calloutText",),
    "toggle": ("heading", "content"),
    "call-to-action": ("textValue", "sponsorLabel"),
    "header": ("header", "subheader"),
    "signup": ("header", "subheader", "disclaimer"),
    "email": ("html",),
    "email-cta": ("html",),
    "product": ("productTitle", "productDescription"),
    "paywall": (),
}
"""Card properties whose value is HTML that can hold `<a>` links."""

LINK_CARDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "bookmark": (
        "url",
        (
            "metadata.title",
            "metadata.description",
            "metadata.publisher",
            "metadata.author",
            "caption",
        ),
    ),
    "button": ("buttonUrl", ("buttonText",)),
    "embed": ("url", ("metadata.title", "html", "caption")),
    "call-to-action": ("buttonUrl", ("sponsorLabel", "textValue", "buttonText")),
    "header": ("buttonUrl", ("header", "subheader", "buttonText")),
    "email-cta": ("buttonUrl", ("html", "buttonText")),
    "product": ("productUrl", ("productTitle", "productDescription", "productButton")),
    "file": ("src", ("fileTitle", "fileCaption", "fileName", "fileSize")),
}
"""Cards whose purpose is a link: the property with the URL, then every property whose text
the card shows, in the order it shows them: what the card turns into with `--link-cards
text`. (A file card is its download link: title, caption, file name and size.)"""

SHOWN_IF: dict[tuple[str, str], tuple[str, bool]] = {
    ("call-to-action", "sponsorLabel"): ("hasSponsorLabel", True),
    ("call-to-action", "buttonText"): ("showButton", True),
    ("header", "buttonText"): ("buttonEnabled", False),
    ("email-cta", "buttonText"): ("showButton", False),
    ("product", "productButton"): ("productButtonEnabled", False),
}
"""Text a card shows only when a switch is on: the switch, and its value when not stored."""

DEFAULTS: dict[tuple[str, str], str] = {
    ("call-to-action", "sponsorLabel"): "SPONSORED",
    ("call-to-action", "buttonText"): "Learn more",
}
"""What the editor shows for a property a card was saved without."""

LINKED_HTML: dict[str, str] = {"embed": "html"}
"""Link cards whose HTML is part of the link card: an embedded post's own links (a tweet's)
are kept, turned into text or removed with the card, never unwrapped inside it."""


def _get(payload: dict[str, Any], dotted: str) -> Any:
    value: Any = payload
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def card_links(card: str, payload: dict[str, Any]) -> Iterator[Link]:
    """Every link of a card, in a stable order."""
    if card in LINK_CARDS:
        prop = LINK_CARDS[card][0]
        url = payload.get(prop)
        if url:
            yield Link(str(url), link_card_text(card, payload), "link-card", card, prop)
    if card in LINKED_HTML:
        prop = LINKED_HTML[card]
        value = payload.get(prop)
        if isinstance(value, str) and "<a" in value.lower():
            for found in html_links.find_links(value):
                yield Link(found.href, found.text, "link-card", card, prop)
    if card == "image" and payload.get("href"):
        yield Link(str(payload["href"]), str(payload.get("alt") or ""), "card-url", card, "href")
    if card == "gallery":
        for index, image in enumerate(payload.get("images") or []):
            if isinstance(image, dict) and image.get("href"):
                yield Link(
                    str(image["href"]),
                    str(image.get("alt") or ""),
                    "card-url",
                    card,
                    f"images[{index}].href",
                )
    for prop in HTML_PROPERTIES.get(card, ()):
        value = payload.get(prop)
        if isinstance(value, str) and "<a" in value.lower():
            for found in html_links.find_links(value):
                yield Link(found.href, found.text, "html", card, prop)
    if card == "markdown" and isinstance(payload.get("markdown"), str):
        for item in markdown_links.find_links(payload["markdown"]):
            if item.kind != "html-close":
                yield Link(item.url, item.text, "markdown", card, "markdown")


Segment = tuple[str, str | None]
"""A run of a link card's text, and the URL it links to (None: plain text)."""


def link_card_text(card: str, payload: dict[str, Any]) -> str:
    """The visible text of a link card, as one line: every part of it that the card shows."""
    return "".join(text for text, _ in link_card_segments(card, payload, lambda _url: True))


def link_card_segments(
    card: str, payload: dict[str, Any], selects: Callable[[str | None], bool]
) -> list[Segment]:
    """The visible text of a link card as runs of text, each with the URL it links to:
    links in its HTML that are not selected stay links (a call-to-action's text can link
    elsewhere than its button); selected ones are plain text."""
    parts = [p for p in (_tidy(s) for s in _field_segments(card, payload, selects)) if p]
    joined: list[Segment] = []
    for part in parts:
        if joined:
            joined.append((" ", None))
        joined.extend(part)
    return _merged(joined)


def _field_segments(
    card: str, payload: dict[str, Any], selects: Callable[[str | None], bool]
) -> Iterator[list[Segment]]:
    _, fields = LINK_CARDS[card]
    for dotted in fields:
        switch = SHOWN_IF.get((card, dotted))
        if switch is not None and not payload.get(switch[0], switch[1]):
            continue
        value = _get(payload, dotted)
        if value is None and (card, dotted) in DEFAULTS:
            value = DEFAULTS[card, dotted]
        if dotted == "fileSize":
            value = file_size(value)
        if not isinstance(value, str) or not value.strip():
            continue
        is_html = dotted in HTML_PROPERTIES.get(card, ()) or LINKED_HTML.get(card) == dotted
        yield _html_segments(value, selects) if is_html else [(value, None)]


def _html_segments(html: str, selects: Callable[[str | None], bool]) -> list[Segment]:
    segments: list[Segment] = []
    cursor = 0
    for link in html_links.find_links(html):
        if link.end is None or link.start[0] < cursor:
            continue  # unclosed, or inside a link already taken
        segments.append((html_links.visible_text(html[cursor : link.start[0]]), None))
        inner = html_links.visible_text(html[link.start[1] : link.end[0]])
        segments.append((inner, None if selects(link.href) or not link.href else link.href))
        cursor = link.end[1]
    segments.append((html_links.visible_text(html[cursor:]), None))
    return segments


def _tidy(segments: list[Segment]) -> list[Segment]:
    """One space for each run of blanks, none at either end; empty runs dropped."""
    tidy: list[Segment] = []
    for text, url in segments:
        text = re.sub(r"\s+", " ", text)
        if not tidy or tidy[-1][0].endswith(" "):
            text = text.lstrip(" ")
        if text:
            tidy.append((text, url))
    while tidy and tidy[-1][0].endswith(" "):
        text, url = tidy.pop()
        if text.rstrip(" "):
            tidy.append((text.rstrip(" "), url))
    return tidy


def _merged(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for text, url in segments:
        if merged and merged[-1][1] is None and url is None:
            merged[-1] = (merged[-1][0] + text, None)
        else:
            merged.append((text, url))
    return merged


def file_size(size: Any) -> str | None:
    """A file card's size as the card shows it ("16 Bytes", "6 KB", "2 MB")."""
    if isinstance(size, bool) or not isinstance(size, int | float) or size <= 0:
        return None
    units = ("Bytes", "KB", "MB", "GB", "TB")
    power = min(int(math.log(size) / math.log(1024)), len(units) - 1)
    return f"{math.floor(size / 1024**power + 0.5)} {units[power]}"


def strip_card(
    card: str, payload: dict[str, Any], selects: Callable[[str | None], bool]
) -> tuple[dict[str, Any], int]:
    """A copy of the payload with its selected inline, HTML, Markdown and clickable-image
    links removed (link cards themselves are the caller's decision). Returns the payload
    and how many links went."""
    new = copy.deepcopy(payload)
    removed = 0
    if card == "image" and new.get("href") and selects(str(new["href"])):
        new["href"] = ""
        removed += 1
    if card == "gallery":
        for image in new.get("images") or []:
            if isinstance(image, dict) and image.get("href") and selects(str(image["href"])):
                image["href"] = ""
                removed += 1
    for prop in HTML_PROPERTIES.get(card, ()):
        value = new.get(prop)
        if isinstance(value, str) and "<a" in value.lower():
            new[prop], count = html_links.unwrap_links(value, selects)
            removed += count
    if card == "markdown" and isinstance(new.get("markdown"), str):
        new["markdown"], count = markdown_links.strip_links(new["markdown"], selects)
        removed += count
    return new, removed


def is_selected_link_card(
    card: str, payload: dict[str, Any], selects: Callable[[str | None], bool]
) -> bool:
    if card not in LINK_CARDS:
        return False
    url = payload.get(LINK_CARDS[card][0])
    if url and selects(str(url)):
        return True
    return any(  # or one of the links of its HTML (an embedded post's)
        link.field == LINKED_HTML.get(card) and selects(link.url)
        for link in card_links(card, payload)
    )
