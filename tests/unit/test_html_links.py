from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghostkit.content.html_links import find_links, unwrap_links, visible_text


def everything(_href: str | None) -> bool:
    return True


def only(*hrefs: str) -> Callable[[str | None], bool]:
    return lambda href: href in hrefs


# --- find_links ---------------------------------------------------------------------------


def test_finds_each_link_with_its_href_text_and_tag_spans() -> None:
    html = '<p>See <a href="https://a.org/">the <b>site</b></a> and <a href="/b">b</a>.</p>'
    first, second = find_links(html)
    assert (first.href, first.text) == ("https://a.org/", "the site")
    assert html[slice(*first.start)] == '<a href="https://a.org/">'
    assert first.end is not None and html[slice(*first.end)] == "</a>"
    assert (second.href, second.text) == ("/b", "b")
    assert html[slice(*second.start)] == '<a href="/b">'


def test_spans_are_exact_across_lines_and_odd_spacing() -> None:
    html = 'one\ntwo <A\n  HREF="https://x.org"\n  class=c >t\nu</A >\nthree'
    (link,) = find_links(html)
    assert link.href == "https://x.org"
    assert link.text == "t\nu"
    assert html[slice(*link.start)] == '<A\n  HREF="https://x.org"\n  class=c >'
    assert link.end is not None and html[slice(*link.end)] == "</A >"


def test_entities_in_text_and_href_are_decoded() -> None:
    (link,) = find_links('<a href="https://x.org/?a=1&amp;b=2">Tom &amp; Jerry &lt;3</a>')
    assert link.href == "https://x.org/?a=1&b=2"
    assert link.text == "Tom & Jerry <3"


def test_anchors_in_comments_scripts_and_attributes_are_not_links() -> None:
    html = (
        '<!-- <a href="https://c.org">c</a> -->'
        "<script>var s = '<a href=\"https://s.org\">s</a>';</script>"
        '<img alt="<a href=https://i.org>i</a>">'
        '<abbr title="x">abbr</abbr>'
    )
    assert find_links(html) == []


def test_an_unclosed_link_has_no_end() -> None:
    (link,) = find_links('<p><a href="https://x.org">open to the end</p>')
    assert link.end is None
    assert link.text == "open to the end"


def test_an_anchor_without_href_is_reported_with_none() -> None:
    (link,) = find_links('<a name="here">here</a>')
    assert link.href is None


# --- unwrap_links -------------------------------------------------------------------------


def test_unwrap_removes_only_the_tags() -> None:
    html = '<p>Before <a href="https://x.org" target="_blank">the <em>link</em></a> after</p>'
    assert unwrap_links(html, everything) == ("<p>Before the <em>link</em> after</p>", 1)


def test_unwrap_keeps_every_other_byte() -> None:
    html = (
        "<div   class='a'  data-x=\"1\">\n"
        "  &nbsp;&amp;&#169; <!-- keep <a href='https://c.org'>me</a> -->\n"
        '  <A HREF="https://x.org/?q=1&amp;r=2" Title="T">Up &lt;case&gt;</A>\n'
        "\t<br/><span>tail</span>\r\n"
        "</div>"
    )
    expected = (
        "<div   class='a'  data-x=\"1\">\n"
        "  &nbsp;&amp;&#169; <!-- keep <a href='https://c.org'>me</a> -->\n"
        "  Up &lt;case&gt;\n"
        "\t<br/><span>tail</span>\r\n"
        "</div>"
    )
    assert unwrap_links(html, everything) == (expected, 1)


def test_unwrap_removes_only_the_selected_links() -> None:
    html = '<a href="https://a.org">A</a> | <a href="https://b.org">B</a> | <a href="/c">C</a>'
    new, count = unwrap_links(html, only("https://b.org"))
    assert count == 1
    assert new == '<a href="https://a.org">A</a> | B | <a href="/c">C</a>'


def test_unwrap_of_an_unclosed_link_removes_its_start_tag() -> None:
    assert unwrap_links('x <a href="u">y <b>z</b>', everything) == ("x y <b>z</b>", 1)


