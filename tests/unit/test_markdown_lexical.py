"""Markdown to Lexical: each CommonMark construct, the cards, and the way back to Markdown."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghostkit.content import builder as kg
from ghostkit.content import builder_cards as cards
from ghostkit.content import lexical
from ghostkit.content.lexical_markdown import document_to_markdown
from ghostkit.content.markdown_lexical import (
    local_images,
    markdown_parser,
    markdown_to_lexical,
    markdown_to_lexical_str,
)

Node = dict[str, Any]
CORPUS = Path(__file__).parent / "markdown_corpus.md"


def blocks(markdown: str, **options: Any) -> list[Node]:
    return list(markdown_to_lexical(markdown, **options)["root"]["children"])


def only(markdown: str, **options: Any) -> Node:
    found = blocks(markdown, **options)
    assert len(found) == 1, found
    return found[0]


def doc(*nodes: Node) -> list[Node]:
    return list(kg.document(*nodes)["root"]["children"])


# --- rich text -----------------------------------------------------------------------------


def test_paragraphs() -> None:
    assert blocks("one\n\ntwo") == doc(kg.paragraph("one"), kg.paragraph("two"))


@pytest.mark.parametrize(
    ("markdown", "level"),
    [("# One", 1), ("###### Six", 6), ("Setext\n===", 1), ("Setext\n---", 2)],
)
def test_headings_atx_and_setext(markdown: str, level: int) -> None:
    assert (
        only(markdown) == doc(kg.heading(level, markdown.split()[-1 if "#" in markdown else 0]))[0]
    )


@pytest.mark.parametrize(
    ("markdown", "formats"),
    [
        ("*a*", ["italic"]),
        ("_a_", ["italic"]),
        ("**a**", ["bold"]),
        ("__a__", ["bold"]),
        ("***a***", ["bold", "italic"]),
        ("~~a~~", ["strikethrough"]),
        ("`a`", ["code"]),
        ("**`a`**", ["bold", "code"]),
    ],
)
def test_inline_formats(markdown: str, formats: list[str]) -> None:
    assert only(f"x {markdown} y") == doc(kg.paragraph("x ", kg.text("a", *formats), " y"))[0]


def test_links_inline_reference_and_autolinks() -> None:
    markdown = "[a](https://e.com/a) [b][r] <https://e.com/c> <me@e.com>\n\n[r]: https://e.com/b"
    assert (
        only(markdown)
        == doc(
            kg.paragraph(
                kg.link("https://e.com/a", "a"),
                " ",
                kg.link("https://e.com/b", "b"),
                " ",
                kg.link("https://e.com/c"),
                " ",
                kg.link("mailto:me@e.com", "me@e.com"),
            )
        )[0]
    )


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ('[a](/u "T")', '<p><a href="/u" title="T">a</a></p>'),
        ("[a]()", '<p><a href="">a</a></p>'),
        ("[](/u)", '<p><a href="/u"></a></p>'),
    ],
)
def test_a_link_ghost_would_not_render_as_written_keeps_its_block_as_html(
    markdown: str, html: str
) -> None:
    # Ghost's renderer drops a link's title, an empty href, and a link without text
    assert only(markdown) == cards.html(html)


def test_a_formatted_link() -> None:
    assert only("[**a** b](u)") == doc(kg.paragraph(kg.link("u", kg.text("a", "bold"), " b")))[0]


def test_hard_breaks_are_line_breaks_and_soft_breaks_spaces() -> None:
    expected = doc(kg.paragraph("a", kg.linebreak(), "b", kg.linebreak(), "c d"))[0]
    assert only("a\\\nb  \nc\nd") == expected


def test_entities_and_backslash_escapes_are_decoded() -> None:
    assert only(r"&amp; &copy; &#35; \*not\* \[x\]") == doc(kg.paragraph("& © # *not* [x]"))[0]


def test_a_block_quote_joins_its_paragraphs_with_an_empty_line() -> None:
    expected = kg.quote("a b", kg.linebreak(), kg.linebreak(), "c")
    assert only("> a\n> b\n>\n> c") == doc(expected)[0]


def test_lists_bulleted_numbered_nested_with_start_numbers() -> None:
    markdown = "- a\n  1. b\n  2. c\n- d\n\n7. x\n8. y"
    assert blocks(markdown) == doc(
        kg.bulleted(kg.item("a", kg.numbered(kg.item("b"), kg.item("c"))), kg.item("d")),
        kg.numbered(kg.item("x"), kg.item("y"), start=7),
    )


def test_a_loose_list_item_joins_its_paragraphs_with_an_empty_line() -> None:
    expected = kg.bulleted(kg.item("a", kg.linebreak(), kg.linebreak(), "b"), kg.item("c"))
    assert only("- a\n\n  b\n\n- c") == doc(expected)[0]


def test_an_item_that_opens_with_a_list_keeps_its_bullet() -> None:
    expected = kg.bulleted(kg.item(), kg.item(kg.bulleted(kg.item("foo"))))
    assert only("- - foo") == doc(expected)[0]


def test_an_empty_list_item() -> None:
    assert only("- a\n-\n- c") == doc(kg.bulleted(kg.item("a"), kg.item(), kg.item("c")))[0]


def test_thematic_breaks_are_dividers() -> None:
    assert blocks("***\n\n---\n\n___") == doc(kg.divider(), kg.divider(), kg.divider())


# --- cards ---------------------------------------------------------------------------------


def test_an_image_alone_is_an_image_card_with_its_title_as_caption() -> None:
    card = only('![A *cat*](cat.png "The *cat*")')
    assert card == cards.image(
        "cat.png", alt="A cat", title="The *cat*", caption="The <em>cat</em>"
    )


def test_a_linked_image_alone_is_an_image_card_with_href() -> None:
    card = only("[![a](https://e.com/i.png)](https://e.com/)")
    assert card == cards.image("https://e.com/i.png", alt="a", href="https://e.com/")


def test_an_image_within_text_keeps_the_paragraph_as_html() -> None:
    assert only("see ![a](i.png) here") == cards.html('<p>see <img src="i.png" alt="a" /> here</p>')


@pytest.mark.parametrize(
    ("markdown", "code", "language"),
    [
        ("```python title\nx = 1\n```", "x = 1", "python"),
        ("~~~\na\n\nb\n~~~", "a\n\nb", ""),
        ("    indented\n      more", "indented\n  more", ""),
        ("``` foo\\+bar&amp;\nx\n```", "x", "foo+bar&"),
    ],
)
def test_code_is_a_code_card(markdown: str, code: str, language: str) -> None:
    assert only(markdown) == kg.code_block(code, language=language)


def test_an_empty_code_block_is_an_html_card() -> None:
    # Ghost renders a code card without code as nothing
    assert only("```\n  \n```") == cards.html("<pre><code>  \n</code></pre>")


def test_an_empty_document_is_one_empty_paragraph() -> None:
    # Ghost refuses a root without children (422 "Invalid lexical structure")
    assert blocks("[ref]: /url") == doc(kg.paragraph())


def test_a_raw_html_block_is_an_html_card() -> None:
    assert only("<div class=x>\n*kept*\n</div>") == cards.html("<div class=x>\n*kept*\n</div>")


def test_inline_html_keeps_its_block_as_an_html_card() -> None:
    assert only("Press <kbd>K</kbd>") == cards.html("<p>Press <kbd>K</kbd></p>")
    assert only("# A <br> b") == cards.html("<h1>A <br> b</h1>")


def test_a_quote_or_list_holding_other_blocks_is_an_html_card() -> None:
    assert only("> # h")["type"] == "html"
    assert only("- a\n\n  ```\n  x\n  ```")["html"].startswith("<ul>\n<li>\n<p>a</p>")


def test_a_bare_url_alone_is_a_link_a_bookmark_or_text() -> None:
    url = "https://example.com/post"
    assert only(url) == doc(kg.paragraph(kg.link(url)))[0]
    assert only(url, bare_urls="bookmark") == cards.bookmark(url, title=url)
    assert only(url, bare_urls="text") == doc(kg.paragraph(url))[0]
    assert only(f"see {url}") == doc(kg.paragraph(f"see {url}"))[0]


def test_bare_urls_must_be_link_or_bookmark() -> None:
    with pytest.raises(ValueError, match="bare_urls must be 'link', 'bookmark' or 'text'"):
        markdown_to_lexical("x", bare_urls="card")  # type: ignore[arg-type]


def test_a_callout() -> None:
    assert only(":::callout 💡 grey\nSee **this**.\n:::") == cards.callout(
        "<p>See <strong>this</strong>.</p>", emoji="💡", color="grey"
    )
    assert only(":::callout\nx\n:::") == cards.callout("<p>x</p>", emoji="")


def test_a_toggle() -> None:
    assert only(":::toggle How *so*?\nLike this.\n\nAnd this.\n:::") == cards.toggle(
        "How <em>so</em>?", "<p>Like this.</p>\n<p>And this.</p>"
    )


def test_a_button() -> None:
    assert only(":::button\n[Go](https://e.com/)\n:::") == cards.button("Go", "https://e.com/")
    left = only(":::button left\n[Go](https://e.com/)\n:::")
    assert left == cards.button("Go", "https://e.com/", alignment="left")


def test_a_button_without_one_link_is_refused_with_its_line() -> None:
    with pytest.raises(ValueError, match=r"line 3: a :::button block holds one link"):
        markdown_to_lexical("x\n\n:::button\nno link\n:::")


def test_a_container_without_its_closing_line_runs_to_the_end() -> None:
    assert only(":::callout\na\n\nb")["calloutText"] == "<p>a</p>\n<p>b</p>"


def test_a_container_in_a_list_item_ends_with_the_item() -> None:
    found = blocks("- :::callout\n  a\n- b")
    assert found[0]["type"] == "html"  # a card cannot stand in a list item


def test_local_images_are_listed_for_upload() -> None:
    document = markdown_to_lexical(
        "![a](img/a.png)\n\n![b](https://e.com/b.png)\n\n![c](/content/c.png)\n\n![d](../d.png)"
    )
    found = local_images(document)
    assert [node["src"] for node in found] == ["img/a.png", "../d.png"]
    found[0]["src"] = "https://site/a.png"  # the nodes are the document's own
    assert document["root"]["children"][0]["src"] == "https://site/a.png"


def test_the_string_form_is_the_serialized_document() -> None:
    assert json.loads(markdown_to_lexical_str("# x")) == markdown_to_lexical("# x")


# --- validity, round trip, properties ---------------------------------------------------------

ELEMENT_FIELDS = {"children", "direction", "format", "indent", "type", "version"}
TEXT_FIELDS = {"detail", "format", "mode", "style", "text", "type", "version"}
EXTRA_FIELDS = {
    "extended-heading": {"tag"},
    "list": {"listType", "start", "tag"},
    "listitem": {"value"},
    "link": {"url", "rel", "target", "title"},
}
INLINE = {"extended-text", "linebreak", "link"}


def assert_valid(document: Node) -> None:
    """Every node has the fields Lexical's importJSON reads, and sits where it may."""
    assert set(document) == {"root"}
    lexical.parse(lexical.serialize(document))

    def check(node: Node, parent: str) -> None:
        kind = node["type"]
        assert isinstance(node.get("version"), int), node
        if kind == "extended-text":
            assert set(node) == TEXT_FIELDS and node["text"], node
        elif kind == "linebreak":
            assert set(node) == {"type", "version"}
        elif "children" in node:
            assert set(node) == ELEMENT_FIELDS | EXTRA_FIELDS.get(kind, set()), node
            for child in node["children"]:
                check(child, kind)
        if parent == "root":
            assert kind not in INLINE | {"listitem"}, node
        elif parent == "list":
            assert kind == "listitem"
        elif parent is not None:
            assert kind in INLINE | {"list"}, (parent, node)

    assert document["root"]["type"] == "root"
    for block in document["root"]["children"]:
        check(block, "root")


