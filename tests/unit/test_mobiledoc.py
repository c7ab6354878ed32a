from __future__ import annotations

import copy
import json
from collections.abc import Callable
from html import escape
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghostkit.content import mobiledoc
from ghostkit.content.cards import LINK_CARD_MODES, LinkCardMode
from ghostkit.content.selection import ALL_LINKS, LinkSelector

Doc = dict[str, Any]

SPAM = "https://spam.test/offer"
HOME = "__GHOST_URL__/about/"
ATOMS = [["soft-return", "", {}], ["mention", "@ann", {"id": 1}]]


def a(url: str) -> list[Any]:
    return ["a", ["href", url, "rel", "noopener"]]


def make(markups: list[Any], sections: list[Any], cards: list[Any] | None = None) -> Doc:
    return {
        "version": "0.3.1",
        "ghostVersion": "4.0",
        "atoms": copy.deepcopy(ATOMS),
        "cards": cards or [],
        "markups": markups,
        "sections": sections,
    }


def _href(markup: list[Any]) -> str | None:
    attrs = markup[1] if len(markup) > 1 else []
    return dict(zip(attrs[::2], attrs[1::2], strict=False)).get("href")


def _render_markers(document: Doc, markers: list[Any], hide: Callable[[str | None], bool]) -> str:
    html: list[str] = []
    stack: list[str | None] = []
    for kind, opens, closes, value in markers:
        for index in opens:
            markup = document["markups"][index]
            shown = not (markup[0] == "a" and hide(_href(markup)))
            stack.append(markup[0] if shown else None)
            if shown:
                attrs = markup[1] if len(markup) > 1 else []
                pairs = "".join(
                    f' {n}="{escape(v)}"' for n, v in zip(attrs[::2], attrs[1::2], strict=True)
                )
                html.append(f"<{markup[0]}{pairs}>")
        if kind == 0:
            html.append(escape(value))
        else:
            name, text, _ = document["atoms"][value]
            html.append(f"<atom {name}>{escape(text)}</atom>")
        for _ in range(closes):
            tag = stack.pop()
            if tag is not None:
                html.append(f"</{tag}>")
    assert not stack
    return "".join(html)


def render_html(document: Doc, hide: Callable[[str | None], bool] = lambda _: False) -> str:
    """The document as HTML, leaving out the tags of the `a` markups `hide` picks."""
    out: list[str] = []
    for section in document["sections"]:
        if section[0] == 1:
            inner = _render_markers(document, section[2], hide)
            out.append(f"<{section[1]}>{inner}</{section[1]}>")
        elif section[0] == 3:
            items = "".join(f"<li>{_render_markers(document, m, hide)}</li>" for m in section[2])
            out.append(f"<{section[1]}>{items}</{section[1]}>")
        elif section[0] == 2:
            out.append(f'<img src="{escape(section[1])}">')
        elif section[0] == 10:
            out.append(f"<card {document['cards'][section[1]][0]}>")
    return "\n".join(out)


def assert_valid(document: Doc) -> None:
    """Indexes in range, never a close without an open, every section closes all it opens."""
    for section in document["sections"]:
        if section[0] == 10:
            assert 0 <= section[1] < len(document["cards"])
        marker_lists = [section[2]] if section[0] == 1 else section[2] if section[0] == 3 else []
        for markers in marker_lists:
            depth = 0
            for kind, opens, closes, value in markers:
                assert all(0 <= i < len(document["markups"]) for i in opens)
                depth += len(opens)
                assert 0 <= closes <= depth
                depth -= closes
                if kind == 1:
                    assert 0 <= value < len(document["atoms"])
            assert depth == 0


def strip(document: Doc, selector: LinkSelector = ALL_LINKS, mode: LinkCardMode = "keep") -> Doc:
    result = mobiledoc.strip_links(document, selector, mode)
    assert_valid(result.document)
    return result.document


# parse and serialize


def test_parse_and_serialize_round_trip() -> None:
    text = (
        '{"version":"0.3.1","atoms":[],"cards":[],"markups":[],"sections":[[1,"p",[[0,[],0,"é"]]]]}'
    )
    assert mobiledoc.serialize(mobiledoc.parse(text)) == text


