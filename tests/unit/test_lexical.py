from __future__ import annotations

import copy
import json
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghostkit.content import lexical
from ghostkit.content.cards import LINK_CARDS
from ghostkit.content.links import Link
from ghostkit.content.selection import GHOST_URL, LinkSelector

Node = dict[str, Any]

BOLD, ITALIC, STRIKE, UNDERLINE, CODE = 1, 2, 4, 8, 16

# --- building documents -------------------------------------------------------------------


def text(value: str, fmt: int = 0, *, kind: str = "extended-text", style: str = "") -> Node:
    return {
        "detail": 0,
        "format": fmt,
        "mode": "normal",
        "style": style,
        "text": value,
        "type": kind,
        "version": 1,
    }


def link(url: str, *children: Node, kind: str = "link", **extra: Any) -> Node:
    node: Node = {
        "children": list(children),
        "direction": "ltr",
        "format": "",
        "indent": 0,
        "type": kind,
        "version": 1,
        "url": url,
        "rel": "noreferrer",
        "target": None,
        "title": None,
    }
    node.update(extra)
    return node


def autolink(url: str, *children: Node) -> Node:
    return link(url, *children, kind="autolink")


def element(kind: str, *children: Node, **extra: Any) -> Node:
    node: Node = {
        "children": list(children),
        "direction": "ltr",
        "format": "",
        "indent": 0,
        "type": kind,
        "version": 1,
    }
    node.update(extra)
    return node


def paragraph(*children: Node) -> Node:
    return element("paragraph", *children)


def heading(*children: Node, tag: str = "h2") -> Node:
    return element("extended-heading", *children, tag=tag)


def quote(*children: Node) -> Node:
    return element("quote", *children)


def bullet_list(*items: Node) -> Node:
    return element("list", *items, listType="bullet", start=1, tag="ul")


def item(*children: Node, value: int = 1) -> Node:
    return element("listitem", *children, value=value)


def linebreak() -> Node:
    return {"type": "linebreak", "version": 1}


def card(kind: str, **props: Any) -> Node:
    return {"type": kind, "version": 1, **props}


def doc(*blocks: Node) -> Node:
    return {"root": element("root", *blocks)}


def children_of(document: Node, *path: int) -> list[Node]:
    node = document["root"]
    for index in path:
        node = node["children"][index]
    return list(node["children"])


def types_in(document: Node) -> Counter[str]:
    return Counter(str(node.get("type")) for node in lexical.walk(document["root"]))


EXTERNAL = LinkSelector(external_only=True, site_url="https://my.site")

# --- parse, serialize ---------------------------------------------------------------------


def test_serialize_is_compact_and_keeps_unicode() -> None:
    document = doc(paragraph(text('Grüße — 日本 😀 "quoted" \\ back')))
    out = lexical.serialize(document)
    assert "\\u" not in out
    assert "Grüße — 日本 😀" in out
    assert ", " not in out and ": " not in out
    assert lexical.parse(out) == document


@pytest.mark.parametrize("bad", ['{"nope": 1}', '{"root": []}', "[]", '"root"'])
def test_parse_rejects_what_is_not_a_lexical_document(bad: str) -> None:
    with pytest.raises(ValueError):
        lexical.parse(bad)


# --- list_links ---------------------------------------------------------------------------


def test_inline_links_and_autolinks_are_listed_with_their_text() -> None:
    document = doc(
        paragraph(
            text("See "),
            link("https://a.org/", text("the "), text("site", BOLD)),
            text(" or "),
            autolink("https://b.org", text("https://b.org")),
        )
    )
    assert lexical.list_links(document) == [
        Link("https://a.org/", "the site", "inline"),
        Link("https://b.org", "https://b.org", "inline"),
    ]


def test_links_nested_in_blocks_are_listed_in_document_order() -> None:
    document = doc(
        heading(link("/h", text("heading"))),
        quote(text("q "), link("/q", text("quoted"))),
        element("aside", link("/a", text("aside"))),
        bullet_list(
            item(link("/l1", text("one"))),
            item(text("two"), bullet_list(item(link("/l2", text("nested"), linebreak())))),
        ),
    )
    assert [(x.url, x.text) for x in lexical.list_links(document)] == [
        ("/h", "heading"),
        ("/q", "quoted"),
        ("/a", "aside"),
        ("/l1", "one"),
        ("/l2", "nested\n"),
    ]


