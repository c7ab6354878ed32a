"""Tag merges, renames and deletions of unused tags on the engine, against the in-memory
Ghost: what each post's tags become, the journaled deletion and its faults (a kill
between its record and the DELETE, a DELETE that landed while its answer was lost), and
undo, which recreates the deleted tags and re-attaches them where they were."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ghostkit.core.errors import UsageError
from ghostkit.operations.change import Change
from ghostkit.operations.engine import Engine
from ghostkit.operations.journal import Journal
from ghostkit.operations.summary import Summary
from ghostkit.operations.tag_changes import DeleteUnusedTags, MergeTags, RenameTag
from ghostkit.operations.tag_names import for_post, resolve, slug_for
from ghostkit.operations.undo import undo
from tests.unit.fake_ghost import post_id, run
from tests.unit.fake_tags import TagSite

Snapshot = dict[str, Any]


def site() -> TagSite:
    """Five items: posts 0-2 and pages 3-4, with tags A (`alpha`), B (`beta`), C (`gamma`)
    and others in different places; `unused` and `#hidden` on nothing."""
    fake = TagSite()
    fake.tag("Alpha", slug="alpha", description="first", feature_image="https://x/a.png")
    fake.tag("Beta", slug="beta", accent_color="#ff0000", meta_title="B!")
    fake.tag("Gamma", slug="gamma")
    fake.tag("Unused", slug="unused", description="nobody")
    fake.tag("#hidden")
    fake.item(0, ["News", "Alpha", "Tech"])
    fake.item(1, ["Beta", "News", "Alpha"])
    fake.item(2, ["Tech", "Gamma", "Beta"])
    fake.item(3, ["News"], page=True)
    fake.item(4, ["Alpha"], page=True)
    return fake


def merge(fake: TagSite, words: list[str], into: str) -> MergeTags:
    return run(lambda admin: MergeTags.made(admin, words, into=into), fake)


def apply(fake: TagSite, change: Any, runs: Path) -> Summary:
    async def go(admin: Any) -> Summary:
        engine = Engine(admin, change, runs_dir=runs, selection=change.selection(), concurrency=1)
        return await engine.apply()

    return run(go, fake)


def resume(fake: TagSite, change: Change, runs: Path, run_id: str) -> Summary:
    selection = change.selection()  # type: ignore[attr-defined]
    return run(lambda a: Engine(a, change, runs_dir=runs, selection=selection).resume(run_id), fake)


def take_back(fake: TagSite, runs: Path, run_id: str) -> dict[str, Any]:
    return run(lambda admin: undo(admin, runs, run_id), fake)


def records(runs: Path, run_id: str) -> list[dict[str, Any]]:
    return list(Journal.open(runs, run_id).records())


def tag_lists(fake: TagSite) -> dict[str, list[str]]:
    return {item: fake.tag_slugs(item) for item in fake.posts}


def bare_tags(fake: TagSite) -> dict[str, dict[str, Any]]:
    """Every tag as a person would compare it after an undo: all but its id and dates."""
    return {
        t["slug"]: {k: v for k, v in t.items() if k not in ("id", "updated_at")}
        for t in fake.tags.values()
    }


def test_merge_puts_the_target_in_the_place_of_the_first_merged_tag(tmp_path: Path) -> None:
    fake = site()
    summary = apply(fake, merge(fake, ["alpha", "Beta"], "Topics"), tmp_path)
    assert tag_lists(fake) == {
        post_id(0): ["news", "topics", "tech"],
        post_id(1): ["topics", "news"],
        post_id(2): ["tech", "gamma", "topics"],
        post_id(3): ["news"],
        post_id(4): ["topics"],
    }
    assert {"alpha", "beta"}.isdisjoint(t["slug"] for t in fake.tags.values())
    assert summary.counts == {"created": 1, "tags merged": 5, "tags deleted": 2}
    assert (summary.changed, summary.failed) == (4, 0)
    assert summary.verify is not None and summary.verify["ok"], summary.verify
    assert set(fake.posts[post_id(3)]) and fake.puts[post_id(3)] == 0  # not carrying any


def test_merge_into_a_tag_a_post_carries_keeps_one_at_the_first_place(tmp_path: Path) -> None:
    fake = site()
    fake.item(5, ["Tech", "Beta", "Gamma", "Alpha"])
    fake.item(6, ["Gamma", "News", "Alpha"])
    apply(fake, merge(fake, ["alpha", "beta"], "gamma"), tmp_path)
    assert fake.tag_slugs(post_id(5)) == ["tech", "gamma"]
    assert fake.tag_slugs(post_id(6)) == ["gamma", "news"]
    assert fake.tag_slugs(post_id(2)) == ["tech", "gamma"]


def test_undo_of_a_merge_recreates_the_tags_and_every_tag_list(tmp_path: Path) -> None:
    fake = site()
    before_tags, before_lists = bare_tags(fake), tag_lists(fake)
    summary = apply(fake, merge(fake, ["alpha", "beta"], "Topics"), tmp_path)

    result = take_back(fake, tmp_path, summary.run_id)
    assert result["skipped"] == {}
    assert sorted(result["recreated"]) == ["alpha", "beta"]
    assert tag_lists(fake) == before_lists  # every place, every order
    assert bare_tags(fake) == before_tags  # topics gone; alpha and beta as they were
    kinds = [r["type"] for r in records(tmp_path, summary.run_id)]
    assert kinds.count("recreated") == 2 and kinds.index("recreated") < kinds.index("undoing")


def test_a_merge_into_an_existing_tag_keeps_it_on_undo(tmp_path: Path) -> None:
    fake = site()
    before_tags, before_lists = bare_tags(fake), tag_lists(fake)
    summary = apply(fake, merge(fake, ["alpha"], "slug:gamma"), tmp_path)
    assert summary.counts["tags deleted"] == 1 and "created" not in summary.counts
    take_back(fake, tmp_path, summary.run_id)
    assert (tag_lists(fake), bare_tags(fake)) == (before_lists, before_tags)


def recorded(
    fake: TagSite, change: Change, runs: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, list[tuple[str, str | None, Snapshot]]]:
    """A whole run, and after each journal record the site's state."""
    steps: list[tuple[str, str | None, Snapshot]] = []
    write = Journal.write

    def recording(self: Journal, record: Any, *, durable: bool = True) -> None:
        write(self, record, durable=durable)
        data = record if isinstance(record, dict) else record.to_json()
        steps.append((data["type"], data.get("id"), fake.snapshot()))

    with monkeypatch.context() as patched:
        patched.setattr(Journal, "write", recording)
        summary = apply(fake, change, runs)
    return summary.run_id, steps


