"""`posts set`, `posts tags` and `posts authors`: what each word means, what each change
plans, and the bulk request's shape (the live behaviour: test_live_post_bulk.py)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from ghostkit.core.errors import UsageError
from ghostkit.operations import Engine, Selection
from ghostkit.operations.bulk_endpoint import CHUNK, pinned_filter
from ghostkit.operations.change import Item
from ghostkit.operations.plan import ItemPlan
from ghostkit.operations.post_fields import SetFields, bulk_action, parse_assignments
from ghostkit.operations.post_relations import EditAuthors, EditTags, find_tags
from tests.unit.fake_ghost import API, FakeGhost, post_id, run
from tests.unit.fake_tags import TagSite

TIER = {"id": "f" * 24, "slug": "gold"}


def test_assignments_are_checked_field_by_field() -> None:
    assert parse_assignments(["featured=true", "template=custom-wide", "meta_title="]) == {
        "featured": True,
        "custom_template": "custom-wide",
        "meta_title": None,
    }
    assert parse_assignments(["visibility=tiers"], tiers=[TIER]) == {
        "visibility": "tiers",
        "tiers": [{"id": TIER["id"]}],
    }
    refused = {
        "featured": "featured='yes' is not one of: true, false",
        "status=scheduled": "is not FIELD=VALUE",
        "visibility=secret": "visibility='secret' is not one of",
        "status=scheduled ": "status='scheduled ' is not one of",
        "title=x": "posts set cannot write 'title'",
        "canonical_url=ftp://x": "is not an http(s) URL",
        "feature_image=/content/x.png": "is not an http(s) URL",
        "template=wide": "is not a custom template's name",
        "meta_description=" + "x" * 501: "Ghost takes at most 500",
        "visibility=tiers": "visibility=tiers needs --tiers",
    }
    words = {"featured": ["featured=yes"], "status=scheduled": ["status"]}
    for word, message in refused.items():
        with pytest.raises(UsageError, match=re.escape(message)):
            parse_assignments(words.get(word, [word]))
    with pytest.raises(UsageError, match="only for visibility=tiers"):
        parse_assignments(["visibility=paid"], tiers=[TIER])
    with pytest.raises(UsageError, match="given twice"):
        parse_assignments(["featured=true", "featured=false"])
    with pytest.raises(UsageError, match="at least one"):
        parse_assignments([])


def test_the_bulk_endpoint_takes_only_what_it_can_write_exactly() -> None:
    assert bulk_action({"featured": True}, {}) == ("feature", {})
    assert bulk_action({"featured": False}, {}) == ("unfeature", {})
    assert bulk_action({"visibility": "paid"}, {}) == ("access", {"visibility": "paid"})
    tiers = {"visibility": "tiers", "tiers": [TIER]}
    assert bulk_action(tiers, {}) == (
        "access",
        {"visibility": "tiers", "tiers": [{"id": TIER["id"]}]},
    )
    # the tiers alone of a post that is tiers-only already
    assert bulk_action({"tiers": [TIER]}, {"visibility": "tiers"})[0] == "access"  # type: ignore[index]
    assert bulk_action({"status": "draft"}, {"status": "published"}) == ("unpublish", {})
    for patch, before in (
        ({"status": "published"}, {"status": "draft"}),
        ({"featured": True, "meta_title": "x"}, {}),
        ({"custom_template": "custom-x"}, {}),
        ({"tags": []}, {}),
    ):
        assert bulk_action(patch, before) is None


def test_the_filter_pins_each_post_to_the_version_read() -> None:
    plans = [
        ItemPlan("posts", post_id(n), "s", "t", f"2026-01-0{n + 1}T10:00:0{n}.000Z", {}, {})  # type: ignore[arg-type]
        for n in range(2)
    ]
    assert pinned_filter(plans) == (
        f"(id:{post_id(0)}+updated_at:'2026-01-01 10:00:00'),"
        f"(id:{post_id(1)}+updated_at:'2026-01-02 10:00:01')"
    )
    # one post, in no group: Ghost reads `(status:published)+((...))` as every post
    assert pinned_filter(plans[:1]) == f"id:{post_id(0)}+updated_at:'2026-01-01 10:00:00'"
    plans[0].id = "x') ,id:-null"
    with pytest.raises(ValueError):
        pinned_filter(plans)


def tags(*slugs: str) -> list[dict[str, str]]:
    return [{"id": f"{n:024x}", "slug": s, "name": s.title()} for n, s in enumerate(slugs)]


def test_tags_are_added_after_or_first_and_removed_keeping_the_order() -> None:
    a, b, c = tags("a", "b", "c")
    post = Item("posts", {"id": "1", "tags": [a, b]})
    added = EditTags("add", ({"slug": "c", "name": "C", "id": c["id"]},)).plan(post)
    assert added is not None and [t["slug"] for t in added["tags"]] == ["a", "b", "c"]
    assert added.counts == {"tags added": 1}
    first = EditTags("add", (dict(b),), first=True).plan(post)
    assert first is not None and [t["slug"] for t in first["tags"]] == ["b", "a"]
    assert first.counts == {"tags added": 0}
    removed = EditTags("remove", (dict(a),)).plan(Item("posts", {"tags": [c, a, b]}))
    assert removed is not None and [t["slug"] for t in removed["tags"]] == ["c", "b"]
    made = EditTags("add", ({"name": "New One", "slug": "new-one"},))
    assert made.prerequisites() == {"tags": [{"name": "New One", "slug": "new-one"}]}
    again = EditTags.from_description(json.loads(json.dumps(made.describe())))
    assert again == made


def test_tags_are_found_as_every_tag_command_names_them() -> None:
    site = TagSite()
    news = site.tag("News")
    site.tag("Same", slug="x")
    site.tag("same", slug="y")

    def found(*words: str, create: bool = False) -> tuple[dict[str, Any], ...]:
        return run(lambda admin: find_tags(admin, words, create=create), site)

    assert [t["id"] for t in found("news", "NEWS", "slug:news")] == [news["id"]]
    with pytest.raises(UsageError, match="2 tags are named 'Same'"):
        found("Same")
    assert found("#Inner Notes", create=True) == (
        {"name": "#Inner Notes", "slug": "hash-inner-notes"},
    )
    with pytest.raises(UsageError, match="no tag is named 'Nws'") as unknown:
        found("Nws")
    assert "News" in str(unknown.value.hint)


def test_authors_are_added_set_and_removed_but_never_all() -> None:
    one, two = {"id": "1" * 24, "slug": "one"}, {"id": "2" * 24, "slug": "two"}
    post = Item("posts", {"slug": "p", "authors": [one]})
    added = EditAuthors("add", (two,)).plan(post)
    assert added is not None and added["authors"] == [one, {"id": two["id"]}]
    assert added.counts == {"authors added": 1}
    assert EditAuthors("set", (two, one)).plan(post)["authors"] == [  # type: ignore[index]
        {"id": two["id"]},
        {"id": one["id"]},
    ]
    with pytest.raises(UsageError, match="without authors"):
        EditAuthors("remove", (one,)).plan(post)


class BulkGhost(FakeGhost):
    """The fake, with Ghost's bulk endpoint for `feature` (it neither checks nor changes
    `updated_at`) and every item's `featured`."""

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix(API).strip("/").split("/")
        if path == ["posts", "bulk"] and request.method == "PUT":
            self.log.append(request)
            where = parse_qs(request.url.query.decode())["filter"][0]
            hit = 0
            for item, stamp in re.findall(r"id:([0-9a-f]+)\+updated_at:'([^']+)'", where):
                post = self.posts[item]
                read = datetime.fromisoformat(post["updated_at"].replace("Z", "+00:00"))
                if f"{read:%Y-%m-%d %H:%M:%S}" == stamp:
                    post["featured"] = True
                    hit += 1
            stats = {"successful": hit, "unsuccessful": 0}
            return httpx.Response(200, json={"bulk": {"meta": {"stats": stats}}})
        return super().handle(request)


