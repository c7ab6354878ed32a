from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghostkit.content.markdown_links import find_links, rendered_link_count, strip_links
from ghostkit.content.markdown_source import MD as _MD

Selects = Callable[[str | None], bool]


def everything(_url: str | None) -> bool:
    return True


def to(*hosts: str) -> Selects:
    """Links whose URL mentions one of these hosts."""
    return lambda url: any(host in (url or "") for host in hosts)


def visible(markdown: str) -> str:
    """The rendered text without tags, whitespace runs as one space (as a browser shows it)."""
    return " ".join(re.sub(r"<[^>]+>", "", _MD.render(markdown)).split())


def strip_and_check(markdown: str, selects: Selects = everything) -> tuple[str, int]:
    """Strip, then check what must always hold: the text reads the same, exactly the removed
    links are gone from the rendering, and stripping again changes nothing."""
    new, removed = strip_links(markdown, selects)
    assert visible(new) == visible(markdown)
    assert rendered_link_count(new) == rendered_link_count(markdown) - removed
    assert not any(selects(link.url) for link in find_links(new) if link.kind != "html-close")
    assert strip_links(new, selects) == (new, 0)
    return new, removed


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[text](https://x.org)", "text"),
        ("a [b](https://x.org/) c", "a b c"),
        ("**[bold *and italic*](https://x.org)** done", "**bold *and italic*** done"),
        ("[`code` label](https://x.org)", "`code` label"),
        ('[t](https://x.org "A title")', "t"),
        ("[t](https://x.org 'single')", "t"),
        ("[t](<https://x.org/a b>)", "t"),
        ("[t](https://x.org/(paren))", "t"),
        ("[a \\] b](https://x.org)", "a \\] b"),
        ("[![alt](https://x.org/i.png)](https://x.org)", "![alt](https://x.org/i.png)"),
        ("[]( https://x.org )", ""),
    ],
)
def test_inline_links_become_their_label(markdown: str, expected: str) -> None:
    new, removed = strip_and_check(markdown)
    assert (new, removed) == (expected, 1)
    assert rendered_link_count(new) == 0


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[full][ref]", "full"),
        ("[Ref][]", "Ref"),
        ("[ref]", "ref"),
        ("[*styled*][ref]", "*styled*"),
    ],
)
def test_reference_links_become_their_label_and_keep_the_definition(
    markdown: str, expected: str
) -> None:
    definition = '[ref]: https://x.org "T"'
    new, removed = strip_and_check(f"{markdown}\n\n{definition}\n")
    assert (new, removed) == (f"{expected}\n\n{definition}\n", 1)


def test_a_bracket_without_a_definition_is_not_a_link() -> None:
    assert strip_and_check("[ref] and [x][nope]") == ("[ref] and [x][nope]", 0)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("<https://x.org/path?q=1>", "https:/\\/x.org/path?q=1"),
        ("mail <me@example.org>!", "mail me\\@example.org!"),
        ("<https://x.org/*not*_emphasis_>", "https:/\\/x.org/\\*not\\*\\_emphasis\\_"),
        ("<https://x.org/%C3%A9t%C3%A9>", "https:/\\/x.org/été"),
    ],
)
def test_autolinks_become_plain_text(markdown: str, expected: str) -> None:
    new, removed = strip_and_check(markdown)
    assert (new, removed) == (expected, 1)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("visit https://x.org/a_b_c now", "visit https:/\\/x.org/a\\_b\\_c now"),
        ("(https://x.org/)", "(https:/\\/x.org/)"),
        ("end https://x.org.", "end https:/\\/x.org."),
        ("mail me@example.org today", "mail me\\@example.org today"),
        ("dash-https://x.org", "dash-https:/\\/x.org"),
        ("https://a.org/?next=https://b.org", "https:/\\/a.org/?next=https:/\\/b.org"),
        ("*https://x.org/_y_*", "*https:/\\/x.org/\\_y\\_*"),
    ],
)
def test_bare_urls_and_addresses_are_escaped_so_they_are_not_linked(
    markdown: str, expected: str
) -> None:
    assert rendered_link_count(markdown) == 1
    new, removed = strip_and_check(markdown)
    assert (new, removed) == (expected, 1)


def test_raw_anchor_tags_are_deleted_around_their_content() -> None:
    markdown = 'Go <a href="https://x.org" title="t">to **x**</a> now'
    assert strip_and_check(markdown) == ("Go to **x** now", 1)


def test_one_of_two_raw_anchors_can_be_chosen() -> None:
    markdown = '<a href="https://a.org">A</a> and <a href="https://b.org">B</a>'
    new, removed = strip_and_check(markdown, to("b.org"))
    assert (new, removed) == ('<a href="https://a.org">A</a> and B', 1)


