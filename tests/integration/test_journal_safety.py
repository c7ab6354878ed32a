"""The journal keeps its promises against the real Ghost: a resume after a kill never takes
another person's edit for its own, a full disk stops a run before it edits anything it
could not undo, and a run is resumed and undone only on its own site."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ghostkit import GhostAdmin
from ghostkit.operations.journal import Journal
from tests import cli
from tests.conftest import LiveGhost
from tests.faults import FaultProxy
from tests.helpers import unique
from tests.integration.test_live_links import current, seed

THEIRS = "A paragraph someone else wrote while the run was stopped."


class HoldingProxy(FaultProxy):
    """Passes every request on to Ghost, but while `holding` keeps the answer of each
    PUT to itself: the save lands, and ghostkit never hears of it."""

    holding = True

    async def _answer(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, ...]],
        body: bytes,
        writer: asyncio.StreamWriter,
    ) -> bool:
        if method == "PUT" and self.holding:
            skip = {"host", "content-length", "connection", "accept-encoding"}
            forward = {k: v for k, v in headers if k.lower() not in skip}
            await self._client.request(method, target, headers=forward, content=body)
            self.forwarded["PUT"] += 1
            with contextlib.suppress(asyncio.CancelledError):  # the proxy shutting down
                await asyncio.sleep(3600)  # the answer never comes
            return False
        return await super()._answer(method, target, headers, body, writer)


def environment(url: str, key: str, data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GHOST_", "GHOSTKIT_"))}
    return env | {
        "GHOST_URL": url,
        "GHOST_ADMIN_API_KEY": key,
        "GHOSTKIT_DATA_DIR": str(data),
        "GHOSTKIT_CONFIG": str(data.parent / "c.toml"),
    }


def add_paragraph(ghost: LiveGhost, post_id: str, text: str) -> None:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.read(post_id, formats="lexical")
        document = json.loads(post.lexical or "{}")
        document["root"]["children"].append(
            {
                "type": "paragraph",
                "version": 1,
                "direction": "ltr",
                "format": "",
                "indent": 0,
                "children": [
                    {
                        "type": "extended-text",
                        "version": 1,
                        "text": text,
                        "format": 0,
                        "detail": 0,
                        "mode": "normal",
                        "style": "",
                    }
                ],
            }
        )
        admin.posts.edit(post_id, {"lexical": json.dumps(document), "updated_at": post.updated_at})


def test_resume_after_a_kill_never_undoes_someone_elses_edit(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    tag = unique("kill-landed")
    before = seed(ghost, tag, range(8))
    with_links = {i for i, p in before.items() if "<a " in (p["html"] or "")}
    with HoldingProxy(ghost.url, rate=0.0) as proxy:
        env = environment(proxy.url, ghost.admin_key, tmp_path / "data")
        first = cli.start(
            env, "links", "strip", "--filter", f"tag:{tag}", "--yes", "--json", "-c", "2"
        )
        deadline = time.monotonic() + 120
        while proxy.forwarded["PUT"] < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)  # two saves landed; their answers are in flight
        cli.collect(first, timeout=30)
        assert proxy.forwarded["PUT"] == 2
        (path,) = (tmp_path / "data" / "runs").glob("*.jsonl")
        run_id = path.stem
        landed = sorted(e.id for e in Journal(path).state().unfinished())
        assert len(landed) == 2
        theirs, ours = landed
        time.sleep(1.1)  # updated_at has one-second resolution
        add_paragraph(ghost, theirs, THEIRS)  # another person edits one of them

        proxy.holding = False
        resumed = cli.run(env, "runs", "resume", run_id, "--yes", "--json")
        after_resume = current(ghost, tag)
        state = Journal(path).state()
        undone = cli.run(env, "runs", "undo", run_id, "--yes", "--json")
        again = cli.run(env, "runs", "undo", run_id, "--yes")
    after = current(ghost, tag)

    assert THEIRS in (after[theirs].plaintext or ""), "undo put the old post over their edit"
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert json.loads(resumed.stdout)["changed"] == len(with_links) - 1  # ours counts
    assert undone.returncode == 0, undone.stderr
    result = json.loads(undone.stdout)
    assert "someone else" in result["skipped"].get(theirs, ""), result
    assert f"left {theirs}" in again.stdout and "someone else" in again.stdout, again.stdout
    assert state.posts[theirs].foreign and not state.posts[theirs].done
    assert state.posts[ours].done is not None
    done = state.posts[ours].done
    assert done is not None and done.updated_at == str(after_resume[ours].updated_at)
    assert result["restored"] == len(with_links) - 1
    for post_id in with_links - {theirs}:  # everything else is back, byte for byte
        assert after[post_id].lexical == before[post_id]["lexical"], post_id
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")


def test_a_resume_that_finds_its_save_edited_again_says_so(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    """The run's save landed and someone then changed only the title: the save is the
    run's, but undo leaves the post, as it leaves any post edited after a run."""
    tag = unique("kill-title")
    seed(ghost, tag, range(2))
    with HoldingProxy(ghost.url, rate=0.0) as proxy:
        env = environment(proxy.url, ghost.admin_key, tmp_path / "data")
        first = cli.start(
            env, "links", "strip", "--filter", f"tag:{tag}", "--yes", "--json", "-c", "1"
        )
        deadline = time.monotonic() + 120
        while proxy.forwarded["PUT"] < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        cli.collect(first, timeout=30)
        (path,) = (tmp_path / "data" / "runs").glob("*.jsonl")
        (landed,) = [e.id for e in Journal(path).state().unfinished()]
        time.sleep(1.1)
        with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
            admin.posts.update(landed, lambda p: {"title": p.title + " (theirs)"})
        proxy.holding = False
        resumed = cli.run(
            env,
            "links",
            "strip",
            "--filter",
            f"tag:{tag}",
            "--yes",
            "--json",
            "--resume",
            path.stem,
        )
        assert resumed.returncode == 0, resumed.stderr
        undone = json.loads(cli.run(env, "runs", "undo", path.stem, "--yes", "--json").stdout)
    entry = Journal(path).state().posts[landed]
    assert entry.done and entry.done.counts.get("links removed"), "the landed save counts"
    assert entry.foreign
    assert landed in undone["skipped"]
    assert current(ghost, tag)[landed].title.endswith("(theirs)")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs (the tests run as root where the machine allows mounting)."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)],
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


