"""`replace --in FIELDS` against the real Ghost: titles, meta fields, alt text, captions and
code injection replaced, checked through what Ghost stores and renders, then undone."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from ghostkit import GhostAdmin
from ghostkit.content.card_text import rendered_texts
from ghostkit.content.html_links import find_links
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import unique

CAPTION = (
    '<span style="white-space: pre-wrap;">Acme at work, by </span>'
    '<a href="https://acme.example/acme"><span style="white-space: pre-wrap;">Acme</span></a>'
)
TEXT = {"type": "extended-text", "detail": 0, "format": 0, "mode": "normal", "style": ""}
FIELDS = {
    "custom_excerpt": "Acme in short",
    "meta_title": "Acme | Blog",
    "meta_description": "All about Acme",
    "og_title": "Acme on social",
    "og_description": "Acme for all",
    "twitter_title": "Acme on X",
    "twitter_description": "Acme again",
    "codeinjection_head": '<script>window.brand = "Acme";</script>',
    "codeinjection_foot": "<!-- Acme footer -->",
}
FORMATS = "lexical,mobiledoc,html,plaintext"
SRC, SRC_1 = "https://acme.example/acme.png", "https://acme.example/1.png"
GALLERY_IMAGE = {"row": 0, "width": 600, "height": 400, "fileName": "acme.png"}


def lexical_post() -> str:
    paragraph = {"type": "paragraph", "version": 1, "direction": "ltr", "format": "", "indent": 0}
    image = {
        "type": "image",
        "version": 1,
        "src": "https://acme.example/acme.png",
        "width": 600,
        "height": 400,
        "title": "",
        "alt": "The Acme office",
        "caption": CAPTION,
        "cardWidth": "regular",
        "href": "",
    }
    gallery = {
        "type": "gallery",
        "version": 1,
        "images": [
            {**GALLERY_IMAGE, "src": "https://acme.example/1.png", "alt": "Acme one"},
            {**GALLERY_IMAGE, "src": "https://acme.example/2.png", "alt": "Acme two"},
        ],
        "caption": "Two Acme pictures",
    }
    children = [
        {**paragraph, "children": [{**TEXT, "text": "Acme makes tools.", "version": 1}]},
        image,
        gallery,
    ]
    root = {"type": "root", "version": 1, "direction": "ltr", "format": "", "indent": 0}
    return json.dumps({"root": {**root, "children": children}}, separators=(",", ":"))


def mobiledoc_post() -> str:
    document = {
        "version": "0.3.1",
        "atoms": [],
        "markups": [],
        "cards": [
            [
                "image",
                {
                    "src": "https://acme.example/acme.png",
                    "alt": "The Acme office",
                    "caption": CAPTION,
                },
            ],
            [
                "gallery",
                {
                    "images": [
                        {**GALLERY_IMAGE, "src": "https://acme.example/1.png", "alt": "Acme one"}
                    ],
                    "caption": "Two Acme pictures",
                },
            ],
        ],
        "sections": [[1, "p", [[0, [], 0, "Acme makes tools."]]], [10, 0], [10, 1]],
    }
    return json.dumps(document, separators=(",", ":"))


def read(admin: GhostAdmin, post_id: str) -> dict[str, Any]:
    post = admin.posts.read(post_id, formats=FORMATS)
    return {name: getattr(post, name) for name in ("title", "updated_at", *FORMATS.split(","))} | {
        name: getattr(post, name) for name in FIELDS
    }


def test_replace_in_title_meta_alt_captions_and_code_then_undo(
    ghost: LiveGhost, tmp_path: Path, ghost_major: int
) -> None:
    tag = unique("replace-fields")
    env = {
        **os.environ,
        "GHOST_URL": ghost.url,
        "GHOST_ADMIN_API_KEY": ghost.admin_key,
        "GHOSTKIT_DATA_DIR": str(tmp_path / "data"),
        "GHOSTKIT_CONFIG": str(tmp_path / "c.toml"),
    }
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        made = {
            fmt: admin.posts.add(
                {
                    "title": f"Acme news in {fmt}",
                    fmt: body,
                    "status": "published",
                    "tags": [{"name": tag}],
                    **FIELDS,
                }
            ).id
            for fmt, body in (("lexical", lexical_post()), ("mobiledoc", mobiledoc_post()))
        }
    if ghost_major >= 6:  # Ghost 6 turns mobiledoc into Lexical on every write
        with sqlite3.connect(ghost.instance.database) as db:
            db.execute(
                "UPDATE posts SET mobiledoc = ?, lexical = NULL WHERE id = ?",
                (mobiledoc_post(), made["mobiledoc"]),
            )
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        before = {fmt: read(admin, post_id) for fmt, post_id in made.items()}
    assert before["mobiledoc"]["mobiledoc"] and not before["mobiledoc"]["lexical"]
    assert before["lexical"]["lexical"] == lexical_post()

    def ghostkit(*args: str) -> Any:
        done = cli.run(env, *args)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if "--json" in args else done.stdout

    select = ("replace", "Acme", "Apex", "--filter", f"tag:{tag}")
    chosen = ("--in", "title,meta", "--in", "alt,captions,codeinjection")
    preview = ghostkit(*select, *chosen, "--dry-run")
    for line in [
        "-title: Acme news in lexical",
        "+title: Apex news in lexical",
        "+og_description: Apex for all",
        "-alt: The Acme office  (image card)",
        "+alt: The Apex office  (image card)",
        "+caption: Apex at work, by Apex  (image card)",
        '+codeinjection_head: <script>window.brand = "Apex";</script>',
    ]:
        assert line in preview.splitlines(), preview
    summary = ghostkit(*select, *chosen, "--yes", "--json")
    assert summary["changed"] == 2 and summary["failed"] == 0
    assert summary["verify"]["ok"], summary["verify"]
    assert summary["replacements_in_title"] == 2
    assert summary["replacements_in_meta"] == 12
    assert summary["replacements_in_alt"] == 3 + 2
    assert summary["replacements_in_captions"] == 3 + 3
    assert summary["replacements_in_codeinjection"] == 2 * 2
    assert summary["replacements"] == 2 + 12 + 5 + 6 + 4

    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        after = {fmt: read(admin, post_id) for fmt, post_id in made.items()}
    for fmt, post in after.items():
        assert post["title"] == f"Apex news in {fmt}"
        assert post["custom_excerpt"] == "Acme in short"  # excerpt was not chosen
        for name in ("meta_title", "meta_description", "og_title", "twitter_description"):
            assert post[name] == FIELDS[name].replace("Acme", "Apex")
        assert post["codeinjection_head"] == '<script>window.brand = "Apex";</script>'
        assert post["codeinjection_foot"] == "<!-- Apex footer -->"
        html = post["html"]
        assert "Acme makes tools." in post["plaintext"]  # the body's text was not chosen
        assert "The Apex office" in rendered_texts(html, "alt")
        assert "Apex one" in rendered_texts(html, "alt")
        assert not any("Acme" in text for text in rendered_texts(html, "alt"))
        captions = rendered_texts(html, "captions")
        assert "Apex at work, by Apex" in captions and "Two Apex pictures" in captions
        assert "https://acme.example/acme" in [link.href for link in find_links(html)]
        assert 'src="https://acme.example/acme.png"' in html  # an image's URL is no text
    if ghost_major < 6:
        assert after["mobiledoc"]["mobiledoc"] and not after["mobiledoc"]["lexical"]

    refused = cli.run(env, "replace", "--resume", summary["run_id"], "--in", "title")
    assert refused.returncode == 2, refused.stderr
    assert "--in 'title' (the run's: 'title,meta,alt,captions,codeinjection')" in refused.stderr

    undone = ghostkit("runs", "undo", summary["run_id"], "--yes", "--json")
    assert undone["restored"] == 2
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        restored = {fmt: read(admin, post_id) for fmt, post_id in made.items()}
        admin.posts.bulk_delete(f"tag:{tag}")
    for fmt in made:
        kept = {k: v for k, v in restored[fmt].items() if k != "updated_at"}
        was = {k: v for k, v in before[fmt].items() if k != "updated_at"}
        if fmt == "mobiledoc" and ghost_major >= 6:  # the save made it Lexical: same HTML
            assert kept.pop("html") == was.pop("html")
            kept = {k: v for k, v in kept.items() if k not in ("lexical", "mobiledoc")}
            was = {k: v for k, v in was.items() if k not in ("lexical", "mobiledoc")}
        assert kept == was  # Lexical byte for byte, and every field
