"""What a restore compares, and what it would put back."""

from __future__ import annotations

from ghostkit.operations.restore import Difference, RestorePlan, differing

LEXICAL = '{"root":{"children":[],"type":"root"}}'
MOBILEDOC = '{"version":"0.3.1","sections":[]}'


def test_the_fields_that_differ_are_named_in_order() -> None:
    saved = {"slug": "a", "title": "Old", "status": "published", "lexical": LEXICAL}
    current = {"slug": "a", "title": "New", "status": "draft", "lexical": LEXICAL + " "}
    assert differing("posts", saved, current) == ["title", "lexical", "status"]
    assert differing("posts", saved, saved) == []


def test_a_status_is_shown_but_never_put_back() -> None:
    saved, current = {"title": "A", "status": "published"}, {"title": "B", "status": "draft"}
    change = Difference("posts", saved, current, differing("posts", saved, current))
    assert change.fields == ["title", "status"] and change.restorable == ["title"]


def test_mobiledoc_is_compared_only_while_the_site_still_holds_mobiledoc() -> None:
    ghost5 = {"title": "A", "lexical": None, "mobiledoc": MOBILEDOC}
    converted = {"title": "A", "lexical": LEXICAL, "mobiledoc": None}
    assert differing("posts", ghost5, converted) == []
    edited = {"title": "A", "lexical": None, "mobiledoc": MOBILEDOC.replace("[]", "[[1]]")}
    assert differing("posts", ghost5, edited) == ["mobiledoc"]


def test_staff_users_are_shown_missing_but_not_counted_to_create() -> None:
    plan = RestorePlan(create={"users": [{"email": "a@example.com"}], "tags": [{"slug": "t"}]})
    rows = list(plan.rows())
    assert ("users", "create", "a@example.com", rows[1][3]) in rows
    assert "invited" in rows[1][3]
    assert plan.counts() == {"create": 1, "change": 0, "same": 0}
