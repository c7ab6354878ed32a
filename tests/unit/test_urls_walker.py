"""The URL walker: every place a URL lives in Lexical and mobiledoc, listed and mapped."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from ghostkit.content.urls import FoundUrl, list_urls, map_urls

OLD, NEW = "https://old.example", "https://new.example"


def move(url: str, role: str) -> str | None:
    return NEW + url[len(OLD) :] if url.startswith(OLD) else None


CARDS: list[tuple[str, dict[str, Any], list[tuple[str, str, str]]]] = [
    # card, payload, [(field, role, url)] expected
    (
        "image",
        {
            "src": f"{OLD}/a.png",
            "href": f"{OLD}/go",
            "caption": f'<span>See <a href="{OLD}/c">this</a></span>',
        },
        [
            ("src", "image", f"{OLD}/a.png"),
            ("href", "link", f"{OLD}/go"),
            ("caption", "link", f"{OLD}/c"),
        ],
    ),
    (
        "gallery",
        {
            "images": [
                {"src": f"{OLD}/1.png", "href": f"{OLD}/1"},
                {"src": f"{OLD}/2.png", "caption": f'<a href="{OLD}/2c">2</a>'},
            ],
            "caption": f'<a href="{OLD}/g">all</a>',
        },
        [
            ("images[0].src", "image", f"{OLD}/1.png"),
            ("images[0].href", "link", f"{OLD}/1"),
            ("images[1].src", "image", f"{OLD}/2.png"),
            ("images[1].caption", "link", f"{OLD}/2c"),
            ("caption", "link", f"{OLD}/g"),
        ],
    ),
    (
        "bookmark",
        {
            "url": f"{OLD}/b",
            "metadata": {
                "url": f"{OLD}/b",
                "icon": f"{OLD}/i.ico",
                "thumbnail": f"{OLD}/t.jpg",
                "title": "B",
            },
            "caption": "",
        },
        [
            ("url", "link", f"{OLD}/b"),
            ("metadata.url", "link", f"{OLD}/b"),
            ("metadata.icon", "image", f"{OLD}/i.ico"),
            ("metadata.thumbnail", "image", f"{OLD}/t.jpg"),
        ],
    ),
    (
        "button",
        {"buttonUrl": f"{OLD}/btn", "buttonText": "Go"},
        [("buttonUrl", "link", f"{OLD}/btn")],
    ),
    (
        "call-to-action",
        {
            "buttonUrl": f"{OLD}/cta",
            "imageUrl": f"{OLD}/cta.png",
            "textValue": f'<p><a href="{OLD}/t">t</a></p>',
        },
        [
            ("buttonUrl", "link", f"{OLD}/cta"),
            ("imageUrl", "image", f"{OLD}/cta.png"),
            ("textValue", "link", f"{OLD}/t"),
        ],
    ),
    (
        "header",
        {"buttonUrl": f"{OLD}/h", "backgroundImageSrc": f"{OLD}/bg.jpg", "header": "H"},
        [("buttonUrl", "link", f"{OLD}/h"), ("backgroundImageSrc", "image", f"{OLD}/bg.jpg")],
    ),
    (
        "signup",
        {"backgroundImageSrc": f"{OLD}/s.jpg"},
        [("backgroundImageSrc", "image", f"{OLD}/s.jpg")],
    ),
    (
        "email-cta",
        {"buttonUrl": f"{OLD}/e", "html": f'<p><a href="{OLD}/eh">x</a></p>'},
        [("buttonUrl", "link", f"{OLD}/e"), ("html", "link", f"{OLD}/eh")],
    ),
    (
        "embed",
        {
            "url": f"{OLD}/v",
            "html": f'<iframe src="{OLD}/player"></iframe><a href="{OLD}/tw">t</a>',
            "metadata": {"thumbnail_url": f"{OLD}/th.jpg"},
        },
        [
            ("url", "link", f"{OLD}/v"),
            ("metadata.thumbnail_url", "image", f"{OLD}/th.jpg"),
            ("html", "image", f"{OLD}/player"),
            ("html", "link", f"{OLD}/tw"),
        ],
    ),
    (
        "product",
        {
            "productUrl": f"{OLD}/p",
            "productImageSrc": f"{OLD}/p.png",
            "productDescription": f'<p><a href="{OLD}/pd">d</a></p>',
        },
        [
            ("productUrl", "link", f"{OLD}/p"),
            ("productImageSrc", "image", f"{OLD}/p.png"),
            ("productDescription", "link", f"{OLD}/pd"),
        ],
    ),
    ("file", {"src": f"{OLD}/f.pdf", "fileTitle": "F"}, [("src", "link", f"{OLD}/f.pdf")]),
    (
        "video",
        {"src": f"{OLD}/v.mp4", "thumbnailSrc": f"{OLD}/v.jpg", "customThumbnailSrc": ""},
        [("src", "image", f"{OLD}/v.mp4"), ("thumbnailSrc", "image", f"{OLD}/v.jpg")],
    ),
    ("audio", {"src": f"{OLD}/a.mp3"}, [("src", "image", f"{OLD}/a.mp3")]),
    (
        "html",
        {
            "html": f'<a href="{OLD}/x?a=1&amp;b=2">x</a><img src="{OLD}/y.png" '
            f'srcset="{OLD}/y.png 1x, {OLD}/y2.png 2x">'
        },
        [
            ("html", "link", f"{OLD}/x?a=1&b=2"),
            ("html", "image", f"{OLD}/y.png"),
            ("html", "image", f"{OLD}/y.png"),
            ("html", "image", f"{OLD}/y2.png"),
        ],
    ),
    (
        "callout",
        {"calloutText": f'<a href="{OLD}/co">c</a>'},
        [("calloutText", "link", f"{OLD}/co")],
    ),
    (
        "toggle",
        {"heading": "T", "content": f'<p><a href="{OLD}/tg">t</a></p>'},
        [("content", "link", f"{OLD}/tg")],
    ),
    (
        "markdown",
        {
            "markdown": f"[a]({OLD}/md) ![i]({OLD}/md.png) <{OLD}/auto> {OLD}/bare\n\n"
            f'[r]: {OLD}/ref\n\n[ref][r] <a href="{OLD}/raw">raw</a> `{OLD}/code`\n'
        },
        [
            ("markdown", "link", f"{OLD}/md"),
            ("markdown", "image", f"{OLD}/md.png"),
            ("markdown", "link", f"{OLD}/auto"),
            ("markdown", "link", f"{OLD}/bare"),
            ("markdown", "link", f"{OLD}/ref"),
            ("markdown", "link", f"{OLD}/raw"),
        ],
    ),
]


def lexical_doc(*children: dict[str, Any]) -> dict[str, Any]:
    return {"root": {"type": "root", "version": 1, "children": list(children)}}


def lexical_link(url: str) -> dict[str, Any]:
    text = {"type": "extended-text", "text": "here", "format": 0, "version": 1}
    link = {"type": "link", "url": url, "children": [text], "version": 1}
    return {"type": "paragraph", "version": 1, "children": [text, link]}


def mobiledoc_doc(cards: list[list[Any]], *, href: str | None = None, image: str | None = None):
    sections: list[Any] = [[10, i] for i in range(len(cards))]
    markups: list[Any] = [["b"]]
    if href is not None:
        markups.append(["a", ["href", href, "rel", "noopener"]])
        sections.append([1, "p", [[0, [], 0, "see "], [0, [1], 1, "here"]]])
    if image is not None:
        sections.append([2, image])
    return {
        "version": "0.3.1",
        "atoms": [],
        "cards": cards,
        "markups": markups,
        "sections": sections,
    }


def expected_found(kind: str, expected: list[tuple[str, str, str]]) -> list[FoundUrl]:
    return [FoundUrl(url, role, f"{kind} card", field) for field, role, url in expected]  # type: ignore[arg-type]


@pytest.mark.parametrize(("kind", "payload", "expected"), CARDS, ids=[c[0] for c in CARDS])
def test_lexical_cards_list_every_url(kind, payload, expected):
    found = list_urls("lexical", lexical_doc({"type": kind, "version": 1, **payload}))
    assert sorted(found, key=repr) == sorted(expected_found(kind, expected), key=repr)


@pytest.mark.parametrize(("kind", "payload", "expected"), CARDS, ids=[c[0] for c in CARDS])
def test_lexical_cards_map_every_url(kind, payload, expected):
    document = lexical_doc({"type": kind, "version": 1, **payload})
    before = copy.deepcopy(document)
    new, count = map_urls("lexical", document, move)
    assert document == before  # the input is untouched
    assert count == len(expected)
    assert OLD not in json.dumps(new).replace(f"`{OLD}/code`", "")  # code is text
    assert [f.url for f in list_urls("lexical", new)] == [
        NEW + f.url[len(OLD) :] for f in list_urls("lexical", document)
    ]


@pytest.mark.parametrize(("kind", "payload", "expected"), CARDS, ids=[c[0] for c in CARDS])
def test_mobiledoc_cards_map_every_url(kind, payload, expected):
    name = {"markdown": "card-markdown"}.get(kind, kind)
    document = mobiledoc_doc([[name, payload]])
    assert sorted(list_urls("mobiledoc", document), key=repr) == sorted(
        expected_found(kind, expected), key=repr
    )
    before = copy.deepcopy(document)
    new, count = map_urls("mobiledoc", document, move)
    assert document == before
    assert count == len(expected)
    assert OLD not in json.dumps(new).replace(f"`{OLD}/code`", "")  # code is text


def test_inline_links_both_formats():
    lex = lexical_doc(lexical_link(f"{OLD}/in"), lexical_link("https://other.example/"))
    assert list_urls("lexical", lex) == [
        FoundUrl(f"{OLD}/in", "link", "text"),
        FoundUrl("https://other.example/", "link", "text"),
    ]
    new, count = map_urls("lexical", lex, move)
    assert count == 1
    assert new["root"]["children"][0]["children"][1]["url"] == f"{NEW}/in"
    assert new["root"]["children"][1] is lex["root"]["children"][1]  # unchanged: same object

    mob = mobiledoc_doc([], href=f"{OLD}/in", image=f"{OLD}/sec.png")
    assert list_urls("mobiledoc", mob) == [
        FoundUrl(f"{OLD}/in", "link", "text"),
        FoundUrl(f"{OLD}/sec.png", "image", "image section"),
    ]
    new, count = map_urls("mobiledoc", mob, move)
    assert count == 2
    assert new["markups"][1] == ["a", ["href", f"{NEW}/in", "rel", "noopener"]]
    assert new["sections"][-1] == [2, f"{NEW}/sec.png"]
    assert new["markups"][0] is mob["markups"][0]


def test_nothing_to_map_returns_the_same_document():
    lex = lexical_doc(lexical_link("https://other.example/"), {"type": "html", "html": "<p>x</p>"})
    new, count = map_urls("lexical", lex, move)
    assert count == 0 and new["root"] is lex["root"]


def test_html_rewrite_keeps_every_other_byte_and_entities():
    html = (
        f"<p class=x>A <A  HREF='{OLD}/q?a=1&amp;b=2' rel=nofollow>b</A> <img src={OLD}/i.png></p>"
    )
    doc = lexical_doc({"type": "html", "version": 1, "html": html})
    new, count = map_urls("lexical", doc, move)
    assert count == 2
    assert new["root"]["children"][0]["html"] == (
        f"<p class=x>A <A  HREF='{NEW}/q?a=1&amp;b=2' rel=nofollow>b</A> <img src={NEW}/i.png></p>"
    )


def test_markdown_rewrite_in_place_and_code_left():
    source = f'Go [there]({OLD}/a "t") and <{OLD}/b>.\n\n`{OLD}/code` and ![x](<{OLD}/c d.png>)\n'
    doc = lexical_doc({"type": "markdown", "version": 1, "markdown": source})
    new, count = map_urls("lexical", doc, move)
    assert count == 3
    assert new["root"]["children"][0]["markdown"] == (
        f'Go [there]({NEW}/a "t") and <{NEW}/b>.\n\n`{OLD}/code` and ![x](<{NEW}/c d.png>)\n'
    )


def test_prefix_boundary_is_the_mappers_business_but_ghost_url_stays():
    site = "https://site.example"
    doc = lexical_doc(
        lexical_link("__GHOST_URL__/old-path/"),
        lexical_link("https://site.example.org/old-path/"),
    )
    seen: list[str] = []

    def mapper(url: str, role: str) -> str | None:
        seen.append(url)
        return url.replace("/old-path/", "/new-path/")

    new, count = map_urls("lexical", doc, mapper, site_url=site)
    assert seen[0] == "https://site.example/old-path/"
    assert new["root"]["children"][0]["children"][1]["url"] == "__GHOST_URL__/new-path/"
    assert count == 2
    # without the site URL the stored form is what the mapper sees and what is written
    new, _ = map_urls("lexical", doc, mapper)
    assert new["root"]["children"][0]["children"][1]["url"] == "__GHOST_URL__/new-path/"
    # a rule that moves a site link to another site writes the absolute URL
    new, _ = map_urls("lexical", doc, lambda u, r: "https://else.example/x", site_url=site)
    assert new["root"]["children"][0]["children"][1]["url"] == "https://else.example/x"
    assert list_urls("lexical", doc, site_url=site)[0].url == "https://site.example/old-path/"


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown content format"):
        list_urls("html", {})
