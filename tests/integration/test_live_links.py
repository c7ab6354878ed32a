"""`links strip` against the real Ghost, checked through Ghost's own rendering."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import time
from pathlib import Path
from typing import Any

from ghostkit import AsyncGhostAdmin, GhostAdmin
from ghostkit.content import html_links, lexical
from ghostkit.content.selection import LinkSelector
from ghostkit.operations import Engine, Selection, Summary
from ghostkit.operations.journal import Journal
from ghostkit.operations.transforms import StripLinks
from ghostkit.operations.undo import undo
from ghostkit.samples import sample_post
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import kept_link_cards, unique


def seed(ghost: LiveGhost, tag: str, numbers: range) -> dict[str, dict[str, Any]]:
    """Create sample posts; return each one's id -> what Ghost stored and rendered."""

    async def run() -> dict[str, dict[str, Any]]:
        async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as admin:
            gate = asyncio.Semaphore(4)

            async def one(n: int) -> tuple[str, dict[str, Any]]:
                async with gate:
                    post = await admin.posts.add(
                        {**sample_post(n), "status": "published", "tags": [{"name": tag}]}
                    )
                    read = await admin.posts.read(post.id, formats="lexical,html,plaintext")
                    return str(post.id), read.model_dump()

            return dict(await asyncio.gather(*(one(n) for n in numbers)))

    return asyncio.run(run())


def current(ghost: LiveGhost, tag: str) -> dict[str, Any]:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        return {
            str(p.id): p
            for p in admin.posts.iter(filter=f"tag:{tag}", formats="lexical,html,plaintext")
        }


def run_operation(
    ghost: LiveGhost, tmp_path: Path, tag: str, **options: Any
) -> tuple[Summary, dict[str, Any]]:
    async def run() -> tuple[Summary, dict[str, Any]]:
        async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as admin:
            selector = LinkSelector(site_url=admin.site_url, **options.pop("select", {}))
            engine = Engine(
                admin,
                StripLinks(selector, **options),
                runs_dir=tmp_path,
                selection=Selection(filter=f"tag:{tag}"),
            )
            summary = await engine.apply(await engine.plan())
            assert summary.verify is not None
            return summary, summary.verify

    return asyncio.run(run())


def test_strip_every_kind_of_link_then_undo_byte_for_byte(ghost: LiveGhost, tmp_path: Path) -> None:
    tag = unique("corpus")
    before = seed(ghost, tag, range(30))
    summary, verify = run_operation(ghost, tmp_path, tag)
    after = current(ghost, tag)
    without_links = [i for i, p in before.items() if "<a " not in (p["html"] or "")]
    assert summary.changed == 30 - len(without_links) and summary.failed == 0
    assert verify["ok"], verify
    state = Journal.open(tmp_path, summary.run_id).state()
    for post_id, post in after.items():
        # Ghost's own rendering: only the link cards kept on purpose still link
        kept = kept_link_cards(state.posts.get(post_id))
        hrefs = [link.href for link in html_links.find_links(post.html)]
        assert all(href in kept for href in hrefs), (post.slug, hrefs, kept)
        assert post.plaintext == before[post_id]["plaintext"], post.slug
    for post_id in without_links:  # never written
        assert after[post_id].updated_at == before[post_id]["updated_at"]

    async def restore() -> dict[str, Any]:
        async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as admin:
            return await undo(admin, tmp_path, summary.run_id)

    result = asyncio.run(restore())
    assert result["restored"] == summary.changed and not result["skipped"]
    restored = current(ghost, tag)
    for post_id, post in restored.items():
        assert post.lexical == before[post_id]["lexical"], post.slug  # byte for byte
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")


def test_link_cards_as_text_leave_no_link_at_all(ghost: LiveGhost, tmp_path: Path) -> None:
    tag = unique("cards")
    before = seed(ghost, tag, range(0, 15, 3)[:3])  # posts with every kind of card
    summary, verify = run_operation(ghost, tmp_path, tag, link_cards="text")
    assert verify["ok"], verify
    for post in current(ghost, tag).values():
        assert "<a " not in post.html, post.slug
        assert "kg-bookmark-card" not in post.html and "kg-button-card" not in post.html
    assert summary.changed == len(before)
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")


