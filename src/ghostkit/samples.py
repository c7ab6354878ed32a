"""Sample content full of links, for the demo, the tests and the benchmarks.

`sample_post(n)` builds a Lexical post that puts links in every place Ghost allows: inline
in paragraphs, headings, quotes and lists (with nested formatting), clickable images and
galleries, HTML, Markdown, callout, toggle, product, call-to-action, header, signup and
email-cta cards, and link cards (bookmark, button). One post in five has no links. The
same `n` always gives the same post.

No `autolink` nodes: Ghost 6.65 renders no HTML at all for a document holding one.
"""

from __future__ import annotations

import json
import random
from typing import Any

from ghostkit.content.lexical import Node

WORDS = (
    "ghost",
    "river",
    "lantern",
    "orbit",
    "meadow",
    "copper",
    "signal",
    "harbor",
    "quill",
    "ember",
    "summit",
    "atlas",
    "willow",
    "cobalt",
    "prism",
    "canyon",
)
SITES = (
    "https://example.com",
    "https://news.example.org",
    "https://docs.example.net",
    "https://shop.example.com",
    "__GHOST_URL__",
)

BOLD, ITALIC, CODE = 1, 2, 16


def text(value: str, fmt: int = 0) -> Node:
    return {
        "detail": 0,
        "format": fmt,
        "mode": "normal",
        "style": "",
        "text": value,
        "type": "extended-text",
        "version": 1,
    }


def link(url: str, *children: Node) -> Node:
    return {
        "children": list(children),
        "direction": "ltr",
        "format": "",
        "indent": 0,
        "type": "link",
        "version": 1,
        "rel": "noreferrer",
        "target": None,
        "title": None,
        "url": url,
    }


def element(kind: str, *children: Node, **extra: Any) -> Node:
    return {
        "children": list(children),
        "direction": "ltr",
        "format": "",
        "indent": 0,
        "type": kind,
        "version": 1,
        **extra,
    }