def test_nested_anchors_close_innermost_first() -> None:
    html = '<a href="outer">o <a href="inner">i</a> o</a>'
    assert unwrap_links(html, only("inner")) == ('<a href="outer">o i o</a>', 1)
    assert unwrap_links(html, only("outer")) == ('o <a href="inner">i</a> o', 1)
    assert unwrap_links(html, everything) == ("o i o", 2)


def test_nothing_selected_returns_the_same_string() -> None:
    html = '<p><a href="https://a.org">a</a></p>'
    new, count = unwrap_links(html, lambda _href: False)
    assert (new, count) == (html, 0)


def test_html_without_links_is_untouched() -> None:
    html = "<p>Just <strong>text</strong> &amp; an <abbr>abbr</abbr></p>"
    assert unwrap_links(html, everything) == (html, 0)


def test_selector_sees_the_decoded_href() -> None:
    seen: list[str | None] = []

    def record(href: str | None) -> bool:
        seen.append(href)
        return False

    unwrap_links('<a href="/a?x=1&amp;y=2">a</a><a>no href</a>', record)
    assert seen == ["/a?x=1&y=2", None]


# --- visible_text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello <b>world</b></p>", "Hello world"),
        ("AT&amp;T &lt;b&gt; &copy;", "AT&T <b> ©"),
        ("&amp;amp; stays one level", "&amp; stays one level"),
        ("a&#38;lt;b", "a&lt;b"),
        ('<a href="x">link</a> <!-- hidden --> shown', "link  shown"),
        ("", ""),
    ],
)
def test_visible_text(html: str, text: str) -> None:
    assert visible_text(html) == text


def test_visible_text_is_the_same_after_unwrapping() -> None:
    html = '<p>Go <a href="https://x.org">&lt;here&gt;</a> &amp; back</p>'
    new, _ = unwrap_links(html, everything)
    assert visible_text(new) == visible_text(html) == "Go <here> & back"


# --- properties ---------------------------------------------------------------------------

HREFS = ["https://a.org/", "https://b.org/x?y=1&amp;z=2", "/local", "#top", "mailto:m@x.org"]
TEXT = st.sampled_from(["plain", "Tom &amp; Jerry", "é ü 日本", "  spaced  ", "\n", "&lt;x&gt;"])


@st.composite
def fragments(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["text", "link", "tag", "comment"]))
        if kind == "text":
            parts.append(draw(TEXT))
        elif kind == "link":
            name = draw(st.sampled_from(["a", "A"]))
            quote = draw(st.sampled_from(['"', "'"]))
            extra = draw(st.sampled_from(["", ' class="c"', " target=_blank", "\n rel=x"]))
            href = draw(st.sampled_from(HREFS))
            inner = draw(TEXT)
            if draw(st.booleans()):
                inner = f"<em>{inner}</em>"
            parts.append(f"<{name}{extra} href={quote}{href}{quote}>{inner}</{name}>")
        elif kind == "tag":
            parts.append(draw(st.sampled_from(["<p>", "</p>", "<br>", "<span a='1'>", "</span>"])))
        else:
            parts.append("<!-- <a href='x'>c</a> -->")
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(fragments(), st.sampled_from(HREFS))
def test_unwrapping_deletes_exactly_the_selected_tags(html: str, chosen: str) -> None:
    selects = only(chosen.replace("&amp;", "&"))
    links = find_links(html)
    new, count = unwrap_links(html, selects)
    assert count == sum(1 for link in links if selects(link.href))
    assert visible_text(new) == visible_text(html)
    remaining = [link.href for link in find_links(new)]
    assert remaining == [link.href for link in links if not selects(link.href)]
    deleted = sum(
        (link.start[1] - link.start[0]) + ((link.end[1] - link.end[0]) if link.end else 0)
        for link in links
        if selects(link.href)
    )
    assert len(html) - len(new) == deleted
    assert unwrap_links(new, selects) == (new, 0)