CARD_LINKS = [
    (card("image", src="/i.png", href="https://a.org", alt="Alt"), "card-url", "href", "Alt"),
    (
        card("gallery", images=[{"src": "/1.png"}, {"src": "/2.png", "href": "https://g.org"}]),
        "card-url",
        "images[1].href",
        "",
    ),
    (
        card("bookmark", url="https://b.org", metadata={"title": "T", "description": "D"}),
        "link-card",
        "url",
        "T D",
    ),
    (card("embed", url="https://e.org/v", html="<iframe></iframe>"), "link-card", "url", ""),
    (card("button", buttonText="Go", buttonUrl="https://b.org"), "link-card", "buttonUrl", "Go"),
    (
        card("call-to-action", textValue="<p>Buy</p>", buttonText="Now", buttonUrl="/buy"),
        "link-card",
        "buttonUrl",
        "SPONSORED Buy Now",  # the sponsor label a card saved without one shows
    ),
    (
        card(
            "header",
            header="<b>H</b>",
            subheader="S",
            buttonEnabled=True,
            buttonText="B",
            buttonUrl="/h",
        ),
        "link-card",
        "buttonUrl",
        "H S B",
    ),
    (
        card("email-cta", html="<p>Hi</p>", showButton=True, buttonText="B", buttonUrl="/e"),
        "link-card",
        "buttonUrl",
        "Hi B",
    ),
    (
        card(
            "product",
            productTitle="P",
            productButtonEnabled=True,
            productButton="Get",
            productUrl="https://p.org",
        ),
        "link-card",
        "productUrl",
        "P Get",
    ),
    (card("html", html='<p><a href="/x">x</a></p>'), "html", "html", "x"),
    (card("image", src="/i.png", caption='<a href="/c">cap</a>'), "html", "caption", "cap"),
    (card("callout", calloutText='<a href="/c">call</a>'), "html", "calloutText", "call"),
    (card("toggle", heading="H", content='<p><a href="/t">t</a></p>'), "html", "content", "t"),
    (card("signup", disclaimer='<a href="/s">terms</a>'), "html", "disclaimer", "terms"),
    (card("email", html='<a href="/m">m</a>'), "html", "html", "m"),
    (
        card("codeblock", code="<a href='/no'>", caption='<a href="/cb">c</a>'),
        "html",
        "caption",
        "c",
    ),
    (
        card("file", src="/f", fileTitle="T", fileCaption="<a>f", fileName="f.pdf", fileSize=2048),
        "link-card",
        "src",
        "T <a>f f.pdf 2 KB",  # a file card's texts are plain text
    ),
    (card("markdown", markdown="a [md](/m) b"), "markdown", "markdown", "md"),
]


@pytest.mark.parametrize(("node", "where", "field", "shown"), CARD_LINKS)
def test_each_card_kind_reports_where_its_link_is(
    node: Node, where: str, field: str, shown: str
) -> None:
    (found,) = lexical.list_links(doc(paragraph(text("x")), node))
    assert (found.where, found.card, found.field, found.text) == (
        where,
        node["type"],
        field,
        shown,
    )


def test_cards_without_links_and_unknown_nodes_list_nothing() -> None:
    document = doc(
        card("image", src="/i.png", href=""),
        card("codeblock", code='<a href="https://x.org">not html</a>'),
        card("horizontalrule"),
        card("paywall"),
        card("future-card", url="https://x.org", html='<a href="https://x.org">x</a>'),
        element("future-element", text("plain")),
    )
    assert lexical.list_links(document) == []


def test_a_markdown_card_lists_every_kind_of_markdown_link() -> None:
    markdown = (
        '[a](/a) <https://b.org> https://c.org me@d.org <a href="/e">e</a>\n\n'
        '<div><a href="/f">f</a></div>\n'
    )
    found = lexical.list_links(doc(card("markdown", markdown=markdown)))
    assert [x.url for x in found] == [
        "/a",
        "https://b.org",
        "https://c.org",
        "mailto:me@d.org",
        "/e",
        "/f",
    ]
    assert {x.where for x in found} == {"markdown"}


