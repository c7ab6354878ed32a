"""Listings parsed in one pass; an answer that is not Ghost's envelope is refused."""

from __future__ import annotations

import json

import pytest

from ghostkit.clients.listing import parse_listing
from ghostkit.core.errors import NotGhostError
from ghostkit.models import Post, Tag


def test_items_and_pagination_come_from_the_bytes() -> None:
    body = {
        "posts": [{"id": "a" * 24, "title": "One", "extra_field": 1}, {"id": "b" * 24}],
        "meta": {"pagination": {"page": 2, "limit": 2, "pages": 3, "total": 5, "next": 3}},
    }
    items, pagination = parse_listing(json.dumps(body).encode(), Post, "posts")
    assert [type(i) for i in items] == [Post, Post]
    assert items[0].title == "One" and items[0].to_dict()["extra_field"] == 1
    assert (pagination.page, pagination.total, pagination.next) == (2, 5, 3)


def test_an_answer_that_is_not_ghosts_envelope_is_refused() -> None:
    for content in (b"", b"<html>proxy page</html>", b"[1, 2]", b'{"posts": []}', b"null"):
        with pytest.raises(NotGhostError):
            parse_listing(content, Tag, "tags", url="https://s.test/ghost/api/admin/tags/")


def test_inside_the_envelope_entries_of_another_shape_are_left_out() -> None:
    items, pagination = parse_listing(b'{"tags": [{"id": "x"}, 3]}', Tag, "tags")
    assert [i.id for i in items] == ["x"] and pagination.total == 0
    single, _ = parse_listing(b'{"tags": {"id": "y"}}', Tag, "tags")
    assert [i.id for i in single] == ["y"]
