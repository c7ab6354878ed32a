"""How a bulk run is driven from the command line, against the real Ghost: a resume does
exactly the run it resumes, a run stops when Ghost stops answering, one run per site at a
time, Ctrl-C says which run to resume, and --domain means what it says."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from pathlib import Path

from ghostkit import AsyncGhostAdmin, GhostAdmin
from ghostkit.operations.journal import Journal
from ghostkit.samples import sample_post
from tests import cli
from tests.conftest import LiveGhost
from tests.faults import FaultProxy
from tests.helpers import unique


def seed(ghost: LiveGhost, tag: str, count: int) -> list[str]:
    """`count` published sample posts with links, tagged `tag`; their ids."""

    async def run() -> list[str]:
        async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as admin:
            gate = asyncio.Semaphore(4)

            async def one(n: int) -> str:
                async with gate:
                    body = {**sample_post(n, links=True), "status": "published"}
                    post = await admin.posts.add({**body, "tags": [{"name": tag}]})
                    return str(post.id)

            return list(await asyncio.gather(*(one(n) for n in range(count))))

    return asyncio.run(run())


def snapshot(ghost: LiveGhost, tag: str) -> dict[str, tuple[str, str]]:
    """Each post's (updated_at, lexical)."""
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        return {
            str(p.id): (str(p.updated_at), str(p.lexical))
            for p in admin.posts.iter(filter=f"tag:{tag}", formats="lexical")
        }


def env_for(ghost: LiveGhost, url: str, tmp_path: Path) -> dict[str, str]:
    """The environment of a command on the site at `url` (Ghost, or a proxy in front)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GHOST")}
    return env | {
        "GHOST_URL": url,
        "GHOST_ADMIN_API_KEY": ghost.admin_key,
        "GHOSTKIT_DATA_DIR": str(tmp_path),
        "GHOSTKIT_CONFIG": str(tmp_path / "c.toml"),
    }


def wait_for_done(runs: Path, count: int, timeout: float = 120) -> Path:
    """The journal of the one run in `runs`, once it records `count` saves."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        journals = list(runs.glob("*.jsonl")) if runs.exists() else []
        if journals:
            done = [r for r in Journal(journals[0]).records() if r.get("type") == "done"]
            if len(done) >= count:
                return journals[0]
        time.sleep(0.02)
    raise AssertionError(f"no run reached {count} saves in {timeout} s")


def cleanup(ghost: LiveGhost, tag: str) -> None:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")


def test_a_resume_does_exactly_the_run_it_resumes(ghost: LiveGhost, tmp_path: Path) -> None:
    """A run of one post with --external-only, resumed without the option (and without its
    filter), changes no other post and keeps the one post's links to the site."""
    tag = unique("resume-scope")
    ids = seed(ghost, tag, 8)
    env = env_for(ghost, ghost.url, tmp_path)
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        one = admin.posts.read(ids[0], formats="lexical")
    first = cli.run(
        env, "links", "strip", "--filter", f"id:{one.id}", "--external-only", "--yes", "--json"
    )
    assert first.returncode == 0, first.stderr
    run_id = json.loads(first.stdout)["run_id"]
    before = snapshot(ghost, tag)

    for differing in (
        ["--filter", f"tag:{tag}"],
        ["--domain", "example.com"],
        ["--link-cards", "remove"],
        ["--all"],
        ["--match", "x"],
    ):
        refused = cli.run(env, "links", "strip", "--resume", run_id, "--yes", *differing)
        assert refused.returncode == 2, (differing, refused.stderr)
        assert refused.stderr.startswith("error: "), refused.stderr
        assert run_id in refused.stderr and "hint: " in refused.stderr
        assert snapshot(ghost, tag) == before

    resumed = cli.run(env, "links", "strip", "--resume", run_id, "--yes", "--json")
    assert resumed.returncode == 0, resumed.stderr
    assert snapshot(ghost, tag) == before  # no post outside the run's selection changed
    again = cli.run(  # the run's own options, given again, are taken
        env, "links", "strip", "--resume", run_id, "--external-only", "--yes", "--json"
    )
    assert again.returncode == 0, again.stderr
    assert snapshot(ghost, tag) == before
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        after = admin.posts.read(one.id, formats="html")
        if "__GHOST_URL__" in str(one.lexical):
            assert ghost.url in after.html  # links to the site were kept
    state = Journal(tmp_path / "runs" / f"{run_id}.jsonl").state()
    assert set(state.posts) <= {str(one.id)}
    cleanup(ghost, tag)


