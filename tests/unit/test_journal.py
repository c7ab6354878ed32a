"""The run journal on its own: records written whole or not at all, readers that survive a
torn last line, run ids that cannot name another file, private files."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ghostkit.core.errors import ConfigurationError, GhostError
from ghostkit.operations import journal as journal_module
from ghostkit.operations.journal import Journal, list_runs

RUN = "20261201-120000-abcd"
POST = "0123456789abcdef01234567"


def header(run_id: str = RUN, **extra: object) -> dict[str, object]:
    return {"id": run_id, "site": "blog", "operation": {"kind": "links-strip"}, **extra}


def before(post_id: str = POST) -> dict[str, object]:
    return {
        "type": "before",
        "id": post_id,
        "resource": "posts",
        "format": "lexical",
        "document": '{"root": {"children": []}}',
        "updated_at": "2026-12-01T12:00:00.000Z",
    }


def every_line_parses(path: Path) -> bool:
    text = path.read_text()
    if text and not text.endswith("\n"):
        return False
    try:
        for line in text.splitlines():
            json.loads(line)
    except ValueError:
        return False
    return True


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- a record is written whole or not at all ------------------------------------------


def test_a_torn_last_line_is_cut_before_the_next_record(tmp_path: Path) -> None:
    journal = Journal.create(tmp_path, header())
    with journal.path.open("a") as handle:
        handle.write('{"type": "before", "id": "0123')  # a record cut short by a full disk
    journal.write(before())
    assert every_line_parses(journal.path), journal.path.read_text()
    assert [r["type"] for r in journal.records()] == ["run", "before"]


def test_a_write_that_fails_part_way_leaves_nothing_and_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal.create(tmp_path, header())
    size = journal.path.stat().st_size
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        if len(data) > 10:
            real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(GhostError) as raised:
        journal.write(before())
    assert "No space left on device" in raised.value.message
    assert raised.value.hint and "free some space" in raised.value.hint
    monkeypatch.setattr(os, "write", real_write)
    assert journal.path.stat().st_size == size  # nothing of the record is left
    with pytest.raises(GhostError):  # and nothing more is written by this run
        journal.write({"type": "done", "id": POST})
    assert every_line_parses(journal.path)


def test_a_failed_fsync_takes_the_record_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal.create(tmp_path, header())
    size = journal.path.stat().st_size

    def no_room(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_room)
    with pytest.raises(GhostError, match="No space left"):
        journal.write(before())
    assert journal.path.stat().st_size == size


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (the tests run as root where the machine allows mounting)."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_a_full_disk_leaves_a_journal_every_reader_takes(small_disk: Path) -> None:
    runs = small_disk / "runs"
    journal = Journal.create(runs, header())
    filler = small_disk / "filler"
    with filler.open("wb", buffering=0) as handle:  # fill the disk, but for a few KiB
        try:
            while True:
                handle.write(b"x" * 512)
        except OSError:
            pass
    os.truncate(filler, max(0, filler.stat().st_size - 3000))
    big = {**before(), "document": "y" * 2500}

    def fill() -> None:
        for _ in range(10):
            journal.write(big)

    with pytest.raises(GhostError, match="No space left"):
        fill()
    assert every_line_parses(journal.path)
    filler.unlink()  # space is freed: resume appends to a whole journal
    again = Journal.open(runs, RUN)
    again.write({"type": "done", "id": POST})
    assert every_line_parses(again.path)
    assert again.state().posts[POST].done
    assert [s.id for s in list_runs(runs)] == [RUN]


# -- readers --------------------------------------------------------------------------


def test_every_reader_survives_a_torn_last_line(tmp_path: Path) -> None:
    journal = Journal.create(tmp_path, header())
    journal.write(before())
    with journal.path.open("a") as handle:
        handle.write('{"type": "done", "id": "01234567')
    assert [r["type"] for r in journal.records()] == ["run", "before"]
    assert journal.state().unfinished()[0].id == POST
    assert [s.id for s in list_runs(tmp_path)] == [RUN]


def test_a_record_glued_onto_a_torn_line_is_recovered(tmp_path: Path) -> None:
    """A journal of the previous release, after a full disk: the next record was appended
    onto the cut one. The cut record never counted; the one after it does."""
    journal = Journal.create(tmp_path, header())
    with journal.path.open("a") as handle:
        handle.write('{"type": "before", "id": "01')
        handle.write(json.dumps(before()) + "\n")
        handle.write(json.dumps({"type": "done", "id": POST, "updated_at": "x"}) + "\n")
    state = journal.state()
    assert state.posts[POST].done and state.posts[POST].before


def test_one_damaged_journal_never_hides_the_other_runs(tmp_path: Path) -> None:
    Journal.create(tmp_path, header("20261201-120000-0001"))
    broken = Journal.create(tmp_path, header("20261201-120000-0002"))
    with broken.path.open("a") as handle:
        handle.write("{broken\n" + json.dumps({"type": "end", "summary": {}}) + "\n")
    Journal.create(tmp_path, header("20261201-120000-0003"))
    runs = list_runs(tmp_path)
    assert [r.id for r in runs] == [f"20261201-120000-000{n}" for n in (1, 2, 3)]
    assert runs[1].damaged and "line 2" in runs[1].damaged
    assert runs[0].damaged is None and runs[2].damaged is None


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('{"type": "done"}', "without an id"),
        ('{"type": "before", "id": "0123456789abcdef01234567"}', "format and document"),
        ("[1, 2]", "not a JSON object"),
        ('"just text"', "not a JSON object"),
        ('{"type": "done", "id": "../../tags/x"}', "not a Ghost id"),
        (
            '{"type": "before", "id": "0123456789abcdef01234567", "resource": "_http",'
            ' "fields": {}}',
            "not something a run changes",
        ),
    ],
)
def test_a_line_of_the_wrong_shape_is_a_clear_error(tmp_path: Path, line: str, says: str) -> None:
    journal = Journal.create(tmp_path, header())
    with journal.path.open("a") as handle:
        handle.write(line + "\n" + json.dumps({"type": "end", "summary": {}}) + "\n")
    with pytest.raises(ConfigurationError) as raised:
        journal.state()
    assert "damaged at line 2" in raised.value.message and says in raised.value.message
    assert raised.value.hint


def test_a_journal_without_its_run_record_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / f"{RUN}.jsonl").write_text(json.dumps(before()) + "\n")
    with pytest.raises(ConfigurationError, match="no run record"):
        Journal.open(tmp_path, RUN).state()


# -- run ids --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "run_id", ["../victim", "sub/" + RUN, "x" * 5000, "", RUN + "\n", "/etc/" + RUN, " " + RUN]
)
def test_a_run_id_ghostkit_did_not_make_is_refused(tmp_path: Path, run_id: str) -> None:
    runs = tmp_path / "runs"
    runs.mkdir()
    (tmp_path / "victim.jsonl").write_text(json.dumps({"type": "run", "id": "victim"}) + "\n")
    (runs / "sub").mkdir()
    (runs / "sub" / f"{RUN}.jsonl").write_text(json.dumps({"type": "run", "id": RUN}) + "\n")
    with pytest.raises(ConfigurationError) as raised:
        Journal.open(runs, run_id)
    assert "is not a run id" in raised.value.message
    assert len(raised.value.message) < 120
    assert raised.value.hint and "runs list" in raised.value.hint
    with pytest.raises(ConfigurationError, match="is not a run id"):
        Journal.create(runs, header(run_id))


def test_the_run_id_check_lives_in_one_place() -> None:
    assert journal_module.check_run_id(RUN) == RUN
    assert journal_module.RUN_ID.fullmatch(journal_module.new_run_id())


# -- privacy --------------------------------------------------------------------------


def test_journals_are_0600_in_0700_folders(tmp_path: Path) -> None:
    runs = tmp_path / "data" / "ghostkit" / "runs"
    journal = Journal.create(runs, header())
    assert mode(journal.path) == 0o600
    assert mode(runs) == 0o700
    assert mode(runs.parent) == 0o700 and mode(runs.parent.parent) == 0o700
    assert mode(tmp_path) != 0o700 or True  # a folder ghostkit did not make is left alone


def test_an_old_open_journal_and_folder_are_closed(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    runs.mkdir(mode=0o755)
    runs.chmod(0o755)
    old = runs / f"{RUN}.jsonl"
    old.write_text(json.dumps({"type": "run", "id": RUN}) + "\n")
    old.chmod(0o644)
    Journal.open(runs, RUN).write(before())
    assert mode(old) == 0o600
    Journal.create(runs, header("20261201-120000-0002"))
    assert mode(runs) == 0o700


def test_a_site_url_is_kept_without_its_password(tmp_path: Path) -> None:
    journal = Journal.create(
        tmp_path, header(url="https://editor:hunter2hunter2@Blog.Example.com/")
    )
    assert "hunter2" not in journal.path.read_text()
    assert journal.state().site_url == "https://blog.example.com"


def test_a_run_is_refused_on_another_site(tmp_path: Path) -> None:
    state = Journal.create(tmp_path, header(url="https://blog.example.com")).state()
    state.check_site(profile="other-name", site_url="https://blog.example.com/")  # same site
    with pytest.raises(ConfigurationError, match="was made on 'blog'"):
        state.check_site(profile="blog", site_url="https://shop.example.com")
    old = Journal.create(tmp_path, header("20261201-120000-0002")).state()  # no URL kept
    old.check_site(profile="blog", site_url="https://anything.example.com")
    with pytest.raises(ConfigurationError, match="not on 'shop'"):
        old.check_site(profile="shop")


def test_an_add_whose_answer_never_came_is_known(tmp_path: Path) -> None:
    journal = Journal.create(tmp_path, header())
    for slug in ("kept", "lost", "refused"):
        journal.write({"type": "creating", "id": f"tags:{slug}", "resource": "tags"})
    journal.write({"type": "created", "id": POST, "resource": "tags", "intent": "tags:kept"})
    journal.write({"type": "failed", "id": "tags:refused", "reason": "422"})
    state = journal.state()
    assert [e.id for e in state.lost_creations()] == ["tags:lost"]
    assert state.posts[POST].created and state.posts[POST].done


def test_a_resume_record_of_someone_elses_edit(tmp_path: Path) -> None:
    journal = Journal.create(tmp_path, header())
    journal.write(before())
    journal.write({"type": "changed-elsewhere", "id": POST, "reason": "edited by someone else"})
    state = journal.state()
    assert state.posts[POST].foreign == "edited by someone else"
    assert state.unfinished() == [] and state.done() == []
    journal.write(before())  # the run edits it again, from what it holds now
    assert journal.state().posts[POST].foreign is None


def test_a_header_of_the_wrong_types_is_shown_not_believed(tmp_path: Path) -> None:
    (tmp_path / f"{RUN}.jsonl").write_text(
        json.dumps({"type": "run", "id": RUN, "site": 5, "url": ["x"], "operation": {}}) + "\n"
    )
    state = Journal.open(tmp_path, RUN).state()
    assert state.site_url is None and state.site == "5"
    (tmp_path / f"{RUN}.jsonl").write_text(
        json.dumps({"type": "run", "id": RUN, "operation": ["links-strip"]}) + "\n"
    )
    with pytest.raises(ConfigurationError, match="operation is not an object"):
        Journal.open(tmp_path, RUN).state()


def test_listing_closes_journals_an_older_release_left_open(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    runs.mkdir()
    runs.chmod(0o755)
    old = runs / f"{RUN}.jsonl"
    old.write_text(json.dumps({"type": "run", "id": RUN}) + "\n")
    old.chmod(0o644)
    assert [s.id for s in list_runs(runs)] == [RUN]
    assert mode(old) == 0o600 and mode(runs) == 0o700


def test_a_run_that_cannot_begin_says_nothing_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_room(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_room)
    with pytest.raises(GhostError) as raised:
        Journal.create(tmp_path, header())
    assert raised.value.hint and raised.value.hint.endswith("nothing was changed")
    assert not list(tmp_path.glob("*.jsonl"))


def test_a_runs_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the data folder should be")
    with pytest.raises(GhostError) as raised:
        Journal.create(tmp_path / "data" / "runs", header())
    assert raised.value.message.startswith("cannot make the folder")
    assert raised.value.hint and "GHOSTKIT_DATA_DIR" in raised.value.hint