# --- strip_links: inline links --------------------------------------------------------------


def test_unwrapping_keeps_the_childrens_text_and_format() -> None:
    document = doc(paragraph(link("https://x.org", text("bold", BOLD), text("italic", ITALIC))))
    result = lexical.strip_links(document)
    assert children_of(result.document, 0) == [text("bold", BOLD), text("italic", ITALIC)]
    assert (result.removed, result.changed) == (1, True)


def test_text_is_joined_at_the_edges_of_a_removed_link() -> None:
    document = doc(paragraph(text("Read "), link("https://x.org", text("this")), text(" now.")))
    result = lexical.strip_links(document)
    assert children_of(result.document, 0) == [text("Read this now.")]


@pytest.mark.parametrize(
    "outside",
    [
        text(" now", BOLD),
        text(" now", style="color: red"),
        text(" now", kind="text"),
        {**text(" now"), "mode": "token"},
        {**text(" now"), "detail": 1},
    ],
)
def test_text_that_differs_in_any_way_is_not_joined(outside: Node) -> None:
    document = doc(paragraph(link("https://x.org", text("this")), outside))
    result = lexical.strip_links(document)
    assert children_of(result.document, 0) == [text("this"), outside]


def test_only_the_removed_links_edges_are_joined() -> None:
    # neighbours that were already side by side stay as they were
    document = doc(
        paragraph(
            text("a"),
            text("b"),
            link("https://x.org", text("c"), text("d")),
            text("e"),
            text("f"),
        )
    )
    result = lexical.strip_links(document)
    assert [n["text"] for n in children_of(result.document, 0)] == ["a", "bc", "de", "f"]


def test_text_on_both_sides_of_an_empty_link_is_joined() -> None:
    document = doc(paragraph(text("a"), link("https://x.org"), text("b")))
    assert children_of(lexical.strip_links(document).document, 0) == [text("ab")]


def test_a_kept_link_between_removed_ones_stays_whole() -> None:
    document = doc(
        paragraph(
            link("https://x.org/1", text("one")),
            link(f"{GHOST_URL}/two/", text("two")),
            link("https://x.org/3", text("three")),
        )
    )
    result = lexical.strip_links(document, EXTERNAL)
    assert children_of(result.document, 0) == [
        text("one"),
        link(f"{GHOST_URL}/two/", text("two")),
        text("three"),
    ]
    assert result.removed == 2


def test_nested_formats_and_line_breaks_inside_a_link_survive() -> None:
    inner = [text("a", BOLD | ITALIC), linebreak(), text("b", CODE), {"type": "tab", "version": 1}]
    document = doc(
        paragraph(text("x", BOLD | ITALIC), link("https://x.org", *inner), text("y", ITALIC))
    )
    out = children_of(lexical.strip_links(document).document, 0)
    assert out == [
        text("xa", BOLD | ITALIC),
        linebreak(),
        text("b", CODE),
        inner[3],
        text("y", ITALIC),
    ]


def test_links_in_list_items_headings_and_quotes_are_unwrapped() -> None:
    document = doc(
        heading(text("Go "), link("https://x.org", text("there")), tag="h3"),
        quote(link("https://x.org", text("quoted"))),
        bullet_list(item(link("https://x.org", text("item"))), item(text("plain"))),
    )
    result = lexical.strip_links(document)
    assert result.removed == 3
    assert children_of(result.document, 0) == [text("Go there")]
    assert result.document["root"]["children"][0]["tag"] == "h3"
    assert children_of(result.document, 1) == [text("quoted")]
    assert children_of(result.document, 2, 0) == [text("item")]
    assert children_of(result.document, 2, 1) == [text("plain")]


def test_autolinks_are_unwrapped_like_links() -> None:
    document = doc(paragraph(text("at "), autolink("https://x.org", text("https://x.org"))))
    assert children_of(lexical.strip_links(document).document, 0) == [text("at https://x.org")]


