"""HTML to Lexical: each element, each of Ghost's card markups, and whitespace as a browser
reads it. Card markup is the HTML Ghost 6 renders for each card (copied from a local Ghost's
`html` field), so an exported post is read back as the cards it was made of."""

from __future__ import annotations

import copy
import html as html_module
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghostkit.content import builder, lexical
from ghostkit.content import builder_cards as card
from ghostkit.content.html_lexical import html_to_lexical

Node = dict[str, Any]
BOLD, ITALIC, STRIKE, UNDERLINE, CODE, SUB, SUP, HIGHLIGHT = 1, 2, 4, 8, 16, 32, 64, 128


def blocks(html: str) -> list[Node]:
    return list(html_to_lexical(html)["root"]["children"])


def only(html: str) -> Node:
    found = blocks(html)
    assert len(found) == 1, found
    return found[0]


def runs(node: Node) -> list[tuple[str, int]]:
    """(text, format) of a block's inline children; a line break is ("\\n", 0)."""
    out = []
    for child in node["children"]:
        if child["type"] == "linebreak":
            out.append(("\n", 0))
        else:
            out.append((child["text"], child["format"]))
    return out


# --- rich text ----------------------------------------------------------------------------


def test_a_paragraph_is_exactly_the_builders() -> None:
    assert html_to_lexical("<p>Hello <strong>world</strong></p>") == builder.document(
        builder.paragraph("Hello ", builder.text("world", "bold"))
    )


@pytest.mark.parametrize(
    ("tag", "bit"),
    [
        ("strong", BOLD),
        ("b", BOLD),
        ("em", ITALIC),
        ("i", ITALIC),
        ("s", STRIKE),
        ("del", STRIKE),
        ("u", UNDERLINE),
        ("code", CODE),
        ("sub", SUB),
        ("sup", SUP),
        ("mark", HIGHLIGHT),
    ],
)
def test_each_inline_format(tag: str, bit: int) -> None:
    assert runs(only(f"<p>a<{tag}>b</{tag}>c</p>")) == [("a", 0), ("b", bit), ("c", 0)]


def test_nested_formats_add_up() -> None:
    html = "<p><strong>b <em>bi <u>biu</u></em></strong></p>"
    assert runs(only(html)) == [("b ", BOLD), ("bi ", BOLD | ITALIC), ("biu", 11)]


def test_whitespace_collapses_as_a_browser_shows_it() -> None:
    html = "<p>\n   one\t\ttwo  <em> three </em>  four\n</p>"
    assert runs(only(html)) == [("one two ", 0), ("three ", ITALIC), ("four", 0)]


def test_a_non_breaking_space_is_kept() -> None:
    assert runs(only("<p>a&nbsp;&nbsp;b</p>")) == [("a\xa0\xa0b", 0)]


def test_entities_are_decoded() -> None:
    assert runs(only("<p>&lt;tag&gt; &amp; &#8220;q&#8221;</p>")) == [("<tag> & \u201cq\u201d", 0)]


def test_line_breaks_and_the_spaces_around_them() -> None:
    assert runs(only("<p>one <br>\n two<br/>three</p>")) == [
        ("one", 0),
        ("\n", 0),
        ("two", 0),
        ("\n", 0),
        ("three", 0),
    ]


def test_a_link_keeps_href_rel_target_and_title() -> None:
    node = only(
        '<p>see <a href="https://e.com/x" rel="nofollow" target="_blank" title="T">it</a></p>'
    )
    link = node["children"][1]
    assert (link["type"], link["url"], link["rel"], link["target"], link["title"]) == (
        "link",
        "https://e.com/x",
        "nofollow",
        "_blank",
        "T",
    )
    assert [c["text"] for c in link["children"]] == ["it"]


def test_formats_inside_and_around_a_link() -> None:
    node = only('<p><strong><a href="/u">bold <em>link</em></a></strong></p>')
    link = node["children"][0]
    assert runs(link) == [("bold ", BOLD), ("link", BOLD | ITALIC)]


@pytest.mark.parametrize("level", range(1, 7))
def test_headings(level: int) -> None:
    node = only(f"<h{level}> A  <i>title</i> </h{level}>")
    assert (node["type"], node["tag"]) == ("extended-heading", f"h{level}")
    assert runs(node) == [("A ", 0), ("title", ITALIC)]


