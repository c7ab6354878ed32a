"""Listings parsed in one pass, and odd answers read leniently."""

from __future__ import annotations

import json

from ghostkit.clients.listing import parse_listing
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


def test_an_answer_of_another_shape_gives_an_empty_or_partial_page() -> None:
    assert parse_listing(b"", Tag, "tags")[0] == []
    assert parse_listing(b"<html>proxy page</html>", Tag, "tags")[0] == []
    items, pagination = parse_listing(b'{"tags": [{"id": "x"}, 3]}', Tag, "tags")
    assert [i.id for i in items] == ["x"] and pagination.total == 0
    single, _ = parse_listing(b'{"tags": {"id": "y"}}', Tag, "tags")
    assert [i.id for i in single] == ["y"]