def kept_cards(tmp_path: Path, run_id: str, post_id: str) -> set[str]:
    return kept_link_cards(Journal.open(tmp_path, run_id).state().posts[post_id])


def test_external_only_keeps_links_to_the_site(ghost: LiveGhost, tmp_path: Path) -> None:
    tag = unique("external")
    (post_id,) = seed(ghost, tag, range(3, 4))
    summary, verify = run_operation(ghost, tmp_path, tag, select={"external_only": True})
    assert verify["ok"], verify
    (post,) = current(ghost, tag).values()
    hrefs = [link.href or "" for link in html_links.find_links(post.html)]
    internal = [h for h in hrefs if h.startswith(ghost.url)]
    assert internal, "the sample's __GHOST_URL__ links must stay"
    external = {h for h in hrefs if not h.startswith(ghost.url)}
    assert external <= kept_cards(tmp_path, summary.run_id, post_id)
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")


def test_a_concurrent_edit_survives_and_links_still_go(ghost: LiveGhost, tmp_path: Path) -> None:
    tag = unique("collide")
    (post_id,) = seed(ghost, tag, range(1, 2))

    async def run() -> Summary:
        async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as admin:
            engine = Engine(
                admin,
                StripLinks(LinkSelector()),
                runs_dir=tmp_path,
                selection=Selection(filter=f"tag:{tag}"),
            )
            plan = await engine.plan()
            await asyncio.sleep(1.1)  # updated_at has one-second resolution
            await admin.posts.update(post_id, lambda p: {"title": "Edited by someone else"})
            return await engine.apply(plan)

    summary = asyncio.run(run())
    assert summary.changed == 1 and summary.failed == 0
    befores = [r for r in Journal.open(tmp_path, summary.run_id).records() if r["type"] == "before"]
    assert len(befores) == 2  # planned, collided, read again, planned again
    (after,) = current(ghost, tag).values()
    assert after.title == "Edited by someone else"  # their edit survived
    hrefs = {link.href for link in html_links.find_links(after.html)}
    assert hrefs <= kept_cards(tmp_path, summary.run_id, post_id)
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")


