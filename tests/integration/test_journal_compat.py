"""Journals written by ghostkit 0.1 still resume and undo, against the real Ghost.

Each template in tests/fixtures/journals is a real journal of ghostkit 0.1 with what
differs per site left as placeholders. The site is put in the state the journal describes
(the posts and tags made with their original content, the saves the journal says landed
made again, so that the `updated_at` values it holds are the site's own), the filled-in
journal is put where the command keeps its runs, and from there on only the command line
and the site are used: these journals must keep working however runs are driven inside.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ghostkit import GhostAdmin
from ghostkit.core.errors import NotFoundError
from tests import cli
from tests.conftest import LiveGhost

TEMPLATES = Path(__file__).resolve().parent.parent / "fixtures" / "journals"
PLACEHOLDER = re.compile(r"\{\{([a-z0-9_.]+)\}\}")
LINKS = ("link", "autolink")


def environment(ghost: LiveGhost, data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GHOST_", "GHOSTKIT_"))}
    return env | {
        "GHOST_URL": ghost.url,
        "GHOST_ADMIN_API_KEY": ghost.admin_key,
        "GHOSTKIT_DATA_DIR": str(data),
        "GHOSTKIT_CONFIG": str(data / "config.toml"),
    }


def facts(name: str) -> dict[str, Any]:
    """What the template's site held: each item's original content, and what landed."""
    loaded: dict[str, Any] = json.loads((TEMPLATES / f"{name}.json").read_text("utf-8"))
    return loaded


def install(name: str, values: dict[str, str], data: Path) -> str:
    """The template `name` filled in with `values`, written as the command writes a
    journal (0600 in a 0700 runs folder); its run id."""
    template = (TEMPLATES / f"{name}.jsonl").read_text("utf-8")
    wanted = set(PLACEHOLDER.findall(template))
    assert wanted <= set(values), f"no value for {sorted(wanted - set(values))}"
    text = PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
    run_id = str(json.loads(text.splitlines()[0])["id"])
    runs = data / "runs"
    runs.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(runs / f"{run_id}.jsonl", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return run_id


def command(env: dict[str, str], *args: str) -> Any:
    """Run `ghostkit ARGS --json`, which must succeed; what it printed, as JSON."""
    done = cli.run(env, *args, "--json")
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return json.loads(done.stdout)


def listed(env: dict[str, str], run_id: str) -> dict[str, Any]:
    rows = [row for row in command(env, "runs", "list") if row["id"] == run_id]
    assert len(rows) == 1, rows
    assert rows[0]["damaged"] is None, rows[0]
    return dict(rows[0])


def statuses(env: dict[str, str], run_id: str) -> dict[str, str]:
    shown = command(env, "runs", "show", run_id)
    assert shown["run"]["id"] == run_id
    return {post["id"]: post["status"] for post in shown["posts"]}


def nodes(lexical: str) -> Iterator[dict[str, Any]]:
    """Every node of a Lexical document."""
    todo = [json.loads(lexical)["root"]]
    while todo:
        node = todo.pop()
        yield node
        todo.extend(reversed(node.get("children") or []))


def text_of(lexical: str) -> str:
    return "".join(str(n.get("text", "")) for n in nodes(lexical))


@pytest.fixture
def admin(ghost: LiveGhost) -> Iterator[GhostAdmin]:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as client:
        yield client


def make_posts(admin: GhostAdmin, posts: list[dict[str, Any]]) -> dict[str, str]:
    """Each post as it was before the run, then the saves the journal says landed; the
    placeholders' values (ids and `updated_at`s), by `key.field`."""
    values: dict[str, str] = {}
    for post in posts:
        made = admin.posts.add(
            {
                "title": post["title"],
                "slug": post["slug"],
                "lexical": post["lexical"],
                "tags": [{"name": post["tag"]}],
            }
        )
        post_id = str(made.id)
        held = admin.posts.read(post_id, formats="lexical")
        assert (held.slug, held.lexical) == (post["slug"], post["lexical"])
        key = post["key"]
        values[f"{key}.id"] = post_id
        values[f"{key}.updated_at"] = str(held.updated_at)
        if "saved_lexical" in post:
            saved = admin.posts.edit(
                post_id, {"lexical": post["saved_lexical"], "updated_at": held.updated_at}
            )
            values[f"{key}.done_updated_at"] = str(saved.updated_at)
    return values


def read(admin: GhostAdmin, post_id: str) -> tuple[str, str]:
    post = admin.posts.read(post_id, formats="lexical")
    return str(post.lexical), str(post.updated_at)


