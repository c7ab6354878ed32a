"""`ghostkit posts push` is a run like any bulk edit, against a real Ghost: journaled, and
taken back by `ghostkit runs undo` (what it created deleted, what it changed put back)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ghostkit import GhostAdmin
from ghostkit.content import lexical
from ghostkit.samples import sample_post
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import unique


def whole(admin: GhostAdmin, post_id: str) -> dict[str, object]:
    """Every field a push may write, as the site holds it."""
    post = admin.posts.read(post_id, formats="lexical", include="tags").to_dict()
    fields = ("title", "slug", "lexical", "status", "feature_image", "custom_excerpt")
    return {**{name: post.get(name) for name in fields}, "tags": [t["name"] for t in post["tags"]]}


def test_a_push_is_a_run_that_runs_undo_takes_back_byte_for_byte(
    env: dict[str, str], ghost: LiveGhost, tmp_path: Path
) -> None:
    tag = unique("pushrun")
    folder = tmp_path / "posts"
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        markdown = admin.posts.add(
            {
                "title": "Markdown post",
                "lexical": lexical.markdown_document("First *version*.\n"),
                "tags": [{"name": tag}],
                "custom_excerpt": "Kept.",
            }
        )
        editor = admin.posts.add({**sample_post(2), "tags": [{"name": tag}]})
        by_slug = admin.posts.add(
            {"title": "Matched by slug", "slug": unique("by-slug"), "status": "published"}
        )
        before = {str(p.id): whole(admin, str(p.id)) for p in (markdown, editor, by_slug)}

        pulled = cli.run(env, "posts", "pull", str(folder), "--filter", f"tag:{tag}")
        assert pulled.returncode == 0, pulled.stderr
        first = folder / f"{markdown.slug}.md"
        first.write_text(
            first.read_text()
            .replace("title: Markdown post", "title: Pushed title")
            .replace("First *version*.", "Second *version*.")
        )
        second = folder / f"{editor.slug}.md"
        text = second.read_text()
        second.write_text(re.sub(r"^title: .*$", "title: Retitled", text, count=1, flags=re.M))
        third = folder / "by-slug.md"
        third.write_text(f"---\ntitle: Now a draft\nslug: {by_slug.slug}\n---\nNew body.\n")
        new_slug = unique("brand-new")
        fourth = folder / f"{new_slug}.md"
        fourth.write_text(f"---\ntitle: Brand new\ntags: [{tag}]\n---\nCreated by a push.\n")

        done = cli.run(env, "posts", "push", *map(str, (first, second, third, fourth)))
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert [line.split()[0] for line in lines[:4]] == ["updated"] * 3 + ["created"]
        run_id = re.search(r"runs undo (\S+)\)", done.stdout)
        assert run_id, done.stdout
        assert "1 created, 3 updated (run " in done.stdout
        created = admin.posts.read(slug=new_slug)
        assert admin.posts.read(markdown.id).title == "Pushed title"
        assert admin.posts.read(by_slug.id).status == "draft"
        assert whole(admin, str(editor.id))["lexical"] == before[str(editor.id)]["lexical"]

        shown = cli.run(env, "runs", "show", run_id[1], "--json")
        assert shown.returncode == 0, shown.stderr
        journal = json.loads(shown.stdout)
        assert json.dumps(journal).count(str(created.id)) >= 1

        resumed = cli.run(env, "runs", "resume", run_id[1], "--yes")
        assert resumed.returncode != 0 and "push the same files again" in resumed.stderr

        undone = cli.run(env, "runs", "undo", run_id[1], "--yes")
        assert undone.returncode == 0, undone.stderr
        for post_id, was in before.items():
            assert whole(admin, post_id) == was
        assert admin.posts.browse(filter=f"slug:{new_slug}").items == []
        for post in (markdown, editor, by_slug):
            admin.posts.delete(post.id)


def test_a_push_that_sends_nothing_makes_no_run(
    env: dict[str, str], ghost: LiveGhost, tmp_path: Path
) -> None:
    slug = unique("same")
    path = tmp_path / f"{slug}.md"
    path.write_text(f"---\ntitle: Same\nslug: {slug}\n---\nBody.\n")
    assert cli.run(env, "posts", "push", str(path)).returncode == 0
    again = cli.run(env, "posts", "push", str(path))
    assert again.returncode == 0 and again.stdout.startswith("unchanged"), again.stderr
    assert "runs undo" not in again.stdout and "1 unchanged." in again.stdout
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.delete(admin.posts.read(slug=slug).id)


def test_tags_named_in_another_letter_case_are_the_site_tags_not_new_ones(
    env: dict[str, str], ghost: LiveGhost, tmp_path: Path
) -> None:
    """Ghost matches the names of the tags it is sent letter for letter, so `tags: [news]`
    beside a tag 'News' would make a second tag; a push and `posts new --tag` send the
    site's own tag instead, and a name two tags share in other cases is refused."""
    word = unique("Casetag")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        tag = admin.tags.add({"name": word})
        slug = unique("cased")
        path = tmp_path / f"{slug}.md"
        path.write_text(f"---\ntitle: Cased\nslug: {slug}\ntags: [{word.lower()}]\n---\nBody.\n")
        pushed = cli.run(env, "posts", "push", str(path))
        assert pushed.returncode == 0, pushed.stderr
        post = admin.posts.read(slug=slug, include="tags")
        made = cli.run(env, "posts", "new", "--title", "Cased too", "--tag", word.upper(), "--json")
        assert made.returncode == 0, made.stderr
        second = admin.posts.read(json.loads(made.stdout)["id"], include="tags")
        try:
            assert [t.id for t in post.tags] == [tag.id]
            assert [t.id for t in second.tags] == [tag.id]
            assert [t.id for t in admin.tags.iter(filter=f"slug:~^'{tag.slug}'")] == [tag.id]

            twin = admin.tags.add({"name": word.lower()})  # Ghost lets two names differ in case
            other = tmp_path / "other.md"
            other.write_text(f"---\ntitle: Other\nslug: {slug}-b\ntags: [{word.upper()}]\n---\n")
            refused = cli.run(env, "posts", "push", str(other))
            assert refused.returncode == 2, refused.stderr
            assert "2 tags are named" in refused.stderr and tag.slug in refused.stderr
            assert [p.id for p in admin.posts.iter(filter=f"slug:{slug}-b")] == []
            exact = cli.run(env, "posts", "push", str(path))  # its exact name is one tag
            assert exact.returncode == 0, exact.stderr
            assert [t.id for t in admin.posts.read(post.id, include="tags").tags] == [twin.id]
        finally:
            admin.posts.delete(post.id)
            admin.posts.delete(second.id)
            for each in admin.tags.iter(filter=f"slug:~^'{tag.slug}'"):
                admin.tags.delete(each.id)
