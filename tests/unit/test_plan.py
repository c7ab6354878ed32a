"""What a plan shows of a post before anything is written."""

from __future__ import annotations

from ghostkit.content import lexical
from ghostkit.content.selection import LinkSelector
from ghostkit.models import Post
from ghostkit.operations.plan import plan_post
from ghostkit.operations.transforms import ReplaceText, StripLinks


def markdown_post(markdown: str) -> Post:
    return Post.model_validate(
        {"id": "0" * 24, "slug": "p", "lexical": lexical.markdown_document(markdown)}
    )


def test_the_diff_of_a_markdown_post_shows_its_text_changing() -> None:
    plan = plan_post(
        markdown_post("Hello OLD world\n\nSecond\n"), "posts", ReplaceText("OLD", "new")
    )
    assert plan is not None and plan.removed == 1
    diff = plan.diff().splitlines()
    assert "-markdown: Hello OLD world" in diff
    assert "+markdown: Hello new world" in diff


def test_the_diff_of_a_markdown_strip_shows_the_link_becoming_text() -> None:
    post = markdown_post("See [the docs](https://x.org) now\n")
    plan = plan_post(post, "posts", StripLinks(LinkSelector()))
    assert plan is not None
    diff = plan.diff().splitlines()
    assert "-markdown: See [the docs](https://x.org) now" in diff
    assert "+markdown: See the docs now" in diff
    assert "-link: https://x.org  (markdown)" in diff