def test_blockquote_and_ghosts_alternative_quote() -> None:
    assert only("<blockquote>said</blockquote>")["type"] == "extended-quote"
    assert only('<blockquote class="kg-blockquote-alt">said</blockquote>')["type"] == "aside"


def test_paragraphs_in_a_quote_are_joined_by_a_line_break() -> None:
    node = only("<blockquote>\n<p>one</p>\n<p>two</p>\n</blockquote>")
    assert runs(node) == [("one", 0), ("\n", 0), ("two", 0)]


def test_nested_lists_with_a_start() -> None:
    html = (
        "<ul><li>one<ul><li>one a</li></ul></li><li>two</li></ul><ol start='4'><li>four</li></ol>"
    )
    assert blocks(html) == [
        builder.bulleted(
            builder.item("one", builder.bulleted(builder.item("one a"))), builder.item("two")
        ),
        builder.numbered(builder.item("four"), start=4),
    ]


def test_a_loose_list_items_paragraphs_are_its_text() -> None:
    assert blocks("<ol>\n<li>\n<p>a</p>\n</li>\n<li><p>b</p></li>\n</ol>") == [
        builder.numbered(builder.item("a"), builder.item("b"))
    ]


def test_implied_end_tags() -> None:
    found = blocks("<p>one<p>two<ul><li>a<li>b</ul>")
    assert [b["type"] for b in found] == ["paragraph", "paragraph", "list"]
    assert len(found[2]["children"]) == 2


def test_hr_is_a_divider() -> None:
    assert blocks("<p>a</p><hr><p>b</p>")[1] == builder.divider()


def test_containers_are_read_through_and_loose_text_becomes_paragraphs() -> None:
    found = blocks("<div>loose <b>text</b><section><p>inner</p></section>after</div>")
    assert [runs(b) for b in found] == [
        [("loose ", 0), ("text", BOLD)],
        [("inner", 0)],
        [("after", 0)],
    ]


def test_whitespace_between_blocks_makes_nothing() -> None:
    assert blocks("\n  <p>a</p>\n\n  <p>b</p>\n") == [
        builder.paragraph("a"),
        builder.paragraph("b"),
    ]
    assert blocks("") == []


# --- code, images and figures --------------------------------------------------------------


def test_pre_code_is_a_code_card_with_every_character_kept() -> None:
    code = 'def f():\n    return "<x>"  # two  spaces\n'
    html = (
        '<pre><code class="language-Python">def f():\n'
        '    return "&lt;x&gt;"  # two  spaces\n</code></pre>'
    )
    assert only(html) == builder.code_block(code, language="python")


def test_a_pre_without_code_and_its_first_newline() -> None:
    assert only("<pre>\nline  one\n  two</pre>") == builder.code_block("line  one\n  two")


def test_a_code_card_with_a_caption() -> None:
    html = (
        '<figure class="kg-card kg-code-card"><pre><code class="language-js">x()</code></pre>'
        "<figcaption><p><span>Run it</span></p></figcaption></figure>"
    )
    assert only(html) == builder.code_block(
        "x()", language="js", caption="<p><span>Run it</span></p>"
    )


def test_an_image_alone_is_an_image_card() -> None:
    card = only('<p><img src="https://e.com/a.png" alt="A" width="600" height="400"></p>')
    assert (card["type"], card["src"], card["alt"], card["width"], card["height"]) == (
        "image",
        "https://e.com/a.png",
        "A",
        600,
        400,
    )


def test_an_image_in_a_link_keeps_the_href() -> None:
    card = only('<a href="https://e.com/"><img src="https://e.com/a.png"></a>')
    assert (card["type"], card["href"]) == ("image", "https://e.com/")


def test_an_image_within_text_splits_the_paragraph() -> None:
    found = blocks('<p>before <img src="/a.png"> after</p>')
    assert [b["type"] for b in found] == ["paragraph", "image", "paragraph"]
    assert runs(found[0]) == [("before", 0)] and runs(found[2]) == [("after", 0)]


def test_a_plain_figure_with_a_caption() -> None:
    card = only('<figure><img src="/a.png" alt=""><figcaption>A <em>cap</em></figcaption></figure>')
    assert (card["type"], card["caption"]) == ("image", "A <em>cap</em>")