def document(*blocks: Node) -> str:
    root = element("root", *blocks)
    return json.dumps({"root": root}, ensure_ascii=False, separators=(",", ":"))


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - sample text, not secrets

    def words(self, count: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(count))

    def url(self) -> str:
        return f"{self.rng.choice(SITES)}/{self.rng.choice(WORDS)}-{self.rng.randint(1, 999)}"

    def linked_paragraph(self) -> Node:
        return element(
            "paragraph",
            text(self.words(4).capitalize() + " "),
            link(self.url(), text(self.words(2)), text(" " + self.words(1), BOLD)),
            text(" " + self.words(3) + " ", BOLD),
            link(self.url(), text(self.words(1), ITALIC)),
            text(", then " + self.words(5) + "."),
        )

    def plain_paragraph(self) -> Node:
        return element("paragraph", text(self.words(12).capitalize() + "."))

    def html(self, tag: str = "p") -> str:
        return (
            f'<{tag}>{self.words(3).capitalize()} <a href="{self.url()}">'
            f"{self.words(2)}</a> &amp; {self.words(2)}.</{tag}>"
        )

    def cards(self) -> list[Node]:
        url = self.url
        return [
            element("heading", text("About "), link(url(), text(self.words(2))), tag="h2"),
            element("quote", text(self.words(3) + " "), link(url(), text(self.words(2), ITALIC))),
            element(
                "list",
                element("listitem", link(url(), text(self.words(2))), value=1),
                element("listitem", text(self.words(3)), value=2),
                listType="bullet",
                start=1,
                tag="ul",
            ),
            element(
                "paragraph",
                text("See "),
                link("https://example.com/raw", text("https://example.com/raw")),
            ),
            {
                "type": "image",
                "version": 1,
                "src": "https://images.example.com/a.jpg",
                "width": 600,
                "height": 400,
                "title": "",
                "alt": self.words(2),
                "caption": self.html("span"),
                "cardWidth": "regular",
                "href": url(),
            },
            {
                "type": "gallery",
                "version": 1,
                "caption": "",
                "images": [
                    {
                        "row": 0,
                        "fileName": "g1.jpg",
                        "src": "https://images.example.com/g1.jpg",
                        "width": 600,
                        "height": 400,
                        "href": url(),
                    },
                    {
                        "row": 0,
                        "fileName": "g2.jpg",
                        "src": "https://images.example.com/g2.jpg",
                        "width": 600,
                        "height": 400,
                    },
                ],
            },
            {"type": "html", "version": 1, "html": self.html("div")},
            {
                "type": "markdown",
                "version": 1,
                "markdown": f"{self.words(2)} [{self.words(2)}]({url()}) and "
                f"<https://example.com/{self.words(1)}>\n",
            },
            {
                "type": "callout",
                "version": 1,
                "calloutText": self.html(),
                "calloutEmoji": "💡",
                "backgroundColor": "grey",
            },
            {
                "type": "toggle",
                "version": 1,
                "heading": f"<span>{self.words(2)}</span>",
                "content": self.html(),
            },
            {
                "type": "bookmark",
                "version": 1,
                "url": url(),
                "caption": "",
                "metadata": {
                    "title": self.words(3),
                    "description": self.words(6),
                    "icon": "",
                    "author": "",
                    "publisher": "",
                    "thumbnail": "",
                },
            },
            {
                "type": "button",
                "version": 1,
                "buttonText": self.words(2),
                "alignment": "center",
                "buttonUrl": url(),
            },
            {
                "type": "product",
                "version": 1,
                "productTitle": f"<span>{self.words(2)}</span>",
                "productDescription": self.html(),
                "productButtonEnabled": True,
                "productButton": "Buy",
                "productUrl": url(),
                "productImageSrc": "",
                "productRatingEnabled": False,
                "productStarRating": 5,
            },
            {
                "type": "call-to-action",
                "version": 1,
                "layout": "minimal",
                "textValue": self.html(),
                "showButton": True,
                "buttonText": "Go",
                "buttonUrl": url(),
                "hasSponsorLabel": False,
                "sponsorLabel": "",
                "backgroundColor": "grey",
                "showDividers": True,
                "alignment": "left",
                "buttonColor": "#000000",
                "buttonTextColor": "#ffffff",
                "linkColor": "text",
                "imageUrl": "",
            },
            {
                "type": "header",
                "version": 2,
                "size": "small",
                "style": "dark",
                "buttonEnabled": True,
                "buttonUrl": url(),
                "buttonText": "Join",
                "header": f"<span>{self.words(2)}</span>",
                "subheader": self.html("span"),
                "backgroundImageSrc": "",
                "accentColor": "#FF1A75",
                "alignment": "center",
                "backgroundColor": "#000000",
                "backgroundImageWidth": None,
                "backgroundImageHeight": None,
                "backgroundSize": "cover",
                "textColor": "#FFFFFF",
                "buttonColor": "#ffffff",
                "buttonTextColor": "#000000",
                "layout": "full",
                "swapped": False,
            },
            {
                "type": "signup",
                "version": 1,
                "alignment": "left",
                "backgroundColor": "#F0F0F0",
                "backgroundImageSrc": "",
                "backgroundSize": "cover",
                "textColor": "",
                "buttonColor": "accent",
                "buttonTextColor": "#FFFFFF",
                "buttonText": "Subscribe",
                "disclaimer": self.html("span"),
                "header": f"<span>{self.words(2)}</span>",
                "layout": "wide",
                "subheader": f"<span>{self.words(3)}</span>",
                "successMessage": "Thanks",
                "swapped": False,
                "labels": [],
            },
            {
                "type": "email-cta",
                "version": 1,
                "alignment": "left",
                "buttonText": "",
                "buttonUrl": "",
                "html": self.html(),
                "segment": "status:free",
                "showButton": False,
                "showDividers": True,
            },
        ]


def sample_post(n: int, *, links: bool | None = None) -> dict[str, Any]:
    """Post number `n`: a title and a Lexical document. One post in five has no links,
    unless `links` says otherwise."""
    writer = _Writer(n)
    has_links = (n % 5 != 4) if links is None else links
    title = f"Sample {n}: {writer.words(3)}"
    if not has_links:
        return {
            "title": title,
            "lexical": document(writer.plain_paragraph(), writer.plain_paragraph()),
        }
    blocks = [writer.linked_paragraph(), writer.plain_paragraph()]
    extras = writer.cards()
    blocks += extras if n % 3 == 0 else writer.rng.sample(extras, 4)
    return {"title": title, "lexical": document(*blocks)}