def test_a_link_inside_a_link_goes_with_it() -> None:
    document = doc(paragraph(link("https://a.org", text("a "), link("https://b.org", text("b")))))
    result = lexical.strip_links(document)
    assert children_of(result.document, 0) == [text("a b")]
    assert result.removed == 2


# --- strip_links: cards -------------------------------------------------------------------


def test_clickable_images_lose_their_href_only() -> None:
    image = card("image", src="/i.png", href="https://x.org", alt="A", caption="c", width=10)
    result = lexical.strip_links(doc(image))
    assert result.document["root"]["children"] == [{**image, "href": ""}]
    assert result.removed == 1


def test_gallery_images_lose_their_hrefs() -> None:
    gallery = card(
        "gallery",
        images=[
            {"src": "/1.png", "href": "https://x.org/1", "row": 0},
            {"src": "/2.png", "row": 0},
            {"src": "/3.png", "href": f"{GHOST_URL}/3", "row": 1},
        ],
        caption="",
    )
    result = lexical.strip_links(doc(gallery), EXTERNAL)
    (new,) = result.document["root"]["children"]
    assert [image.get("href") for image in new["images"]] == ["", None, f"{GHOST_URL}/3"]
    assert result.removed == 1


def test_html_properties_are_unwrapped_byte_for_byte() -> None:
    html = (
        '<p class="x">Hi &amp; <!-- note --> <A HREF="https://x.org" target=_blank>'
        "<b>there</b></A>,\n  <a href='/keep'>kept</a>&nbsp;!</p>"
    )
    expected = (
        "<p class=\"x\">Hi &amp; <!-- note --> <b>there</b>,\n  <a href='/keep'>kept</a>&nbsp;!</p>"
    )
    result = lexical.strip_links(doc(card("html", html=html)), EXTERNAL)
    assert result.document["root"]["children"][0]["html"] == expected
    assert result.removed == 1


def test_captions_and_other_html_properties_are_unwrapped() -> None:
    document = doc(
        card("image", src="/i.png", caption='By <a href="https://x.org">X</a>'),
        card("callout", calloutText='<a href="https://x.org">Call</a> us', calloutEmoji="📞"),
        card("toggle", heading="<span>Q</span>", content='<p><a href="https://x.org">A</a></p>'),
        card("signup", header="H", disclaimer='<a href="https://x.org">terms</a>'),
    )
    result = lexical.strip_links(document)
    blocks = result.document["root"]["children"]
    assert blocks[0]["caption"] == "By X"
    assert blocks[1] == {**document["root"]["children"][1], "calloutText": "Call us"}
    assert blocks[2]["content"] == "<p>A</p>"
    assert blocks[3]["disclaimer"] == "terms"
    assert result.removed == 4


def test_markdown_cards_are_stripped_as_markdown() -> None:
    markdown = "A [link](https://x.org) and <https://y.org>, [home](/) too.\n"
    result = lexical.strip_links(doc(card("markdown", markdown=markdown)), EXTERNAL)
    assert result.document["root"]["children"][0]["markdown"] == (
        "A link and https:/\\/y.org, [home](/) too.\n"
    )
    assert result.removed == 2


def bookmark(url: str = "https://b.org") -> Node:
    return card(
        "bookmark",
        url=url,
        metadata={"title": "Title", "description": "About it", "icon": "/i.png"},
        caption='A <a href="https://c.org">caption</a>',
    )


def test_link_cards_are_kept_and_reported_by_default() -> None:
    document = doc(paragraph(text("x")), bookmark())
    result = lexical.strip_links(document)
    kept = result.document["root"]["children"][1]
    assert kept["url"] == "https://b.org"
    assert kept["caption"] == "A caption"  # its caption's own link is still removed
    assert result.link_cards == [
        Link("https://b.org", "Title About it A caption", "link-card", "bookmark", "url")
    ]
    assert (result.removed, result.cards_changed) == (1, 0)


