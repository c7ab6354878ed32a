"""The document builder writes each node exactly as Ghost 6's editor exports it.

The expected JSON is what Koenig's nodes (kg-default-nodes 2.2.1, the version Ghost 6.65
ships) and Lexical 0.13.1 export for the same content; directions are what Lexical's
reconciler sets when the editor loads the document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ghostkit.content import builder as kg
from ghostkit.content import lexical

Node = dict[str, Any]


def run(value: str, fmt: int = 0) -> Node:
    return {
        "detail": 0,
        "format": fmt,
        "mode": "normal",
        "style": "",
        "text": value,
        "type": "extended-text",
        "version": 1,
    }


def element(kind: str, children: list[Node], direction: str | None = "ltr", **extra: Any) -> Node:
    return {
        "children": children,
        "direction": direction,
        "format": "",
        "indent": 0,
        "type": kind,
        "version": 1,
        **extra,
    }


@pytest.mark.parametrize(
    ("name", "bit"),
    [
        ("bold", 1),
        ("italic", 2),
        ("strikethrough", 4),
        ("underline", 8),
        ("code", 16),
        ("subscript", 32),
        ("superscript", 64),
        ("highlight", 128),
    ],
)
def test_each_format_is_lexicals_bit(name: str, bit: int) -> None:
    assert kg.text("x", name) == run("x", bit)


def test_formats_combine_and_plain_text_has_none() -> None:
    assert kg.text("x", "bold", "italic")["format"] == 3
    assert kg.text("x") == run("x")


def test_an_unknown_format_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown text format 'bolt': use one of bold, italic"):
        kg.text("x", "bolt")


def test_paragraph_with_strings_links_and_a_line_break() -> None:
    node = kg.paragraph("a ", kg.link("https://x.test/", "b"), kg.linebreak(), "c")
    link = element("link", [run("b")], rel=None, target=None, title=None, url="https://x.test/")
    assert node == element(
        "paragraph", [run("a "), link, {"type": "linebreak", "version": 1}, run("c")]
    )


def test_text_is_normalised_as_lexical_does() -> None:
    node = kg.paragraph("a ", kg.text("b"), "", kg.text("c", "bold"), kg.text("d", "bold"), "e")
    assert node["children"] == [run("a b"), run("cd", 1), run("e")]
    assert kg.paragraph("")["children"] == []


def test_link_attributes_and_its_url_as_text_by_default() -> None:
    node = kg.link("https://x.test/", rel="nofollow", target="_blank", title="T")
    assert node == element(
        "link",
        [run("https://x.test/")],
        rel="nofollow",
        target="_blank",
        title="T",
        url="https://x.test/",
    )


def test_heading_quote_and_aside() -> None:
    assert kg.heading(2, "H") == element("extended-heading", [run("H")], tag="h2")
    assert kg.quote("Q") == element("extended-quote", [run("Q")])
    assert kg.aside("A") == element("aside", [run("A")])
    with pytest.raises(ValueError, match="use 1 to 6"):
        kg.heading(7, "H")


def test_nested_lists_as_lexical_nests_them() -> None:
    node = kg.bulleted(
        kg.item("one"), kg.item("two", kg.numbered(kg.item("inner"), start=3)), kg.item("three")
    )
    inner = element("list", [element("listitem", [run("inner")], value=3) | {"indent": 1}])
    inner.update(listType="number", start=3, tag="ol")
    assert node == element(
        "list",
        [
            element("listitem", [run("one")], value=1),
            element("listitem", [run("two")], value=2),
            element("listitem", [inner], value=3),  # the item holding a list takes no number
            element("listitem", [run("three")], value=3),
        ],
        listType="bullet",
        start=1,
        tag="ul",
    )


def test_blocks_refuse_what_lexical_cannot_nest() -> None:
    with pytest.raises(ValueError, match="a paragraph cannot hold a image node: use text"):
        kg.paragraph(kg.image("x"))
    with pytest.raises(ValueError, match="cannot hold a list node: lists go in item"):
        kg.paragraph(kg.bulleted(kg.item("x")))
    with pytest.raises(ValueError, match="a link cannot hold a link node"):
        kg.link("https://x.test/", kg.link("https://y.test/"))
    with pytest.raises(TypeError, match="items made with item"):
        kg.bulleted(kg.paragraph("x"))


def test_numbered_items_count_from_start() -> None:
    node = kg.numbered(kg.item("a"), kg.item("b"), start=5)
    assert [i["value"] for i in node["children"]] == [5, 6]
    assert (node["listType"], node["start"], node["tag"]) == ("number", 5, "ol")


def test_divider_and_code_block_are_koenigs_cards() -> None:
    assert kg.divider() == {"type": "horizontalrule", "version": 1}
    assert kg.code_block("x = 1", language="python") == {
        "type": "codeblock",
        "version": 1,
        "code": "x = 1",
        "language": "python",
        "caption": "",
    }


def test_directions_follow_lexicals_reconciler() -> None:
    doc = kg.document(kg.paragraph("שלום"), kg.paragraph(), kg.paragraph("123"), kg.paragraph("x"))
    assert [b["direction"] for b in doc["root"]["children"]] == ["rtl", "rtl", None, "ltr"]
    assert doc["root"]["direction"] == "ltr"
    assert kg.document(kg.divider())["root"]["direction"] is None


def test_document_and_serialize() -> None:
    doc = kg.document(kg.paragraph("Hi"))
    assert doc == {"root": element("root", [element("paragraph", [run("Hi")])])}
    assert kg.serialize(doc) == lexical.serialize(doc)
    assert json.loads(kg.serialize(doc)) == doc


def test_document_refuses_inline_nodes_and_leaves_its_blocks_alone() -> None:
    with pytest.raises(ValueError, match="cannot stand at the top"):
        kg.document(kg.text("x"))
    with pytest.raises(TypeError, match="holds nodes"):
        kg.document("x")  # type: ignore[arg-type]
    block = kg.paragraph()
    kg.document(kg.paragraph("x"), block)
    assert block["direction"] is None


# --- cards: Koenig's defaults, key for key and in its order ------------------------------

KOENIG = json.loads((Path(__file__).parent / "koenig_cards.json").read_text())
ALL = {"web": {"nonMember": True, "memberSegment": "status:free,status:-free"}}
ALL["email"] = {"memberSegment": "status:free,status:-free"}


def koenig(kind: str, **changes: Any) -> Node:
    return {**KOENIG[kind], **changes}


CARDS = [
    ("image", kg.image("https://x.test/a.png"), koenig("image", src="https://x.test/a.png")),
    ("gallery", kg.gallery(), koenig("gallery")),
    ("bookmark", kg.bookmark("https://x.test/"), koenig("bookmark", url="https://x.test/")),
    (
        "embed",
        kg.embed("https://x.test/v", "<iframe></iframe>"),
        koenig("embed", url="https://x.test/v", html="<iframe></iframe>"),
    ),
    (
        "button",
        kg.button("Go", "https://x.test/"),
        koenig("button", buttonText="Go", buttonUrl="https://x.test/"),
    ),
    ("callout", kg.callout("<p>Hi</p>"), koenig("callout", calloutText="<p>Hi</p>")),
    (
        "toggle",
        kg.toggle("<p>Q</p>", "<p>A</p>"),
        koenig("toggle", heading="<p>Q</p>", content="<p>A</p>"),
    ),
    ("header", kg.header("<p>H</p>"), koenig("header", version=2, header="<p>H</p>")),
    ("html", kg.html("<b>x</b>"), koenig("html", html="<b>x</b>")),
    ("markdown", kg.markdown("*x*"), koenig("markdown", markdown="*x*")),
    ("video", kg.video("https://x.test/v.mp4"), koenig("video", src="https://x.test/v.mp4")),
    ("audio", kg.audio("https://x.test/a.mp3"), koenig("audio", src="https://x.test/a.mp3")),
    (
        "file",
        kg.file("https://x.test/f/report.pdf"),
        koenig("file", src="https://x.test/f/report.pdf", fileName="report.pdf"),
    ),
    ("product", kg.product("<p>P</p>"), koenig("product", productTitle="<p>P</p>")),
    ("signup", kg.signup(), koenig("signup", disclaimer="No spam. Unsubscribe anytime.")),
    ("email", kg.email("<p>E</p>"), koenig("email", html="<p>E</p>")),
    ("email-cta", kg.email_cta("<p>E</p>"), koenig("email-cta", html="<p>E</p>")),
    (
        "call-to-action",
        kg.call_to_action("<p>C</p>"),
        koenig("call-to-action", textValue="<p>C</p>"),
    ),
    ("paywall", kg.paywall(), koenig("paywall")),
    ("horizontalrule", kg.divider(), koenig("horizontalrule")),
    ("codeblock", kg.code_block(""), koenig("codeblock")),
]


@pytest.mark.parametrize(("kind", "built", "expected"), CARDS, ids=[c[0] for c in CARDS])
def test_each_card_has_koenigs_properties_defaults_and_order(
    kind: str, built: Node, expected: Node
) -> None:
    assert built == expected
    assert list(built) == list(KOENIG[kind])  # the same JSON text, not only the same object


def test_every_card_koenig_has_is_built() -> None:
    assert {c[0] for c in CARDS} == set(KOENIG) - {"_source"}


def test_visibility_in_ghost_6s_shape_on_the_cards_that_have_it() -> None:
    assert kg.html("x")["visibility"] == ALL == KOENIG["html"]["visibility"]
    paid = kg.visibility(web_nonmembers=False, web_members="paid", email="none")
    assert paid == {
        "web": {"nonMember": False, "memberSegment": "status:-free"},
        "email": {"memberSegment": ""},
    }
    assert kg.call_to_action("x", visibility=paid)["visibility"] == paid
    assert kg.visibility(web_members="free")["web"]["memberSegment"] == "status:free"
    with pytest.raises(ValueError, match="email='everyone': use one of all, free, paid, none"):
        kg.visibility(email="everyone")  # type: ignore[arg-type]


def test_image_properties() -> None:
    node = kg.image(
        "s", caption="c", alt="a", width=10, height=20, href="h", card_width="wide", title="t"
    )
    assert node == koenig(
        "image",
        src="s",
        caption="c",
        alt="a",
        width=10,
        height=20,
        href="h",
        cardWidth="wide",
        title="t",
    )


def test_gallery_rows_of_three_as_the_editor_lays_them_out() -> None:
    images = [kg.gallery_image(f"https://x.test/{n}.jpg", 4, 3) for n in range(5)]
    node = kg.gallery(*images, caption="c")
    assert [i["row"] for i in node["images"]] == [0, 0, 0, 1, 1]
    assert node["images"][0] == {
        "row": 0,
        "src": "https://x.test/0.jpg",
        "width": 4,
        "height": 3,
        "fileName": "0.jpg",
    }
    assert list(kg.gallery_image("s", 1, 1, alt="a", caption="c")) == [
        "row",
        "src",
        "width",
        "height",
        "alt",
        "caption",
        "fileName",
    ]
    with pytest.raises(ValueError, match="at most 9 images"):
        kg.gallery(*[images[0]] * 10)


def test_bookmark_metadata_and_product_rating_and_button() -> None:
    assert kg.bookmark("u", title="T", icon="i")["metadata"] == {
        **KOENIG["bookmark"]["metadata"],
        "title": "T",
        "icon": "i",
    }
    node = kg.product("t", rating=4, button_text="Buy", button_url="https://x.test/")
    assert (node["productRatingEnabled"], node["productStarRating"]) == (True, 4)
    assert (node["productButtonEnabled"], node["productButton"], node["productUrl"]) == (
        True,
        "Buy",
        "https://x.test/",
    )
    with pytest.raises(ValueError, match="1 to 5 stars"):
        kg.product("t", rating=6)