# --- what Lexical cannot hold --------------------------------------------------------------

KEPT = [
    "<table><tr><td>1</td><td>a &amp; b</td></tr></table>",
    '<iframe src="https://e.com/embed" width="560"></iframe>',
    "<script>if (a < b && c) { go(); }</script>",
    '<form action="/s"><input name="q"><button>Go</button></form>',
    "<details><summary>More</summary>hidden</details>",
    "<dl><dt>term</dt><dd>definition</dd></dl>",
]


@pytest.mark.parametrize("markup", KEPT)
def test_unrepresentable_markup_is_kept_whole_in_an_html_card(markup: str) -> None:
    card = only(markup)
    assert card["type"] == "html"
    assert card["html"] == markup


def test_an_iframe_within_a_paragraph_splits_it() -> None:
    found = blocks('<p>a <iframe src="https://e.com/"></iframe> b</p>')
    assert [b["type"] for b in found] == ["paragraph", "html", "paragraph"]


def test_the_result_is_a_valid_document() -> None:
    document = html_to_lexical("<h1>T</h1><p>x</p><table></table>")
    assert lexical.parse(lexical.serialize(document)) == document


# --- Ghost's own card markup ---------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXPORTED_HTML = (FIXTURES / "ghost6-every-card.html").read_text()
"""What a local Ghost 6.65 rendered for the post in ghost6-every-card.lexical.json (built
with every card by tests/integration/test_live_html_lexical.py)."""
EXPORTED = json.loads((FIXTURES / "ghost6-every-card.lexical.json").read_text())["root"]
NOT_IN_THE_HTML = {"embed": {"url", "embedType", "metadata"}}


@pytest.mark.parametrize(
    "index",
    range(len(EXPORTED["children"])),
    ids=[node["type"] for node in EXPORTED["children"]],
)
def test_ghosts_rendering_of_each_node_reads_back_as_that_node(index: int) -> None:
    stored = copy.deepcopy(EXPORTED["children"][index])
    read = html_to_lexical(EXPORTED_HTML)["root"]["children"][index]
    if stored["type"] == "markdown":  # Ghost 6 renders it as plain HTML, with no marker
        assert read == builder.paragraph(
            "Some ",
            builder.text("markdown", "italic"),
            " with a ",
            builder.link("https://example.com/md", "link"),
            ".",
        )
        return
    if stored["type"] == "paragraph":  # Ghost does not render a link's target
        link = next(n for n in stored["children"] if n["type"] == "link")
        link["target"] = None
    unread = NOT_IN_THE_HTML.get(stored["type"], set())
    assert {k: v for k, v in read.items() if k not in unread} == {
        k: v for k, v in stored.items() if k not in unread
    }


def test_an_embed_takes_its_iframes_address() -> None:
    embed = next(n for n in blocks(EXPORTED_HTML) if n["type"] == "embed")
    assert embed["url"] == "https://example.com/embed/1"


def test_ghosts_html_card_markers() -> None:
    html = "<p>a</p>\n<!--kg-card-begin: html-->\n<div>x</div>\n<b>y</b>\n<!--kg-card-end: html-->"
    assert blocks(html)[1] == card.html("<div>x</div>\n<b>y</b>")


def test_ghost_5s_markdown_card_markers() -> None:
    html = "<!--kg-card-begin: markdown--><p>Some <em>md</em></p>\n<!--kg-card-end: markdown-->"
    assert only(html) == card.markdown("<p>Some <em>md</em></p>")


def test_an_unclosed_card_marker_is_ignored() -> None:
    assert blocks("<!--kg-card-begin: html--><p>a</p>") == [builder.paragraph("a")]


def test_a_kg_card_of_a_kind_not_known_is_kept_whole() -> None:
    markup = '<div class="kg-card kg-future-card"><p>new</p></div>'
    assert only(markup) == card.html(markup)