@pytest.mark.parametrize(
    "text",
    ['{"root":{"type":"root","children":[]}}', "[]", '{"version":"0.2.0","sections":[]}'],
)
def test_parse_refuses_what_is_not_mobiledoc_0_3(text: str) -> None:
    with pytest.raises(ValueError, match="mobiledoc"):
        mobiledoc.parse(text)


# list_links


def test_links_span_markers_and_atoms() -> None:
    doc = make(
        [a(SPAM), ["strong"]],
        [[1, "p", [[0, [0], 0, "one "], [0, [1], 1, "two"], [1, [], 1, 1], [0, [], 0, "!"]]]],
    )
    (link,) = mobiledoc.list_links(doc)
    assert (link.url, link.text, link.where) == (SPAM, "one two@ann", "inline")


def test_card_links_are_listed_in_document_order() -> None:
    doc = make(
        [a(HOME)],
        [[10, 0], [1, "p", [[0, [0], 1, "home"]]], [10, 1]],
        [
            ["bookmark", {"url": SPAM, "metadata": {"title": "Offer", "description": "Cheap"}}],
            ["card-markdown", {"markdown": f"[here]({SPAM})"}],
        ],
    )
    found = [(x.where, x.card, x.url) for x in mobiledoc.list_links(doc)]
    assert found == [
        ("link-card", "bookmark", SPAM),
        ("inline", None, HOME),
        ("markdown", "markdown", SPAM),
    ]


# strip_links: markers keep valid LIFO nesting


def test_link_inside_strong_closed_later_with_it() -> None:
    # <strong><a>x</a> y</strong>
    doc = make([["strong"], a(SPAM)], [[1, "p", [[0, [0, 1], 1, "x"], [0, [], 1, " y"]]]])
    new = strip(doc)
    assert new["markups"] == [["strong"]]
    assert new["sections"] == [[1, "p", [[0, [0], 0, "x"], [0, [], 1, " y"]]]]


def test_link_around_em_in_one_marker() -> None:
    # <a><em>x</em></a>
    doc = make([a(SPAM), ["em"]], [[1, "p", [[0, [0, 1], 2, "x"]]]])
    new = strip(doc)
    assert new["markups"] == [["em"]]
    assert new["sections"] == [[1, "p", [[0, [0], 1, "x"]]]]


def test_link_spanning_several_markers() -> None:
    # <a>one <strong>two</strong> three</a>
    markers = [[0, [0], 0, "one "], [0, [1], 1, "two"], [0, [], 1, " three"]]
    new = strip(make([a(SPAM), ["strong"]], [[1, "p", markers]]))
    assert new["sections"][0][2] == [[0, [], 0, "one "], [0, [0], 1, "two"], [0, [], 0, " three"]]


def test_link_closed_together_with_other_markups() -> None:
    # <em><a>x <strong>y</strong></a></em> z: the link's close is counted with em and strong
    markers = [[0, [0, 1], 0, "x "], [0, [2], 3, "y"], [0, [], 0, " z"]]
    doc = make([["em"], a(SPAM), ["strong"]], [[1, "p", markers]])
    new = strip(doc)
    assert new["markups"] == [["em"], ["strong"]]
    assert new["sections"][0][2] == [[0, [0], 0, "x "], [0, [1], 2, "y"], [0, [], 0, " z"]]
    assert render_html(new) == "<p><em>x <strong>y</strong></em> z</p>"


def test_markups_are_reindexed_when_several_links_go() -> None:
    markers = [[0, [3, 0], 1, "a"], [0, [1], 0, "b"], [0, [2], 2, "c"], [0, [], 1, "d"]]
    doc = make([a(SPAM), ["strong"], a("https://other.test/"), ["em"]], [[1, "p", markers]])
    result = mobiledoc.strip_links(doc)
    assert result.removed == 2
    assert result.document["markups"] == [["strong"], ["em"]]
    assert result.document["sections"][0][2] == [
        [0, [1], 0, "a"],
        [0, [0], 0, "b"],
        [0, [], 1, "c"],
        [0, [], 1, "d"],
    ]
    assert render_html(result.document) == "<p><em>a<strong>bc</strong>d</em></p>"