def test_a_killed_run_resumes_without_editing_any_post_twice(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    tag = unique("resume")
    before = seed(ghost, tag, range(40))
    kill_after = random.randint(3, 25)  # a random point of the run
    env = {
        **os.environ,
        "GHOST_URL": ghost.url,
        "GHOST_ADMIN_API_KEY": ghost.admin_key,
        "GHOSTKIT_DATA_DIR": str(tmp_path),
        "GHOSTKIT_CONFIG": str(tmp_path / "c.toml"),
    }
    runs = tmp_path / "runs"
    first = cli.start(
        env, "links", "strip", "--filter", f"tag:{tag}", "--yes", "--json", "--concurrency", "1"
    )
    deadline = time.monotonic() + 120
    done: list[dict[str, Any]] = []
    while time.monotonic() < deadline and len(done) < kill_after:
        journals = list(runs.glob("*.jsonl")) if runs.exists() else []
        if journals:
            done = [r for r in Journal(journals[0]).records() if r["type"] == "done"]
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    cli.collect(first, timeout=30)
    assert kill_after <= len(done) < 32, "the run should be killed part-way"
    (journal_path,) = runs.glob("*.jsonl")
    run_id = journal_path.stem
    done_before_kill = {
        r["id"]: r["updated_at"] for r in Journal(journal_path).records() if r["type"] == "done"
    }

    second = cli.start(
        env, "links", "strip", "--filter", f"tag:{tag}", "--yes", "--json", "--resume", run_id
    )
    out, err = cli.collect(second, timeout=300)
    assert second.returncode == 0, err
    summary = json.loads(out)
    assert summary["verify"]["ok"], summary["verify"]
    after = current(ghost, tag)
    for post_id, stamp in done_before_kill.items():
        assert str(after[post_id].updated_at) == stamp  # not edited a second time
    state = Journal(journal_path).state()
    changed = [p for p in after.values() if str(p.id) in state.posts]
    assert len(state.done()) == len(changed) == 32  # every post with links, once
    for post in after.values():
        kept = kept_link_cards(state.posts.get(str(post.id)))
        assert {link.href for link in html_links.find_links(post.html)} <= kept
        # the same document an uninterrupted run makes
        expected = lexical.strip_links(lexical.parse(before[str(post.id)]["lexical"]))
        if expected.changed:
            assert post.lexical == lexical.serialize(expected.document)
    undone = cli.run(env, "runs", "undo", run_id, "--yes", "--json")
    assert json.loads(undone.stdout)["restored"] == 32
    restored = current(ghost, tag)
    assert all(restored[i].lexical == before[i]["lexical"] for i in before)  # byte for byte
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")


MOBILEDOC = {
    "version": "0.3.1",
    "atoms": [],
    "cards": [
        ["html", {"html": '<p>Raw <a href="https://example.com/h">html link</a> here</p>'}],
        [
            "image",
            {
                "src": "https://images.example.com/m.jpg",
                "href": "https://example.com/i",
                "caption": 'A <a href="https://example.com/c">caption</a>',
            },
        ],
        ["markdown", {"markdown": "Some [markdown](https://example.com/md) text"}],
    ],
    "markups": [
        ["strong"],
        ["a", ["href", "https://example.com/one"]],
        ["em"],
        ["a", ["href", "https://example.com/two", "rel", "noopener"]],
    ],
    "sections": [
        [
            1,
            "p",
            [
                [0, [], 0, "Start "],
                [0, [0, 1], 1, "bold link"],
                [0, [], 1, " bold"],
                [0, [], 0, " and "],
                [0, [3, 2], 2, "italic link"],
                [0, [], 0, "."],
            ],
        ],
        [3, "ul", [[[0, [1], 1, "listed"]], [[0, [], 0, "plain item"]]]],
        [10, 0],
        [10, 1],
        [10, 2],
        [1, "p", [[0, [], 0, "The end."]]],
    ],
}


def test_mobiledoc_posts_from_the_database(
    ghost: LiveGhost, tmp_path: Path, ghost_major: int
) -> None:
    """A post still stored as mobiledoc (as on sites migrated from older Ghost): written
    into the instance's SQLite, since Ghost 6 converts mobiledoc on every API write."""
    import sqlite3

    tag = unique("mobiledoc")
    original = json.dumps(MOBILEDOC, separators=(",", ":"))
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add(
            {
                "title": "Mobiledoc",
                "mobiledoc": original,
                "status": "published",
                "tags": [{"name": tag}],
            }
        )
        rendered_before = admin.posts.read(post.id, formats="html,plaintext")
        assert rendered_before.html.count("<a ") == 7
    with sqlite3.connect(ghost.instance.database) as db:
        db.execute(
            "UPDATE posts SET mobiledoc = ?, lexical = NULL WHERE id = ?", (original, post.id)
        )
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        served = admin.posts.read(post.id, formats="mobiledoc,lexical")
        assert served.lexical is None and json.loads(served.mobiledoc) == MOBILEDOC

    summary, verify = run_operation(ghost, tmp_path, tag)
    assert summary.changed == 1 and summary.counts["links removed"] == 7 and verify["ok"], verify
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        after = admin.posts.read(post.id, formats="html,plaintext,lexical,mobiledoc")
        assert "<a " not in after.html
        assert "<strong>bold link" in after.html  # formatting kept
        assert "<em>italic link</em>" in after.html
        assert after.plaintext == rendered_before.plaintext
        if ghost_major >= 6:
            assert after.lexical and after.mobiledoc is None  # Ghost 6 converted it
        else:
            assert after.lexical is None and after.mobiledoc  # Ghost 5 keeps mobiledoc

    async def restore() -> dict[str, Any]:
        async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as admin:
            return await undo(admin, tmp_path, summary.run_id)

    assert asyncio.run(restore())["restored"] == 1
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        undone = admin.posts.read(post.id, formats="html,mobiledoc")
        assert undone.html == rendered_before.html  # undo for mobiledoc: the same HTML
        if ghost_major < 6:
            assert undone.mobiledoc == original  # and on Ghost 5, the same bytes
        admin.posts.delete(post.id)


def test_cli_dry_run_strip_runs_and_undo(ghost: LiveGhost, tmp_path: Path) -> None:
    tag = unique("cli")
    before = seed(ghost, tag, range(3))
    env = {
        **os.environ,
        "GHOST_URL": ghost.url,
        "GHOST_ADMIN_API_KEY": ghost.admin_key,
        "GHOSTKIT_DATA_DIR": str(tmp_path),
        "GHOSTKIT_CONFIG": str(tmp_path / "c.toml"),
    }

    def ghostkit(*args: str) -> Any:
        done = cli.run(env, *args)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if "--json" in args else done.stdout

    preview = ghostkit("links", "strip", "--filter", f"tag:{tag}", "--dry-run", "--json")
    assert preview["dry_run"] and preview["would_change"] == 3 and preview["changed"] == 0
    assert {p["links_removed"] for p in preview["items"]} and preview["links_removed"] > 0
    untouched = current(ghost, tag)
    assert all(untouched[i].updated_at == before[i]["updated_at"] for i in before)

    listing = ghostkit("links", "list", "--filter", f"tag:{tag}", "--json")
    assert {row["where"] for row in listing} >= {"inline", "html", "link-card"}

    summary = ghostkit("links", "strip", "--filter", f"tag:{tag}", "--yes", "--json")
    assert summary["changed"] == 3 and summary["verify"]["ok"]
    assert summary["links_removed"] == preview["links_removed"]
    runs = ghostkit("runs", "list", "--json")
    assert [r["id"] for r in runs] == [summary["run_id"]]
    shown = ghostkit("runs", "show", summary["run_id"], "--json")
    assert {p["status"] for p in shown["posts"]} == {"done"}
    undone = ghostkit("runs", "undo", summary["run_id"], "--yes", "--json")
    assert undone["restored"] == 3
    restored = current(ghost, tag)
    assert all(restored[i].lexical == before[i]["lexical"] for i in before)
    refused = cli.run(env, "links", "strip", "--filter", f"tag:{tag}")
    assert refused.returncode == 2 and "--yes" in refused.stderr  # no TTY, no --yes
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")


def test_a_report_of_the_plan_is_written_before_anything_changes(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    tag = unique("report")
    before = seed(ghost, tag, range(2))
    env = {
        **os.environ,
        "GHOST_URL": ghost.url,
        "GHOST_ADMIN_API_KEY": ghost.admin_key,
        "GHOSTKIT_DATA_DIR": str(tmp_path / "data"),
        "GHOSTKIT_CONFIG": str(tmp_path / "c.toml"),
    }
    page = tmp_path / "review" / "plan.html"
    select = ("links", "strip", "--filter", f"tag:{tag}")
    dry = cli.run(env, *select, "--dry-run", "--report", str(page))
    assert dry.returncode == 0, dry.stderr
    text = page.read_text()
    assert all(post["title"] in text for post in before.values())
    assert page.stat().st_mode & 0o777 == 0o600 and page.parent.stat().st_mode & 0o777 == 0o700
    assert all(current(ghost, tag)[i].updated_at == before[i]["updated_at"] for i in before)
    page.unlink()
    done = cli.run(env, *select, "--yes", "--json", "--report", str(page))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["changed"] == 2 and page.is_file()
    refused = cli.run(env, *select, "--dry-run", "--report", str(tmp_path))
    assert refused.returncode == 2 and "is a directory" in refused.stderr  # before any read
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")