def killed_at(
    fake: TagSite, runs: Path, run_id: str, steps: list[Any], kind: str, landed: bool
) -> str:
    """The run as a kill right after its first `kind` record leaves it: the journal cut
    there, the site as it was then (`landed`: as after the request that record protects)."""
    at = next(n for n, step in enumerate(steps) if step[0] == kind)
    fake.restore(steps[at + 1 if landed else at][2])
    path = runs / f"{run_id}.jsonl"
    lines = path.read_bytes().split(b"\n")[:-1]
    path.write_bytes(b"".join(line + b"\n" for line in lines[: at + 1]))
    return str(steps[at][1])


@pytest.mark.parametrize("landed", [False, True], ids=["killed-before-delete", "delete-landed"])
def test_a_run_killed_around_a_delete_resumes_and_undoes(
    landed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = site()
    before_tags, before_lists = bare_tags(fake), tag_lists(fake)
    change = merge(fake, ["alpha", "beta"], "Topics")
    run_id, steps = recorded(fake, change, tmp_path, monkeypatch)
    tag = killed_at(fake, tmp_path, run_id, steps, "deleting", landed)
    assert (tag in fake.tags) is not landed
    deletes = len(fake.deletes)

    summary = resume(fake, MergeTags.from_description(change.describe()), tmp_path, run_id)
    assert summary.failed == 0 and summary.recovered == int(landed)
    assert {"alpha", "beta"}.isdisjoint(t["slug"] for t in fake.tags.values())
    assert fake.deletes[deletes:].count(tag) == int(not landed)  # never sent twice
    deleted = [r for r in records(tmp_path, run_id) if r["type"] == "deleted"]
    assert [r["id"] for r in deleted].count(tag) == 1

    take_back(fake, tmp_path, run_id)
    assert (tag_lists(fake), bare_tags(fake)) == (before_lists, before_tags)


def test_an_undo_of_a_run_killed_before_its_delete_leaves_the_tag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = site()
    before_tags, before_lists = bare_tags(fake), tag_lists(fake)
    run_id, steps = recorded(fake, merge(fake, ["alpha"], "Topics"), tmp_path, monkeypatch)
    killed_at(fake, tmp_path, run_id, steps, "deleting", landed=False)
    result = take_back(fake, tmp_path, run_id)
    assert "recreated" not in result
    assert (tag_lists(fake), bare_tags(fake)) == (before_lists, before_tags)


def test_a_delete_whose_answer_is_lost_is_found_landed(tmp_path: Path) -> None:
    fake = site()
    before_tags = bare_tags(fake)
    change = merge(fake, ["alpha", "beta"], "Topics")
    fake.fault(fake.tag("alpha")["id"], "lost")
    summary = apply(fake, change, tmp_path)
    assert (summary.failed, summary.recovered, summary.counts["tags deleted"]) == (0, 1, 2)
    take_back(fake, tmp_path, summary.run_id)
    assert bare_tags(fake) == before_tags


def test_a_tag_still_on_a_post_is_not_deleted(tmp_path: Path) -> None:
    fake = site()
    fake.fault(post_id(1), "422")  # its edit is refused: it still carries alpha and beta
    summary = apply(fake, merge(fake, ["alpha", "beta"], "Topics"), tmp_path)
    assert {"alpha", "beta"} <= {t["slug"] for t in fake.tags.values()}
    assert summary.failed == 3 and "tags deleted" not in summary.counts
    assert any("still on 1 posts or pages" in why for why in summary.failures.values())


def test_undo_after_someone_edited_a_merged_post_leaves_it_and_its_new_tag(
    tmp_path: Path,
) -> None:
    fake = site()
    before_lists = tag_lists(fake)
    summary = apply(fake, merge(fake, ["alpha", "beta"], "Topics"), tmp_path)
    fake.edit_elsewhere(post_id(0), title="Edited by hand")

    result = take_back(fake, tmp_path, summary.run_id)
    assert set(result["skipped"]) == {post_id(0), fake.tag("topics")["id"]}
    assert "still on 1 posts" in result["skipped"][fake.tag("topics")["id"]]
    assert fake.tag_slugs(post_id(0)) == ["news", "topics", "tech"]  # their edit is kept
    others = {k: v for k, v in tag_lists(fake).items() if k != post_id(0)}
    assert others == {k: v for k, v in before_lists.items() if k != post_id(0)}
    assert {"alpha", "beta"} <= {t["slug"] for t in fake.tags.values()}


def test_rename_and_its_undo(tmp_path: Path) -> None:
    fake = site()
    before = bare_tags(fake)
    change = run(lambda a: RenameTag.made(a, "Alpha", "Alpha One", slug="alpha-one"), fake)
    summary = apply(fake, change, tmp_path)
    assert summary.changed == 1 and summary.verify is not None and summary.verify["ok"]
    assert fake.tag_slugs(post_id(0)) == ["news", "alpha-one", "tech"]
    assert fake.tag("alpha-one")["name"] == "Alpha One"
    take_back(fake, tmp_path, summary.run_id)
    assert bare_tags(fake) == before


def test_rename_to_another_tags_name_is_refused_with_a_merge_hint() -> None:
    fake = site()
    with pytest.raises(UsageError) as refused:
        run(lambda a: RenameTag.made(a, "alpha", "beta"), fake)
    assert "tags merge slug:alpha --into slug:beta" in str(refused.value.hint)


@pytest.mark.parametrize("internal", [False, True])
def test_delete_unused_and_its_undo(internal: bool, tmp_path: Path) -> None:
    fake = site()
    before = bare_tags(fake)
    change = DeleteUnusedTags(internal=internal)
    summary = apply(fake, change, tmp_path)
    left = {t["slug"] for t in fake.tags.values()}
    assert "unused" not in left and ("hash-hidden" in left) is not internal
    assert summary.counts == {"tags deleted": 2 if internal else 1}
    take_back(fake, tmp_path, summary.run_id)
    assert bare_tags(fake) == before


def test_delete_unused_leaves_a_tag_attached_since_the_plan(tmp_path: Path) -> None:
    fake = site()

    async def go(admin: Any) -> Summary:
        change = DeleteUnusedTags()
        engine = Engine(admin, change, runs_dir=tmp_path, selection=change.selection())
        plan = await engine.plan()
        assert [d["slug"] for d in plan.deletions] == ["unused"]
        fake.item(9, ["Unused"])
        return await engine.apply(plan)

    summary = run(go, fake)
    assert "unused" in {t["slug"] for t in fake.tags.values()}
    assert summary.failed == 1 and "still on 1 posts" in next(iter(summary.failures.values()))


def test_a_journal_names_the_merge_so_that_resume_makes_it_again(tmp_path: Path) -> None:
    from ghostkit.operations.api import BUILT_IN

    fake = site()
    summary = apply(fake, merge(fake, ["alpha", "beta"], "Topics"), tmp_path)
    header = records(tmp_path, summary.run_id)[0]
    assert header["selection"]["resources"] == ["posts", "pages"]
    again = BUILT_IN["tags-merge"](header["change"], "https://blog.example.com")
    assert json.dumps(again.describe()) == json.dumps(header["change"])


def test_tags_are_named_by_slug_or_name_and_ambiguity_is_refused() -> None:
    tags = [
        {"id": "1", "slug": "news", "name": "Updates"},
        {"id": "2", "slug": "news-2", "name": "News"},
        {"id": "3", "slug": "x", "name": "Same"},
        {"id": "4", "slug": "y", "name": "same"},
    ]
    assert resolve("slug:news", tags)["id"] == "1"
    assert resolve("name:news", tags)["id"] == "2"
    assert resolve("UPDATES", tags)["id"] == "1"
    with pytest.raises(UsageError, match="slug of 'Updates'"):
        resolve("news", tags)
    with pytest.raises(UsageError, match="2 tags are named 'Same'"):
        resolve("Same", tags)
    with pytest.raises(UsageError) as unknown:
        resolve("updats", tags)
    assert "Updates" in str(unknown.value.hint)


def test_a_post_is_sent_the_sites_own_tags_for_the_names_it_gives() -> None:
    tags = [
        {"id": "1", "slug": "news", "name": "News"},
        {"id": "3", "slug": "x", "name": "Same"},
        {"id": "4", "slug": "y", "name": "same"},
    ]
    sent = for_post(["news", "NEWS", "Same", "same", "Fresh"], tags)
    assert sent == [
        {"id": "1", "slug": "news", "name": "News"},
        {"id": "1", "slug": "news", "name": "News"},
        {"id": "3", "slug": "x", "name": "Same"},
        {"id": "4", "slug": "y", "name": "same"},
        {"name": "Fresh"},
    ]
    with pytest.raises(UsageError, match="2 tags are named 'SAME'"):
        for_post(["SAME"], tags)


def test_new_tag_slugs() -> None:
    assert slug_for("Product News!") == "product-news"
    assert slug_for("#Internal tag") == "hash-internal-tag"
    assert slug_for("Café") == "cafe"
    assert slug_for("日本") == ""