def test_an_interrupted_links_strip_run_of_0_1_resumes_and_undoes(
    ghost: LiveGhost, admin: GhostAdmin, tmp_path: Path
) -> None:
    """One post done, one whose save landed but whose answer was lost, one whose save
    never landed, and no end: the resume finishes the last without editing the second
    again, and the undo puts every post back byte for byte."""
    name = "links-strip-interrupted"
    posts = facts(name)["posts"]
    values = make_posts(admin, posts) | {"site_url": ghost.url}
    env = environment(ghost, tmp_path)
    run_id = install(name, values, tmp_path)
    ids = {post["state"]: values[f"{post['key']}.id"] for post in posts}
    by_id = {values[f"{post['key']}.id"]: post for post in posts}

    row = listed(env, run_id)
    assert (row["operation"], row["changed"], row["finished"]) == ("links-strip", 1, False)
    assert statuses(env, run_id) == {
        ids["done"]: "done",
        ids["lost-answer"]: "started",
        ids["unsent"]: "started",
    }
    landed = {post_id: read(admin, post_id) for post_id in (ids["done"], ids["lost-answer"])}
    time.sleep(1.1)  # Ghost's updated_at counts seconds: a second save would move it

    command(env, "runs", "resume", run_id, "--yes")
    for post_id, post in by_id.items():
        lexical, _ = read(admin, post_id)
        assert not [n for n in nodes(lexical) if n.get("type") in LINKS], post["slug"]
        assert text_of(lexical) == text_of(post["lexical"])  # the links' text is kept
        cards = [n for n in nodes(post["lexical"]) if n.get("type") == "bookmark"]
        assert [n for n in nodes(lexical) if n.get("type") == "bookmark"] == cards
    for post_id, before in landed.items():
        assert read(admin, post_id) == before  # saved by the run already: not again
    assert set(statuses(env, run_id).values()) == {"done"}
    row = listed(env, run_id)
    assert (row["changed"], row["finished"]) == (3, True)

    command(env, "runs", "undo", run_id, "--yes")
    for post_id, post in by_id.items():
        assert read(admin, post_id)[0] == post["lexical"], post["slug"]
    assert set(statuses(env, run_id).values()) == {"undone"}
    assert listed(env, run_id)["undone"] == 3


def test_a_finished_replace_run_of_0_1_undoes(
    ghost: LiveGhost, admin: GhostAdmin, tmp_path: Path
) -> None:
    name = "replace-finished"
    posts = facts(name)["posts"]
    values = make_posts(admin, posts) | {"site_url": ghost.url}
    env = environment(ghost, tmp_path)
    run_id = install(name, values, tmp_path)
    by_id = {values[f"{post['key']}.id"]: post for post in posts}

    row = listed(env, run_id)
    assert (row["operation"], row["changed"], row["finished"]) == ("replace", 2, True)
    assert statuses(env, run_id) == dict.fromkeys(by_id, "done")
    shown = command(env, "runs", "show", run_id)
    assert shown["run"]["change"]["find"] == "Acme Inc"  # read as schema 2

    command(env, "runs", "undo", run_id, "--yes")
    for post_id, post in by_id.items():
        assert read(admin, post_id)[0] == post["lexical"], post["slug"]
    assert statuses(env, run_id) == dict.fromkeys(by_id, "undone")


def test_a_finished_restore_run_of_0_1_undoes(
    ghost: LiveGhost, admin: GhostAdmin, tmp_path: Path
) -> None:
    """The restore created one tag and put back another's description: the undo deletes
    the one and puts the other's description back."""
    name = "restore-finished"
    tags = facts(name)["tags"]
    changed, created = tags["changed"], tags["created"]
    kept = admin.tags.add(
        {"name": changed["name"], "slug": changed["slug"], "description": changed["description"]}
    )
    kept_id = str(kept.id)
    restored = admin.tags.edit(kept_id, {"description": changed["restored_description"]})
    added = admin.tags.add(
        {"name": created["name"], "slug": created["slug"], "description": created["description"]}
    )
    added_id = str(added.id)
    assert (kept.slug, added.slug) == (changed["slug"], created["slug"])
    values = {
        "site_url": ghost.url,
        "backup_path": str(tmp_path / "backup.json"),
        "changed.id": kept_id,
        "changed.updated_at": kept.to_dict()["updated_at"],
        "changed.done_updated_at": restored.to_dict()["updated_at"],
        "created.id": added_id,
        "created.updated_at": added.to_dict()["updated_at"],
    }
    env = environment(ghost, tmp_path)
    run_id = install(name, values, tmp_path)

    row = listed(env, run_id)
    assert (row["operation"], row["changed"], row["finished"]) == ("restore", 2, True)
    shown = statuses(env, run_id)
    assert (shown[added_id], shown[kept_id]) == ("done", "done")

    command(env, "runs", "undo", run_id, "--yes")
    with pytest.raises(NotFoundError):
        admin.tags.read(added_id)
    assert admin.tags.read(kept_id).description == changed["description"]
    shown = statuses(env, run_id)
    assert (shown[added_id], shown[kept_id]) == ("undone", "undone")
