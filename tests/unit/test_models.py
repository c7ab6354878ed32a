"""Models: attribute access to what Ghost nests, and pages that fetch the next page."""

from __future__ import annotations

import json

import httpx
import pytest

from ghostkit import AsyncGhostAdmin, GhostAdmin
from ghostkit.core.errors import ConfigurationError
from ghostkit.models import Comment, Member, Newsletter, Offer, Page, Post, Tag, User

URL = "https://site.test"
KEY = "6489d3b9a1c2b40001a1b2c3:" + "ab" * 32


def test_count_is_read_as_attributes_and_as_a_dict() -> None:
    user = User.model_validate({"id": "1", "name": "A", "count": {"posts": 3}})
    assert user.count is not None
    assert user.count.posts == 3
    assert user.count["posts"] == 3
    assert user.count.get("members") is None and "posts" in user.count
    assert dict(user.count.items()) == {"posts": 3} and user.count == {"posts": 3}
    assert user.to_dict() == {"id": "1", "name": "A", "count": {"posts": 3}}
    tag = Tag.model_validate({"count": {"posts": 7}})
    assert tag.count is not None and tag.count.posts == 7
    letter = Newsletter.model_validate({"count": {"posts": 1, "members": 2}})
    assert letter.count is not None and letter.count.members == 2


def test_nested_objects_are_models_and_still_answer_like_dicts() -> None:
    member = Member.model_validate({"newsletters": [{"id": "n1", "name": "Weekly"}]})
    assert member.newsletters is not None
    assert member.newsletters[0].name == "Weekly" and member.newsletters[0]["id"] == "n1"
    offer = Offer.model_validate({"tier": {"id": "t1", "name": "Gold"}})
    assert offer.tier is not None and offer.tier.name == "Gold" and offer.tier["name"] == "Gold"
    comment = Comment.model_validate({"member": {"id": "m", "email": "a@b.c"}})
    assert comment.member is not None and comment.member.email == "a@b.c"
    post = Post.model_validate({"tiers": [{"name": "Free"}], "newsletter": {"slug": "weekly"}})
    assert post.tiers is not None and post.tiers[0].name == "Free"
    assert post.newsletter is not None and post.newsletter.slug == "weekly"
    assert post.to_dict()["newsletter"] == {"slug": "weekly"}


def _pages(request: httpx.Request) -> httpx.Response:
    number = int(request.url.params.get("page", "1"))
    pages = 3
    return httpx.Response(
        200,
        json={
            "posts": [{"id": f"{number:024x}", "title": f"p{number}"}],
            "meta": {
                "pagination": {
                    "page": number,
                    "limit": 1,
                    "pages": pages,
                    "total": pages,
                    "next": number + 1 if number < pages else None,
                    "prev": number - 1 if number > 1 else None,
                }
            },
        },
    )


def test_a_page_fetches_the_next_one_with_the_same_query() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _pages(request)

    with GhostAdmin(URL, key=KEY, transport=httpx.MockTransport(answer)) as admin:
        page: Page[Post] | None = admin.posts.browse(limit=1, filter="status:draft")
        titles = []
        while page is not None:
            titles.extend(post.title for post in page)
            page = page.next_page()
    assert titles == ["p1", "p2", "p3"]
    assert [r.url.params.get("page") for r in seen] == [None, "2", "3"]
    assert {r.url.params["filter"] for r in seen} == {"status:draft"}


@pytest.mark.anyio
async def test_an_async_page_fetches_the_next_one() -> None:
    async with AsyncGhostAdmin(URL, key=KEY, transport=httpx.MockTransport(_pages)) as admin:
        page = await admin.posts.browse(limit=1)
        titles = []
        while page is not None:
            titles.extend(post.title for post in page)
            page = await page.next_page()
    assert titles == ["p1", "p2", "p3"]


def test_a_page_not_read_by_a_client_says_so() -> None:
    page = Page[Post].model_validate(
        {"items": [], "pagination": json.loads('{"page": 1, "next": 2}')}
    )
    with pytest.raises(ConfigurationError, match="next page"):
        page.next_page()  # type: ignore[attr-defined]