def test_atoms_next_to_and_inside_links_stay() -> None:
    markers = [[1, [], 0, 0], [0, [0], 0, "see "], [1, [], 1, 1], [1, [], 0, 0]]
    new = strip(make([a(SPAM)], [[1, "p", markers]]))
    assert new["sections"][0][2] == [
        [1, [], 0, 0],
        [0, [], 0, "see "],
        [1, [], 0, 1],
        [1, [], 0, 0],
    ]
    assert new["atoms"] == ATOMS


def test_list_items_are_stripped() -> None:
    items = [[[0, [0], 1, "first"]], [[0, [], 0, "plain"]], [[0, [1, 0], 2, "bold link"]]]
    new = strip(make([a(SPAM), ["strong"]], [[3, "ul", items]]))
    assert new["markups"] == [["strong"]]
    assert new["sections"][0][2] == [[[0, [], 0, "first"]], items[1], [[0, [0], 1, "bold link"]]]
    assert mobiledoc.visible_text(new) == "first\nplain\nbold link"


def test_external_only_keeps_site_links_and_reindexes() -> None:
    markers = [[0, [0], 1, "home"], [0, [], 0, " and "], [0, [1], 1, "spam"], [0, [2], 1, "x"]]
    doc = make([a(HOME), a(SPAM), ["em"]], [[1, "p", markers]])
    result = mobiledoc.strip_links(doc, LinkSelector(external_only=True))
    assert result.removed == 1
    assert result.document["markups"] == [a(HOME), ["em"]]
    assert result.document["sections"][0][2][2:] == [[0, [], 0, "spam"], [0, [1], 1, "x"]]
    assert [x.url for x in mobiledoc.list_links(result.document)] == [HOME]


def test_input_is_not_mutated_and_untouched_parts_are_shared() -> None:
    untouched = [1, "p", [[0, [], 0, "no links"]]]
    image, unknown = [2, "/content/images/a.png"], [99, "future", {"x": 1}]
    doc = make([a(SPAM)], [untouched, [1, "p", [[0, [0], 1, "link"]]], image, unknown])
    doc["meta"] = {"kept": True}
    before = copy.deepcopy(doc)
    result = mobiledoc.strip_links(doc)
    assert doc == before
    assert result.document["sections"][0] is untouched
    assert result.document["sections"][2] is image
    assert result.document["sections"][3] is unknown
    assert result.document["meta"] is doc["meta"]


# strip_links: cards


def _card_doc() -> Doc:
    return make(
        [],
        [[10, 0], [1, "p", [[0, [], 0, "between"]]], [10, 1], [10, 2]],
        [
            ["bookmark", {"url": SPAM, "metadata": {"title": "Offer", "description": "Cheap"}}],
            ["html", {"html": f'<p>Go <a href="{SPAM}">there</a></p>'}],
            ["image", {"src": "/i.png", "href": SPAM, "caption": ""}],
        ],
    )


def test_link_cards_are_kept_and_listed() -> None:
    doc = _card_doc()
    result = mobiledoc.strip_links(doc)
    assert [x.card for x in result.link_cards] == ["bookmark"]
    assert (result.removed, result.cards_changed) == (2, 0)
    assert result.document["cards"][0] is doc["cards"][0]
    assert result.document["cards"][1] == ["html", {"html": "<p>Go there</p>"}]
    assert result.document["cards"][2][1]["href"] == ""
    assert doc == _card_doc()


def test_link_cards_become_text() -> None:
    result = mobiledoc.strip_links(_card_doc(), link_cards="text")
    new = result.document
    assert_valid(new)
    assert result.cards_changed == 1
    assert new["sections"][0] == [1, "p", [[0, [], 0, "Offer Cheap"]]]
    assert [c[0] for c in new["cards"]] == ["html", "image"]
    assert new["sections"][2:] == [[10, 0], [10, 1]]


def test_link_cards_are_removed_and_cards_reindexed() -> None:
    result = mobiledoc.strip_links(_card_doc(), link_cards="remove")
    new = result.document
    assert_valid(new)
    assert (result.removed, result.cards_changed, result.changed) == (2, 1, True)
    assert new["sections"] == [[1, "p", [[0, [], 0, "between"]]], [10, 0], [10, 1]]
    assert [c[0] for c in new["cards"]] == ["html", "image"]