def test_link_cards_can_become_their_text() -> None:
    document = doc(
        paragraph(text("x")), bookmark(), card("button", buttonText="Go", buttonUrl="/b")
    )
    result = lexical.strip_links(document, EXTERNAL, link_cards="text")
    blocks = result.document["root"]["children"]
    assert blocks[1] == lexical.paragraph("Title About it A caption")
    assert blocks[2] == document["root"]["children"][2]  # internal: not selected
    assert (result.cards_changed, result.changed) == (1, True)
    assert lexical.list_links(result.document)[-1].url == "/b"


def test_link_cards_can_be_removed() -> None:
    document = doc(
        bookmark(),
        paragraph(text("x")),
        card("product", productTitle="P", productUrl="https://p.org"),
    )
    result = lexical.strip_links(document, link_cards="remove")
    assert result.document["root"]["children"] == [paragraph(text("x"))]
    assert result.cards_changed == 2


def test_a_link_card_with_no_text_becomes_an_empty_paragraph() -> None:
    result = lexical.strip_links(doc(card("embed", url="https://e.org")), link_cards="text")
    assert result.document["root"]["children"] == [lexical.paragraph("")]
    assert result.document["root"]["children"][0]["children"] == []


# --- selectors ----------------------------------------------------------------------------


def test_external_only_keeps_the_sites_own_and_relative_links() -> None:
    urls = [
        f"{GHOST_URL}/about/",
        "/relative/",
        "#anchor",
        "https://my.site/post/",
        "https://other.org/",
        "mailto:me@other.org",
    ]
    document = doc(paragraph(*(link(url, text(str(i))) for i, url in enumerate(urls))))
    result = lexical.strip_links(document, EXTERNAL)
    assert [x.url for x in lexical.list_links(result.document)] == urls[:4]
    assert result.removed == 2


def test_domains_select_hosts_and_subdomains() -> None:
    urls = [
        "https://example.com/",
        "https://www.EXAMPLE.com/x",
        "https://notexample.com/",
        "/local",
    ]
    document = doc(
        paragraph(*(link(url, text(str(i))) for i, url in enumerate(urls))),
        card("image", src="/i.png", href="https://cdn.example.com/big.png"),
    )
    result = lexical.strip_links(document, LinkSelector(domains=("example.com",)))
    assert [x.url for x in lexical.list_links(result.document)] == urls[2:]
    assert result.removed == 3


def test_a_pattern_selects_matching_urls() -> None:
    document = doc(
        paragraph(
            link("https://x.org/?utm_source=a", text("a")),
            text(" "),
            link("https://x.org/clean", text("b")),
        )
    )
    result = lexical.strip_links(document, LinkSelector(pattern=r"utm_\w+="))
    assert children_of(result.document, 0) == [text("a "), link("https://x.org/clean", text("b"))]


# --- what is left alone -------------------------------------------------------------------


def test_unknown_nodes_and_fields_pass_through_untouched() -> None:
    strange_text = {**text("keep"), "$": {"state": [1, 2]}, "extra": None}
    unknown_element = element("future-element", strange_text, mystery={"deep": [1, {"x": "y"}]})
    unknown_card = card("future-card", url="https://x.org", payload={"a": "<a href='x'>"})
    document = doc(
        element("paragraph", link("https://x.org", text("go")), weird=True),
        unknown_element,
        unknown_card,
        "not even a node",  # type: ignore[arg-type]
    )
    document["root"]["rootExtra"] = 42
    document["meta"] = {"kept": True}
    result = lexical.strip_links(document)
    blocks = result.document["root"]["children"]
    assert blocks[0] == element("paragraph", text("go"), weird=True)
    assert blocks[1] == unknown_element
    assert blocks[2] == unknown_card
    assert blocks[3] == "not even a node"
    assert result.document["root"]["rootExtra"] == 42
    assert result.document["meta"] == {"kept": True}


def test_the_input_document_is_never_changed() -> None:
    document = doc(
        paragraph(text("a"), link("https://x.org", text("b")), text("c")),
        bookmark(),
        card("gallery", images=[{"src": "/1", "href": "https://x.org"}]),
        card("markdown", markdown="[m](https://x.org)"),
        card("html", html='<a href="https://x.org">h</a>'),
    )
    before = copy.deepcopy(document)
    for mode in ("keep", "text", "remove"):
        lexical.strip_links(document, link_cards=mode)  # type: ignore[arg-type]
    lexical.replace_text(document, "a", "z")
    assert document == before


