"""Markdown and HTML handed to ghostkit are saved as the Lexical Ghost's editor writes:
rich text and cards, local images uploaded and served by the site."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import httpx
import pytest

from ghostkit import ConfigurationError, GhostAdmin
from ghostkit.content import lexical
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import tiny_png, unique

pytestmark = pytest.mark.integration

MARKDOWN = """# A trip

Some *words* and a list:

- one
- two

![The harbour](images/harbour.png "At dawn")
"""


def types(document: str) -> list[str]:
    return [node["type"] for node in lexical.parse(document)["root"]["children"]]


def served(ghost: LiveGhost, html: str) -> bytes:
    """The bytes of the one image the rendered post shows, fetched from the local Ghost."""
    (src,) = re.findall(r'<img src="([^"]+)"', html)
    assert src.startswith(ghost.url + "/content/images/"), src
    return httpx.get(src).raise_for_status().content


def test_posts_new_markdown_uploads_local_images_and_writes_rich_text(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    png = tiny_png(b"\x12\x34\x56", width=3, height=2)
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "harbour.png").write_bytes(png)
    (tmp_path / "trip.md").write_text(MARKDOWN)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GHOST_")}
    env |= {"GHOST_URL": ghost.url, "GHOST_ADMIN_API_KEY": ghost.admin_key}
    env |= {"GHOSTKIT_DATA_DIR": str(tmp_path / "data"), "GHOSTKIT_CONFIG": str(tmp_path / "c")}
    done = cli.run(env, "posts", "new", "--title", unique("trip"), "--markdown",
                   str(tmp_path / "trip.md"), "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.read(json.loads(done.stdout)["id"], formats="html,lexical")
        admin.posts.delete(post.id)
    assert types(post.lexical) == ["extended-heading", "paragraph", "list", "image"]
    assert "<h1" in post.html and "<li>one</li>" in post.html and "At dawn" in post.html
    assert served(ghost, post.html) == png


def test_library_add_html_natively_and_refuses_images_outside_the_folder(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    (tmp_path / "a.png").write_bytes(tiny_png())
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add(
            {"title": unique("html"), "html": '<h2>Hi</h2><p>x</p><img src="a.png">'},
            images_from=tmp_path,
            formats="html,lexical",
        )
        ghosts = admin.posts.add(
            {"title": unique("ghost"), "html": "<h2>Hi</h2><p>x</p>"},
            source="html",
            formats="html,lexical",
        )
        with pytest.raises(ConfigurationError, match="outside the folder"):
            admin.posts.add(
                {"title": "never", "markdown": "![x](../a.png)"}, images_from=tmp_path / "sub"
            )
        with pytest.raises(ConfigurationError, match="no folder was given"):
            admin.posts.add({"title": "never", "markdown": "![x](a.png)"})
        updated = admin.posts.update(  # an update's fields are written as an edit's are
            post.id, lambda _post: {"markdown": "# Again\n\n![y](a.png)"}, images_from=tmp_path
        )
        again = admin.posts.read(updated.id, formats="html,lexical")
        admin.posts.delete(post.id)
        admin.posts.delete(ghosts.id)
    assert types(post.lexical) == ["extended-heading", "paragraph", "image"]
    assert served(ghost, post.html) == tiny_png()
    assert "<h2" in ghosts.html  # Ghost's own converter, when asked for
    assert types(again.lexical) == ["extended-heading", "image"]
    assert served(ghost, again.html) == tiny_png()


def test_posts_push_writes_rich_text_and_an_edited_file_pushes_again(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    png = tiny_png(b"\x01\x02\x03")
    (tmp_path / "dot.png").write_bytes(png)
    slug = unique("pushed")
    path = tmp_path / f"{slug}.md"
    path.write_text(f"---\ntitle: Pushed\nslug: {slug}\n---\n{MARKDOWN}".replace(
        "images/harbour.png", "dot.png"))  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("GHOST_")}
    env |= {"GHOST_URL": ghost.url, "GHOST_ADMIN_API_KEY": ghost.admin_key}
    env |= {"GHOSTKIT_DATA_DIR": str(tmp_path / "data"), "GHOSTKIT_CONFIG": str(tmp_path / "c")}
    first = cli.run(env, "posts", "push", str(path))
    assert first.returncode == 0, first.stderr
    path.write_text(path.read_text() + "\nOne more line.\n")
    again = cli.run(env, "posts", "push", str(path))  # what a push wrote is no editor's
    assert again.returncode == 0 and again.stdout.startswith("updated"), again.stderr
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.read(slug=slug, formats="html,lexical")
        admin.posts.delete(post.id)
    assert types(post.lexical) == ["extended-heading", "paragraph", "list", "image", "paragraph"]
    assert served(ghost, post.html) == png and "One more line." in post.html


def test_posts_new_html_uploads_images_from_the_current_folder(
    ghost: LiveGhost, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    png = tiny_png(b"\x09\x08\x07")
    (tmp_path / "pic.png").write_bytes(png)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GHOST_")}
    env |= {"GHOST_URL": ghost.url, "GHOST_ADMIN_API_KEY": ghost.admin_key}
    env |= {"GHOSTKIT_DATA_DIR": str(tmp_path / "data"), "GHOSTKIT_CONFIG": str(tmp_path / "c")}
    html = '<h2>Hi</h2><ol><li>a</li></ol><img src="pic.png" alt="A pic">'
    done = cli.run(env, "posts", "new", "--title", unique("html"), "--html", html, "--json")
    assert done.returncode == 0, done.stderr
    outside = cli.run(env, "posts", "new", "--title", "x", "--html", '<img src="../x.png">')
    assert outside.returncode != 0 and "outside the folder" in outside.stderr
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.read(json.loads(done.stdout)["id"], formats="html,lexical")
        admin.posts.delete(post.id)
    assert types(post.lexical) == ["extended-heading", "list", "image"]
    assert served(ghost, post.html) == png
