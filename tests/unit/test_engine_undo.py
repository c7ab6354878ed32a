"""A run killed after each kind of journal record, then undone without a resume: every
save that landed is taken back (the one whose answer was lost included), and nothing the
run never changed is touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghostkit.operations.change import Change
from ghostkit.operations.undo import undo
from tests.unit.fake_ghost import FakeGhost, changes, run
from tests.unit.test_engine_resume import KILLS, kill_after, recorded_run, where


@pytest.mark.parametrize("change", changes(), ids=lambda c: c.kind)
@pytest.mark.parametrize("kill", list(KILLS))
def test_a_run_killed_after_each_record_kind_is_undone_whole(
    change: Change, kill: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (kind, item), landed, _changed, _recovered = KILLS[kill]
    original = FakeGhost(5)
    fake, run_id, steps = recorded_run(change, tmp_path, monkeypatch)
    at = where(steps, kind, item)
    fake.restore(steps[at + 1 if landed else at][2])
    kill_after(tmp_path, run_id, at + 1)

    result = run(lambda admin: undo(admin, tmp_path, run_id), fake)
    assert not result["skipped"], result
    for post_id, post in fake.posts.items():
        for name in ("title", "lexical"):
            assert post[name] == original.posts[post_id][name], (kill, post_id, name)
        assert [t["slug"] for t in post["tags"]] == ["news"], (kill, post_id)
