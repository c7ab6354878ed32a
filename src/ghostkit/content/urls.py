"""Every URL of a post's body, listed or mapped: one walker for Lexical and mobiledoc.

The places a URL lives: inline links; the URL properties of cards (a bookmark's URL and
its metadata's icon and thumbnail, buttons, call-to-action and header buttons and images,
embeds, products, files, video and audio sources, image and gallery images and the links
that make them clickable); `<a href>`, `<img src>`, `srcset` and media sources inside the
HTML properties of cards (HTML cards, captions, callouts, toggles...); and the links and
images of Markdown cards. Each URL has a role: `image` for what is shown as an image or
played as media, `link` for what is clicked.

`map_urls` gives each URL to a mapper, which answers the new URL or None to leave it, and
returns a new document (the one given is never changed). Ghost stores links to the site
itself as `__GHOST_URL__/path`: given `site_url`, the mapper sees such a URL in its
site-absolute form (`https://site.example/path`) and an answer inside the site is written
back as `__GHOST_URL__/...`, so that a rule written with the site's address applies to
them and `__GHOST_URL__` stays `__GHOST_URL__`. Without `site_url` the mapper sees
`__GHOST_URL__/path` as it is stored.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ghostkit.content import lexical, mobiledoc
from ghostkit.content.cards import HTML_PROPERTIES, LINKED_HTML
from ghostkit.content.selection import GHOST_URL
from ghostkit.content.url_edits import Role, map_html, map_markdown

__all__ = ["URL_PROPERTIES", "FoundUrl", "Role", "list_urls", "map_urls"]

Document = dict[str, Any]
Mapper = Callable[[str, Role], "str | None"]
_Visit = Callable[[str, Role, str, str | None], "str | None"]

URL_PROPERTIES: dict[str, tuple[tuple[str, Role], ...]] = {
    "image": (("src", "image"), ("href", "link")),
    "bookmark": (
        ("url", "link"),
        ("metadata.url", "link"),
        ("metadata.icon", "image"),
        ("metadata.thumbnail", "image"),
    ),
    "button": (("buttonUrl", "link"),),
    "call-to-action": (("buttonUrl", "link"), ("imageUrl", "image")),
    "header": (("buttonUrl", "link"), ("backgroundImageSrc", "image")),
    "signup": (("backgroundImageSrc", "image"),),
    "email-cta": (("buttonUrl", "link"),),
    "embed": (("url", "link"), ("metadata.url", "link"), ("metadata.thumbnail_url", "image")),
    "product": (("productUrl", "link"), ("productImageSrc", "image")),
    "file": (("src", "link"),),
    "video": (("src", "image"), ("thumbnailSrc", "image"), ("customThumbnailSrc", "image")),
    "audio": (("src", "image"), ("thumbnailSrc", "image")),
}
"""Card properties (dotted: inside an object property) that are one URL, and its role.
A gallery's images are each an image card's `src`, `href` and `caption`."""
_IMAGE_OF_GALLERY: tuple[tuple[str, Role], ...] = (("src", "image"), ("href", "link"))
_AFTER_SITE = ("", "/", "?", "#")
"""What can follow the site's URL in a URL of the site (not `https://site.example.org`)."""


@dataclass(frozen=True)
class FoundUrl:
    """One URL of a document: `where` is "text" (an inline link), "image section" (a
    mobiledoc image) or the card it is in ("bookmark card", "html card", "markdown
    card"...); `field` the card property (None for inline links)."""

    url: str
    role: Role
    where: str
    field: str | None = None


def list_urls(fmt: str, document: Document, *, site_url: str | None = None) -> list[FoundUrl]:
    """Every URL of a "lexical" or "mobiledoc" document, in document order."""
    found: list[FoundUrl] = []

    def record(url: str, role: Role, where: str, field: str | None) -> None:
        found.append(FoundUrl(url, role, where, field))

    _walk(fmt, document, _through_site(record, site_url))
    return found


def map_urls(
    fmt: str, document: Document, mapper: Mapper, *, site_url: str | None = None
) -> tuple[Document, int]:
    """A new document with each URL the mapper answers for replaced, and how many were."""
    changed = 0

    def visit(url: str, role: Role, where: str, field: str | None) -> str | None:
        nonlocal changed
        new = mapper(url, role)
        if new is None or new == url:
            return None
        changed += 1
        return new

    new = _walk(fmt, document, _through_site(visit, site_url))
    return new, changed


def _through_site(visit: _Visit, site_url: str | None) -> _Visit:
    """`visit`, seeing `__GHOST_URL__` links in their site-absolute form."""
    if not site_url:
        return visit
    base = site_url.rstrip("/")

    def site_visit(url: str, role: Role, where: str, field: str | None) -> str | None:
        if not url.startswith(GHOST_URL):
            return visit(url, role, where, field)
        new = visit(base + url[len(GHOST_URL) :], role, where, field)
        if new is not None and new.startswith(base) and new[len(base) :][:1] in _AFTER_SITE:
            return GHOST_URL + new[len(base) :]
        return new

    return site_visit