def test_the_corpus_round_trips_to_a_fixed_point() -> None:
    first = markdown_to_lexical(CORPUS.read_text(encoding="utf-8"))
    assert_valid(first)
    markdown = document_to_markdown(first)
    second = markdown_to_lexical(markdown)
    assert second == first
    assert document_to_markdown(second) == markdown
    kinds = {block["type"] for block in first["root"]["children"]}
    assert kinds >= {"extended-heading", "paragraph", "list", "extended-quote", "image"}
    assert kinds >= {"codeblock", "html", "horizontalrule", "callout", "toggle", "button"}


PIECES = st.sampled_from(
    [
        "word", "*em*", "**strong**", "`code`", "~~del~~", "[a](u)", "<https://e.com>",
        "![i](p.png)", "<b>", "&amp;", "\\*", "# ", "- ", "1. ", "> ", "\n", "\n\n", "    ",
        "```\n", ":::callout\n", ":::\n", "---\n", "https://e.com/x", "<div>\n", "_", "*",
        "[", "]", "(", ")", "!", "\\", " ", "\t", "é", "💡", "|", "=\n",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_any_markdown_gives_valid_lexical_with_its_text(markdown: str) -> None:
    document = markdown_to_lexical(markdown)
    assert_valid(document)
    assert _visible(document) == _squeeze(_html_text(markdown_parser().render(markdown)))


def _html_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


def _squeeze(text: str) -> str:
    """Text without its whitespace: where lines break and spaces collapse is not compared."""
    return "".join(text.split())


def _visible(document: Node) -> str:
    """The text a reader sees, block by block (an image card shows none)."""
    parts = []
    for block in document["root"]["children"]:
        if block["type"] == "html":
            parts.append(_html_text(block["html"]))
        elif block["type"] == "codeblock":
            parts.append(block["code"])
        elif block["type"] == "callout":
            parts.append(_html_text(block["calloutText"]))
        elif "children" in block:
            parts.append(lexical.text_of(block))
    return _squeeze("".join(parts))


WORDS = st.text(alphabet="abcxyz019 *_`[]<>#&\\!~-+.=:", min_size=1, max_size=12)
RUN_FORMATS = st.sets(st.sampled_from(["bold", "italic", "strikethrough", "code"]))


@st.composite
def rich_paragraph(draw: st.DrawFn) -> Node:
    """Inline content of text runs: formatted runs start and end with a letter and stand
    between spaces (Markdown's delimiters must touch text on their inner side only), plain
    ones hold any of Markdown's special characters."""
    nodes: list[Node] = []
    for _ in range(draw(st.integers(1, 5))):
        formats = draw(RUN_FORMATS)
        if formats:
            middle = draw(st.text(alphabet="abc *_#", max_size=6))
            nodes.append(kg.text(" "))
            nodes.append(kg.text(f"a{middle}b", *formats))
            nodes.append(kg.text(" "))
        else:
            nodes.append(kg.text(draw(WORDS)))
        if draw(st.booleans()):
            nodes.append(kg.linebreak())
    return kg.paragraph(*nodes)


def _runs(document: Node) -> list[tuple[str, int]]:
    """Each character with its format (spaces count unformatted), line breaks as "\n"."""
    out: list[tuple[str, int]] = []
    for node in lexical.walk(document["root"]):
        if node["type"] == "extended-text":
            out += [(c, 0 if c == " " else node["format"]) for c in node["text"]]
        elif node["type"] == "linebreak":
            out.append(("\n", 0))
    return out


def _normal(runs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Markdown drops the spaces and line breaks at a paragraph's edges."""
    text = "".join(c for c, _ in runs)
    lead = len(text) - len(text.lstrip(" \n"))
    return runs[lead : lead + len(text.strip(" \n"))]


@settings(max_examples=300, deadline=None)
@given(rich_paragraph())
def test_rich_text_survives_markdown_with_its_text_and_formats(block: Node) -> None:
    original = kg.document(block)
    markdown = document_to_markdown(original)
    again = markdown_to_lexical(markdown)
    assert_valid(again)
    assert _normal(_runs(again)) == _normal(_runs(original)), markdown


DOC = Path(__file__).parents[2] / "docs" / "markdown-to-lexical.md"


def test_the_docs_examples_run() -> None:
    text = DOC.read_text(encoding="utf-8")
    examples = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(examples) == 3
    for example in examples:
        exec(compile(example, str(DOC), "exec"), {})  # noqa: S102
    card_syntax = re.findall(r"```markdown\n(.*?)```", text, re.S)[0]
    assert [b["type"] for b in blocks(card_syntax)] == ["callout", "toggle", "button"]


KOENIG_CARDS = json.loads((Path(__file__).parent / "koenig_cards.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", sorted(k for k in KOENIG_CARDS if not k.startswith("_")))
def test_every_card_the_builder_makes_comes_back_from_markdown(kind: str) -> None:
    """A card Markdown has no syntax for is written as an HTML comment holding the card,
    and read back as the same card: Lexical to Markdown to Lexical loses none."""
    card = {**KOENIG_CARDS[kind], "caption": "a --> b <i>c</i>"} if kind == "image" else None
    document = kg.document(kg.paragraph("Before"), card or KOENIG_CARDS[kind])
    markdown = document_to_markdown(document)
    assert markdown_to_lexical(markdown) == document, markdown
    assert document_to_markdown(markdown_to_lexical(markdown)) == markdown


def test_a_comment_that_is_not_a_card_stays_an_html_card() -> None:
    for comment in ("<!--kg-card not json -->", '<!--kg-card {"type": "paragraph"} -->'):
        (block,) = markdown_to_lexical(comment)["root"]["children"]
        assert block["type"] == "html" and block["html"] == comment
