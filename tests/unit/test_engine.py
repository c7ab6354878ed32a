"""The run engine at every step that can fail, against an in-memory Ghost: a collision and
its re-plan, a save whose answer was lost, verify per change, a change that raises or asks
for a field it cannot write, undo of an item edited since, and writes and verification
that start before the whole site is read."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from ghostkit.operations.change import Change, Item, Patch
from ghostkit.operations.engine import Engine
from ghostkit.operations.journal import Journal
from ghostkit.operations.select import ChangeError
from ghostkit.operations.summary import Summary
from ghostkit.operations.undo import undo
from tests.unit.fake_ghost import (
    OLD,
    FakeGhost,
    Retire,
    changes,
    post_id,
    replace_old,
    run,
    strip_old,
)

CHANGES = pytest.mark.parametrize("change", changes(), ids=lambda c: c.kind)


def applied(change: Change, post: dict[str, Any]) -> bool:
    """Whether `post` holds what `change` makes of it."""
    if change.kind == "links-strip":
        return OLD not in post["lexical"] and "this" in post["plaintext"]
    if change.kind == "replace":
        return "the new" in post["plaintext"] and "the old" not in post["plaintext"]
    slugs = [t["slug"] for t in post["tags"]]
    return post["title"].startswith("Old: ") and slugs == ["news", "legacy"]


def records(runs: Path, run_id: str) -> list[dict[str, Any]]:
    return list(Journal.open(runs, run_id).records())


def apply(fake: FakeGhost, change: Change, runs: Path, **options: Any) -> Summary:
    return run(lambda admin: Engine(admin, change, runs_dir=runs, **options).apply(), fake)


# -- 409 -------------------------------------------------------------------------------


@CHANGES
def test_a_collision_is_planned_again_from_what_is_there_now(
    change: Change, tmp_path: Path
) -> None:
    fake = FakeGhost(3)
    hit = post_id(1)
    fake.fault(hit, "collide")  # someone saves the post just before the run's edit
    summary = apply(fake, change, tmp_path)
    assert (summary.changed, summary.failed) == (3, 0)
    assert fake.puts[hit] == 2 and fake.applied[hit] == 1
    first, second = fake.bodies[hit]
    assert first["updated_at"] != second["updated_at"]  # the second with what was read again
    post = fake.posts[hit]
    assert "(theirs)" in post["title"]  # their edit is kept
    assert applied(change, post)
    assert all(applied(change, p) for p in fake.posts.values())
    assert summary.verify == {"checked": 3, "ok": True, "problems": {}}


@CHANGES
def test_an_item_that_keeps_colliding_fails_and_is_not_overwritten(
    change: Change, tmp_path: Path
) -> None:
    fake = FakeGhost(3)
    hit = post_id(1)
    fake.fault(hit, "collide", "collide", "collide")
    summary = apply(fake, change, tmp_path, attempts=3)
    assert (summary.changed, summary.failed) == (2, 1)
    assert "Someone else is editing" in summary.failures[hit]
    assert fake.puts[hit] == 3 and fake.applied[hit] == 0
    assert fake.posts[hit]["title"] == "Post 1 (theirs) (theirs) (theirs)"
    assert not applied(change, fake.posts[hit])
    kinds = [(r["type"], r["id"]) for r in records(tmp_path, summary.run_id) if "id" in r]
    assert ("failed", hit) in kinds and ("done", hit) not in kinds


# -- a save whose answer was lost --------------------------------------------------------


@CHANGES
@pytest.mark.parametrize("loss", ["lost", "lost502"])
def test_a_save_whose_answer_was_lost_is_found_and_not_sent_again(
    change: Change, loss: str, tmp_path: Path
) -> None:
    fake = FakeGhost(3)
    hit = post_id(1)
    fake.fault(hit, loss)
    summary = apply(fake, change, tmp_path)
    assert fake.puts[hit] == 1 and fake.applied[hit] == 1  # read again, not sent again
    assert (summary.changed, summary.recovered, summary.failed) == (3, 1, 0)
    assert fake.requests("GET", f"posts/{hit}/")  # read again
    done = [r for r in records(tmp_path, summary.run_id) if r["type"] == "done"]
    assert [r["id"] for r in done].count(hit) == 1
    assert next(r for r in done if r["id"] == hit).get("recovered") is True
    assert summary.verify is not None and summary.verify["ok"], summary.verify


# -- verify ------------------------------------------------------------------------------


def test_strip_verify_flags_a_link_left_in_the_rendered_post(tmp_path: Path) -> None:
    fake = FakeGhost(3)
    fake.fault(post_id(1), "stale-render")  # saved, but the html still has the link
    summary = apply(fake, strip_old(), tmp_path)
    assert summary.verify is not None and not summary.verify["ok"]
    assert list(summary.verify["problems"]) == [post_id(1)]
    assert "links left" in summary.verify["problems"][post_id(1)]
    assert OLD in summary.verify["problems"][post_id(1)]


def test_replace_verify_flags_matches_left_in_the_rendered_text(tmp_path: Path) -> None:
    fake = FakeGhost(3)
    fake.fault(post_id(2), "stale-render")
    summary = apply(fake, replace_old(), tmp_path)
    assert summary.verify is not None
    assert list(summary.verify["problems"]) == [post_id(2)]
    assert "matches of 'the old' left" in summary.verify["problems"][post_id(2)]


def test_a_custom_changes_check_is_run_on_each_item_as_rendered(tmp_path: Path) -> None:
    seen: list[tuple[str, str]] = []

    class Checked(Retire):
        kind = "checked"

        def check(self, before: Item, after: Item) -> str | None:
            seen.append((before["title"], after["title"]))
            return "the title is too long" if after["slug"] == "post-1" else None

    fake = FakeGhost(3)
    summary = apply(fake, Checked(), tmp_path)
    assert summary.verify is not None
    assert summary.verify["checked"] == 3
    assert summary.verify["problems"] == {post_id(1): "the title is too long"}
    assert sorted(seen) == [(f"Post {n}", f"Old: Post {n}") for n in range(3)]


def test_a_field_that_does_not_hold_what_was_sent_is_flagged(tmp_path: Path) -> None:
    fake = FakeGhost(3)
    fake.fault(post_id(0), "mangle")  # saved with its title cut short
    summary = apply(fake, Retire(), tmp_path)
    assert summary.verify is not None
    assert summary.verify["problems"] == {post_id(0): "title does not hold what was sent"}


# -- a change that raises ----------------------------------------------------------------


class Explodes(Retire):
    kind = "explodes"

    def plan(self, item: Item) -> dict[str, Any] | None:
        if item["slug"] == "post-100":  # in the second page, while the first is written
            raise KeyError("summary")
        return super().plan(item)


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_change_that_raises_stops_the_run_and_what_it_wrote_can_be_undone(
    concurrency: int, tmp_path: Path
) -> None:
    fake = FakeGhost(110)
    fake.slow = {post_id(n) for n in range(94, 100)}  # in flight when the change raises
    original = copy.deepcopy(fake.posts)
    engine: dict[str, Engine] = {}

    async def go(admin: Any) -> Summary:
        engine["e"] = Engine(admin, Explodes(), runs_dir=tmp_path, concurrency=concurrency)
        return await engine["e"].apply()

    with pytest.raises(ChangeError, match="post-100") as caught:
        run(go, fake)
    assert "KeyError" in caught.value.message
    assert fake.puts[post_id(100)] == 0  # nothing sent for it
    run_id = engine["e"].run_id
    assert run_id is not None
    written = records(tmp_path, run_id)  # every line whole
    assert written[0]["type"] == "run" and written[-1]["type"] != "end"
    landed = {i for i, n in fake.applied.items() if n}
    assert landed, "the run wrote items before the change raised"

    result = run(lambda admin: undo(admin, tmp_path, run_id), fake)
    assert not result["skipped"]
    left = [p["slug"] for i, p in fake.posts.items() if p["title"] != original[i]["title"]]
    assert not left, f"changed by the run, not taken back by undo: {left}"
    for item, post in fake.posts.items():
        assert post["tags"] == original[item]["tags"]
    assert result["restored"] == len(landed)
    done = {r["id"] for r in written if r["type"] == "done"}
    assert done == landed, "every save that landed is journaled as done"


@pytest.mark.parametrize(
    ("patch", "says"),
    [
        ({"updated_at": "2030-01-01T00:00:00.000Z"}, "updated_at"),
        ({"id": "f" * 24}, "id"),
        ({"uuid": "someone-else"}, "uuid"),
        ({"titel": "x"}, "titel"),
    ],
    ids=["updated_at", "id", "uuid", "unknown"],
)
def test_a_patch_of_a_field_that_cannot_be_written_is_refused_before_anything_is_sent(
    patch: dict[str, Any], says: str, tmp_path: Path
) -> None:
    class Bad(Change):
        kind = "bad"
        reads = ("title",)

        def plan(self, item: Item) -> dict[str, Any]:
            return {"title": "x", **patch}

    fake = FakeGhost(3)
    with pytest.raises(ChangeError, match=says) as caught:
        apply(fake, Bad(), tmp_path)
    assert "post-0" in caught.value.message
    assert not fake.requests("PUT")


# -- undo --------------------------------------------------------------------------------


class Prefix(Change):
    kind = "prefix"
    reads = ("title",)

    def plan(self, item: Item) -> dict[str, Any]:
        return {"title": "Draft: " + item["title"]}


@pytest.mark.parametrize("change", [*changes(), Prefix()], ids=lambda c: c.kind)
def test_undo_leaves_an_item_edited_since_and_restores_exactly_the_fields_written(
    change: Change, tmp_path: Path
) -> None:
    fake = FakeGhost(3)
    original = copy.deepcopy(fake.posts)
    summary = apply(fake, change, tmp_path)
    assert summary.changed == 3
    theirs = post_id(1)
    fake.edit_elsewhere(theirs, feature_image="https://blog.example.com/theirs.png")
    after_run = copy.deepcopy(fake.posts[theirs])
    fake.bodies.clear()

    result = run(lambda admin: undo(admin, tmp_path, summary.run_id), fake)
    assert result["restored"] == 2
    assert result["skipped"] == {theirs: "edited since the run; left as it is"}
    assert fake.posts[theirs] == after_run  # left as it is
    written = {"links-strip": {"lexical"}, "replace": {"lexical"}, "retire": {"title", "tags"}}
    fields = written.get(change.kind, {"title"})
    for item in (post_id(0), post_id(2)):
        (body,) = fake.bodies[item]
        assert set(body) == fields | {"updated_at"}  # nothing else is touched
        for name in ("title", "lexical", "tags", "html", "plaintext"):
            assert fake.posts[item][name] == original[item][name], name
    records_ = records(tmp_path, summary.run_id)
    assert {r["id"] for r in records_ if r["type"] == "undone"} == {post_id(0), post_id(2)}
    assert [r["id"] for r in records_ if r["type"] == "undo-skipped"] == [theirs]


# -- writes and verification start early ---------------------------------------------------


def is_item_read(fake: FakeGhost, n: int) -> bool:
    """A page of items read for planning (not a read-back)."""
    return "html" not in str(fake.log[n].url)


def is_read_back(fake: FakeGhost, n: int) -> bool:
    return "formats=html" in str(fake.log[n].url)


def test_writes_start_before_the_whole_site_is_read(tmp_path: Path) -> None:
    fake = FakeGhost(300)
    summary = apply(fake, strip_old(), tmp_path)
    assert summary.changed == 300
    gets = [n for n in fake.requests("GET", "/posts/") if is_item_read(fake, n)]
    assert len(gets) == 3  # 100 a page, and no pass over the ids before the first
    assert all("order=id+asc" in str(fake.log[n].url) for n in gets)
    assert fake.requests("PUT")[0] < gets[-1]


def test_a_run_of_a_plan_reads_nothing_again(tmp_path: Path) -> None:
    fake = FakeGhost(120)

    async def go(admin: Any) -> Summary:
        engine = Engine(admin, strip_old(), runs_dir=tmp_path)
        plan = await engine.plan()
        fake.log.clear()
        return await engine.apply(plan)

    summary = run(go, fake)
    assert summary.changed == 120
    gets = fake.requests("GET")
    assert gets and all(is_read_back(fake, n) for n in gets), [str(fake.log[n].url) for n in gets]
    assert len(fake.requests("PUT")) == 120


def test_verification_overlaps_the_writes(tmp_path: Path) -> None:
    fake = FakeGhost(260)
    summary = apply(fake, Retire(), tmp_path)
    assert summary.verify is not None and summary.verify["checked"] == 260
    backs = [n for n in fake.requests("GET") if is_read_back(fake, n)]
    # two whole batches, what had landed when the last item was handed out, the tail
    assert len(backs) == 4
    assert backs[2] < fake.requests("PUT")[-1]


def test_the_journal_is_json_lines_each_whole(tmp_path: Path) -> None:
    fake = FakeGhost(3)
    summary = apply(fake, Retire(), tmp_path)
    lines = (tmp_path / f"{summary.run_id}.jsonl").read_bytes().split(b"\n")
    assert lines[-1] == b""
    kinds = [json.loads(line)["type"] for line in lines[:-1]]
    assert kinds[0] == "run" and kinds[-1] == "end"
    assert kinds.count("before") == kinds.count("done") == 3


class CountEvery(Change):
    """Retitles the even posts; counts every post it looks at, changed or not."""

    kind = "count-every"
    reads = ("title",)

    def plan(self, item: Item) -> Patch:
        if int(item["slug"].rsplit("-", 1)[-1]) % 2:
            return Patch(counts={"looked at": 1})
        return Patch({"title": item["title"] + "!"}, counts={"looked at": 1})


def test_the_counts_of_unchanged_items_are_kept_with_or_without_a_plan(tmp_path: Path) -> None:
    streamed = apply(FakeGhost(6), CountEvery(), tmp_path / "streamed")

    async def planned_first(admin: Any) -> Summary:
        engine = Engine(admin, CountEvery(), runs_dir=tmp_path / "planned")
        return await engine.apply(await engine.plan())

    planned = run(planned_first, FakeGhost(6))
    assert streamed.counts == planned.counts == {"looked at": 6}
    assert (streamed.changed, planned.changed) == (3, 3)
