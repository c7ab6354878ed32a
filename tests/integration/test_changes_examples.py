"""The changes of docs/changes.md, run as written against the real Ghost: each example
script is taken from the page, saved under the name its first line gives, and run with
the site in the environment. What it changed is checked on the server and in the journal,
then undone, every post back as it was."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from ghostkit import GhostAdmin
from ghostkit.operations import ChangeError, Item, resume, run, undo
from ghostkit.operations.journal import Journal
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import unique

PAGE = Path(__file__).resolve().parents[2] / "docs" / "changes.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
NAME = re.compile(r"# (\w+\.py)\n")
VOLATILE = ("updated_at",)
"""What an edit and its undo move on a post, whatever they change."""


def scripts() -> dict[str, str]:
    """Every python block of the page, by the file name its first line gives."""
    found = {}
    for block in BLOCK.findall(PAGE.read_text()):
        name = NAME.match(block)
        assert name, f"a python block of {PAGE.name} does not begin with its file name"
        found[name.group(1)] = block
    return found


def test_the_page_has_the_examples() -> None:
    assert set(scripts()) == {
        "legacy_tag.py",
        "canonical_urls.py",
        "draft_titles.py",
        "draft_titles_plan.py",
        "draft_titles_resume.py",
        "undo_run.py",
    }
    for name in ("legacy_tag.py", "canonical_urls.py", "draft_titles.py"):
        change = scripts()[name].split("if __name__")[0]
        assert len(change.strip().splitlines()) <= 25, f"{name} should stay short"


class Site:
    """The session's Ghost, the page's scripts saved in a folder, and a data folder."""

    def __init__(self, ghost: LiveGhost, root: Path) -> None:
        self.admin = GhostAdmin(ghost.url, key=ghost.admin_key)
        self.folder = root / "scripts"
        self.folder.mkdir()
        for name, source in scripts().items():
            (self.folder / name).write_text(source)
        self.env = {
            **os.environ,
            "GHOST_URL": ghost.url,
            "GHOST_ADMIN_API_KEY": ghost.admin_key,
            "GHOSTKIT_DATA_DIR": str(root / "data"),
            "GHOSTKIT_CONFIG": str(root / "c.toml"),
        }
        self.runs = root / "data" / "runs"
        self.made: list[str] = []

    def script_argv(self, name: str, *args: str) -> list[str]:
        return [sys.executable, str(self.folder / name), *args]

    def _env(self) -> dict[str, str]:
        return {**self.env, "PYTHONPATH": os.pathsep.join([cli.SRC, str(self.folder)])}

    def script(self, name: str, *args: str) -> str:
        """Run one of the page's scripts, as `python NAME ARGS` in the scripts' folder."""
        done = subprocess.run(
            self.script_argv(name, *args),
            env=self._env(),
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        cli.PRINTED.extend((done.stdout, done.stderr))
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self, name: str, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.script_argv(name, *args),
            env=self._env(),
            cwd=self.folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def post(self, title: str, html: str, **fields: Any) -> dict[str, Any]:
        made = self.admin.posts.add({"title": title, "html": html, **fields}, source="html")
        self.made.append(str(made.id))
        return {"id": made.id, "slug": made.slug, "title": made.title}

    def posts(self) -> dict[str, dict[str, Any]]:
        """Every post of the site, as the API gives it: body, tags, authors and all."""
        return {
            str(post.id): post.to_dict()
            for post in self.admin.posts.iter(
                formats="lexical,mobiledoc,html,plaintext", include="tags,authors,tiers"
            )
        }

    def journal(self, run_id: str) -> dict[str, Any]:
        shown = cli.run(self.env, "runs", "show", run_id, "--json")
        assert shown.returncode == 0, shown.stderr
        document: dict[str, Any] = json.loads(shown.stdout)
        return document

    def close(self) -> None:
        for post_id in self.made:
            self.admin.posts.delete(post_id)
        self.admin.close()


@pytest.fixture
def site(ghost: LiveGhost, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """The scripts' site; this process's environment names it too (for calls made here)."""
    made = Site(ghost, tmp_path)
    for name in ("GHOST_URL", "GHOST_ADMIN_API_KEY", "GHOSTKIT_DATA_DIR", "GHOSTKIT_CONFIG"):
        monkeypatch.setenv(name, made.env[name])
    yield made
    made.close()


def run_id_of(printed: str) -> str:
    found = re.search(r"^run (\S+):", printed, re.M)
    assert found, printed
    return found.group(1)


def without(post: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in post.items() if k not in (*VOLATILE, *names)}


def assert_only(
    before: dict[str, dict[str, Any]],
    after: dict[str, dict[str, Any]],
    changed: dict[str, dict[str, Any]],
) -> None:
    """Every post holds what it held, but for the `changed` fields of the `changed` posts
    (which hold exactly those values)."""
    assert set(after) == set(before)
    for post_id, post in after.items():
        fields = changed.get(post_id, {})
        assert without(post, *fields) == without(before[post_id], *fields), post["slug"]
        for name, value in fields.items():
            assert post[name] == value, (post["slug"], name)
        if not fields:
            assert post["updated_at"] == before[post_id]["updated_at"], post["slug"]


def assert_back(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> None:
    """Every post holds again exactly what it held before the run."""
    assert set(after) == set(before)
    for post_id, post in after.items():
        assert without(post) == without(before[post_id]), post["slug"]


def assert_journal(
    site: Site, run_id: str, kind: dict[str, Any], ids: set[str], fields: list[str]
) -> dict[str, Any]:
    journal = site.journal(run_id)
    assert journal["run"]["change"] == kind
    assert {p["id"] for p in journal["posts"]} == ids
    assert {p["status"] for p in journal["posts"]} <= {"done"}
    assert all(p["fields"] == fields for p in journal["posts"])
    summary = journal["summaries"][-1]
    assert summary["changed"] == len(ids)
    assert summary["verify"]["ok"] is True, summary["verify"]
    assert summary["verify"]["checked"] == len(ids)
    return journal


def links_to_old_site(post: dict[str, Any]) -> bool:
    return bool(re.search(r'href="https?://old\.example\.com[/"]', post.get("html") or ""))


def test_tag_legacy_adds_the_tag_after_the_others_and_undoes(site: Site) -> None:
    tags = [{"name": unique("first")}, {"name": unique("second")}]
    old = site.post(
        unique("old-link"),
        '<p>See <a href="https://old.example.com/guide">the old guide</a>.</p>',
        tags=tags,
    )
    site.post(unique("new-link"), '<p>See <a href="https://new.example.com/">this</a>.</p>')
    site.post(unique("text-only"), "<p>We moved from old.example.com last year.</p>")
    site.post(
        unique("tagged"),
        '<p><a href="https://old.example.com/x">x</a></p>',
        tags=[{"name": "legacy"}],
    )
    before = site.posts()
    expected = {
        post_id
        for post_id, post in before.items()
        if links_to_old_site(post) and "legacy" not in [t["slug"] for t in post["tags"]]
    }
    assert old["id"] in expected

    printed = site.script("legacy_tag.py")
    run_id = run_id_of(printed)
    assert f"{len(expected)} posts tagged" in printed

    after = site.posts()
    for post_id in expected:
        was = before[post_id]["tags"]
        assert [t["slug"] for t in after[post_id]["tags"]] == [
            *(t["slug"] for t in was),
            "legacy",
        ]
    assert [t["name"] for t in after[old["id"]]["tags"]] == [t["name"] for t in tags] + ["legacy"]
    assert_only(before, after, {i: {"tags": after[i]["tags"]} for i in expected})
    journal = assert_journal(site, run_id, {"kind": "tag-legacy"}, expected, ["tags"])
    assert all(p["counts"] == {"tags added": 1} for p in journal["posts"])

    again = site.script("legacy_tag.py")
    assert "0 posts tagged" in again
    assert_back(after, site.posts())

    undone = cli.run(site.env, "runs", "undo", run_id, "--yes", "--json")
    assert undone.returncode == 0, undone.stderr
    assert json.loads(undone.stdout)["restored"] == len(expected)
    assert_back(before, site.posts())


def test_canonical_urls_come_from_the_csv_and_undo(site: Site) -> None:
    first = site.post(unique("first"), "<p>One.</p>")
    second = site.post(unique("second"), "<p>Two.</p>", canonical_url="https://a.example/was")
    left = site.post(unique("left"), "<p>Three.</p>")
    urls = {first["slug"]: "https://a.example/one", second["slug"]: "https://a.example/two"}
    rows = "".join(f"{slug},{url}\n" for slug, url in urls.items())
    (site.folder / "canonical.csv").write_text("slug,canonical_url\n" + rows)
    before = site.posts()

    printed = site.script("canonical_urls.py")
    run_id = run_id_of(printed)
    assert "2 canonical URLs set" in printed

    after = site.posts()
    assert after[first["id"]]["canonical_url"] == "https://a.example/one"
    assert after[second["id"]]["canonical_url"] == "https://a.example/two"
    assert after[left["id"]] == before[left["id"]]
    changed = {p["id"]: {"canonical_url": after[p["id"]]["canonical_url"]} for p in (first, second)}
    assert_only(before, after, changed)
    journal = assert_journal(
        site,
        run_id,
        {"kind": "canonical-from-csv", "csv": "canonical.csv"},
        {first["id"], second["id"]},
        ["canonical_url"],
    )
    assert journal["run"]["selection"]["filter"] == f"slug:[{first['slug']},{second['slug']}]"

    assert "0 canonical URLs set" in site.script("canonical_urls.py")
    assert_back(after, site.posts())

    assert "took back 2 items; left: none" in site.script("undo_run.py", run_id)
    back = site.posts()
    assert_back(before, back)
    assert back[first["id"]]["canonical_url"] is None
    assert back[second["id"]]["canonical_url"] == "https://a.example/was"


def test_draft_titles_dry_run_writes_nothing_then_the_run_prefixes_only_drafts(
    site: Site,
) -> None:
    drafts = [site.post(unique("Draft me"), "<p>Draft.</p>") for _ in range(3)]
    done = site.post(unique("[Draft] already"), "<p>Done.</p>")
    published = site.post(unique("Out"), "<p>Out.</p>", status="published")
    before = site.posts()
    expected = {
        i for i, p in before.items() if p["status"] == "draft" and not p["title"].startswith("[")
    }
    assert {d["id"] for d in drafts} <= expected
    assert done["id"] not in expected and published["id"] not in expected

    plan = site.script("draft_titles_plan.py")
    assert f"{len(expected)} would change" in plan
    for draft in drafts:
        assert f"-title: {draft['title']}\n+title: [Draft] {draft['title']}\n" in plan
    assert done["title"] not in plan and published["title"] not in plan
    assert_back(before, site.posts())
    assert not list(site.runs.glob("*.jsonl")) if site.runs.exists() else True
    assert all(p["updated_at"] == before[i]["updated_at"] for i, p in site.posts().items())

    printed = site.script("draft_titles.py")
    run_id = run_id_of(printed)
    assert f"{len(expected)} titles prefixed" in printed
    after = site.posts()
    assert_only(before, after, {i: {"title": "[Draft] " + before[i]["title"]} for i in expected})
    assert_journal(site, run_id, {"kind": "prefix-draft-titles"}, expected, ["title"])
    assert site.journal(run_id)["run"]["selection"] == {
        "resources": ["posts"],
        "filter": "status:draft",
    }

    assert "0 titles prefixed" in site.script("draft_titles.py")
    assert_back(after, site.posts())

    result = undo(run_id)
    assert result == {"run_id": run_id, "restored": len(expected), "skipped": {}}
    assert_back(before, site.posts())


def test_a_killed_draft_titles_run_resumes_with_the_change_given(site: Site) -> None:
    drafts = [site.post(unique("Many"), "<p>Draft.</p>") for _ in range(30)]
    before = site.posts()
    expected = {
        i for i, p in before.items() if p["status"] == "draft" and not p["title"].startswith("[")
    }
    first = site.start("draft_titles.py")
    deadline = time.monotonic() + 120
    records: list[dict[str, Any]] = []
    while time.monotonic() < deadline and len(records) < 5:
        journals = list(site.runs.glob("*.jsonl")) if site.runs.exists() else []
        if journals:
            records = [r for r in Journal(journals[0]).records() if r["type"] == "done"]
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    (path,) = site.runs.glob("*.jsonl")
    run_id = path.stem
    done_first = [r["id"] for r in Journal(path).records() if r["type"] == "done"]
    assert 5 <= len(done_first) < len(expected), "the run should be killed part-way"

    refused = cli.run(site.env, "runs", "resume", run_id, "--yes")
    assert refused.returncode != 0
    assert "resume(RUN, change=...)" in refused.stdout + refused.stderr

    printed = site.script("draft_titles_resume.py", run_id)
    assert run_id_of(printed) == run_id
    after = site.posts()
    assert_only(before, after, {i: {"title": "[Draft] " + before[i]["title"]} for i in expected})
    assert all(after[d["id"]]["title"].count("[Draft]") == 1 for d in drafts)
    done = [r["id"] for r in Journal(path).records() if r["type"] == "done"]
    assert sorted(done) == sorted(expected), "every draft is done once"
    assert site.journal(run_id)["summaries"][-1]["verify"]["ok"] is True

    assert f"took back {len(expected)} items; left: none" in site.script("undo_run.py", run_id)
    assert_back(before, site.posts())


def test_undo_is_still_the_function_once_its_module_is_loaded() -> None:
    """`undo()` loads the module ghostkit.operations.undo, and Python then sets the
    package's attribute `undo` to that module: a script's second `ops.undo(RUN)`, or a
    `from ghostkit.operations import undo` after the first, must still get the function."""
    code = (
        "import ghostkit.operations.undo\n"
        "from ghostkit.operations import undo\n"
        "from ghostkit.operations.api import undo as function\n"
        "print(undo is function)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": cli.SRC},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "True"


class PrefixUntil:
    """The page's draft prefix, but failing on the item named `fails_on` (or not at all)."""

    kind: ClassVar[str] = "prefix-draft-titles"
    reads: ClassVar[tuple[str, ...]] = ("title",)
    keeps: ClassVar[tuple[str, ...]] = ()

    def __init__(self, fails_on: str | None) -> None:
        self.fails_on = fails_on

    def plan(self, item: Item) -> dict[str, Any] | None:
        if item["slug"] == self.fails_on:
            raise KeyError("no title rule for this post")
        if item["title"].startswith("[Draft] "):
            return None
        return {"title": "[Draft] " + item["title"]}

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind}

    def check(self, before: Item, after: Item) -> str | None:
        return None


