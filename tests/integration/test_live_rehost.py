"""`images rehost` against the real Ghost: images served by a host the test starts on
127.0.0.1 (nothing leaves the machine), referenced from every place a post shows an
image, are uploaded to the site once each; Ghost's rendering then shows only the site's
own copies, which hold the same bytes; undo puts every original back byte for byte; a
killed run resumes without uploading anything twice."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ghostkit import GhostAdmin
from ghostkit.operations.image_uploads import UPLOAD
from ghostkit.operations.journal import Journal
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import tiny_png, unique
from tests.image_server import GIF, JPEG, ImageServer, image_server

IMG = re.compile(r"""(?:src|href)=["']([^"']+)["']|srcset=["']([^"']+)["']""")


@pytest.fixture
def images() -> Iterator[ImageServer]:
    with image_server() as served:
        yield served


def _env(ghost: LiveGhost, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GHOST_URL": ghost.url,
        "GHOST_ADMIN_API_KEY": ghost.admin_key,
        "GHOSTKIT_DATA_DIR": str(tmp_path),
        "GHOSTKIT_CONFIG": str(tmp_path / "c.toml"),
    }


def _card(kind: str, **props: Any) -> dict[str, Any]:
    return {"type": kind, "version": 1, **props}


def _paragraph(text: str, link: str) -> dict[str, Any]:
    text_node = {"type": "text", "version": 1, "text": text, "format": 0, "detail": 0}
    text_node.update(mode="normal", style="")
    anchor = {"type": "link", "version": 1, "url": link, "rel": None, "target": None}
    anchor.update(title=None, children=[text_node], direction="ltr", format="", indent=0)
    return {"type": "paragraph", "version": 1, "children": [anchor], "direction": "ltr"} | {
        "format": "",
        "indent": 0,
    }


def every_place(host: str, own: str) -> dict[str, Any]:
    """A post that shows images from `host` in every place one can be, and one of the
    site's own (`own`); and links to an image, which are not images and stay."""
    gallery = [
        {"row": 0, "src": f"{host}/b.jpg", "width": 2, "height": 2, "fileName": "b.jpg"},
        {"row": 0, "src": f"{host}/g.png", "width": 1, "height": 1, "fileName": "g.png"},
    ]
    children = [
        _paragraph("a link to an image, not an image", f"{host}/a.png"),
        _card("image", src=f"{host}/a.png", width=1, height=1, alt="", caption="", href=""),
        _card("image", src=own, width=1, height=1, alt="", caption="", href=""),
        _card("gallery", images=gallery, caption=""),
        _card("html", html=f'<p><img src="{host}/h.png" alt="h"> and <b>bold</b></p>'),
        _card("markdown", markdown=f'Some *text* and ![m]({host}/m.png "title").'),
        _card(
            "bookmark",
            url="http://127.0.0.1:9/article",
            metadata={
                "url": "http://127.0.0.1:9/article",
                "icon": f"{host}/c.gif",
                "thumbnail": f"{host}/t.png",
                "title": "An article",
                "description": "About it",
                "author": "",
                "publisher": "Someone",
            },
            caption="",
        ),
        _card("image", src=f"{host}/page.png", width=1, height=1, alt="", caption="", href=""),
    ]
    root = {"type": "root", "version": 1, "children": children, "direction": "ltr"}
    root.update(format="", indent=0)
    return {
        "lexical": json.dumps({"root": root}),
        "feature_image": f"{host}/f.png",
        "og_image": f"{host}/b.jpg",
        "twitter_image": f"{host}/c.gif",
    }


def _serve(images: ImageServer, names: list[str]) -> dict[str, bytes]:
    """Distinct PNGs at /NAME.png for each name, and the fixed JPEG and GIF: path -> bytes."""
    served = {f"/{n}.png": tiny_png(bytes([i * 20, 200, 255 - i])) for i, n in enumerate(names)}
    images.images.update({path: ("image/png", data) for path, data in served.items()})
    return {**served, "/b.jpg": JPEG, "/c.gif": GIF}


def _read(ghost: LiveGhost, resource: str, tag: str) -> dict[str, Any]:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        found = getattr(admin, resource).iter(filter=f"tag:{tag}", formats="lexical,html")
        return {str(item.id): item.to_dict() for item in found}


def _shown(item: dict[str, Any]) -> list[str]:
    """Every URL the rendered item shows or links, its own images included."""
    urls: list[str] = []
    for single, srcset in IMG.findall(item.get("html") or ""):
        urls += [single] if single else [part.split()[0] for part in srcset.split(",")]
    urls += [item[name] for name in ("feature_image", "og_image", "twitter_image") if item[name]]
    return [url.replace("&amp;", "&") for url in urls]


