"""`posts tags`, `posts authors` and `posts set` against the real Ghost: each changes what
Ghost reads back as asked, and `runs undo` puts every post back exactly (the order of its
tags and authors, each field); the bulk endpoint's path and the one-by-one path both."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest

from ghostkit import AsyncGhostAdmin, GhostAdmin
from ghostkit.operations import Engine, Selection
from ghostkit.operations.post_fields import SetFields
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import lexical_doc, unique

FIELDS = (
    "featured",
    "visibility",
    "status",
    "custom_template",
    "canonical_url",
    "meta_title",
    "og_description",
    "custom_excerpt",
    "updated_at",
)


@pytest.fixture
def env(ghost: LiveGhost, tmp_path: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("GHOST")},
        "GHOST_URL": ghost.url,
        "GHOST_ADMIN_API_KEY": ghost.admin_key,
        "GHOSTKIT_DATA_DIR": str(tmp_path / "data"),
        "GHOSTKIT_CONFIG": str(tmp_path / "c.toml"),
    }


def seed(ghost: LiveGhost, tag: str, tags: list[list[str]], resource: str = "posts") -> list[str]:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        made = [
            getattr(admin, resource).add(
                {
                    "title": f"{tag} {n}",
                    "lexical": lexical_doc(f"Post {n}."),
                    "status": "published" if n % 2 else "draft",
                    "tags": [{"name": tag}] + [{"name": t} for t in extra],
                }
            )
            for n, extra in enumerate(tags)
        ]
    return [str(post.id) for post in made]


def state(ghost: LiveGhost, ids: list[str], resource: str = "posts") -> dict[str, dict[str, Any]]:
    """Each post as Ghost reads it back: its fields, tiers, tags and authors in order."""
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        items = getattr(admin, resource)
        found = {}
        for item in ids:
            plain = items.read(item).to_dict()
            related = items.read(item, include="tags,authors").to_dict()
            found[item] = {
                **{name: plain.get(name) for name in FIELDS},
                "tiers": sorted(t["slug"] for t in plain.get("tiers") or []),
                "tags": [t["slug"] for t in related["tags"]],
                "authors": [a["slug"] for a in related["authors"]],
            }
    return found


def ghostkit(env: dict[str, str], *args: str) -> dict[str, Any]:
    done = cli.run(env, *args, "--yes", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def undone(env: dict[str, str], run_id: str) -> None:
    done = cli.run(env, "runs", "undo", run_id, "--yes", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["skipped"] == {}


def test_tags_add_first_create_remove_and_undo_keep_the_order(
    ghost: LiveGhost, env: dict[str, str]
) -> None:
    tag = unique("tagged")
    ids = seed(ghost, tag, [["alpha", "beta"], ["beta"], []])
    before = state(ghost, ids)
    fresh = unique("Brand New")
    added = ghostkit(
        env, "posts", "tags", "add", "beta", fresh, "--create", "--filter", f"tag:{tag}"
    )
    assert added["counts"]["tags added"] == 4  # beta once, the new tag three times
    after = state(ghost, ids)
    slug = fresh.lower().replace(" ", "-")
    assert [after[i]["tags"] for i in ids] == [
        [tag, "alpha", "beta", slug],
        [tag, "beta", slug],
        [tag, "beta", slug],
    ]
    first = ghostkit(env, "posts", "tags", "add", "alpha", "--first", "--filter", f"tag:{tag}")
    assert [t[0] for t in (state(ghost, ids)[i]["tags"] for i in ids)] == ["alpha"] * 3
    removed = ghostkit(env, "posts", "tags", "remove", "beta", "--filter", f"tag:{tag}")
    now = state(ghost, ids)
    assert [now[i]["tags"] for i in ids] == [["alpha", tag, slug]] * 3
    for run in (removed, first, added):
        undone(env, run["run_id"])
    assert state(ghost, ids) == before
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        assert not admin.tags.browse(filter=f"slug:{slug}").items  # the tag it made is gone

    refused = cli.run(env, "posts", "tags", "add", unique("nope"), "--filter", f"tag:{tag}")
    assert refused.returncode != 0 and "--create" in refused.stderr
    assert cli.run(env, "posts", "tags", "add", "beta").returncode != 0  # no selection given


def test_authors_add_set_remove_refuse_none_and_undo(ghost: LiveGhost, env: dict[str, str]) -> None:
    tag = unique("authored")
    ids = seed(ghost, tag, [[], []])
    editor = ghost.new_staff_user("Editor")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        owner, other = admin.users.read(email=ghost.email).slug, admin.users.read(editor.id).slug
        slugs = [admin.posts.read(item).slug for item in ids]
    before = state(ghost, ids)
    where = ("--filter", f"tag:{tag}")
    added = ghostkit(env, "posts", "authors", "add", editor.email, *where)
    assert [state(ghost, ids)[i]["authors"] for i in ids] == [[owner, other]] * 2
    put = ghostkit(env, "posts", "authors", "set", other, owner, *where)
    assert [state(ghost, ids)[i]["authors"] for i in ids] == [[other, owner]] * 2
    removed = ghostkit(env, "posts", "authors", "remove", owner, *where)
    assert [state(ghost, ids)[i]["authors"] for i in ids] == [[other]] * 2
    refused = cli.run(env, "posts", "authors", "remove", other, *where, "--yes")
    assert refused.returncode != 0 and "without authors" in refused.stderr
    assert all(f"post {slug}" in refused.stderr for slug in slugs)  # names the posts
    assert [state(ghost, ids)[i]["authors"] for i in ids] == [[other]] * 2  # nothing sent
    for run in (removed, put, added):
        undone(env, run["run_id"])
    assert state(ghost, ids) == before


def without_stamp(found: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        item: {k: v for k, v in post.items() if k != "updated_at"} for item, post in found.items()
    }


def test_set_through_the_bulk_endpoint_then_undo(ghost: LiveGhost, env: dict[str, str]) -> None:
    tag = unique("bulkset")
    ids = seed(ghost, tag, [[], [], []])
    where = ("--filter", f"tag:{tag}")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:  # other tests add tiers too
        paid = sorted(str(t.slug) for t in admin.tiers.iter(filter="type:paid"))
    cases = [
        (["featured=true"], {"featured": True}),
        (["visibility=tiers", "--tiers", "default-product"], {"visibility": "tiers"}),
        (["visibility=paid"], {"visibility": "paid", "tiers": paid}),
        (["status=draft"], {"status": "draft"}),
    ]
    for words, wanted in cases:
        before = state(ghost, ids)
        run = ghostkit(env, "posts", "set", *words, *where)
        after = state(ghost, ids)
        for item in ids:
            assert {k: after[item][k] for k in wanted} == wanted, words
            # the bulk endpoint leaves updated_at as it was: proof it was the one that wrote
            assert after[item]["updated_at"] == before[item]["updated_at"], words
        if words == ["status=draft"]:
            assert run["changed"] == 1  # the one published post
        undone(env, run["run_id"])
        assert without_stamp(state(ghost, ids)) == without_stamp(before), words


@pytest.mark.parametrize(
    "words", [["featured=true"], ["status=draft"], ["visibility=members"]], ids=str
)
def test_a_bulk_request_for_one_post_changes_that_post_only(
    ghost: LiveGhost, env: dict[str, str], words: list[str]
) -> None:
    """Ghost reads a filter that is one group in parentheses as no filter at all, so a
    bulk request pinning a single post as `(id:...+updated_at:...)` changed every post
    on the site (and its undo put back only the one)."""
    tag = unique("onebulk")
    ids = seed(ghost, tag, [[], [], [], []])  # draft, published, draft, published
    target, bystander = ids[1], ids[3]
    before = state(ghost, [target, bystander])
    run = ghostkit(env, "posts", "set", *words, "--filter", f"id:{target}")
    after = state(ghost, [target, bystander])
    assert run["changed"] == 1 and after[target] != before[target]
    assert after[bystander] == before[bystander]
    undone(env, run["run_id"])
    assert without_stamp(state(ghost, [target])) == without_stamp({target: before[target]})


def test_set_one_by_one_then_undo(ghost: LiveGhost, env: dict[str, str]) -> None:
    tag = unique("oneset")
    ids = seed(ghost, tag, [[], []])
    where = ("--filter", f"tag:{tag}")
    values = [
        "template=custom-wide",
        "canonical_url=https://example.com/original",
        "meta_title=Archive",
        "og_description=From the archive",
        "excerpt=Short",
    ]
    before = state(ghost, ids)
    fields = ghostkit(env, "posts", "set", *values, *where)
    after = state(ghost, ids)
    for item in ids:
        assert after[item]["custom_template"] == "custom-wide"
        assert after[item]["canonical_url"] == "https://example.com/original"
        assert (after[item]["meta_title"], after[item]["custom_excerpt"]) == ("Archive", "Short")
        assert after[item]["og_description"] == "From the archive"
    undone(env, fields["run_id"])
    assert without_stamp(state(ghost, ids)) == without_stamp(before)

    published = ghostkit(env, "posts", "set", "status=published", *where)
    assert published["changed"] == 1
    assert all(post["status"] == "published" for post in state(ghost, ids).values())
    undone(env, published["run_id"])
    assert without_stamp(state(ghost, ids)) == without_stamp(before)

    bad = cli.run(env, "posts", "set", "visibility=secret", *where)
    assert bad.returncode != 0 and "not one of" in bad.stderr


def test_a_post_saved_between_the_read_and_the_bulk_request_keeps_that_edit(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    tag = unique("pinned")
    ids = seed(ghost, tag, [[], []])

    async def go() -> Any:
        async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as admin:
            engine = Engine(
                admin,
                SetFields({"featured": True}),
                runs_dir=tmp_path,
                selection=Selection(("posts",), f"tag:{tag}"),
            )
            plan = await engine.plan()
            await asyncio.sleep(1.1)  # updated_at has whole seconds
            current = await admin.posts.read(ids[0])
            await admin.posts.edit(ids[0], {"title": "Theirs", "updated_at": current.updated_at})
            return await engine.apply(plan)

    summary = asyncio.run(go())
    assert summary.changed == 2 and summary.failed == 0 and summary.verify["ok"]
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        theirs = admin.posts.read(ids[0])
        assert theirs.title == "Theirs" and theirs.featured is True


def test_pages_take_tags_too(ghost: LiveGhost, env: dict[str, str]) -> None:
    tag = unique("paged")
    ids = seed(ghost, tag, [["beta"]], resource="pages")
    before = state(ghost, ids, "pages")
    run = ghostkit(env, "pages", "tags", "add", "alpha", "--first", "--filter", f"tag:{tag}")
    assert state(ghost, ids, "pages")[ids[0]]["tags"] == ["alpha", tag, "beta"]
    undone(env, run["run_id"])
    assert state(ghost, ids, "pages") == before


def test_an_author_role_is_told_ghost_would_ignore_the_authors(ghost: LiveGhost) -> None:
    from ghostkit.core.errors import UsageError
    from ghostkit.operations.post_relations import check_may_edit_authors

    author = ghost.new_staff_user("Author")

    async def go() -> None:
        async with AsyncGhostAdmin(ghost.url, email=author.email, password=author.password) as a:
            await check_may_edit_authors(a)

    with pytest.raises(UsageError, match="ignores the authors an Author sends"):
        asyncio.run(go())
