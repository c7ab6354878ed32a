"""`ghostkit runs show` on real runs against the local Ghost: besides the edits, the tags a
merge deleted (with their slugs) and the tag it created, as they stand after the run and
after `runs undo`; and the images a re-host uploaded, each source and its address."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ghostkit import GhostAdmin
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import tiny_png, unique
from tests.image_server import ImageServer, image_server


@pytest.fixture
def env(ghost: LiveGhost, tmp_path: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("GHOST")},
        "GHOST_URL": ghost.url,
        "GHOST_ADMIN_API_KEY": ghost.admin_key,
        "GHOSTKIT_DATA_DIR": str(tmp_path / "data"),
        "GHOSTKIT_CONFIG": str(tmp_path / "config.toml"),
    }


@pytest.fixture
def images() -> Iterator[ImageServer]:
    with image_server() as served:
        yield served


def ran(done: Any) -> dict[str, Any]:
    assert done.returncode == 0, done.stderr + done.stdout
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def shown(env: dict[str, str], run_id: str) -> tuple[dict[str, Any], str]:
    """The run as `runs show --json` and as `runs show` tell it."""
    text = cli.run(env, "runs", "show", run_id)
    assert text.returncode == 0, text.stderr
    return ran(cli.run(env, "runs", "show", run_id, "--json")), text.stdout


def test_show_lists_the_tags_a_merge_deleted_and_created_before_and_after_undo(
    ghost: LiveGhost, env: dict[str, str]
) -> None:
    prefix = unique("shown")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        merged = {}
        for role in ("alpha", "beta"):
            tag = admin.tags.add({"name": f"{prefix} {role.title()}", "slug": f"{prefix}-{role}"})
            merged[str(tag.id)] = tag.slug
        post = admin.posts.add({"title": prefix, "tags": [{"slug": s} for s in merged.values()]})
        merge = ("tags", "merge", *merged.values(), "--into", f"{prefix} Topics", "--yes")
        run_id = ran(cli.run(env, *merge, "--json"))["run_id"]
        topics = admin.tags.read(slug=f"{prefix}-topics")

        document, text = shown(env, run_id)
        assert [(p["id"], p["status"], p["fields"]) for p in document["posts"]] == [
            (str(topics.id), "done", []),  # the created tag first, as every run lists it
            (str(post.id), "done", ["tags"]),
        ]
        assert document["creations"] == [
            {
                "id": str(topics.id),
                "status": "created",
                "reason": None,
                "resource": "tags",
                "slug": topics.slug,
            }
        ]
        deletions = {d["id"]: d for d in document["deletions"]}
        assert {i: (d["slug"], d["status"]) for i, d in deletions.items()} == {
            i: (slug, "deleted") for i, slug in merged.items()
        }
        assert deletions[next(iter(merged))]["name"] == f"{prefix} Alpha"
        assert f"Run {run_id} (tags merge) on" in text
        assert f"created  tags {topics.slug}\n" in text
        for slug in merged.values():
            assert f"deleted  tags {slug} (" in text
        assert text.count(topics.slug) == 2  # in the description and once as created

        ran(cli.run(env, "runs", "undo", run_id, "--yes", "--json"))
        document, text = shown(env, run_id)
        assert [c["status"] for c in document["creations"]] == ["undone"]
        for item_id, slug in merged.items():
            again = admin.tags.read(slug=slug)
            assert (
                deletions[item_id]
                | {
                    "status": "recreated",
                    "recreated_as": str(again.id),
                }
                == {d["id"]: d for d in document["deletions"]}[item_id]
            )
            assert f"recreated tags {slug} ({prefix} " in text and f", now {again.id})" in text
        admin.posts.delete(post.id)
        for slug in merged.values():
            admin.tags.delete(admin.tags.read(slug=slug).id)


def test_show_lists_the_images_a_rehost_uploaded(
    ghost: LiveGhost, env: dict[str, str], images: ImageServer
) -> None:
    tag = unique("shown-rehost")
    images.images["/f.png"] = ("image/png", tiny_png(b"\x10\x20\x30"))
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add(
            {"title": tag, "tags": [tag], "feature_image": f"{images.url}/f.png"}
        )
        summary = ran(cli.run(env, "images", "rehost", "--filter", f"tag:{tag}", "--yes", "--json"))
        url = admin.posts.read(post.id).feature_image
        assert url and url.startswith(ghost.url + "/content/images/")

        document, text = shown(env, summary["run_id"])
        assert [u["url"] for u in summary["images"]["uploaded"]] == [url]
        assert document["uploads"] == [
            {
                "source": f"{images.url}/f.png",
                "url": url,
                "size": len(images.images["/f.png"][1]),
                "content_type": "image/png",
            }
        ]
        assert [p["fields"] for p in document["posts"]] == [["feature_image"]]
        assert f"  uploaded {images.url}/f.png -> {url}\n" in text
        assert "(images rehost)" in text
        admin.posts.delete(post.id)