def test_one_bulk_request_per_chunk_pinned_journaled_first(tmp_path: Path) -> None:
    fake = BulkGhost(posts=CHUNK + 3)
    for post in fake.posts.values():
        post["featured"] = False
    theirs = post_id(1)

    async def go(admin: Any) -> Any:
        engine = Engine(
            admin, SetFields({"featured": True}), runs_dir=tmp_path, selection=Selection()
        )
        plan = await engine.plan()
        fake.edit_elsewhere(theirs, title="Theirs")  # saved between the read and the write
        return await engine.apply(plan)

    summary = run(go, fake)
    bulk = [r for r in fake.log if r.method == "PUT" and r.url.path.endswith("/bulk/")]
    assert len(bulk) == 3  # two chunks, then the post saved meanwhile, on its new version
    assert theirs in parse_qs(bulk[2].url.query.decode())["filter"][0]
    assert json.loads(bulk[0].content) == {"bulk": {"action": "feature", "meta": {}}}
    assert summary.changed == CHUNK + 3 and summary.failed == 0 and summary.verify["ok"]
    assert all(post["featured"] for post in fake.posts.values())
    assert fake.posts[theirs]["title"] == "Theirs"  # their edit is kept
    assert sum(fake.puts.values()) == 0
    journal = (tmp_path / f"{summary.run_id}.jsonl").read_text().splitlines()
    kinds = [json.loads(line)["type"] for line in journal]
    assert kinds.index("done") > CHUNK  # every before of the first chunk came first


def test_each_change_is_made_again_from_its_journal_for_resume() -> None:
    from ghostkit.operations.api import BUILT_IN

    changes = [
        SetFields(parse_assignments(["visibility=tiers"], tiers=[TIER]), tier_names=("gold",)),
        EditTags("add", ({"name": "New", "slug": "new"},), first=True),
        EditAuthors("remove", ({"id": "1" * 24, "slug": "one"},)),
    ]
    for change in changes:
        description = json.loads(json.dumps(change.describe()))
        assert BUILT_IN[description["kind"]](description, "https://site.test") == change
    with pytest.raises(ValueError):
        SetFields.from_description({"kind": "set-fields", "values": {}})