def fill(disk: Path, leave: int) -> Path:
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"x" * 512)
        except OSError:
            pass
    os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def test_a_full_disk_stops_the_run_before_an_edit_it_could_not_undo(
    ghost: LiveGhost, small_disk: Path
) -> None:
    tag = unique("full-disk")
    before = seed(ghost, tag, (0, 3, 6))  # posts whose journaled original is over 8 KiB
    data = small_disk / "data"
    env = environment(ghost.url, ghost.admin_key, data)
    (data / "runs").mkdir(parents=True)
    filler = fill(small_disk, 8192)  # room for the run's lock and first line, not an original

    stopped = cli.run(env, "links", "strip", "--filter", f"tag:{tag}", "--yes", "--json")
    lines = [line for line in stopped.stderr.splitlines() if line.strip()]
    assert stopped.returncode == 1, stopped.stderr
    assert "Traceback" not in stopped.stderr
    assert lines[0].startswith("error: cannot write the run journal")
    assert "No space left on device" in lines[0]
    assert lines[1].startswith("hint: ")
    after = current(ghost, tag)
    for post_id, post in before.items():  # nothing was edited without its original kept
        assert str(after[post_id].updated_at) == post["updated_at"]
    (path,) = (data / "runs").glob("*.jsonl")
    assert path.read_bytes().endswith(b"\n")
    listed = cli.run(env, "runs", "list", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout)[0]["id"] == path.stem

    filler.unlink()  # space is freed: the run resumes and is undone
    resumed = cli.run(
        env, "links", "strip", "--filter", f"tag:{tag}", "--yes", "--json", "--resume", path.stem
    )
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["changed"] == 3
    undone = cli.run(env, "runs", "undo", path.stem, "--yes", "--json")
    assert json.loads(undone.stdout)["restored"] == 3, undone.stdout
    restored = current(ghost, tag)
    assert all(restored[i].lexical == before[i]["lexical"] for i in before)
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")


