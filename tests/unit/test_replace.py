"""Find and replace: literal text is literal, both ways; what cannot work is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ghostkit.content import lexical, mobiledoc
from ghostkit.core.errors import ConfigurationError
from ghostkit.operations.transforms import ReplaceText

Node = dict[str, Any]


def lexical_doc(*texts: str) -> Node:
    paragraphs = [
        {
            "children": [{"type": "extended-text", "text": t, "format": 0, "version": 1}],
            "type": "paragraph",
            "version": 1,
        }
        for t in texts
    ]
    return {"root": {"type": "root", "children": paragraphs, "version": 1}}


def mobiledoc_doc(*texts: str) -> Node:
    sections = [[1, "p", [[0, [], 0, t]]] for t in texts]
    return {"version": "0.3.1", "atoms": [], "cards": [], "markups": [], "sections": sections}


def lexical_texts(document: Node) -> list[str]:
    return [p["children"][0]["text"] for p in document["root"]["children"]]


def mobiledoc_texts(document: Node) -> list[str]:
    return [s[2][0][3] for s in document["sections"]]


FORMATS = [
    ("lexical", lexical, lexical_doc, lexical_texts),
    ("mobiledoc", mobiledoc, mobiledoc_doc, mobiledoc_texts),
]


@pytest.mark.parametrize(("name", "module", "build", "texts"), FORMATS)
@pytest.mark.parametrize(
    "replacement",
    [r"C:\temp\new", r"\1", r"\g<0>", "\\", r"\n\t", "$1 & \\0"],
)
def test_literal_replacement_is_put_in_as_written(
    name: str, module: Any, build: Any, texts: Any, replacement: str
) -> None:
    new, count = module.replace_text(build("path: OLD here", "OLD"), "OLD", replacement)
    assert count == 2
    assert texts(new) == [f"path: {replacement} here", replacement]


@pytest.mark.parametrize(("name", "module", "build", "texts"), FORMATS)
def test_literal_find_is_not_a_pattern(name: str, module: Any, build: Any, texts: Any) -> None:
    new, count = module.replace_text(build(r"a.b axb (x) \d"), r"(x) \d", "Y")
    assert (count, texts(new)) == (1, ["a.b axb Y"])


@pytest.mark.parametrize(("name", "module", "build", "texts"), FORMATS)
def test_regex_replacement_is_a_template(name: str, module: Any, build: Any, texts: Any) -> None:
    new, count = module.replace_text(build("v1 v22"), r"v(\d+)", r"version \1", regex=True)
    assert (count, texts(new)) == (2, ["version 1 version 22"])


@pytest.mark.parametrize(("name", "module", "build", "texts"), FORMATS)
@pytest.mark.parametrize("regex", [False, True])
def test_empty_find_is_refused(name: str, module: Any, build: Any, texts: Any, regex: bool) -> None:
    with pytest.raises(ConfigurationError) as caught:
        module.replace_text(build("abc"), "", "-", regex=regex)
    assert "empty" in caught.value.message
    assert caught.value.hint


@pytest.mark.parametrize(("name", "module", "build", "texts"), FORMATS)
@pytest.mark.parametrize("find", ["x*", "^", "$", "(?:)", "a?", r"\b", "(?=a)", "|b", r"\s*"])
def test_regex_that_matches_empty_text_is_refused(
    name: str, module: Any, build: Any, texts: Any, find: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        module.replace_text(build("a b"), find, "-", regex=True)
    assert "empty" in caught.value.message
    assert caught.value.hint


@pytest.mark.parametrize(("name", "module", "build", "texts"), FORMATS)
def test_regex_matching_empty_only_in_some_text_is_refused_there(
    name: str, module: Any, build: Any, texts: Any
) -> None:
    """A lookbehind for a rare character matches nothing in the probes, but matches empty
    text in a document that has it: refused when met, before anything is changed."""
    with pytest.raises(ConfigurationError, match="empty"):
        module.replace_text(build("plain", "caf\u00e9\u2603 x"), "(?<=\u2603)", "-", regex=True)


@pytest.mark.parametrize(("name", "module", "build", "texts"), FORMATS)
@pytest.mark.parametrize(
    ("find", "replacement", "says"),
    [
        ("([", "x", "not a valid regular expression"),
        ("a", r"\1", "replacement"),
        ("(a)", r"\2", "replacement"),
        ("(?P<n>a)", r"\g<m>", "replacement"),
        ("a", "\\", "replacement"),
    ],
)
def test_bad_regex_or_template_is_a_clear_error(
    name: str, module: Any, build: Any, texts: Any, find: str, replacement: str, says: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        module.replace_text(build("no match here"), find, replacement, regex=True)
    assert says in caught.value.message
    assert caught.value.hint
    assert "\n" not in caught.value.message


def test_the_transform_refuses_before_it_sees_a_document() -> None:
    for args in [("", "x", False), ("", "x", True), ("x*", "y", True), ("(", "y", True)]:
        with pytest.raises(ConfigurationError):
            ReplaceText(*args)
    ReplaceText("a", r"C:\temp\new")  # literal: any replacement is fine
    with pytest.raises(ConfigurationError):
        ReplaceText("a", r"\1", True)


def test_the_transform_replaces_literally() -> None:
    result = ReplaceText("OLD", r"C:\temp\new").transform("lexical", lexical_doc("OLD"))
    assert lexical_texts(result.document) == [r"C:\temp\new"]
    result = ReplaceText("OLD", r"\1").transform("mobiledoc", mobiledoc_doc("x OLD"))
    assert mobiledoc_texts(result.document) == [r"x \1"]
    assert json.loads(json.dumps(result.document)) == result.document


def markdown_lexical(markdown: str) -> Node:
    return {"root": {"type": "root", "children": [{"type": "markdown", "markdown": markdown}]}}


def markdown_mobiledoc(markdown: str) -> Node:
    return {
        "version": "0.3.1",
        "atoms": [],
        "cards": [["card-markdown", {"markdown": markdown}]],
        "markups": [],
        "sections": [[10, 0]],
    }


MARKDOWN_FORMATS = [
    (lexical, markdown_lexical, lambda d: d["root"]["children"][0]["markdown"]),
    (mobiledoc, markdown_mobiledoc, lambda d: d["cards"][0][1]["markdown"]),
]


@pytest.mark.parametrize(("module", "build", "source"), MARKDOWN_FORMATS)
def test_markdown_cards_have_their_text_replaced_and_never_their_urls(
    module: Any, build: Any, source: Any
) -> None:
    """A post written in Markdown (as `posts push` stores it) is text too."""
    markdown = (
        "Acme makes [Acme tools](https://acme.com/acme) at <https://acme.org>, https://acme.net\n"
        '![Acme](https://acme.com/acme.png) <a href="https://acme.io">Acme</a>\n\n'
        "[ref]: https://acme.dev/acme\n\n```\nacme code\n```\n"
    )
    new, count = module.replace_text(build(markdown), "cme", "CME")
    assert count == 4
    assert source(new) == (
        "ACME makes [ACME tools](https://acme.com/acme) at <https://acme.org>, https://acme.net\n"
        '![ACME](https://acme.com/acme.png) <a href="https://acme.io">ACME</a>\n\n'
        "[ref]: https://acme.dev/acme\n\n```\nacme code\n```\n"
    )


@pytest.mark.parametrize(("module", "build", "source"), MARKDOWN_FORMATS)
def test_what_goes_into_markdown_shows_as_written(module: Any, build: Any, source: Any) -> None:
    new, count = module.replace_text(build("Path: OLD, see OLD"), "OLD", r"C:\temp\*new*")
    assert count == 2
    from ghostkit.content.html_links import visible_text
    from ghostkit.content.markdown_source import MD

    assert visible_text(MD.render(source(new))).strip() == r"Path: C:\temp\*new*, see C:\temp\*new*"


@pytest.mark.parametrize(("module", "build", "source"), MARKDOWN_FORMATS)
def test_a_find_across_a_links_syntax_changes_nothing(module: Any, build: Any, source: Any) -> None:
    document = build("[a] and [b](https://b.org)\n\n[a]: https://a.org\n")
    new, count = module.replace_text(document, "[a]", "x")
    assert (count, source(new)) == (0, source(document))