def test_a_url_shown_inside_a_removed_link_is_not_linked_again() -> None:
    markdown = (
        '<a href="https://x.org">https://x.org</a> and [https://y.org](https://y.org) '
        "and [me@example.org](mailto:me@example.org)"
    )
    new, removed = strip_and_check(markdown)
    assert removed == 3
    assert new == "https:/\\/x.org and https:/\\/y.org and me\\@example.org"


def test_links_inside_a_label_go_with_it() -> None:
    new, removed = strip_and_check('[<a href="https://in.org">in</a> <https://x.org>](/out)')
    assert (new, removed) == ("in https:/\\/x.org", 3)


def test_html_blocks_are_unwrapped_in_place() -> None:
    markdown = (
        "Intro.\n\n"
        '<div class="box">\n'
        '  <p><A HREF="https://x.org">X</A> &amp; <a href="https://keep.org">K</a></p>\n'
        "</div>\n\n"
        "Outro [o](https://x.org/o).\n"
    )
    new, removed = strip_and_check(markdown, to("x.org"))
    assert removed == 2
    assert new == (
        "Intro.\n\n"
        '<div class="box">\n'
        '  <p>X &amp; <a href="https://keep.org">K</a></p>\n'
        "</div>\n\n"
        "Outro o.\n"
    )


def test_html_block_links_are_listed() -> None:
    links = find_links('<div>\n<a href="https://x.org">X</a>\n</div>\n\n[y](https://y.org)\n')
    assert [(link.kind, link.url, link.text) for link in links] == [
        ("html", "https://x.org", "X"),
        ("html-close", None, ""),
        ("link", "https://y.org", "y"),
    ]


def test_links_in_block_quotes_and_lists() -> None:
    markdown = (
        "> quoted [a](https://x.org/a)\n"
        "> and <https://x.org/b>\n"
        "\n"
        "- item [c](https://x.org/c)\n"
        "  - nested https://x.org/d\n"
        "1. numbered [e][ref]\n"
        "\n"
        "[ref]: https://x.org/e\n"
    )
    new, removed = strip_and_check(markdown)
    assert removed == 5
    assert new == (
        "> quoted a\n"
        "> and https:/\\/x.org/b\n"
        "\n"
        "- item c\n"
        "  - nested https:/\\/x.org/d\n"
        "1. numbered e\n"
        "\n"
        "[ref]: https://x.org/e\n"
    )


def test_tables_with_identical_looking_cells() -> None:
    markdown = (
        "| a | b |\n"
        "|---|---|\n"
        "| [x](https://x.org) | [x](https://x.org) |\n"
        "| `[x](https://x.org)` | [x](https://x.org) |\n"
    )
    new, removed = strip_and_check(markdown)
    assert removed == 3
    assert new == ("| a | b |\n|---|---|\n| x | x |\n| `[x](https://x.org)` | x |\n")


def test_links_in_code_are_not_touched() -> None:
    markdown = (
        "`[a](https://x.org)` and `<https://x.org>` and `https://x.org` and `me@x.org`\n"
        "\n"
        "    [indented](https://x.org) https://x.org\n"
        "\n"
        "```md\n"
        "[fenced](https://x.org) <https://x.org> me@x.org <a href='https://x.org'>a</a>\n"
        "```\n"
    )
    assert rendered_link_count(markdown) == 0
    assert strip_and_check(markdown) == (markdown, 0)


def test_code_next_to_a_link_with_the_same_text() -> None:
    markdown = "`x me@x.org` me@x.org and `[a](https://x.org)` [a](https://x.org)"
    new, removed = strip_and_check(markdown)
    assert (new, removed) == ("`x me@x.org` me\\@x.org and `[a](https://x.org)` a", 2)


def test_images_are_not_links_and_their_alt_text_is_not_searched() -> None:
    markdown = "[a](https://x.org) ![[a](https://x.org) <https://x.org>](https://x.org/i.png)"
    assert strip_and_check(markdown) == (
        "a ![[a](https://x.org) <https://x.org>](https://x.org/i.png)",
        1,
    )


def test_escaped_brackets_are_not_links() -> None:
    markdown = "\\[not a link\\](/x) and \\<https:/\\/x.org>"
    assert rendered_link_count(markdown) == 0
    assert strip_and_check(markdown) == (markdown, 0)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[#](#x) Title", "\\# Title"),
        ("[1.](https://x.org) Step", "1\\. Step"),
        ('<a href="https://x.org">1.</a> Step', "1\\. Step"),
        ("- [-](https://x.org) x", "- \\- x"),
        ("[](https://x.org) - x", " \\- x"),
        ("> [>](https://x.org) q", "> \\> q"),
        ("intro\n[===](https://x.org)", "intro\n\\==="),
        ("## Title [#](https://x.org/#t)", "## Title \\#"),
    ],
)
def test_text_left_at_the_start_or_end_of_a_line_keeps_the_blocks(
    markdown: str, expected: str
) -> None:
    """A label such as `#` or `1.` would start a heading or a list once its link is gone,
    and `#`s at the end of a heading would close it."""
    new, removed = strip_and_check(markdown)
    assert (new, removed) == (expected, 1)


