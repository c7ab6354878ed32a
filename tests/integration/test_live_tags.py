"""`tags merge`, `tags rename` and `tags delete-unused` against the real Ghost, through
the command line: each post's and page's tags read back after the run and after `runs
undo`, and the tags themselves (slugs, descriptions, images, meta, accent colours)."""

from __future__ import annotations

import json
from typing import Any

from ghostkit import GhostAdmin
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import unique

KEPT = (
    "name",
    "slug",
    "description",
    "feature_image",
    "visibility",
    "meta_title",
    "meta_description",
    "og_image",
    "og_title",
    "twitter_description",
    "accent_color",
    "codeinjection_head",
    "canonical_url",
)
"""What a tag must hold again after an undo recreated it."""


def tag_of(admin: GhostAdmin, slug: str) -> dict[str, Any] | None:
    found = admin.tags.browse(filter=f"slug:{slug}").items
    return {k: found[0].to_dict().get(k) for k in KEPT} if found else None


def tag_lists(admin: GhostAdmin, items: dict[str, str]) -> dict[str, list[str]]:
    """Each item's tag slugs, in order, as Ghost reads them back."""
    return {
        item: [t["slug"] for t in getattr(admin, kind).read(item, include="tags").to_dict()["tags"]]
        for item, kind in items.items()
    }


def make_site(admin: GhostAdmin, prefix: str) -> tuple[dict[str, str], dict[str, str]]:
    """Tags alpha and beta (with every field a tag holds), gamma and two others; posts and
    pages carrying them in different places. The slugs by role, and each item's kind."""
    slugs = {r: f"{prefix}-{r}" for r in ("alpha", "beta", "gamma", "news", "tech")}
    admin.tags.add(
        {
            "name": f"{prefix} Alpha",
            "slug": slugs["alpha"],
            "description": "The first of two",
            "feature_image": "https://images.example.com/alpha.png",
            "meta_title": "Alpha, all of it",
            "meta_description": "Everything alpha",
            "og_image": "https://images.example.com/alpha-og.png",
            "og_title": "Alpha on social",
            "twitter_description": "Alpha tweets",
            "accent_color": "#ff3366",
            "codeinjection_head": "<style>.a{}</style>",
            "canonical_url": "https://example.com/alpha",
        }
    )
    admin.tags.add({"name": f"{prefix} Beta", "slug": slugs["beta"], "description": "Second"})
    for role in ("gamma", "news", "tech"):
        admin.tags.add({"name": f"{prefix} {role}", "slug": slugs[role]})
    layouts = [
        ("posts", ["news", "alpha", "tech"]),
        ("posts", ["beta", "news", "alpha"]),
        ("posts", ["tech", "gamma", "beta"]),
        ("pages", ["alpha"]),
        ("pages", ["news", "beta"]),
        ("posts", ["news"]),
    ]
    items = {}
    for n, (kind, roles) in enumerate(layouts):
        made = getattr(admin, kind).add(
            {
                "title": f"{prefix} {n}",
                "status": "published" if n % 2 else "draft",
                "tags": [{"slug": slugs[r]} for r in roles],
            }
        )
        items[str(made.id)] = kind
    return slugs, items


def run_id_of(done: Any) -> str:
    assert done.returncode == 0, done.stderr + done.stdout
    summary = json.loads(done.stdout)
    assert summary["verify"]["ok"], summary["verify"]
    return str(summary["run_id"])


def test_merge_into_a_new_tag_on_posts_and_pages_and_undo(
    ghost: LiveGhost, env: dict[str, str]
) -> None:
    prefix = unique("merge")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        slugs, items = make_site(admin, prefix)
        tags_before = {role: tag_of(admin, slug) for role, slug in slugs.items()}
        lists_before = tag_lists(admin, items)
        s = slugs
        into = f"{prefix} Topics"

        dry = cli.run(
            env, "tags", "merge", s["alpha"], f"{prefix} Beta", "--into", into, "--dry-run"
        )
        assert dry.returncode == 0, dry.stderr
        assert f"-tags: {prefix} news, {prefix} Alpha, {prefix} tech" in dry.stdout
        assert f"+tags: {prefix} news, {into}, {prefix} tech" in dry.stdout
        assert f"delete tags {s['alpha']}" in dry.stdout and "5 to change" in dry.stdout
        assert tag_lists(admin, items) == lists_before  # nothing was written

        done = cli.run(
            env, "tags", "merge", s["alpha"], f"{prefix} Beta", "--into", into, "--yes", "--json"
        )
        run_id = run_id_of(done)
        topics = slugs["alpha"].replace("alpha", "topics")
        expected = [
            [s["news"], topics, s["tech"]],
            [topics, s["news"]],
            [s["tech"], s["gamma"], topics],
            [topics],
            [s["news"], topics],
            [s["news"]],
        ]
        assert list(tag_lists(admin, items).values()) == expected
        assert tag_of(admin, s["alpha"]) is None and tag_of(admin, s["beta"]) is None
        assert tag_of(admin, topics) is not None

        undone = cli.run(env, "runs", "undo", run_id, "--yes", "--json")
        assert undone.returncode == 0, undone.stderr
        assert json.loads(undone.stdout)["skipped"] == {}
        assert tag_lists(admin, items) == lists_before  # each list, in its order
        assert {role: tag_of(admin, slug) for role, slug in slugs.items()} == tags_before
        assert tag_of(admin, topics) is None