def test_removing_an_unchanged_link_card_still_reindexes() -> None:
    doc = make([], [[10, 0], [10, 1]], [_card(SPAM, "bookmark"), ["hr", {}]])
    new = strip(doc, mode="remove")
    assert new["cards"] == [["hr", {}]]
    assert new["sections"] == [[10, 0]]


def test_a_post_that_is_one_html_card() -> None:
    doc = make([], [[10, 0]], [["html", {"html": f'<a href="{SPAM}">x</a><a href="{HOME}">y</a>'}]])
    result = mobiledoc.strip_links(doc, LinkSelector(external_only=True))
    assert result.removed == 1
    assert result.document["cards"] == [["html", {"html": f'x<a href="{HOME}">y</a>'}]]


def test_nothing_selected_changes_nothing() -> None:
    doc = _card_doc()
    result = mobiledoc.strip_links(doc, LinkSelector(domains=("nowhere.invalid",)), "remove")
    assert not result.changed
    assert result.document == doc


# replace_text and visible_text


def test_replace_text_only_in_text_markers() -> None:
    doc = make(
        [a("https://old.test/old")],
        [[1, "p", [[0, [0], 1, "old"], [0, [], 0, " is old"]]], [10, 0], [2, "/old.png"]],
        [["html", {"html": "old"}]],
    )
    new, count = mobiledoc.replace_text(doc, "old", "new")
    assert count == 2
    assert new["sections"][0][2] == [[0, [0], 1, "new"], [0, [], 0, " is new"]]
    assert new["markups"] == doc["markups"]
    assert new["cards"] is doc["cards"]
    assert new["sections"][1:] == doc["sections"][1:]
    assert doc["sections"][0][2][0][3] == "old"


def test_replace_text_with_a_regex_in_lists() -> None:
    doc = make([], [[3, "ol", [[[0, [], 0, "v1.2"]], [[0, [], 0, "none"]]]]])
    new, count = mobiledoc.replace_text(doc, r"v(\d)", r"version \1", regex=True)
    assert count == 1
    assert mobiledoc.visible_text(new) == "version 1.2\nnone"
    assert new["sections"][0][2][1] is doc["sections"][0][2][1]


def test_visible_text() -> None:
    doc = _card_doc()
    doc["sections"].insert(0, [2, "/x.png"])
    assert mobiledoc.visible_text(doc) == (
        "[image section]\n[bookmark card]\nbetween\n[html card]\n[image card]"
    )


# properties

URLS = [SPAM, "https://example.com/b?x=1", HOME, "/relative/", "#top", "mailto:me@example.com"]
FORMATS = [["strong"], ["em"], ["code"], ["s"]]
SELECTORS = [
    ALL_LINKS,
    LinkSelector(external_only=True),
    LinkSelector(domains=("spam.test",)),
    LinkSelector(pattern="example"),
]
NOTHING = LinkSelector(domains=("nowhere.invalid",))


def _card(url: str, kind: str) -> list[Any]:
    payloads: dict[str, dict[str, Any]] = {
        "html": {"html": f'<p>Go <a href="{url}">there</a> now</p>'},
        "image": {"src": "/i.png", "href": url, "caption": f'By <a href="{url}">me</a>'},
        "markdown": {"markdown": f"Read [this]({url}) first"},
        "card-markdown": {"markdown": f"<{url}>" if url.startswith("http") else "plain"},
        "bookmark": {"url": url, "metadata": {"title": "T", "description": "D"}, "caption": ""},
        "hr": {},
    }
    return [kind, payloads[kind]]


def _markers(draw: st.DrawFn, markups: int) -> list[Any]:
    """Markers whose opens and closes respect LIFO and close everything by the end."""
    count = draw(st.integers(0, 5))
    markers: list[Any] = []
    depth = 0
    for position in range(count):
        opens = draw(st.lists(st.integers(0, markups - 1), max_size=3)) if markups else []
        depth += len(opens)
        closes = depth if position == count - 1 else draw(st.integers(0, depth))
        depth -= closes
        if draw(st.integers(0, 4)) == 0:
            markers.append([1, opens, closes, draw(st.integers(0, len(ATOMS) - 1))])
        else:
            markers.append([0, opens, closes, draw(st.text("ab <&é", max_size=4))])
    return markers


