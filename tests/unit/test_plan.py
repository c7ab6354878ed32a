"""What a plan shows of a post before anything is written."""

from __future__ import annotations

from ghostkit.content import lexical
from ghostkit.content.selection import LinkSelector
from ghostkit.models import Post
from ghostkit.operations.change import Change, Item
from ghostkit.operations.plan import ItemPlan
from ghostkit.operations.select import plan_item
from ghostkit.operations.transforms import ReplaceText, StripLinks


def plan_post(post: Post, change: Change) -> ItemPlan:
    return plan_item(change, change.kind, Item("posts", post.to_dict()))


def markdown_post(markdown: str) -> Post:
    return Post.model_validate(
        {"id": "0" * 24, "slug": "p", "lexical": lexical.markdown_document(markdown)}
    )


def test_the_diff_of_a_markdown_post_shows_its_text_changing() -> None:
    plan = plan_post(markdown_post("Hello OLD world\n\nSecond\n"), ReplaceText("OLD", "new"))
    assert plan.counts == {"replacements": 1}
    diff = plan.diff().splitlines()
    assert "-markdown: Hello OLD world" in diff
    assert "+markdown: Hello new world" in diff


def test_the_diff_of_a_markdown_strip_shows_the_link_becoming_text() -> None:
    post = markdown_post("See [the docs](https://x.org) now\n")
    plan = plan_post(post, StripLinks(LinkSelector()))
    assert plan.changed
    diff = plan.diff().splitlines()
    assert "-markdown: See [the docs](https://x.org) now" in diff
    assert "+markdown: See the docs now" in diff
    assert "-link: https://x.org  (markdown)" in diff


def test_the_diff_of_other_fields_shows_each_field_before_and_after() -> None:
    class Retitle(Change):
        kind = "retitle"
        reads = ("title", "tags")

        def plan(self, item: Item) -> dict[str, object]:
            return {"title": "New", "tags": [{"name": "legacy"}]}

    post = Item("posts", {"id": "0" * 24, "slug": "p", "title": "Old", "tags": []})
    plan = plan_item(Retitle(), "retitle", post)
    diff = plan.diff().splitlines()
    assert "-title: Old" in diff and "+title: New" in diff
    assert "+tags: legacy" in diff
    assert plan.before == {"title": "Old", "tags": []}


def test_a_patch_that_sets_what_is_there_changes_nothing() -> None:
    class Same(Change):
        kind = "same"

        def plan(self, item: Item) -> dict[str, object]:
            return {"title": item["title"], "tags": [{"slug": "news"}]}

    post = Item("posts", {"id": "0" * 24, "title": "T", "tags": [{"slug": "news", "id": "1"}]})
    assert not plan_item(Same(), "same", post).changed


def test_the_plan_shows_the_counts_of_the_items_it_leaves(capsys: object) -> None:
    from ghostkit.cli.plans import print_plan
    from ghostkit.operations.change import Patch
    from ghostkit.operations.plan import Plan

    plan = Plan()
    for n, fields in enumerate(({"title": "New"}, {})):
        post = Item("posts", {"id": f"{n:024x}", "slug": f"p{n}", "title": "Old"})
        plan.add(ItemPlan.of(post, Patch(fields, counts={"link cards kept": 1})))
    print_plan(plan, diffs=False)
    shown = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "1 to change (1 link cards kept), 1 unchanged, 1 link cards kept" in shown