def test_a_linked_image_in_raw_html_stays_inline() -> None:
    markdown = '<a href="https://x.org"><img src="/i.png"></a>\nSome *text*'
    new, removed = strip_and_check(markdown)
    assert (new, removed) == ('<span></span><img src="/i.png">\nSome *text*', 1)
    assert "<em>text</em>" in _MD.render(new)


def test_an_html_block_opened_by_a_link_stays_an_html_block() -> None:
    markdown = '<a href="https://x.org">\n  <img src="/i.png">\n  *raw*\n</a>\n\nafter\n'
    new, removed = strip_and_check(markdown)
    assert (new, removed) == ('<span>\n  <img src="/i.png">\n  *raw*\n</span>\n\nafter\n', 1)
    assert "<em>" not in _MD.render(new)


def test_a_reference_before_a_removed_link_does_not_become_a_link() -> None:
    markdown = "[r][a](https://x.org)\n\n[r]: /r\n"
    assert rendered_link_count(markdown) == 1
    assert strip_and_check(markdown) == ("\\[r]a\n\n[r]: /r\n", 1)


def test_only_selected_links_go() -> None:
    markdown = "[a](https://a.org) [b](https://b.org) <https://b.org/x> https://a.org/y"
    new, removed = strip_and_check(markdown, to("b.org"))
    assert removed == 2
    assert new == "[a](https://a.org) b https:/\\/b.org/x https://a.org/y"


def test_found_links_carry_kind_url_text_and_span() -> None:
    markdown = "[t](https://a.org) <https://b.org> https://c.org me@d.org"
    found = [(link.kind, link.url, link.text) for link in find_links(markdown)]
    assert found == [
        ("link", "https://a.org", "t"),
        ("autolink", "https://b.org", "https://b.org"),
        ("bare", "https://c.org", "https://c.org"),
        ("bare", "mailto:me@d.org", "me@d.org"),
    ]
    for link in find_links(markdown):
        assert markdown[link.start : link.end] in markdown
        assert link.end > link.start


# --- properties ---------------------------------------------------------------------------

URLS = ["https://a.org/x", "https://b.org/?q=1&r=2", "https://sub.a.org/p_q", "/local"]
WORDS = ["alpha", "beta", "é", "日本", "x_y", "a.b", "-", "1."]


@st.composite
def fragment(draw: st.DrawFn) -> str:
    url = draw(st.sampled_from(URLS))
    word = draw(st.sampled_from(WORDS))
    kind = draw(
        st.sampled_from(
            [
                "word",
                "link",
                "fancy",
                "auto",
                "bare",
                "mail",
                "code",
                "emph",
                "html",
                "ref",
                "image",
            ]
        )
    )
    return {
        "word": word,
        "link": f"[{word}]({url})",
        "fancy": f'**[*{word}* `c`]({url} "t")**',
        "auto": f"<{url}>" if url.startswith("http") else f"<{url[1:]}@mail.org>",
        "bare": url if url.startswith("http") else "mail@a.org",
        "mail": f"{word.strip('.-')}me@b.org",
        "code": f"`[{word}]({url}) {url}`",
        "emph": f"*{word}*",
        "html": f'<a href="{url}">{word}</a>',
        "ref": f"[{word}][r1]",
        "image": f"![{word} {url}]({url})",
    }[kind]


@st.composite
def documents(draw: st.DrawFn) -> str:
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        lines = [
            " ".join(draw(st.lists(fragment(), min_size=1, max_size=5)))
            for _ in range(draw(st.integers(1, 2)))
        ]
        prefix = draw(st.sampled_from(["", "> ", "- ", "## "]))
        paragraphs.append("\n".join(prefix + line for line in lines))
    return "\n\n".join([*paragraphs, "[r1]: https://b.org/ref"]) + "\n"


@settings(max_examples=120, deadline=None)
@given(documents())
def test_stripping_every_link_keeps_the_text(markdown: str) -> None:
    new, removed = strip_and_check(markdown)
    assert rendered_link_count(new) == 0
    assert removed == rendered_link_count(markdown)


@settings(max_examples=80, deadline=None)
@given(documents(), st.sampled_from(["a.org", "b.org", "nothing.invalid"]))
def test_stripping_some_links_keeps_the_others(markdown: str, host: str) -> None:
    new, _ = strip_and_check(markdown, to(host))
    before = [link.url for link in find_links(markdown) if link.kind != "html-close"]
    after = [link.url for link in find_links(new) if link.kind != "html-close"]
    assert after == [url for url in before if not to(host)(url)]
    if host == "nothing.invalid":
        assert new == markdown