def test_a_run_stops_when_ghost_stops_answering_and_resumes_when_it_is_back(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    tag = unique("down")
    ids = seed(ghost, tag, 40)
    proxy = FaultProxy(ghost.url, rate=0.0, faults=("reset",))
    with proxy:
        env = env_for(ghost, proxy.url, tmp_path)
        started = cli.start(
            env, "links", "strip", "--filter", f"tag:{tag}", "--yes", "--concurrency", "2"
        )
        journal = wait_for_done(tmp_path / "runs", 3)
        proxy.rate = 1.0  # Ghost "goes down": every connection is cut
        went_down = time.monotonic()
        out, err = cli.collect(started, timeout=120)
        stopped_after = time.monotonic() - went_down
        assert started.returncode == 8, (out, err)
        run_id = journal.stem
        assert err.startswith("error: the site stopped answering"), err
        assert f"ghostkit runs resume {run_id}" in err and "Traceback" not in err
        assert stopped_after < 60, stopped_after
        records = list(Journal(journal).records())
        failed = [r for r in records if r["type"] == "failed"]
        assert 5 <= len(failed) <= 5 + 2, len(failed)
        assert not [r for r in records if r["type"] == "end"]

        proxy.rate = 0.0  # Ghost is back
        resumed = cli.run(env, "links", "strip", "--resume", run_id, "--yes", "--json")
        assert resumed.returncode == 0, resumed.stderr
        assert json.loads(resumed.stdout)["verify"]["ok"]
    state = Journal(journal).state()
    assert len(state.done()) == len(ids)  # every post, each once
    saves = [r["id"] for r in Journal(journal).records() if r["type"] == "done"]
    assert len(saves) == len(set(saves))
    cleanup(ghost, tag)


def test_one_run_per_site_at_a_time(ghost: LiveGhost, tmp_path: Path) -> None:
    tag = unique("lock")
    seed(ghost, tag, 20)
    slow = FaultProxy(ghost.url, rate=1.0, faults=("delay",), methods=("PUT",), delay=0.8)
    with slow:
        env = env_for(ghost, slow.url, tmp_path)
        first = cli.start(
            env, "links", "strip", "--filter", f"tag:{tag}", "--yes", "--concurrency", "1"
        )
        journal = wait_for_done(tmp_path / "runs", 1)
        before = snapshot(ghost, tag)
        undo = cli.run(env, "runs", "undo", journal.stem, "--yes")  # an undo is a run too
        assert undo.returncode == 6 and "one run per site" in undo.stderr, undo.stderr
        second = cli.run(env, "links", "strip", "--filter", f"tag:{tag}", "--yes")
        assert second.returncode == 6, second.stderr
        assert second.stderr.startswith(f"error: run {journal.stem}"), second.stderr
        assert "one run per site" in second.stderr and "hint: " in second.stderr
        replace = cli.run(env, "replace", "Sample", "Example", "--filter", f"tag:{tag}", "--yes")
        assert replace.returncode == 6, replace.stderr
        dry = cli.run(env, "links", "strip", "--filter", f"tag:{tag}", "--dry-run", "--json")
        assert dry.returncode == 0, dry.stderr  # a preview changes nothing: it needs no lock
        assert set(snapshot(ghost, tag)) == set(before)
        first.send_signal(signal.SIGKILL)  # a crash releases the lock
        cli.collect(first, timeout=30)
        resumed = cli.run(env, "links", "strip", "--resume", journal.stem, "--yes", "--json")
        assert resumed.returncode == 0, resumed.stderr
    runs = list((tmp_path / "runs").glob("*.jsonl"))
    assert runs == [journal]  # the refused runs started no journal
    cleanup(ghost, tag)


def test_ctrl_c_says_which_run_to_resume_or_undo(ghost: LiveGhost, tmp_path: Path) -> None:
    tag = unique("interrupt")
    seed(ghost, tag, 30)  # at 0.4 s a save, a run that lasts well past the interrupt
    try:
        slow = FaultProxy(ghost.url, rate=1.0, faults=("delay",), methods=("PUT",), delay=0.4)
        with slow:
            env = env_for(ghost, slow.url, tmp_path)
            for argv in (
                ["links", "strip", "--filter", f"tag:{tag}", "--yes", "--concurrency", "1"],
                ["replace", "e", "E", "--filter", f"tag:{tag}", "--yes", "-c", "1"],
            ):
                for old in (tmp_path / "runs").glob("*.jsonl"):
                    old.rename(old.with_suffix(".done"))
                started = cli.start(env, *argv)
                journal = wait_for_done(tmp_path / "runs", 2)
                started.send_signal(signal.SIGINT)
                out, err = cli.collect(started, timeout=60)
                assert started.returncode == 130, (argv, out, err)
                run_id = journal.stem
                assert f"run {run_id}" in err, err
                assert f"ghostkit runs resume {run_id}" in err
                assert f"ghostkit runs undo {run_id}" in err
                assert "Traceback" not in err
                resumed = cli.run(env, "runs", "resume", run_id, "--yes", "--json")
                assert resumed.returncode == 0, resumed.stderr
                assert json.loads(resumed.stdout)["failed"] == 0
    finally:
        cleanup(ghost, tag)


def test_a_domain_given_as_a_url_selects_its_links(ghost: LiveGhost, tmp_path: Path) -> None:
    tag = unique("domain")
    seed(ghost, tag, 4)
    env = env_for(ghost, ghost.url, tmp_path)

    def would_remove(*domain: str) -> int:
        done = cli.run(
            env, "links", "strip", "--filter", f"tag:{tag}", "--dry-run", "--json", *domain
        )
        assert done.returncode == 0, done.stderr
        return int(json.loads(done.stdout)["links_removed"])

    plain = would_remove("--domain", "example.com")
    assert plain > 0
    assert would_remove("--domain", "https://example.com/") == plain
    assert would_remove("--domain", "*.EXAMPLE.com") == plain
    cleanup(ghost, tag)


def test_a_library_resume_does_the_run_it_resumes(ghost: LiveGhost, tmp_path: Path) -> None:
    from ghostkit.operations import resume, strip_links

    tag = unique("lib-resume")
    ids = seed(ghost, tag, 3)
    os.environ["GHOST_URL"], os.environ["GHOST_ADMIN_API_KEY"] = ghost.url, ghost.admin_key
    try:
        summary = strip_links(filter=f"id:{ids[0]}", external_only=True, runs_dir=tmp_path)
        before = snapshot(ghost, tag)
        again = resume(summary.run_id, runs_dir=tmp_path)
    finally:
        del os.environ["GHOST_URL"], os.environ["GHOST_ADMIN_API_KEY"]
    assert again.changed == 0 and snapshot(ghost, tag) == before
    cleanup(ghost, tag)


def test_a_restore_holds_the_site_and_ctrl_c_names_its_run(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    prefix = unique("restored")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        tags = [admin.tags.add({"name": f"{prefix}-{n}"}) for n in range(15)]
    env = env_for(ghost, ghost.url, tmp_path)
    saved = cli.run(env, "backup", "--out", str(tmp_path / "site.json"))
    assert saved.returncode == 0, saved.stderr
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        for tag in tags:
            admin.tags.delete(tag.id)
    slow = FaultProxy(ghost.url, rate=1.0, faults=("delay",), methods=("POST",), delay=0.8)
    with slow:
        env = env_for(ghost, slow.url, tmp_path)
        asked = cli.run(env, "restore", str(tmp_path / "site.json"))  # no terminal, no --yes
        assert asked.returncode == 2 and "--yes" in asked.stderr, asked.stderr
        started = cli.start(env, "restore", str(tmp_path / "site.json"), "--yes")
        deadline = time.monotonic() + 120
        created: list[dict[str, object]] = []
        while time.monotonic() < deadline and len(created) < 2:
            journals = list((tmp_path / "runs").glob("*.jsonl"))
            if journals:
                records = Journal(journals[0]).records()
                created = [r for r in records if r.get("type") == "created"]
            time.sleep(0.05)
        (journal,) = (tmp_path / "runs").glob("*.jsonl")
        busy = cli.run(env, "links", "strip", "--filter", "tag:nothing-here", "--yes")
        assert busy.returncode == 6 and journal.stem in busy.stderr, busy.stderr
        started.send_signal(signal.SIGINT)
        out, err = cli.collect(started, timeout=60)
        assert started.returncode == 130, (out, err)
        assert f"restore run {journal.stem}" in err and "Traceback" not in err
        assert f"ghostkit runs undo {journal.stem}" in err
        undone = cli.run(env, "runs", "undo", journal.stem, "--yes", "--json")
        assert undone.returncode == 0, undone.stderr
        assert json.loads(undone.stdout)["restored"] >= 2
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        left = admin.tags.browse(filter=f"name:~'{prefix}'", limit=100).items
        assert left == []  # what the interrupted restore created was taken back