def test_the_first_header_cards_markup() -> None:
    html = (
        '<div class="kg-card kg-header-card kg-width-full kg-size-small kg-style-dark" '
        'data-kg-background-image=""><h2 class="kg-header-card-header">Big</h2>'
        '<h3 class="kg-header-card-subheader">small</h3>'
        '<a href="https://e.com/" class="kg-header-card-button">Go</a></div>'
    )
    node = only(html)
    assert (node["type"], node["header"], node["subheader"]) == ("header", "Big", "small")
    assert (node["buttonEnabled"], node["buttonUrl"], node["buttonText"]) == (
        True,
        "https://e.com/",
        "Go",
    )


@pytest.mark.parametrize(("shown", "seconds"), [("61", 61), ("1:15", 75), ("1:02:03", 3723)])
def test_durations(shown: str, seconds: int) -> None:
    html = (
        f'<div class="kg-card kg-audio-card"><span class="kg-audio-duration">{shown}</span></div>'
    )
    assert only(html)["duration"] == seconds


def test_a_gallery_lays_out_three_images_a_row() -> None:
    images = "".join(
        f'<div class="kg-gallery-image"><img src="/g{n}.png" width="60" height="40"></div>'
        for n in range(5)
    )
    node = only(f'<figure class="kg-card kg-gallery-card"><div>{images}</div></figure>')
    assert [(image["fileName"], image["row"]) for image in node["images"]] == [
        ("g0.png", 0),
        ("g1.png", 0),
        ("g2.png", 0),
        ("g3.png", 1),
        ("g4.png", 1),
    ]


# --- properties ----------------------------------------------------------------------------

WORD = st.text(alphabet="abcxyz0<&>\"'é\xa0", min_size=1, max_size=6)
SPACE = st.sampled_from(["", " ", "  ", "\n", "\n   ", "\t"])
INLINE_TAGS = ["strong", "em", "s", "u", "code", "sub", "sup", "mark", "span", "a"]


def wrap(tag: str, parts: list[str], after: str) -> str:
    attrs = ' href="https://e.com/"' if tag == "a" else ""
    return f"<{tag}{attrs}>{''.join(parts)}</{tag}>{after}"


def inline_html() -> st.SearchStrategy[str]:
    leaf = st.builds(lambda s, w: s + html_module.escape(w, quote=False), SPACE, WORD)
    return st.recursive(
        leaf,
        lambda inner: st.builds(
            wrap, st.sampled_from(INLINE_TAGS), st.lists(inner, min_size=1, max_size=3), SPACE
        ),
        max_leaves=8,
    )


BLOCK = st.builds(
    lambda tag, parts: f"<{tag}>{''.join(parts)}</{tag}>",
    st.sampled_from(["p", "h2", "h5", "blockquote", "div"]),
    st.lists(inline_html(), min_size=1, max_size=4),
)


def shown_text(markup: str) -> str:
    """The text a browser shows for one block of inline markup."""
    plain = html_module.unescape(re.sub(r"<[^>]+>", "", markup))
    return re.sub(r"[ \t\n\r\f]+", " ", plain).strip(" ")


@settings(max_examples=200, deadline=None)
@given(st.lists(BLOCK, min_size=1, max_size=5), SPACE)
def test_generated_rich_text_keeps_its_text_and_is_valid(parts: list[str], gap: str) -> None:
    document = html_to_lexical(gap.join(parts))
    assert lexical.parse(lexical.serialize(document)) == document
    found = document["root"]["children"]
    expected = [shown_text(part) for part in parts if shown_text(part)]
    assert [lexical.text_of(block) for block in found] == expected
    for block in found:
        assert block["type"] in {"paragraph", "extended-heading", "extended-quote"}
        texts = [n for n in lexical.walk(block) if n.get("type") == "extended-text"]
        assert all(n["text"] for n in texts)  # no empty text node
        assert all(
            not a["text"].endswith(" ") or not b["text"].startswith(" ")
            for a, b in itertools.pairwise(texts)
        )


def test_a_last_line_break_adds_no_line() -> None:
    assert only("<p>a<br></p>") == builder.paragraph("a")
    assert only("<p>a<br><br></p>") == builder.paragraph("a", builder.linebreak())


def test_an_image_in_a_heading_or_an_item_follows_it() -> None:
    assert [b["type"] for b in blocks('<h2>T <img src="/a.png"></h2>')] == [
        "extended-heading",
        "image",
    ]
    assert [b["type"] for b in blocks('<ul><li>x <img src="/a.png"></li></ul>')] == [
        "list",
        "image",
    ]