@st.composite
def documents(draw: st.DrawFn) -> Doc:
    markups = draw(
        st.lists(st.one_of(st.sampled_from(FORMATS), st.sampled_from(URLS).map(a)), max_size=6)
    )
    cards: list[Any] = []
    sections: list[Any] = []
    for kind in draw(st.lists(st.sampled_from(["p", "list", "image", "card"]), max_size=6)):
        if kind == "p":
            sections.append([1, draw(st.sampled_from(["p", "h2"])), _markers(draw, len(markups))])
        elif kind == "list":
            items = [_markers(draw, len(markups)) for _ in range(draw(st.integers(0, 3)))]
            sections.append([3, draw(st.sampled_from(["ul", "ol"])), items])
        elif kind == "image":
            sections.append([2, "/content/images/x.png"])
        else:
            card_kinds = ["html", "image", "markdown", "card-markdown", "bookmark", "hr"]
            cards.append(_card(draw(st.sampled_from(URLS)), draw(st.sampled_from(card_kinds))))
            sections.append([10, len(cards) - 1])
    return make(markups, sections, cards)


@settings(max_examples=300, deadline=None)
@given(documents(), st.sampled_from(SELECTORS))
def test_strip_keeps_text_and_formatting(doc: Doc, selector: LinkSelector) -> None:
    before = copy.deepcopy(doc)
    result = mobiledoc.strip_links(doc, selector)
    new = result.document
    assert doc == before
    assert_valid(new)
    assert mobiledoc.visible_text(new) == mobiledoc.visible_text(doc)
    assert render_html(new) == render_html(doc, hide=selector.selects)
    assert not any(m[0] == "a" and selector.selects(_href(m)) for m in new["markups"])
    left = [x for x in mobiledoc.list_links(new) if x.where != "link-card"]
    assert not any(selector.selects(x.url) for x in left)
    selected = [x for x in mobiledoc.list_links(doc) if x.where != "link-card"]
    assert result.removed == sum(1 for x in selected if selector.selects(x.url))
    assert json.loads(mobiledoc.serialize(new)) == new


@settings(max_examples=300, deadline=None)
@given(documents(), st.sampled_from(SELECTORS), st.sampled_from(LINK_CARD_MODES))
def test_strip_is_valid_and_idempotent(
    doc: Doc, selector: LinkSelector, mode: LinkCardMode
) -> None:
    new = strip(doc, selector, mode)
    again = mobiledoc.strip_links(new, selector, mode)
    assert not again.changed
    assert again.document == new
    if mode != "keep":
        assert not any(selector.selects(x.url) for x in mobiledoc.list_links(new))


@settings(max_examples=200, deadline=None)
@given(documents(), st.sampled_from(LINK_CARD_MODES))
def test_selecting_nothing_returns_the_document_unchanged(doc: Doc, mode: LinkCardMode) -> None:
    result = mobiledoc.strip_links(doc, NOTHING, mode)
    assert not result.changed
    assert result.document == doc
    assert all(a is b for a, b in zip(result.document["sections"], doc["sections"], strict=True))


def test_link_cards_as_text_keep_the_links_not_selected() -> None:
    from ghostkit.content.selection import LinkSelector

    doc: Doc = {
        "version": "0.3.1",
        "atoms": [],
        "markups": [["a", ["href", "https://out.org"]], ["em"]],
        "cards": [
            [
                "bookmark",
                {
                    "url": "https://out.org/b",
                    "metadata": {"title": "T"},
                    "caption": 'see <a href="/here/">here</a>',
                },
            ]
        ],
        "sections": [[1, "p", [[0, [0, 1], 2, "x"]]], [10, 0]],
    }
    selector = LinkSelector(external_only=True, site_url="https://my.site")
    result = mobiledoc.strip_links(doc, selector, link_cards="text")
    new = result.document
    assert_valid(new)
    assert new["markups"] == [["em"], ["a", ["href", "/here/"]]]
    assert new["sections"] == [
        [1, "p", [[0, [0], 1, "x"]]],
        [1, "p", [[0, [], 0, "T see "], [0, [1], 1, "here"]]],
    ]
    assert [link.url for link in mobiledoc.list_links(new)] == ["/here/"]
