"""`links rewrite` against the real Ghost: a domain move of every place a URL lives,
checked through what Ghost renders, and undone byte for byte."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

from ghostkit import AsyncGhostAdmin, GhostAdmin
from ghostkit.content.url_rules import Prefix, UrlRules
from ghostkit.operations import Engine, Selection, Summary
from ghostkit.operations.rewrite import RewriteLinks
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import unique

OLD, NEW = "https://old.example", "https://new.example"


def text(value: str) -> dict[str, Any]:
    return {
        "type": "extended-text",
        "text": value,
        "format": 0,
        "detail": 0,
        "mode": "normal",
        "style": "",
        "version": 1,
    }


def paragraph(*children: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "paragraph",
        "children": list(children),
        "direction": "ltr",
        "format": "",
        "indent": 0,
        "version": 1,
    }


def link(url: str, label: str) -> dict[str, Any]:
    return {
        "type": "link",
        "url": url,
        "rel": None,
        "target": None,
        "title": None,
        "children": [text(label)],
        "direction": "ltr",
        "format": "",
        "indent": 0,
        "version": 1,
    }


def every_place(ghost_major: int) -> str:
    """A Lexical document with a URL of old.example in every place one can live."""
    cards: list[dict[str, Any]] = [
        paragraph(
            text("Read "),
            link(f"{OLD}/inline", "this"),
            text(" and "),
            link("__GHOST_URL__/about/", "about"),
        ),
        {
            "type": "image",
            "version": 1,
            "src": f"{OLD}/img.png",
            "href": f"{OLD}/img-link",
            "alt": "alt",
            "caption": f'A <a href="{OLD}/caption">caption</a>',
            "width": 10,
            "height": 10,
        },
        {
            "type": "gallery",
            "version": 1,
            "caption": "",
            "images": [
                {
                    "src": f"{OLD}/g1.png",
                    "href": f"{OLD}/g1",
                    "width": 10,
                    "height": 10,
                    "row": 0,
                    "fileName": "g1.png",
                },
                {"src": f"{OLD}/g2.png", "width": 10, "height": 10, "row": 0, "fileName": "g2.png"},
            ],
        },
        {
            "type": "bookmark",
            "version": 1,
            "url": f"{OLD}/bookmark",
            "caption": "",
            "metadata": {
                "icon": f"{OLD}/icon.png",
                "thumbnail": f"{OLD}/thumb.png",
                "title": "Bookmarked",
                "description": "A page",
                "author": "",
                "publisher": "Old",
            },
        },
        {
            "type": "button",
            "version": 1,
            "buttonText": "Go",
            "alignment": "center",
            "buttonUrl": f"{OLD}/button",
        },
        {
            "type": "embed",
            "version": 1,
            "url": f"{OLD}/video",
            "embedType": "video",
            "html": f'<iframe src="{OLD}/player" width="200" height="100"></iframe>',
            "metadata": {},
            "caption": "",
        },
        {
            "type": "product",
            "version": 1,
            "productImageSrc": f"{OLD}/product.png",
            "productTitle": "Thing",
            "productDescription": f'<p><a href="{OLD}/pd">More</a></p>',
            "productButtonEnabled": True,
            "productButton": "Buy",
            "productUrl": f"{OLD}/buy",
            "productRatingEnabled": False,
            "productStarRating": 5,
        },
        {
            "type": "file",
            "version": 1,
            "src": f"{OLD}/file.pdf",
            "fileTitle": "File",
            "fileCaption": "",
            "fileName": "file.pdf",
            "fileSize": 2048,
        },
        {
            "type": "header",
            "version": 2,
            "size": "small",
            "style": "dark",
            "layout": "full",
            "buttonEnabled": True,
            "buttonUrl": f"{OLD}/header",
            "buttonText": "Head",
            "header": "Header",
            "subheader": "",
            "backgroundImageSrc": f"{OLD}/bg.png",
            "alignment": "center",
            "backgroundColor": "#000000",
            "textColor": "#FFFFFF",
            "buttonColor": "#ffffff",
            "buttonTextColor": "#000000",
            "accentColor": "#FF1A75",
            "backgroundSize": "cover",
            "swapped": False,
        },
        {
            "type": "html",
            "version": 1,
            "html": f'<p><a href="{OLD}/html">html</a> <img src="{OLD}/h.png" '
            f'srcset="{OLD}/h.png 1x, {OLD}/h2.png 2x" alt=""></p>',
        },
        {
            "type": "markdown",
            "version": 1,
            "markdown": f"A [markdown link]({OLD}/md), ![image]({OLD}/md.png) and <{OLD}/auto>.",
        },
        {
            "type": "callout",
            "version": 1,
            "calloutEmoji": "",
            "backgroundColor": "grey",
            "calloutText": f'<p>Call <a href="{OLD}/callout">out</a></p>',
        },
        {
            "type": "toggle",
            "version": 1,
            "heading": "<span>Toggle</span>",
            "content": f'<p>Hidden <a href="{OLD}/toggle">link</a></p>',
        },
        paragraph(text("The end.")),
    ]
    if ghost_major >= 6:
        cards.insert(
            -1,
            {
                "type": "call-to-action",
                "version": 1,
                "layout": "minimal",
                "alignment": "left",
                "textValue": f'<p>Sponsor <a href="{OLD}/cta-text">text</a></p>',
                "showButton": True,
                "showDividers": True,
                "buttonText": "Learn",
                "buttonUrl": f"{OLD}/cta",
                "buttonColor": "#000000",
                "buttonTextColor": "#ffffff",
                "hasSponsorLabel": False,
                "sponsorLabel": "",
                "backgroundColor": "grey",
                "linkColor": "text",
                "imageUrl": f"{OLD}/cta.png",
                "imageWidth": 10,
                "imageHeight": 10,
                "visibility": {
                    "web": {"nonMember": True, "memberSegment": "status:free,status:-free"},
                    "email": {"memberSegment": "status:free,status:-free"},
                },
            },
        )
    root = {
        "type": "root",
        "children": cards,
        "direction": "ltr",
        "format": "",
        "indent": 0,
        "version": 1,
    }
    return json.dumps({"root": root})


def environment(ghost: LiveGhost, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GHOST_URL": ghost.url,
        "GHOST_ADMIN_API_KEY": ghost.admin_key,
        "GHOSTKIT_DATA_DIR": str(tmp_path),
        "GHOSTKIT_CONFIG": str(tmp_path / "c.toml"),
    }


def ghostkit(env: dict[str, str], *args: str) -> Any:
    done = cli.run(env, *args)
    assert done.returncode == 0, done.stderr + done.stdout
    return json.loads(done.stdout) if "--json" in args else done.stdout


def rendered(ghost: LiveGhost) -> dict[str, Any]:
    """Every post and page of the site, as Ghost stores and renders it."""
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        found = {}
        for name in ("posts", "pages"):
            for item in getattr(admin, name).iter(formats="lexical,mobiledoc,html,plaintext"):
                found[str(item.id)] = item
        return found


def test_a_domain_move_is_one_command_and_undo_puts_every_post_back(
    ghost: LiveGhost, tmp_path: Path, ghost_major: int
) -> None:
    tag = unique("rewrite")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add(
            {
                "title": "Every place",
                "lexical": every_place(ghost_major),
                "status": "published",
                "tags": [{"name": tag}],
                "canonical_url": f"{OLD}/canonical",
                "feature_image": f"{OLD}/feature.png",
            }
        )
        page = admin.pages.add(
            {
                "title": "A page",
                "lexical": every_place(ghost_major),
                "status": "published",
                "tags": [{"name": tag}],
            }
        )
    before = rendered(ghost)
    assert before[str(post.id)].html.count("old.example") >= 25
    assert "old.example" in before[str(page.id)].html
    env = environment(ghost, tmp_path)
    args = ("links", "rewrite", "--from", OLD, "--to", NEW, "--all")

    preview = ghostkit(env, *args, "--dry-run")
    assert f"-  {OLD}/inline" in preview or f"{OLD}/inline" in preview
    assert "Dry run: nothing was changed." in preview
    assert rendered(ghost)[str(post.id)].updated_at == before[str(post.id)].updated_at

    summary = ghostkit(env, *args, "--yes", "--json")
    assert summary["verify"]["ok"], summary["verify"]
    assert summary["changed"] >= 2 and summary["failed"] == 0
    assert summary["counts"]["images rewritten"] >= 2 * 12
    after = rendered(ghost)
    for item in after.values():
        assert "old.example" not in (item.html or ""), item.slug
    moved = after[str(post.id)]
    assert f"{NEW}/inline" in moved.html and f"{NEW}/md.png" in moved.html
    assert moved.plaintext.replace(NEW, OLD) == before[str(post.id)].plaintext
    assert "/about/" in moved.html  # the site's own link stays the site's
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        fields = admin.posts.read(post.id)
        assert fields.canonical_url == f"{NEW}/canonical"
        assert fields.feature_image == f"{OLD}/feature.png"  # only with --include-images

    undone = ghostkit(env, "runs", "undo", summary["run_id"], "--yes", "--json")
    assert undone["restored"] == summary["changed"]
    restored = rendered(ghost)
    for item_id, item in before.items():
        assert restored[item_id].lexical == item.lexical  # byte for byte
        assert restored[item_id].html == item.html
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.delete(post.id)
        admin.pages.delete(page.id)


def test_map_csv_regex_and_the_post_images(
    ghost: LiveGhost, tmp_path: Path, ghost_major: int
) -> None:
    tag = unique("rewrite-map")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add(
            {
                "title": "Mapped",
                "lexical": every_place(ghost_major),
                "status": "published",
                "tags": [{"name": tag}],
                "feature_image": f"{OLD}/feature.png",
                "codeinjection_head": f'<a href="{OLD}/code">c</a>',
            }
        )
    env = environment(ghost, tmp_path)
    pairs = tmp_path / "moved.csv"
    pairs.write_text(f"old,new\n{OLD}/inline,https://moved.example/exactly\n")
    select = ("--filter", f"tag:{tag}", "--yes", "--json")
    summary = ghostkit(env, "links", "rewrite", "--map", str(pairs), *select)
    assert summary["changed"] == 1 and summary["links_rewritten"] == 1
    assert summary["verify"]["ok"], summary["verify"]
    summary = ghostkit(
        env,
        "links",
        "rewrite",
        "--regex",
        r"^https://old\.example/(g\d)",
        r"https://gallery.example/\1",
        "--include-images",
        "--include-code",
        *select,
    )
    assert summary["verify"]["ok"], summary["verify"]
    assert summary["images_rewritten"] == 2 and summary["links_rewritten"] == 1
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        read = admin.posts.read(post.id, formats="html")
        assert "https://moved.example/exactly" in read.html
        assert "https://gallery.example/g1.png" in read.html
        assert f"{OLD}/img.png" in read.html  # no rule for it
        assert read.feature_image == f"{OLD}/feature.png"  # the regex did not match it
        assert read.codeinjection_head == f'<a href="{OLD}/code">c</a>'
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{OLD}/a\n")
    refused = cli.run(env, "links", "rewrite", "--map", str(bad), *select)
    assert refused.returncode == 3 and "line 1: expected two columns" in refused.stderr
    summary = ghostkit(
        env,
        "links",
        "rewrite",
        "--from",
        OLD,
        "--to",
        NEW,
        "--include-images",
        "--include-code",
        *select,
    )
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        read = admin.posts.read(post.id, formats="html")
        assert read.feature_image == f"{NEW}/feature.png"
        assert read.codeinjection_head == f'<a href="{NEW}/code">c</a>'
        assert "old.example" not in read.html
        admin.posts.delete(post.id)


def test_a_concurrent_edit_survives_the_rewrite(ghost: LiveGhost, tmp_path: Path) -> None:
    tag = unique("rewrite-collide")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add(
            {"title": "Collide", "lexical": every_place(5), "tags": [{"name": tag}]}
        )

    async def run() -> Summary:
        async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as admin:
            change = RewriteLinks(UrlRules(prefixes=(Prefix(OLD, NEW),)), site_url=admin.site_url)
            engine = Engine(
                admin, change, runs_dir=tmp_path, selection=Selection(filter=f"tag:{tag}")
            )
            plan = await engine.plan()
            await asyncio.sleep(1.1)  # updated_at has one-second resolution
            await admin.posts.update(post.id, lambda p: {"title": "Edited by someone else"})
            return await engine.apply(plan)

    summary = asyncio.run(run())
    assert summary.changed == 1 and summary.failed == 0
    assert summary.verify is not None and summary.verify["ok"], summary.verify
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        after = admin.posts.read(post.id, formats="html")
        assert after.title == "Edited by someone else"  # their edit survived
        assert "old.example" not in after.html
        admin.posts.delete(post.id)


MOBILEDOC = {
    "version": "0.3.1",
    "atoms": [],
    "cards": [
        ["html", {"html": f'<p>Raw <a href="{OLD}/h">html</a> <img src="{OLD}/h.png"></p>'}],
        ["image", {"src": f"{OLD}/m.jpg", "href": f"{OLD}/i", "caption": ""}],
        ["markdown", {"markdown": f"Some [markdown]({OLD}/md) text"}],
        ["bookmark", {"url": f"{OLD}/b", "metadata": {"title": "B", "icon": f"{OLD}/i.png"}}],
    ],
    "markups": [["a", ["href", f"{OLD}/inline"]]],
    "sections": [
        [1, "p", [[0, [], 0, "See "], [0, [0], 1, "this"]]],
        [10, 0],
        [10, 1],
        [10, 2],
        [10, 3],
    ],
}


def test_a_mobiledoc_post(ghost: LiveGhost, tmp_path: Path, ghost_major: int) -> None:
    import sqlite3

    tag = unique("rewrite-mobiledoc")
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
    with sqlite3.connect(ghost.instance.database) as db:
        db.execute(
            "UPDATE posts SET mobiledoc = ?, lexical = NULL WHERE id = ?", (original, post.id)
        )
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        before = admin.posts.read(post.id, formats="html,mobiledoc")
        assert before.html.count("old.example") >= 6
    env = environment(ghost, tmp_path)
    summary = ghostkit(
        env,
        "links",
        "rewrite",
        "--from",
        OLD,
        "--to",
        NEW,
        "--filter",
        f"tag:{tag}",
        "--yes",
        "--json",
    )
    assert summary["changed"] == 1 and summary["verify"]["ok"], summary["verify"]
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        after = admin.posts.read(post.id, formats="html,mobiledoc,lexical")
        assert "old.example" not in after.html and f"{NEW}/inline" in after.html
        if ghost_major < 6:
            assert after.mobiledoc and not after.lexical  # Ghost 5 keeps mobiledoc
    ghostkit(env, "runs", "undo", summary["run_id"], "--yes", "--json")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        undone = admin.posts.read(post.id, formats="html,mobiledoc")
        assert undone.html == before.html  # undo for mobiledoc: the same HTML
        if ghost_major < 6:
            assert undone.mobiledoc == original  # and on Ghost 5, the same bytes
        admin.posts.delete(post.id)
