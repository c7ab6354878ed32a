"""Filters as ghostkit sends them: Ghost reads a group whose only content is another group
(and a whole filter in one group, which it puts inside a group of its own) as no filter at
all, so those parentheses are taken away before a filter is sent. Measured on Ghost 6.65:
`(slug:a)` lists every post, and a bulk unpublish of `(id:X+updated_at:'...')` (which
Ghost sends on as `(status:published)+((...))`) unpublished every published post."""

from __future__ import annotations

import pytest

from ghostkit.core.errors import ConfigurationError
from ghostkit.core.query import encode_params, plain_filter


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("slug:a", "slug:a"),
        ("(slug:a)", "slug:a"),
        ("((slug:a))", "slug:a"),
        (" ( (tag:a,tag:b) ) ", "tag:a,tag:b"),
        ("(a:1),(b:2)", "(a:1),(b:2)"),
        ("((a:1),(b:2))", "(a:1),(b:2)"),
        ("(a:1)+(b:2)", "(a:1)+(b:2)"),
        ("status:draft+((tag:a))", "status:draft+(tag:a)"),
        ("status:draft+(((tag:a,tag:b)))+x:1", "status:draft+(tag:a,tag:b)+x:1"),
        ("x:1+((a:1),(b:2))", "x:1+((a:1),(b:2))"),
        ("title:'(a)'", "title:'(a)'"),
        ("(title:'((b))')", "title:'((b))'"),
        ('(title:"it\'s (x)")', 'title:"it\'s (x)"'),
        ("(title:'a\\')')", "title:'a\\')'"),
        ("(a:1", "(a:1"),  # unbalanced: sent as given, Ghost says what is wrong
        ("a:1)", "a:1)"),
        ("()", "()"),
    ],
)
def test_parentheses_ghost_would_misread_are_taken_away(given: str, sent: str) -> None:
    assert plain_filter(given) == sent


def test_every_filter_sent_is_made_plain() -> None:
    assert encode_params({"filter": "(slug:a)", "limit": 5}) == {"filter": "slug:a", "limit": "5"}


@pytest.mark.parametrize("given", ["yg:1", "tag:a+yg:'x'", "(yg:1),slug:a", "-yg:1"])
def test_a_condition_ghost_skips_is_refused(given: str) -> None:
    with pytest.raises(ConfigurationError, match="match every item"):
        plain_filter(given)


def test_yg_inside_quotes_or_a_longer_name_is_text() -> None:
    assert plain_filter("title:'yg:1'") == "title:'yg:1'"
    assert plain_filter("slug:yg-notes+tags.slug:pyg") == "slug:yg-notes+tags.slug:pyg"