def test_a_document_without_selected_links_comes_back_equal() -> None:
    document = doc(
        paragraph(link(f"{GHOST_URL}/x", text("in"))), card("image", src="/i", href="/x")
    )
    result = lexical.strip_links(document, EXTERNAL)
    assert result.document == document
    assert (result.removed, result.changed, result.link_cards) == (0, False, [])


# --- replace_text -------------------------------------------------------------------------


def test_replace_text_changes_text_only() -> None:
    document = doc(
        paragraph(text("old news, old"), link("https://old.org/old", text("old link"))),
        card("html", html="<p>old</p>"),
        card("image", src="/old.png", alt="old", caption="old"),
        card("markdown", markdown="old"),
        element("future-element", text("old", BOLD), old="old"),
    )
    new, count = lexical.replace_text(document, "old", "new")
    assert count == 5
    assert children_of(new, 0) == [
        text("new news, new"),
        link("https://old.org/old", text("new link")),
    ]
    assert new["root"]["children"][1:3] == document["root"]["children"][1:3]
    assert new["root"]["children"][3] == card("markdown", markdown="new")  # its text, too
    assert new["root"]["children"][4] == element("future-element", text("new", BOLD), old="old")


def test_replace_text_with_a_regular_expression() -> None:
    document = doc(paragraph(text("2023-01-02 and 2024-12-31")), heading(text("1999-09-09")))
    new, count = lexical.replace_text(document, r"(\d{4})-(\d\d)-(\d\d)", r"\3/\2/\1", regex=True)
    assert count == 3
    assert children_of(new, 0) == [text("02/01/2023 and 31/12/2024")]
    assert children_of(new, 1) == [text("09/09/1999")]


def test_replace_text_literal_is_not_a_pattern() -> None:
    document = doc(paragraph(text("a.b axb")))
    new, count = lexical.replace_text(document, "a.b", "X")
    assert (children_of(new, 0), count) == ([text("X axb")], 1)


def test_replace_text_without_matches_returns_zero() -> None:
    document = doc(paragraph(text("nothing here")))
    new, count = lexical.replace_text(document, "absent", "x")
    assert (new, count) == (document, 0)


# --- properties ---------------------------------------------------------------------------

URLS = [
    "https://example.com/a",
    "https://sub.example.com/b?x=1",
    "https://other.org/",
    f"{GHOST_URL}/internal/",
    "/relative/",
    "#anchor",
    "mailto:me@other.org",
]
WORDS = st.sampled_from(["alpha", "beta ", " gamma", "é", "日本", "😀", "", 'a"b', "x\\y"])
FORMATS = st.sampled_from([0, 0, BOLD, ITALIC, BOLD | ITALIC, CODE, STRIKE | UNDERLINE, 32, 64])


@st.composite
def text_nodes(draw: st.DrawFn) -> Node:
    kind = draw(st.sampled_from(["text", "extended-text"]))
    node = text(
        draw(WORDS), draw(FORMATS), kind=kind, style=draw(st.sampled_from(["", "color: red"]))
    )
    if draw(st.integers(0, 9)) == 0:
        node["$"] = {"extra": draw(st.integers())}
    return node


@st.composite
def inline_nodes(draw: st.DrawFn, depth: int = 0) -> Node:
    choice = draw(st.integers(0, 9))
    if choice < 5 or depth > 1:
        return draw(text_nodes())
    if choice == 5:
        return linebreak()
    if choice == 6:
        return {"type": "tab", "version": 1, "text": "\t", "format": 0, "mode": "normal"}
    kind = draw(st.sampled_from(["link", "link", "autolink"]))
    inner = draw(st.lists(inline_nodes(depth + 1), max_size=3))
    return link(draw(st.sampled_from(URLS)), *inner, kind=kind)


def inlines() -> st.SearchStrategy[list[Node]]:
    return st.lists(inline_nodes(), max_size=6)


def html_value(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(["<p>plain &amp; simple</p>", "", "no tags"]))
    url = draw(st.sampled_from(URLS))
    return f'<p>Go <a href="{url}">th&eacute;re</a> <!-- <a href="x">c</a> --></p>'