def test_every_image_is_uploaded_once_shown_from_the_site_and_undo_puts_back(
    ghost: LiveGhost, tmp_path: Path, images: ImageServer
) -> None:
    tag = unique("rehost")
    sources = _serve(images, ["a", "f", "g", "h", "m", "t", "p"])
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        own = str(admin.images.upload(tiny_png(b"\x01\x02\x03"), filename="own.png").url)
        post = admin.posts.add({**every_place(images.url, own), "title": "P", "tags": [tag]})
        page = admin.pages.add(
            {"title": "Pg", "tags": [tag], "feature_image": f"{images.url}/p.png"}
        )
    before = {**_read(ghost, "posts", tag), **_read(ghost, "pages", tag)}
    env = _env(ghost, tmp_path)

    planned = cli.run(env, "images", "rehost", "--all", "--filter", f"tag:{tag}", "--dry-run")
    assert planned.returncode == 0, planned.stderr
    assert "Dry run" in planned.stdout and "left" in planned.stdout
    assert all(images.hits(path) == 1 for path in sources)  # checked, nothing uploaded
    images.requests.clear()

    done = cli.run(env, "images", "rehost", "--all", "--filter", f"tag:{tag}", "--yes", "--json")
    summary = json.loads(done.stdout)
    assert done.returncode == 0, done.stderr
    assert summary["changed"] == 2 and summary["verify"]["ok"], summary
    uploaded = {
        u["source"].removeprefix(images.url): u["url"] for u in summary["images"]["uploaded"]
    }
    assert set(uploaded) == set(sources)  # every image, page.png (an HTML page) left
    assert list(summary["images"]["left"]) == [f"{images.url}/page.png"]
    for path in sources:
        assert images.hits(path) == 1, path  # downloaded once, however often shown
        assert uploaded[path].startswith(ghost.url + "/content/images/")
        assert httpx.get(uploaded[path]).content == sources[path]  # the same bytes
    assert len(set(uploaded.values())) == len(sources)

    after = {**_read(ghost, "posts", tag), **_read(ghost, "pages", tag)}
    shown = _shown(after[str(post.id)])
    link_and_refused = [f"{images.url}/a.png", f"{images.url}/page.png"]
    assert [url for url in shown if url.startswith(images.url)] == link_and_refused
    assert own in shown and set(uploaded.values()) - {uploaded["/p.png"]} <= set(shown)
    assert after[str(page.id)]["feature_image"] == uploaded["/p.png"]

    undone = cli.run(env, "runs", "undo", summary["run_id"], "--yes", "--json")
    result = json.loads(undone.stdout)
    assert result["restored"] == 2 and not result["skipped"]
    assert {u["url"] for u in result["uploads"]} == set(uploaded.values())
    assert "cannot delete an uploaded image" in result["uploads_note"]
    restored = {**_read(ghost, "posts", tag), **_read(ghost, "pages", tag)}
    for item_id, item in restored.items():
        assert item["lexical"] == before[item_id]["lexical"]  # byte for byte
        for name in ("feature_image", "og_image", "twitter_image"):
            assert item[name] == before[item_id][name]
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")
        admin.pages.bulk_delete(f"tag:{tag}")


def _uploads(journal: Path) -> list[dict[str, Any]]:
    return [r for r in Journal(journal).records() if r["type"] == UPLOAD]


def _stored(ghost: LiveGhost) -> set[Path]:
    """The images Ghost keeps, one per upload (not the `_o` original it keeps beside)."""
    folder = ghost.instance.folder / "content" / "images"
    found = folder.rglob("*") if folder.exists() else ()
    return {p for p in found if p.is_file() and not p.stem.endswith("_o")}


def test_a_killed_run_resumes_without_uploading_anything_twice(
    ghost: LiveGhost, tmp_path: Path, images: ImageServer
) -> None:
    tag = unique("rehost-resume")
    names = [f"r{n}" for n in range(12)]
    sources = _serve(images, names)
    images.delay = 0.3
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        for name in names:  # each post its own image
            feature = f"{images.url}/{name}.png"
            admin.posts.add({"title": name, "tags": [tag], "feature_image": feature})
    stored_before = _stored(ghost)
    env = _env(ghost, tmp_path)
    runs = tmp_path / "runs"
    first = cli.start(
        env, "images", "rehost", "--filter", f"tag:{tag}", "--yes", "--json", "-c", "1"
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        journals = list(runs.glob("*.jsonl")) if runs.exists() else []
        if journals and len(_uploads(journals[0])) >= 3:
            break
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    cli.collect(first, timeout=30)
    (journal,) = runs.glob("*.jsonl")
    before_kill = {r["source"] for r in _uploads(journal)}
    assert 3 <= len(before_kill) < len(names), "the run should be killed part-way"

    second = cli.run(env, "runs", "resume", journal.stem, "--yes", "--json")
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["verify"]["ok"]
    recorded = [r["source"] for r in _uploads(journal)]
    assert sorted(recorded) == sorted(f"{images.url}/{n}.png" for n in names)  # once each
    for source in before_kill:  # reused from the journal: not even downloaded again
        assert images.hits(source.removeprefix(images.url)) == 1
    # at most the one upload in flight when the run was killed went unrecorded
    assert len(_stored(ghost) - stored_before) in (len(names), len(names) + 1)
    for post in _read(ghost, "posts", tag).values():
        source = f"{images.url}/{post['title']}.png"
        upload = next(r["url"] for r in _uploads(journal) if r["source"] == source)
        assert post["feature_image"] == upload
        assert httpx.get(upload).content == sources[f"/{post['title']}.png"]
    undone = json.loads(cli.run(env, "runs", "undo", journal.stem, "--yes", "--json").stdout)
    assert undone["restored"] == len(names)
    for post in _read(ghost, "posts", tag).values():
        assert post["feature_image"] == f"{images.url}/{post['title']}.png"
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")
