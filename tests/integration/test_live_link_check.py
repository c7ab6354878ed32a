"""`links check` on the real Ghost, its links pointing at servers on 127.0.0.1 and at the
site's own posts; then `links strip --broken` removes exactly what it found broken, and
`links rewrite --follow-redirects` moves what it found permanently redirected; `runs undo`
puts each back."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path
from typing import Any

from ghostkit import GhostAdmin
from ghostkit.content import html_links
from ghostkit.samples import document, element, link, text
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import lexical_doc, unique
from tests.linkservers import link_server


def env_for(ghost: LiveGhost, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GHOST")}
    return env | {
        "GHOST_URL": ghost.url,
        "GHOST_ADMIN_API_KEY": ghost.admin_key,
        "GHOSTKIT_DATA_DIR": str(tmp_path / "data"),
        "GHOSTKIT_CONFIG": str(tmp_path / "c.toml"),
    }


def links_post(urls: list[str]) -> str:
    """A Lexical document with one paragraph per URL: a link, then plain text."""
    return document(
        *(
            element("paragraph", link(url, text(f"link {n}")), text(f" after {n}."))
            for n, url in enumerate(urls)
        )
    )


def rendered(admin: GhostAdmin, post_id: str) -> Any:
    return admin.posts.read(post_id, formats="lexical,html,plaintext")


def test_check_then_strip_the_broken_and_follow_the_redirects(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    tag = unique("check")
    env = env_for(ghost, tmp_path)
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin, link_server() as server:
        target = admin.posts.add(
            {"title": "Target", "status": "published", "lexical": lexical_doc("A post.")}
        )
        draft = admin.posts.add({"title": "Not yet", "lexical": lexical_doc("A post.")})
        site = ghost.url.rstrip("/")
        good = [server.url + "/page", server.url + "/chain/2", target.url]
        bad = [
            server.url + "/missing",
            server.url + "/gone",
            f"{site}/no-such-post-{tag}/",
            f"{site}/{draft.slug}/",
        ]
        post = admin.posts.add(
            {
                "title": "Links",
                "status": "published",
                "tags": [{"name": tag}],
                "lexical": links_post(good + bad + ["mailto:a@example.com", "#top"]),
            }
        )
        before = rendered(admin, post.id)

        checked = cli.run(
            env,
            "links",
            "check",
            "--filter",
            f"tag:{tag}",
            "--json",
            "--csv",
            str(tmp_path / "l.csv"),
        )
        assert checked.returncode == 1, checked.stderr  # broken links were found
        report = json.loads(checked.stdout)
        by_url = {row["url"]: row for row in report["results"]}
        assert {u for u, r in by_url.items() if r["state"] == "broken"} == set(bad)
        assert report["counts"] == {"broken": 4, "redirected": 1, "ok": 2, "skipped": 2}
        assert by_url[server.url + "/missing"]["error"] == "404 Not Found"
        assert by_url[server.url + "/gone"]["status"] == 410
        assert "draft" in by_url[f"{site}/{draft.slug}/"]["error"]
        nobody = by_url[f"{site}/no-such-post-{tag}/"]  # asked: Ghost answers 404
        assert nobody["internal"] and nobody["status"] == 404
        assert nobody["error"] == "404: no post or page of the site has this address"
        chain = by_url[server.url + "/chain/2"]
        assert chain["final_url"] == server.url + "/chain/0" and chain["permanent"]
        assert by_url[target.url]["state"] == "ok" and by_url[target.url]["posts"] == [post.slug]
        assert ("HEAD", "/page") in server.asked and ("GET", "/page") not in server.asked
        with (tmp_path / "l.csv").open() as handle:
            assert len(list(csv.DictReader(handle))) == 7
        assert stat.S_IMODE((tmp_path / "l.csv").stat().st_mode) == 0o600
        (saved,) = (tmp_path / "data" / "link-checks").glob("*.json")
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        assert ghost.admin_key.split(":")[1] not in saved.read_text()

        stripped = cli.run(
            env, "links", "strip", "--broken", "--filter", f"tag:{tag}", "--yes", "--json"
        )
        assert stripped.returncode == 0, stripped.stderr
        summary = json.loads(stripped.stdout)
        assert summary["changed"] == 1 and summary["verify"]["ok"], summary
        after = rendered(admin, post.id)
        hrefs = {found.href for found in html_links.find_links(after.html)}
        assert hrefs == set(good) | {"mailto:a@example.com", "#top"}
        assert after.plaintext == before.plaintext  # the text of the broken links stays

        undone = cli.run(env, "runs", "undo", summary["run_id"], "--yes", "--json")
        assert undone.returncode == 0, undone.stderr
        assert rendered(admin, post.id).lexical == before.lexical  # byte for byte

        moved = cli.run(
            env,
            "links",
            "rewrite",
            "--follow-redirects",
            "--filter",
            f"tag:{tag}",
            "--yes",
            "--json",
        )
        assert moved.returncode == 0, moved.stderr
        summary = json.loads(moved.stdout)
        assert summary["changed"] == 1 and summary["verify"]["ok"], summary
        hrefs = {found.href for found in html_links.find_links(rendered(admin, post.id).html)}
        assert server.url + "/chain/0" in hrefs and server.url + "/chain/2" not in hrefs
        assert server.url + "/missing" in hrefs  # only the redirected URL moved
        undone = cli.run(env, "runs", "undo", summary["run_id"], "--yes", "--json")
        assert undone.returncode == 0, undone.stderr
        assert rendered(admin, post.id).lexical == before.lexical
        admin.posts.delete(post.id)
        admin.posts.delete(target.id)
        admin.posts.delete(draft.id)


def test_strip_broken_without_a_check_says_what_to_do(ghost: LiveGhost, tmp_path: Path) -> None:
    done = cli.run(env_for(ghost, tmp_path), "links", "strip", "--broken", "--dry-run")
    assert done.returncode == 2
    assert "no link check saved" in done.stderr and "links check" in done.stderr