def markdown_value(draw: st.DrawFn) -> str:
    url = draw(st.sampled_from(URLS))
    return draw(
        st.sampled_from(
            [
                "Just *text*.",
                f"See [here]({url}) and <https://other.org/x>.",
                f"Bare https://example.com/z and me@other.org, `[code]({url})`.",
                f'<a href="{url}">raw</a> and [ref][r]\n\n[r]: {url}\n',
            ]
        )
    )


@st.composite
def cards(draw: st.DrawFn) -> Node:
    url = draw(st.one_of(st.sampled_from(URLS), st.just("")))
    kind = draw(
        st.sampled_from(
            [
                "image",
                "gallery",
                "bookmark",
                "embed",
                "button",
                "call-to-action",
                "header",
                "email-cta",
                "product",
                "html",
                "callout",
                "toggle",
                "signup",
                "email",
                "markdown",
                "codeblock",
                "horizontalrule",
                "paywall",
                "video",
                "future-card",
            ]
        )
    )
    props: dict[str, Any] = {
        "image": {"src": "/i.png", "href": url, "alt": "alt", "caption": html_value(draw)},
        "gallery": {
            "images": [{"src": f"/{i}.png", "href": draw(st.sampled_from(URLS))} for i in range(2)],
            "caption": html_value(draw),
        },
        "bookmark": {"url": url, "metadata": {"title": "T", "description": "D"}, "caption": ""},
        "embed": {"url": url, "html": "<iframe></iframe>", "caption": html_value(draw)},
        "button": {"buttonText": "Go", "buttonUrl": url, "alignment": "center"},
        "call-to-action": {"textValue": html_value(draw), "buttonText": "B", "buttonUrl": url},
        "header": {
            "header": html_value(draw),
            "subheader": "s",
            "buttonText": "b",
            "buttonUrl": url,
        },
        "email-cta": {"html": html_value(draw), "buttonText": "b", "buttonUrl": url},
        "product": {"productTitle": "P", "productDescription": html_value(draw), "productUrl": url},
        "html": {"html": html_value(draw)},
        "callout": {"calloutText": html_value(draw), "calloutEmoji": "💡"},
        "toggle": {"heading": "H", "content": html_value(draw)},
        "signup": {"header": "H", "subheader": "S", "disclaimer": html_value(draw)},
        "email": {"html": html_value(draw)},
        "markdown": {"markdown": markdown_value(draw)},
        "codeblock": {"code": '<a href="https://x.org">code</a>', "caption": html_value(draw)},
        "horizontalrule": {},
        "paywall": {},
        "video": {"src": "/v.mp4", "caption": html_value(draw)},
        "future-card": {"url": url, "html": html_value(draw), "nested": {"list": [1, "a"]}},
    }[kind]
    return card(kind, **props)


@st.composite
def blocks(draw: st.DrawFn) -> Node:
    choice = draw(st.integers(0, 9))
    if choice < 3:
        return paragraph(*draw(inlines()))
    if choice == 3:
        return heading(*draw(inlines()), tag=draw(st.sampled_from(["h1", "h2", "h6"])))
    if choice == 4:
        return element(
            draw(st.sampled_from(["quote", "extended-quote", "aside"])), *draw(inlines())
        )
    if choice == 5:
        items = [item(*draw(inlines())) for _ in range(draw(st.integers(1, 3)))]
        if draw(st.booleans()):
            items[-1]["children"].append(bullet_list(item(*draw(inlines()))))
        return bullet_list(*items)
    if choice == 6:
        return element("future-element", *draw(inlines()), future={"kept": [1, 2]})
    return draw(cards())


@st.composite
def documents(draw: st.DrawFn) -> Node:
    document = doc(*draw(st.lists(blocks(), max_size=6)))
    document["root"]["extraRootField"] = "kept"
    return document


SELECTORS = st.sampled_from(
    [
        LinkSelector(),
        LinkSelector(external_only=True, site_url="https://sub.example.com"),
        LinkSelector(domains=("example.com",)),
        LinkSelector(pattern="other"),
    ]
)


