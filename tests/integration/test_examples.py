"""The runnable examples in examples/, against the real Ghost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ghostkit import GhostAdmin
from tests.conftest import LiveGhost
from tests.helpers import unique

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

LINKED_HTML = (
    '<p>Read <a href="https://example.com/a">the <strong>first</strong> link</a> and '
    '<a href="https://example.org/b">another</a>.</p>'
    '<ul><li><a href="/c">Inside a list</a></li></ul>'
)


def test_remove_links_example_unwraps_every_link_and_keeps_the_text(ghost: LiveGhost) -> None:
    tag = unique("links-example")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add(
            {"title": unique("links"), "html": LINKED_HTML, "tags": [{"name": tag}]}, source="html"
        )
        before = admin.posts.read(post.id, formats="plaintext,html")
        assert before.html.count("<a ") == 3
        env = {**os.environ, "GHOST_URL": ghost.url, "GHOST_ADMIN_API_KEY": ghost.admin_key}
        result = subprocess.run(
            [sys.executable, str(EXAMPLES / "remove_links.py")],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        try:
            assert result.returncode == 0, result.stderr
            assert f"removed links from {post.slug}" in result.stdout
            after = admin.posts.read(post.id, formats="plaintext,html")
            assert "<a " not in after.html
            assert "<strong>first</strong>" in after.html
            assert after.plaintext == before.plaintext
            # a second run finds nothing left to change in this post
            again = subprocess.run(
                [sys.executable, str(EXAMPLES / "remove_links.py")],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=True,
            )
            assert post.slug not in again.stdout
        finally:
            admin.posts.delete(post.id)