def _walk(fmt: str, document: Document, visit: _Visit) -> Document:
    if fmt == "lexical":
        return {**document, "root": _lexical_node(document["root"], visit)}
    if fmt == "mobiledoc":
        return _mobiledoc(document, visit)
    raise ValueError(f"unknown content format {fmt!r}: lexical or mobiledoc")


def _lexical_node(node: Document, visit: _Visit) -> Document:
    kind = node.get("type")
    if kind in lexical.LINK_TYPES and isinstance(node.get("url"), str):
        new_url = visit(node["url"], "link", "text", None)
        if new_url is not None:
            node = {**node, "url": new_url}
    elif lexical.is_card(node) and isinstance(kind, str):
        return _card(kind, node, visit)
    children = node.get("children")
    if not isinstance(children, list):
        return node
    new_children = [_lexical_node(c, visit) if isinstance(c, dict) else c for c in children]
    if all(a is b for a, b in zip(new_children, children, strict=True)):
        return node
    return {**node, "children": new_children}


def _mobiledoc(document: Document, visit: _Visit) -> Document:
    new = dict(document)
    markups = document.get("markups") or []
    new_markups = [_markup(markup, visit) for markup in markups]
    if any(a is not b for a, b in zip(new_markups, markups, strict=True)):
        new["markups"] = new_markups
    sections = document["sections"]
    new_sections = [_image_section(section, visit) for section in sections]
    if any(a is not b for a, b in zip(new_sections, sections, strict=True)):
        new["sections"] = new_sections
    entries = document.get("cards") or []
    new_entries = list(entries)
    for index, entry in enumerate(entries):
        if not (isinstance(entry, list) and len(entry) > 1 and isinstance(entry[0], str)):
            continue
        if isinstance(entry[1], dict):
            payload = _card(mobiledoc.card_kind(entry[0]), entry[1], visit)
            if payload is not entry[1]:
                new_entries[index] = [entry[0], payload, *entry[2:]]
    if any(a is not b for a, b in zip(new_entries, entries, strict=True)):
        new["cards"] = new_entries
    return new


def _markup(markup: Any, visit: _Visit) -> Any:
    if not mobiledoc.is_link(markup) or len(markup) < 2 or not isinstance(markup[1], list):
        return markup
    attributes = list(markup[1])
    for index in range(0, len(attributes) - 1, 2):
        if attributes[index] == "href" and isinstance(attributes[index + 1], str):
            new = visit(attributes[index + 1], "link", "text", None)
            if new is not None:
                attributes[index + 1] = new
                return [markup[0], attributes, *markup[2:]]
    return markup


def _image_section(section: Any, visit: _Visit) -> Any:
    is_image = isinstance(section, list) and len(section) > 1 and section[0] == 2
    if not is_image or not isinstance(section[1], str):
        return section
    new = visit(section[1], "image", "image section", None)
    return section if new is None else [section[0], new, *section[2:]]


def _card(kind: str, payload: Document, visit: _Visit) -> Document:
    """The card with its URLs mapped: the same object when none changed."""
    where = f"{kind} card"
    new: Document | None = None

    def put(path: list[str | int], value: str) -> None:
        nonlocal new
        if new is None:
            new = copy.deepcopy(payload)
        target: Any = new
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    def one(path: list[str | int], value: Any, role: Role, field: str) -> None:
        if isinstance(value, str) and value:
            mapped = visit(value, role, where, field)
            if mapped is not None:
                put(path, mapped)

    def html(path: list[str | int], value: Any, field: str) -> None:
        if isinstance(value, str) and value:
            mapped, made = map_html(value, lambda url, role: visit(url, role, where, field))
            if made:
                put(path, mapped)

    for dotted, role in URL_PROPERTIES.get(kind, ()):
        parts = dotted.split(".")
        value: Any = payload
        for part in parts:
            value = value.get(part) if isinstance(value, dict) else None
        one(list(parts), value, role, dotted)
    if kind == "gallery":
        for index, image in enumerate(payload.get("images") or []):
            if isinstance(image, dict):
                for prop, image_role in _IMAGE_OF_GALLERY:
                    field = f"images[{index}].{prop}"
                    one(["images", index, prop], image.get(prop), image_role, field)
                html(["images", index, "caption"], image.get("caption"), f"images[{index}].caption")
    for prop in (*HTML_PROPERTIES.get(kind, ()), *filter(None, [LINKED_HTML.get(kind)])):
        html([prop], payload.get(prop), prop)
    if kind == "markdown" and isinstance(payload.get("markdown"), str):
        markdown, made = map_markdown(
            payload["markdown"], lambda url, role: visit(url, role, where, "markdown")
        )
        if made:
            put(["markdown"], markdown)
    return payload if new is None else new