def test_a_change_that_raises_stops_naming_the_item_and_resumes_once_fixed(site: Site) -> None:
    tag = unique("raises")
    posts = [site.post(unique("Raise"), "<p>x</p>", tags=[{"name": tag}]) for _ in range(8)]
    before = site.posts()
    walked = site.admin.posts.iter(filter=f"tag:{tag}", fields="slug", order="id asc")
    order = [p.slug for p in walked]  # the order a run walks in
    failing = order[5]

    with pytest.raises(ChangeError) as raised:
        run(PrefixUntil(failing), filter=f"tag:{tag}", concurrency=1)
    message = raised.value.message
    assert f"posts {failing}" in message and "KeyError" in message, message
    assert "no title rule" in message

    (path,) = site.runs.glob("*.jsonl")
    run_id = path.stem
    middle = site.posts()
    for post in posts:
        title = middle[post["id"]]["title"]
        assert title in (post["title"], "[Draft] " + post["title"]), "never half-changed"
        changed = title != post["title"]
        assert without(middle[post["id"]], "title") == without(before[post["id"]], "title")
        assert not (changed and post["slug"] == failing), "nothing is sent for the failing item"
    stopped = site.journal(run_id)
    assert stopped["summaries"] == [], "a stopped run is not ended"
    assert [p["status"] for p in stopped["posts"]].count("done") >= 1, "it stopped part-way"
    assert failing not in {p["slug"] for p in stopped["posts"]}

    summary = resume(run_id, change=PrefixUntil(None))
    assert summary.run_id == run_id
    assert summary.verify is not None and summary.verify["ok"] is True
    after = site.posts()
    ids = {p["id"] for p in posts}
    assert_only(before, after, {i: {"title": "[Draft] " + before[i]["title"]} for i in ids})
    done = [r["id"] for r in Journal(path).records() if r["type"] == "done"]
    assert sorted(done) == sorted(ids)

    assert undo(run_id)["restored"] == len(posts)
    assert_back(before, site.posts())


def test_a_change_that_raises_part_way_names_the_run_to_resume(site: Site) -> None:
    tag = unique("raises")
    for _ in range(4):
        site.post(unique("Raise"), "<p>x</p>", tags=[{"name": tag}])
    walked = site.admin.posts.iter(filter=f"tag:{tag}", fields="slug", order="id asc")
    order = [p.slug for p in walked]  # the order a run walks in
    with pytest.raises(ChangeError) as raised:
        run(PrefixUntil(order[3]), filter=f"tag:{tag}", concurrency=1)
    (path,) = site.runs.glob("*.jsonl")
    try:
        assert path.stem in raised.value.message and raised.value.run_id == path.stem
        assert f"resume({path.stem!r}, change=...)" in str(raised.value.hint)
    finally:
        undo(path.stem)