def test_undo_and_resume_refuse_another_site(ghost: LiveGhost, tmp_path: Path) -> None:
    tag = unique("other-site")
    before = seed(ghost, tag, range(2))
    env = environment(ghost.url, ghost.admin_key, tmp_path / "data")
    done = cli.run(env, "links", "strip", "--filter", f"tag:{tag}", "--yes", "--json")
    assert done.returncode == 0, done.stderr
    run_id = json.loads(done.stdout)["run_id"]
    data = tmp_path / "data"  # made by the run: private, as are the journals in it
    for made in (data, data / "runs", data / "runs" / f"{run_id}.jsonl"):
        wanted = 0o600 if made.is_file() else 0o700
        assert stat.S_IMODE(made.stat().st_mode) == wanted, (made, oct(made.stat().st_mode))
    added = cli.run(
        env,
        "site",
        "add",
        "elsewhere",
        "--url",
        "http://127.0.0.1:9",
        "--admin-key",
        "-",
        stdin="0" * 24 + ":" + "1" * 64,
    )
    assert added.returncode == 0, added.stderr
    changed = current(ghost, tag)

    for argv in (
        ["runs", "undo", run_id, "--yes", "--site", "elsewhere"],
        ["--site", "elsewhere", "runs", "undo", run_id, "--yes"],
        ["runs", "show", run_id, "--site", "elsewhere"],
        ["links", "strip", "--yes", "--site", "elsewhere", "--resume", run_id],
    ):
        refused = cli.run({k: v for k, v in env.items() if k != "GHOST_URL"}, *argv)
        assert refused.returncode in (2, 3), (argv, refused.stdout, refused.stderr)
        assert refused.stderr.startswith(f"error: run {run_id} "), refused.stderr
        assert "hint: " in refused.stderr
    assert {i: str(p.updated_at) for i, p in current(ghost, tag).items()} == {
        i: str(p.updated_at) for i, p in changed.items()
    }
    undone = cli.run(env, "runs", "undo", run_id, "--yes", "--json")
    assert json.loads(undone.stdout)["restored"] == len(
        [i for i in before if "<a " in (before[i]["html"] or "")]
    )
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")


def write_run(runs: Path, run_id: str, site: str | None, **extra: Any) -> None:
    runs.mkdir(parents=True, exist_ok=True)
    record = {"type": "run", "id": run_id, "site": site, "operation": {"kind": "links-strip"}}
    (runs / f"{run_id}.jsonl").write_text(json.dumps({**record, **extra}) + "\n")