def test_a_quoted_post_from_elsewhere_is_an_embed() -> None:
    html = (
        '<figure><blockquote class="twitter-tweet"><p>hi</p>'
        '<a href="https://twitter.com/x/status/1">May 1</a></blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js"></script></figure>'
    )
    node = only(html)
    assert (node["type"], node["url"]) == ("embed", "https://twitter.com/x/status/1")
    assert node["html"].startswith('<blockquote class="twitter-tweet">')


def test_a_page_is_read_from_its_body() -> None:
    html = "<html><head><title>T</title></head><body><p>x</p></body></html>"
    assert blocks(html) == [builder.paragraph("x")]


@pytest.mark.parametrize("opening", ["<b>", "<div>", "<blockquote>", "<ul><li>"])
def test_markup_nested_a_thousand_deep_keeps_its_text(opening: str) -> None:
    document = html_to_lexical(opening * 1000 + "deep")
    assert lexical.visible_text(document).strip() == "deep"


def test_a_link_around_a_heading_stays_on_its_text() -> None:
    node = only('<a href="https://e.com/"><h3>Linked</h3></a>')
    assert node["type"] == "extended-heading"
    assert node["children"][0]["type"] == "link"


def test_a_line_break_in_code_is_a_new_line() -> None:
    assert only("<pre><code>one<br>two<span>!</span></code></pre>")["code"] == "one\ntwo!"


def test_a_picture_is_its_image() -> None:
    html = (
        '<picture><source srcset="/a.webp" type="image/webp"><img src="/a.png" alt="A"></picture>'
    )
    assert only(html) == card.image("/a.png", alt="A")


def test_an_anchor_without_href_is_plain_text() -> None:
    assert only('<p><a name="top">Top</a> of it</p>') == builder.paragraph("Top of it")


def test_a_figure_with_more_than_one_image_loses_none() -> None:
    html = (
        '<figure><img src="/a.png"><img src="/b.png"><p>text</p><figcaption>c</figcaption></figure>'
    )
    assert [(b["type"], b.get("src")) for b in blocks(html)] == [
        ("image", "/a.png"),
        ("image", "/b.png"),
        ("paragraph", None),
        ("paragraph", None),
    ]


def test_a_gallery_of_more_images_than_the_editor_allows_is_kept_whole() -> None:
    images = "".join(f'<img src="/g{n}.png" width="6" height="4">' for n in range(10))
    markup = f'<figure class="kg-card kg-gallery-card">{images}</figure>'
    assert only(markup) == card.html(markup)


MARKUP = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<li>",
                "<ul>",
                "</ol>",
                "<br>",
                "<b>",
                "</i>",
                "<pre>",
                "</a>",
                '<a href="x">',
                "<img>",
                '<img src="/a.png">',
                "<table>",
                "<h2>",
                "</h2>",
                "<!--kg-card-begin: html-->",
                "<!--kg-card-end: markdown-->",
                "<!--members-only-->",
                '<!--kg-gated-block:begin nonMember:false memberSegment:"" -->',
                "<figure>",
                '<div class="kg-card kg-callout-card">',
                '<div class="kg-product-card">',
                '<span class="kg-product-card-rating-active">',
                '<figure class="kg-gallery-card">',
                '<div class="kg-card kg-header-card kg-v2">',
                "<blockquote>",
                "&amp;",
                "&#0;",
                "<",
            ]
        ),
        st.text(max_size=5),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(MARKUP)
def test_any_markup_gives_a_valid_document(parts: list[str]) -> None:
    document = html_to_lexical("".join(parts))
    assert lexical.parse(lexical.serialize(document)) == document


def test_an_image_ghost_shows_smaller_keeps_its_own_size() -> None:
    src = "http://127.0.0.1:2368/content/images/2026/12/big.png"
    html = (
        f'<figure class="kg-card kg-image-card"><img src="{src}" width="2000" height="1333" '
        f'srcset="http://127.0.0.1:2368/content/images/size/w600/2026/12/big.png 600w, '
        f'{src} 2400w"></figure>'
    )
    card_ = only(html)
    assert (card_["width"], card_["height"]) == (2400, 1600)
