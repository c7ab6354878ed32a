"""A run killed after each kind of journal record, then resumed: every item ends changed
exactly once, a save whose answer was lost is found and recorded, and a journal whose last
line was torn by the kill still resumes. The kill is made by cutting a whole run's journal
after a record and putting the in-memory Ghost back as it was at that moment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ghostkit.operations.change import Change
from ghostkit.operations.engine import Engine
from ghostkit.operations.journal import Journal
from ghostkit.operations.summary import Summary
from tests.unit.fake_ghost import FakeGhost, changes, post_id, run
from tests.unit.test_engine import applied, apply, records

POSTS = 5
REFUSED = post_id(1)
"""Refused by the site (422) in the first run: it is journaled as failed."""

Step = tuple[str, str | None, dict[str, Any]]


def recorded_run(
    change: Change, runs: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[FakeGhost, str, list[Step]]:
    """A whole run, one item at a time, and after each journal record the site's state."""
    fake = FakeGhost(POSTS)
    fake.fault(REFUSED, "422")
    steps: list[Step] = []
    write = Journal.write

    def recording(self: Journal, record: Any, *, durable: bool = True) -> None:
        write(self, record, durable=durable)
        data = record if isinstance(record, dict) else record.to_json()
        steps.append((data["type"], data.get("id"), fake.snapshot()))

    with monkeypatch.context() as patched:
        patched.setattr(Journal, "write", recording)
        summary = apply(fake, change, runs, concurrency=1)
    assert (summary.changed, summary.failed) == (POSTS - 1, 1)
    return fake, summary.run_id, steps


def kill_after(runs: Path, run_id: str, records_kept: int, tail: bytes = b"") -> Path:
    """The journal as a kill after its first `records_kept` records leaves it (plus `tail`,
    the start of a record never finished)."""
    path = runs / f"{run_id}.jsonl"
    lines = path.read_bytes().split(b"\n")[:-1]
    path.write_bytes(b"".join(line + b"\n" for line in lines[:records_kept]) + tail)
    return path


def where(steps: list[Step], kind: str, item: str | None = None) -> int:
    return next(n for n, (k, i, _) in enumerate(steps) if k == kind and item in (i, None))


def resume(fake: FakeGhost, change: Change, runs: Path, run_id: str) -> Summary:
    return run(lambda admin: Engine(admin, change, runs_dir=runs).resume(run_id), fake)


KILLS = {
    # name: (the last record kept, the site as after the next record, changed, recovered)
    "run-header-only": (("run", None), False, POSTS, 0),
    "before-not-sent": (("before", post_id(2)), False, POSTS - 1, 0),
    "before-landed-answer-lost": (("before", post_id(2)), True, POSTS - 1, 1),
    "done": (("done", post_id(2)), False, POSTS - 2, 0),
    "failed": (("failed", REFUSED), False, POSTS - 1, 0),
    "end": (("end", None), False, 1, 0),
}


@pytest.mark.parametrize("change", changes(), ids=lambda c: c.kind)
@pytest.mark.parametrize("kill", list(KILLS))
def test_a_run_killed_after_each_record_kind_resumes_and_changes_each_item_once(
    change: Change, kill: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (kind, item), landed, changed, recovered = KILLS[kill]
    fake, run_id, steps = recorded_run(change, tmp_path, monkeypatch)
    at = where(steps, kind, item)
    if landed:
        assert steps[at + 1][:2] == ("done", item)
    fake.restore(steps[at + 1 if landed else at][2])
    kill_after(tmp_path, run_id, at + 1)

    summary = resume(fake, change, tmp_path, run_id)
    assert dict(fake.applied) == {post_id(n): 1 for n in range(POSTS)}  # each changed once
    assert all(applied(change, post) for post in fake.posts.values())
    assert (summary.changed, summary.recovered, summary.failed) == (changed, recovered, 0)
    assert summary.seen == POSTS
    assert summary.verify is not None and summary.verify["ok"], summary.verify
    journal = records(tmp_path, run_id)
    done = [r["id"] for r in journal if r["type"] == "done"]
    assert sorted(done) == [post_id(n) for n in range(POSTS)]  # one done each
    if recovered:
        assert [r["id"] for r in journal if r.get("recovered")] == [item]
    assert journal[-1]["type"] == "end"


@pytest.mark.parametrize("change", changes(), ids=lambda c: c.kind)
@pytest.mark.parametrize("landed", [False, True], ids=["not-sent", "landed"])
def test_a_torn_last_line_is_cut_and_the_resume_writes_whole_lines(
    change: Change, landed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, run_id, steps = recorded_run(change, tmp_path, monkeypatch)
    at = where(steps, "before", post_id(3))
    fake.restore(steps[at + 1 if landed else at][2])
    whole = (tmp_path / f"{run_id}.jsonl").read_bytes().split(b"\n")
    torn = whole[at + 1][: len(whole[at + 1]) // 2]  # the next record, cut mid-way
    assert torn and not torn.endswith(b"}")
    path = kill_after(tmp_path, run_id, at + 1, torn)

    summary = resume(fake, change, tmp_path, run_id)
    assert dict(fake.applied) == {post_id(n): 1 for n in range(POSTS)}
    assert (summary.recovered, summary.failed) == (int(landed), 0)
    data = path.read_bytes()
    assert data.endswith(b"\n")
    lines = [json.loads(line) for line in data.split(b"\n")[:-1]]  # each line one record
    assert lines[at]["type"] == "before" and lines[-1]["type"] == "end"
    assert len(lines) == len(records(tmp_path, run_id))


@pytest.mark.parametrize("change", changes()[:2], ids=lambda c: c.kind)
def test_a_resumes_counts_are_those_of_the_items_it_changed(
    change: Change, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, run_id, steps = recorded_run(change, tmp_path, monkeypatch)
    at = where(steps, "done", post_id(2))
    fake.restore(steps[at][2])
    kill_after(tmp_path, run_id, at + 1)
    summary = resume(fake, change, tmp_path, run_id)
    (name,) = [n for n in summary.counts if summary.counts[n]]
    assert summary.changed == POSTS - 2  # the two done before the kill are not counted again
    assert summary.counts[name] == summary.changed, summary.as_dict()  # nor are their links