@settings(max_examples=120, deadline=None)
@given(documents(), SELECTORS)
def test_stripping_keeps_the_text_and_leaves_no_selected_link(
    document: Node, selector: LinkSelector
) -> None:
    before = copy.deepcopy(document)
    result = lexical.strip_links(document, selector)
    out = result.document
    assert document == before
    assert lexical.parse(lexical.serialize(out)) == out
    assert lexical.visible_text(out) == lexical.visible_text(document)
    assert lexical.text_of(out["root"]) == lexical.text_of(document["root"])
    left = [x for x in lexical.list_links(out) if selector.selects(x.url)]
    assert all(x.where == "link-card" for x in left)
    assert left == result.link_cards
    again = lexical.strip_links(out, selector)
    assert again.changed is False
    assert again.document == out


@settings(max_examples=120, deadline=None)
@given(documents(), SELECTORS)
def test_stripping_keeps_every_other_node(document: Node, selector: LinkSelector) -> None:
    out = lexical.strip_links(document, selector).document
    before, after = types_in(document), types_in(out)
    unwrapped = {"link", "autolink", "text", "extended-text"}  # text nodes can be joined
    assert {k: v for k, v in after.items() if k not in unwrapped} == {
        k: v for k, v in before.items() if k not in unwrapped
    }
    for kind in ("text", "extended-text"):
        assert after[kind] <= before[kind]
        assert (after[kind] > 0) == (before[kind] > 0)
    assert after["link"] + after["autolink"] <= before["link"] + before["autolink"]


@settings(max_examples=80, deadline=None)
@given(documents())
def test_a_selector_that_selects_nothing_changes_nothing(document: Node) -> None:
    result = lexical.strip_links(document, LinkSelector(domains=("nomatch.invalid",)))
    assert result.document == document
    assert (result.removed, result.changed, result.link_cards) == (0, False, [])
    assert lexical.serialize(result.document) == lexical.serialize(document)


@settings(max_examples=80, deadline=None)
@given(documents(), st.sampled_from(["text", "remove"]))
def test_link_cards_are_turned_into_text_or_removed(document: Node, mode: str) -> None:
    result = lexical.strip_links(document, link_cards=mode)  # type: ignore[arg-type]
    out = result.document
    assert [x for x in lexical.list_links(out) if x.where == "link-card"] == []
    link_cards = [
        b
        for b in document["root"]["children"]
        if b["type"] in LINK_CARDS and b.get(LINK_CARDS[b["type"]][0])
    ]
    assert result.cards_changed == len(link_cards)
    blocks_after = len(out["root"]["children"])
    expected = len(document["root"]["children"]) - (len(link_cards) if mode == "remove" else 0)
    assert blocks_after == expected
    assert lexical.strip_links(out, link_cards=mode).changed is False  # type: ignore[arg-type]
    assert json.loads(lexical.serialize(out)) == out


def test_tk_placeholders_are_text_not_cards() -> None:
    """Ghost's editor saves a "TK" placeholder as a text node of type "tk"."""
    document = doc(paragraph(text("Intro "), text("TK", kind="tk"), text(" end")))
    assert lexical.visible_text(document) == "Intro TK end"
    assert lexical.list_links(document) == []
    new, count = lexical.replace_text(document, "TK", "the figures")
    assert count == 1
    assert lexical.visible_text(new) == "Intro the figures end"


def test_link_cards_as_text_keep_the_links_not_selected() -> None:
    """A call-to-action for a sponsor whose text links to the site itself: with
    --external-only the button goes, the link to the site stays a link."""
    cta = card(
        "call-to-action",
        hasSponsorLabel=False,
        textValue='<p>Read <a href="/about/">our policy</a> and <a href="https://s.com/x">more</a></p>',
        buttonText="Buy",
        buttonUrl="https://s.com/buy",
    )
    result = lexical.strip_links(doc(cta), EXTERNAL, link_cards="text")
    (block,) = result.document["root"]["children"]
    assert lexical.text_of(block) == "Read our policy and more Buy"
    assert [(link.url, link.text) for link in lexical.list_links(result.document)] == [
        ("/about/", "our policy")
    ]
    assert result.cards_changed == 1