def test_merge_into_an_existing_tag_and_undo(ghost: LiveGhost, env: dict[str, str]) -> None:
    prefix = unique("into")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        slugs, items = make_site(admin, prefix)
        tags_before = {role: tag_of(admin, slug) for role, slug in slugs.items()}
        lists_before = tag_lists(admin, items)
        done = cli.run(
            env, "tags", "merge", slugs["beta"], "--into", f"slug:{slugs['gamma']}",
            "--yes", "--json",
        )  # fmt: skip
        run_id = run_id_of(done)
        after = list(tag_lists(admin, items).values())
        assert after[1] == [slugs["gamma"], slugs["news"], slugs["alpha"]]
        assert after[2] == [slugs["tech"], slugs["gamma"]]  # no second gamma
        assert cli.run(env, "runs", "undo", run_id, "--yes").returncode == 0
        assert tag_lists(admin, items) == lists_before
        assert {role: tag_of(admin, slug) for role, slug in slugs.items()} == tags_before


def test_unknown_and_ambiguous_tags_are_refused(ghost: LiveGhost, env: dict[str, str]) -> None:
    prefix = unique("names")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        slugs, _ = make_site(admin, prefix)
    typo = slugs["alpha"][:-1] + "x"
    refused = cli.run(env, "tags", "merge", typo, "--into", slugs["gamma"], "--yes")
    assert refused.returncode != 0
    assert f"no tag is named {typo!r}" in refused.stderr and slugs["alpha"] in refused.stderr


def test_rename_and_undo(ghost: LiveGhost, env: dict[str, str]) -> None:
    prefix = unique("rename")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        slugs, items = make_site(admin, prefix)
        before = tag_of(admin, slugs["alpha"])
        new_slug = f"{prefix}-renamed"
        done = cli.run(
            env, "tags", "rename", f"{prefix} Alpha", "Renamed", "--slug", new_slug,
            "--yes", "--json",
        )  # fmt: skip
        run_id = run_id_of(done)
        renamed = tag_of(admin, new_slug)
        assert renamed is not None and renamed["name"] == "Renamed"
        assert renamed["description"] == "The first of two"
        assert new_slug in next(iter(tag_lists(admin, items).values()))
        assert cli.run(env, "runs", "undo", run_id, "--yes").returncode == 0
        assert tag_of(admin, slugs["alpha"]) == before and tag_of(admin, new_slug) is None


def test_delete_unused_and_undo(ghost: LiveGhost, env: dict[str, str]) -> None:
    prefix = unique("unused")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.tags.add({"name": f"{prefix} on a page", "slug": f"{prefix}-paged"})
        admin.pages.add({"title": prefix, "tags": [{"slug": f"{prefix}-paged"}]})
        admin.tags.add(
            {
                "name": f"{prefix} lonely",
                "slug": f"{prefix}-lonely",
                "description": "On nothing",
                "feature_image": "https://images.example.com/lonely.png",
                "accent_color": "#123456",
            }
        )
        admin.tags.add({"name": f"#{prefix}", "slug": f"hash-{prefix}"})
        before = {s: tag_of(admin, s) for s in (f"{prefix}-lonely", f"hash-{prefix}")}
        only = f"slug:~'{prefix}'"

        dry = cli.run(env, "tags", "delete-unused", "--filter", only, "--dry-run", "--json")
        assert dry.returncode == 0, dry.stderr
        assert [d["slug"] for d in json.loads(dry.stdout)["deletions"]] == [f"{prefix}-lonely"]

        done = cli.run(
            env, "tags", "delete-unused", "--filter", only, "--include-internal", "--yes", "--json"
        )
        run_id = run_id_of(done)
        assert json.loads(done.stdout)["counts"] == {"tags deleted": 2}
        assert all(tag_of(admin, s) is None for s in before)
        assert tag_of(admin, f"{prefix}-paged") is not None  # on a page: kept

        assert cli.run(env, "runs", "undo", run_id, "--yes").returncode == 0
        assert {s: tag_of(admin, s) for s in before} == before