def test_runs_list_takes_site_like_the_other_runs_commands(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = environment("http://127.0.0.1:9", "0" * 24 + ":" + "1" * 64, data)
    write_run(data / "runs", "20261201-100000-aaaa", "blog")
    write_run(data / "runs", "20261201-110000-bbbb", "shop")
    (data / "runs" / "20261201-120000-cccc.jsonl").write_text('{"type": "run", "id"\n{"x": 1}\n')
    for argv in (["runs", "list", "--site", "blog"], ["--site", "blog", "runs", "list"]):
        listed = cli.run(env, *argv, "--json")
        assert listed.returncode == 0, listed.stderr
        rows = json.loads(listed.stdout)  # a damaged run is never hidden: its site is unknown
        assert [row["id"] for row in rows] == ["20261201-100000-aaaa", "20261201-120000-cccc"]
        assert rows[1]["damaged"] and not rows[0]["damaged"]
    every = cli.run(env, "runs", "list")
    assert every.returncode == 0, every.stderr
    assert "20261201-110000-bbbb" in every.stdout and "20261201-100000-aaaa" in every.stdout
    assert "20261201-120000-cccc" in every.stdout and "damaged" in every.stdout
    shown = cli.run(env, "runs", "show", "20261201-110000-bbbb", "--site", "blog")
    assert shown.returncode == 3 and "was made on 'shop'" in shown.stderr, shown.stderr


def test_an_undo_that_cannot_write_its_journal_edits_nothing(
    ghost: LiveGhost, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk (an injected ENOSPC on fsync) when the undo begins: it stops before it
    takes anything back, and once the disk has room the undo does its whole work."""
    from ghostkit import AsyncGhostAdmin
    from ghostkit.operations.undo import undo

    tag = unique("undo-full")
    before = seed(ghost, tag, (1, 2))
    env = environment(ghost.url, ghost.admin_key, tmp_path / "data")
    done = cli.run(env, "links", "strip", "--filter", f"tag:{tag}", "--yes", "--json")
    assert done.returncode == 0, done.stderr
    run_id = json.loads(done.stdout)["run_id"]
    stripped = {i: str(p.updated_at) for i, p in current(ghost, tag).items()}
    runs = tmp_path / "data" / "runs"

    async def take_back() -> dict[str, Any]:
        async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as admin:
            return await undo(admin, runs, run_id, concurrency=1)

    def no_room(fd: int) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", no_room)
        with pytest.raises(Exception, match="No space left on device"):
            asyncio.run(take_back())
    assert {i: str(p.updated_at) for i, p in current(ghost, tag).items()} == stripped
    result = asyncio.run(take_back())
    assert result["restored"] == 2 and not result["skipped"], result
    restored = current(ghost, tag)
    assert all(restored[i].lexical == before[i]["lexical"] for i in before)
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")


def test_a_journal_of_the_previous_release_resumes_and_undoes(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    """Journals written before the digest of the document sent and the site's URL were
    kept: the resume makes the document sent again from the original, and undo works."""
    tag = unique("old-journal")
    before = seed(ghost, tag, range(4))
    with_links = {i for i, p in before.items() if "<a " in (p["html"] or "")}
    with HoldingProxy(ghost.url, rate=0.0) as proxy:
        env = environment(proxy.url, ghost.admin_key, tmp_path / "data")
        first = cli.start(
            env, "links", "strip", "--filter", f"tag:{tag}", "--yes", "--json", "-c", "1"
        )
        deadline = time.monotonic() + 120
        while proxy.forwarded["PUT"] < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        cli.collect(first, timeout=30)
        (path,) = (tmp_path / "data" / "runs").glob("*.jsonl")
        old = [json.loads(line) for line in path.read_text().splitlines()]
        for record in old:
            for key in ("sent", "title", "url"):
                record.pop(key, None)
        path.write_text("".join(json.dumps(r) + "\n" for r in old))
        (landed,) = [e.id for e in Journal(path).state().unfinished()]
        proxy.holding = False
        resumed = cli.run(
            env,
            "links",
            "strip",
            "--filter",
            f"tag:{tag}",
            "--yes",
            "--json",
            "--resume",
            path.stem,
        )
        assert resumed.returncode == 0, resumed.stderr
        undone = json.loads(cli.run(env, "runs", "undo", path.stem, "--yes", "--json").stdout)
    assert Journal(path).state().posts[landed].done, "the landed save is the run's own"
    assert undone["restored"] == len(with_links) and not undone["skipped"], undone
    restored = current(ghost, tag)
    assert all(restored[i].lexical == before[i]["lexical"] for i in before)
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")


def test_every_runs_command_reads_a_journal_with_a_torn_last_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = environment("http://127.0.0.1:9", "0" * 24 + ":" + "1" * 64, data)
    write_run(data / "runs", "20261201-100000-aaaa", "blog")
    with (data / "runs" / "20261201-100000-aaaa.jsonl").open("a") as handle:
        handle.write('{"type": "before", "id": "0123456789abcdef01')  # cut by a full disk
    for argv in (["runs", "list"], ["runs", "show", "20261201-100000-aaaa"]):
        done = cli.run(env, *argv)
        assert done.returncode == 0, (argv, done.stderr)
        assert "20261201-100000-aaaa" in done.stdout


def test_an_undo_is_refused_while_another_run_changes_the_site(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    """An undo is a bulk edit too: while another run holds the site, it is refused (exit 6)
    and changes nothing."""
    from ghostkit.operations.lock import site_lock

    tag = unique("undo-busy")
    seed(ghost, tag, (1, 2))
    env = environment(ghost.url, ghost.admin_key, tmp_path / "data")
    done = cli.run(env, "links", "strip", "--filter", f"tag:{tag}", "--yes", "--json")
    assert done.returncode == 0, done.stderr
    run_id = json.loads(done.stdout)["run_id"]
    stripped = {i: str(p.updated_at) for i, p in current(ghost, tag).items()}
    with site_lock(tmp_path / "data" / "runs", ghost.url, "20261201-000000-0001"):
        busy = cli.run(env, "runs", "undo", run_id, "--yes")
    assert busy.returncode == 6, busy.stdout + busy.stderr
    assert busy.stderr.startswith("error: run 20261201-000000-0001"), busy.stderr
    assert {i: str(p.updated_at) for i, p in current(ghost, tag).items()} == stripped
    assert json.loads(cli.run(env, "runs", "undo", run_id, "--yes", "--json").stdout)["restored"]
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")
