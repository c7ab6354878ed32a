"""Each command group, run as a user would, with the server's state checked afterwards."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest

from ghostkit import GhostAdmin, NotFoundError
from ghostkit.config import ProfileStore
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import unique


@pytest.fixture
def env(ghost: LiveGhost, tmp_path: Path) -> dict[str, str]:
    """A user with one saved site, `live`, added through `site add` (keys from stdin)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHOST_")}
    environment |= {
        "GHOSTKIT_DATA_DIR": str(tmp_path / "data"),
        "GHOSTKIT_CONFIG": str(tmp_path / "config.toml"),
    }
    added = cli.run(
        environment,
        "site",
        "add",
        "live",
        "--url",
        ghost.url + "/ghost/",
        "--admin-key",
        "-",
        stdin=ghost.admin_key + "\n",
    )
    assert added.returncode == 0, added.stderr
    added = cli.run(
        environment,
        "site",
        "add",
        "live-content",
        "--url",
        ghost.url,
        "--content-key",
        ghost.content_key,
    )
    assert added.returncode == 0, added.stderr
    return environment


def ok(env: dict[str, str], *args: str) -> Any:
    done = cli.run(env, *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if "--json" in args else done.stdout


def test_site_commands(env: dict[str, str], ghost: LiveGhost, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    assert config.stat().st_mode & 0o777 == 0o600
    saved = ProfileStore(config).get("live")
    assert saved.url == ghost.url and saved.admin_key == ghost.admin_key
    sites = ok(env, "site", "list", "--json")
    assert [s["name"] for s in sites] == ["live", "live-content"]
    assert sites[0]["default"] and ghost.admin_key not in json.dumps(sites)
    shown = ok(env, "site", "show", "live", "--json")
    assert shown["admin_key"].startswith(ghost.admin_key[:4]) and "…" in shown["admin_key"]
    report = ok(env, "site", "check", "live")
    assert "ok  site:" in report and "ok  admin key: accepted" in report
    ok(env, "site", "use", "live-content")
    assert ProfileStore(config).default_name() == "live-content"
    ok(env, "site", "remove", "live-content", "--yes")
    assert ProfileStore(config).names() == ["live"]


def test_site_check_names_what_is_wrong(env: dict[str, str], ghost: LiveGhost) -> None:
    other_key = "0" * 24 + ":" + "1" * 64
    ok(env, "site", "add", "wrong-key", "--url", ghost.url, "--admin-key", other_key)
    failed = cli.run(env, "site", "check", "wrong-key")
    assert failed.returncode == 4
    assert "FAIL admin key: 401" in failed.stdout and "Settings > Integrations" in failed.stdout
    ok(env, "site", "add", "wrong-url", "--url", "http://127.0.0.1:9", "--admin-key", other_key)
    failed = cli.run(env, "site", "check", "wrong-url")
    assert failed.returncode == 4 and "FAIL site: could not reach" in failed.stdout
    refused = cli.run(
        env, "site", "add", "swapped", "--url", ghost.url, "--admin-key", ghost.content_key
    )
    assert refused.returncode == 3
    assert "looks like a Content API key" in refused.stderr
    assert ghost.content_key not in refused.stderr + refused.stdout


def test_tags_create_get_edit_list_delete(env: dict[str, str], ghost: LiveGhost) -> None:
    name = unique("cli tag")
    tag = ok(env, "tags", "create", "--data", json.dumps({"name": name}), "--json")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        assert admin.tags.read(tag["id"]).name == name
        ok(env, "tags", "edit", tag["id"], "--data", '{"description": "from the cli"}')
        assert admin.tags.read(tag["id"]).description == "from the cli"
        assert ok(env, "tags", "get", tag["slug"], "--by", "slug", "--json")["id"] == tag["id"]
        listed = ok(env, "tags", "list", "--all", "--jsonl")
        assert tag["id"] in listed
        ok(env, "tags", "delete", tag["id"], "--yes")
        with pytest.raises(NotFoundError):
            admin.tags.read(tag["id"])


def test_posts_new_publish_unpublish_copy_edit_delete(
    env: dict[str, str], ghost: LiveGhost, tmp_path: Path
) -> None:
    markdown = tmp_path / "hello.md"
    markdown.write_text("Hello *world* with [a link](https://example.com)\n")
    post = ok(
        env,
        "posts",
        "new",
        "--title",
        "CLI post",
        "--markdown",
        str(markdown),
        "--tag",
        "cli",
        "--json",
    )
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        stored = admin.posts.read(post["id"], formats="html,lexical")
        assert '"type":"paragraph"' in stored.lexical and "<em>world</em>" in stored.html
        ok(env, "posts", "publish", post["id"])
        assert admin.posts.read(post["id"]).status == "published"
        ok(env, "posts", "unpublish", post["id"])
        assert admin.posts.read(post["id"]).status == "draft"
        ok(env, "posts", "schedule", post["id"], "--at", "2031-01-02T03:04:05+00:00")
        assert admin.posts.read(post["id"]).published_at.startswith("2031-01-02T03:04:05")
        copy = ok(env, "posts", "copy", post["id"], "--json")
        assert admin.posts.read(copy["id"]).title == "CLI post (Copy)"
        ok(env, "posts", "edit", copy["id"], "--data", '{"title": "Renamed copy"}')
        assert admin.posts.read(copy["id"]).title == "Renamed copy"
        found = ok(env, "posts", "list", "--filter", "tag:cli", "--json")
        assert {p["id"] for p in found} >= {post["id"]}
        for item in (post["id"], copy["id"]):
            ok(env, "posts", "delete", item, "--yes")
        assert admin.posts.browse(filter=f"id:[{post['id']},{copy['id']}]").items == []


def test_members_and_api(env: dict[str, str], ghost: LiveGhost) -> None:
    email = f"{unique('cli')}@example.com"
    member = ok(env, "members", "create", "--data", json.dumps({"email": email}), "--json")
    counted = ok(env, "api", "GET", "members/", "-p", f"filter=email:'{email}'")
    assert json.loads(counted)["members"][0]["id"] == member["id"]
    lines = ok(env, "api", "GET", "tags/", "-p", "fields=id,name", "--paginate").splitlines()
    assert all("id" in json.loads(line) for line in lines)
    ok(env, "members", "delete", member["id"], "--yes")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        assert admin.members.browse(filter=f"email:'{email}'").items == []


def test_errors_are_one_line_with_a_hint_and_an_exit_code(env: dict[str, str]) -> None:
    missing = cli.run(env, "tags", "get", "000000000000000000000000")
    assert missing.returncode == 5
    assert missing.stderr.startswith("error: 404") and "Traceback" not in missing.stderr
    bad_filter = cli.run(env, "posts", "list", "--filter", "title:~'open")
    assert bad_filter.returncode == 7 and "hint:" in bad_filter.stderr
    no_site = cli.run(env, "posts", "list", "--site", "nowhere")
    assert no_site.returncode == 3 and "known profiles: live" in no_site.stderr


def test_uploads_settings_site_info_and_member_csv(
    env: dict[str, str], ghost: LiveGhost, tmp_path: Path, ghost_major: int
) -> None:
    from tests.helpers import tiny_png

    image = tmp_path / "dot.png"
    image.write_bytes(tiny_png())
    url = ok(env, "images", "upload", str(image)).strip()
    assert url.startswith(ghost.url) and url.endswith(".png")
    info = ok(env, "site", "info", "--json")
    assert info["version"].startswith(f"{ghost_major}.")
    assert ok(env, "settings", "get", "title", "--json").keys() == {"title"}
    refused = cli.run(env, "settings", "set", "description=From the CLI")
    assert refused.returncode == 4  # an integration key may not edit settings
    label = unique("csvlabel")
    rows = tmp_path / "members.csv"
    emails = [f"{unique('csv')}@example.com" for _ in range(2)]
    rows.write_text("email,name\n" + "".join(f"{e},CSV\n" for e in emails))
    assert "Imported 2" in ok(env, "members", "import", str(rows), "--label", label)
    out = tmp_path / "out.csv"
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        slug = admin.labels.browse(filter=f"name:'{label}'").items[0].slug
        ok(env, "members", "export", "--filter", f"label:{slug}", "--out", str(out))
        assert all(e in out.read_text() for e in emails)
        assert admin.members.bulk_delete(f"label:{slug}")["successful"] == 2


def test_backup_restore_and_undo(env: dict[str, str], ghost: LiveGhost, tmp_path: Path) -> None:
    """Back up, lose and change things, restore (dry run, create, --update), undo both."""
    from tests.helpers import lexical_doc

    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        tag = admin.tags.add({"name": unique("restored tag"), "description": "as saved"})
        lost = admin.posts.add(
            {
                "title": unique("lost post"),
                "lexical": lexical_doc("Kept words."),
                "tags": [{"id": tag.id}],
            }
        )
        kept = admin.posts.add({"title": unique("kept post"), "lexical": lexical_doc("Before.")})
        member = admin.members.add(
            {"email": f"{unique('m')}@example.com", "note": "saved", "labels": ["restored-vip"]}
        )
        out = tmp_path / "site.json"
        ok(env, "backup", "--out", str(out))
        saved = json.loads(out.read_text())
        assert saved["manifest"]["counts"]["posts"] == len(saved["posts"]) >= 2

        admin.posts.delete(lost.id)
        admin.members.delete(member.id)
        admin.tags.edit(tag.id, {"description": "changed later"})
        later = lexical_doc("Rewritten after the backup.")
        admin.posts.update(kept.id, lambda p: {"title": "changed later", "lexical": later})

        plan = ok(env, "restore", str(out), "--dry-run")
        assert f"create  posts        {lost.slug}" in plan
        assert f"create  members      {member.email}" in plan
        assert f"change  posts        {kept.slug}  (title, lexical)" in plan
        assert f"change  tags         {tag.slug}  (description)" in plan
        assert admin.posts.browse(filter=f"slug:{lost.slug}").items == []  # a dry run

        created = ok(env, "restore", str(out), "--yes")
        create_run = re.search(r"runs undo (\S+)\)", created)
        assert create_run and "Created 2, changed 0" in created, created
        (again,) = admin.posts.browse(
            filter=f"slug:{lost.slug}", formats="lexical", include="tags,authors"
        ).items
        assert again.lexical == lost.lexical and [t.slug for t in again.tags] == [tag.slug]
        assert [a.email for a in again.authors] == [a.email for a in lost.authors]
        (back,) = admin.members.browse(filter=f"email:'{member.email}'").items
        assert back.note == "saved" and [x.name for x in back.labels] == ["restored-vip"]
        assert admin.posts.read(kept.id).title == "changed later"  # not without --update

        updated = ok(env, "restore", str(out), "--update", "--yes")
        update_run = re.search(r"runs undo (\S+)\)", updated)
        assert update_run and "Created 0, changed 2" in updated, updated
        now = admin.posts.read(kept.id, formats="lexical")
        assert (now.title, now.lexical) == (kept.title, kept.lexical)
        assert admin.tags.read(tag.id).description == "as saved"
        assert "0 to create, 0 differ" in ok(env, "restore", str(out), "--dry-run")

        assert "Took back 2 items" in ok(env, "runs", "undo", update_run.group(1), "--yes")
        assert admin.posts.read(kept.id).title == "changed later"
        assert admin.tags.read(tag.id).description == "changed later"
        assert "Took back 2 items" in ok(env, "runs", "undo", create_run.group(1), "--yes")
        assert admin.posts.browse(filter=f"slug:{lost.slug}").items == []
        assert admin.members.browse(filter=f"email:'{member.email}'").items == []
        admin.posts.delete(kept.id)
        admin.tags.delete(tag.id)


def test_restore_leaves_an_item_saved_after_its_plan(ghost: LiveGhost, tmp_path: Path) -> None:
    import asyncio

    from ghostkit import AsyncGhostAdmin
    from ghostkit.operations.backup import write_backup
    from ghostkit.operations.engine import Engine
    from ghostkit.operations.restore import RestoreChange
    from ghostkit.operations.summary import Summary

    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add({"title": unique("contested")})
        tag = admin.tags.add({"name": unique("contested tag")})
        write_backup(admin, tmp_path / "b.json")
        admin.posts.edit(post.id, {"title": "second", "updated_at": post.updated_at})
        admin.tags.edit(tag.id, {"name": "second name"})

        async def restore() -> Summary:
            change = RestoreChange.from_file(tmp_path / "b.json", update=True)
            async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as site:
                engine = Engine(
                    site, change, runs_dir=tmp_path / "runs", selection=change.selection()
                )
                plan = await engine.plan()
                time.sleep(1.1)  # updated_at has whole seconds: an edit in the same second
                time_passes = admin.posts.read(post.id)
                admin.posts.edit(
                    post.id, {"title": "someone else's", "updated_at": time_passes.updated_at}
                )
                admin.tags.edit(tag.id, {"name": "someone else's tag"})
                return await engine.apply(plan)

        summary = asyncio.run(restore())
        assert set(summary.failures) == {post.id, tag.id}, summary.as_dict()
        assert admin.posts.read(post.id).title == "someone else's"
        assert admin.tags.read(tag.id).name == "someone else's tag"
        admin.posts.delete(post.id)
        admin.tags.delete(tag.id)


def test_push_pull_push_changes_nothing(
    env: dict[str, str], ghost: LiveGhost, tmp_path: Path
) -> None:
    from tests.helpers import tiny_png

    tag = unique("pushed")
    drafts = tmp_path / "drafts"
    (drafts / "img").mkdir(parents=True)
    (drafts / "img" / "dot.png").write_bytes(tiny_png())
    slug = unique("hello-push")
    (drafts / f"{slug}.md").write_text(
        f"---\ntitle: Hello push\nslug: {slug}\ntags: [{tag}]\nstatus: published\n"
        "excerpt: A summary.\n---\n# Hello\n\nSome *Markdown* with "
        "[a link](https://example.com) and an image:\n\n![dot](img/dot.png)\n"
    )
    assert ok(env, "posts", "push", str(drafts / f"{slug}.md")).startswith("created")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.read(slug=slug, formats="html", include="tags")
        assert post.status == "published" and post.custom_excerpt == "A summary."
        assert "<em>Markdown</em>" in post.html and "/content/images/" in post.html
        assert [t.name for t in post.tags] == [tag]
        pulled = tmp_path / "pulled"
        ok(env, "posts", "pull", str(pulled), "--filter", f"tag:{tag}")
        text = (pulled / f"{slug}.md").read_text()
        assert "/content/images/" in text and "img/dot.png" not in text
        stamp = post.updated_at
        assert ok(env, "posts", "push", str(pulled / f"{slug}.md")).startswith("unchanged")
        assert admin.posts.read(post.id).updated_at == stamp  # nothing written
        (pulled / f"{slug}.md").write_text(text.replace("Some *Markdown*", "More *Markdown*"))
        assert ok(env, "posts", "push", str(pulled / f"{slug}.md")).startswith("updated")
        assert "More" in admin.posts.read(post.id, formats="html").html
        admin.posts.delete(post.id)


def test_push_never_loses_editor_content_or_a_newer_site_edit(
    env: dict[str, str], ghost: LiveGhost, tmp_path: Path
) -> None:
    from ghostkit.samples import sample_post

    tag = unique("editor")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add({**sample_post(3), "tags": [{"name": tag}]})
        original = admin.posts.read(post.id, formats="lexical").lexical
        ok(env, "posts", "pull", str(tmp_path), "--filter", f"tag:{tag}")
        path = tmp_path / f"{post.slug}.md"
        text = path.read_text()
        assert "ghost:" in text and "body_digest:" in text

        # Front matter only: the title changes, the editor's content stays byte for byte.
        path.write_text(re.sub(r"^title: .*$", "title: Retitled", text, count=1, flags=re.M))
        assert ok(env, "posts", "push", str(path)).startswith("updated")
        now = admin.posts.read(post.id, formats="lexical")
        assert now.title == "Retitled" and now.lexical == original
        assert ok(env, "posts", "push", str(path)).startswith("unchanged")  # record refreshed

        # An edited body would replace the editor's cards with the file's Markdown: refused.
        edited = path.read_text() + "\nOne more line.\n"
        path.write_text(edited)
        refused = cli.run(env, "posts", "push", str(path))
        assert refused.returncode == 1 and "--replace-content" in refused.stderr
        assert admin.posts.read(post.id, formats="lexical").lexical == original

        # Pull keeps the local edit; a site edit after the pull is not overwritten.
        kept = cli.run(env, "posts", "pull", str(tmp_path), "--filter", f"tag:{tag}")
        assert kept.returncode == 6 and "changes not pushed" in kept.stderr
        assert path.read_text() == edited
        time.sleep(1.1)  # a later updated_at (it has whole seconds)
        admin.posts.edit(post.id, {"title": "Site edit", "updated_at": now.updated_at})
        conflict = cli.run(env, "posts", "push", str(path), "--replace-content")
        assert conflict.returncode == 6 and "since it was pulled" in conflict.stderr
        assert admin.posts.read(post.id).title == "Site edit"

        replaced = ok(env, "posts", "push", str(path), "--replace-content", "--force")
        assert replaced.startswith("updated")
        after = admin.posts.read(post.id, formats="lexical,html")
        assert '"type":"paragraph"' in after.lexical and "One more line." in after.html

        # Deleted on the site: not created again without --force.
        admin.posts.delete(post.id)
        gone = cli.run(env, "posts", "push", str(path))
        assert gone.returncode == 6 and "deleted on the site" in gone.stderr
        assert admin.posts.browse(filter=f"tag:{tag}").items == []


def test_quiet_keeps_stderr_for_errors_only(env: dict[str, str]) -> None:
    loud = cli.run(env, "tags", "list", "--limit", "1", "--json")
    assert loud.returncode == 0 and "tags" in loud.stderr
    quiet = cli.run(env, "--quiet", "tags", "list", "--limit", "1", "--json")
    assert quiet.returncode == 0 and quiet.stderr == "" and json.loads(quiet.stdout)
    failing = cli.run(env, "--quiet", "tags", "get", "000000000000000000000000")
    assert failing.returncode == 5 and failing.stderr.startswith("error:")
    after = cli.run(env, "posts", "list", "--limit", "1", "--json", "--quiet")
    assert after.returncode == 0 and after.stderr == "" and json.loads(after.stdout)
    debug = cli.run(env, "tags", "get", "000000000000000000000000", "--debug", "-q")
    assert debug.returncode == 5 and "Traceback" in debug.stderr, debug.stderr


def test_an_argument_that_is_not_an_id_is_taken_as_a_slug(
    env: dict[str, str], ghost: LiveGhost
) -> None:
    """`posts get hello` reads the post whose slug is hello; every command that names one
    item does the same where the resource has slugs, and says what an id is where not."""
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add({"title": unique("slugged")})
        tag = admin.tags.add({"name": unique("slug tag")})
        got = cli.run(env, "posts", "get", post.slug, "--json")
        assert got.returncode == 0, got.stderr
        assert json.loads(got.stdout)["id"] == post.id
        assert ok(env, "tags", "get", tag.slug, "--json")["id"] == tag.id
        ok(env, "tags", "edit", tag.slug, "--data", '{"description": "by slug"}')
        assert admin.tags.read(tag.id).description == "by slug"
        ok(env, "posts", "publish", post.slug)
        assert admin.posts.read(post.id).status == "published"
        ok(env, "posts", "unpublish", post.slug)
        copy = ok(env, "posts", "copy", post.slug, "--json")
        assert admin.posts.read(copy["id"]).title == f"{post.title} (Copy)"
        ok(env, "posts", "delete", copy["slug"], "--yes")
        ok(env, "tags", "delete", tag.slug, "--yes")
        assert admin.tags.browse(filter=f"id:{tag.id}").items == []
        assert admin.posts.browse(filter=f"id:{copy['id']}").items == []

        missing = cli.run(env, "posts", "get", "no-such-slug-here")
        assert missing.returncode == 5 and missing.stderr.startswith("error: 404")
        by_id = cli.run(env, "posts", "get", post.slug, "--by", "id")
        assert by_id.returncode == 2 and "--by slug" in by_id.stderr
        member = cli.run(env, "members", "get", "someone@example.com")
        assert member.returncode == 2 and "not an id" in member.stderr
        assert "members list --filter" in member.stderr
        stamp = admin.posts.read(post.id).updated_at
        for argv in (("members", "delete", "hello", "--yes"), ("webhooks", "delete", "x", "-y")):
            refused = cli.run(env, *argv)
            assert refused.returncode == 2 and "24 hex" in refused.stderr, refused.stderr
        assert admin.posts.read(post.id).updated_at == stamp
        admin.posts.delete(post.id)


def test_site_all_reads_every_site_it_can_and_fails_at_the_end(
    env: dict[str, str], ghost: LiveGhost
) -> None:
    """A broken profile does not hide the sites after it: each is named on stderr, the
    others are listed, and the command fails at the end with the first failure's code."""
    other_key = "0" * 24 + ":" + "1" * 64
    ok(env, "site", "add", "a-unreachable", "--url", "http://127.0.0.1:9", "--admin-key", other_key)
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        tag = admin.tags.add({"name": unique("every site")})
        done = cli.run(env, "tags", "list", "--filter", f"id:{tag.id}", "--site", "all", "--jsonl")
        admin.tags.delete(tag.id)
    assert done.returncode == 8, done.stderr  # the first failure: a connection error
    assert [json.loads(line)["site"] for line in done.stdout.splitlines()] == ["live"]
    assert done.stderr.startswith("error: 2 of 3 sites could not be read"), done.stderr
    assert "a-unreachable: could not reach" in done.stderr
    assert "live-content: " in done.stderr and "Traceback" not in done.stderr
    ok(env, "site", "remove", "a-unreachable", "--yes")


def test_member_import_refuses_what_is_not_a_member_csv_and_fails_on_refused_rows(
    env: dict[str, str], ghost: LiveGhost, tmp_path: Path
) -> None:
    """A binary file, a file with no email column (Ghost reads only `email`) and an empty
    one are refused before anything is sent; rows Ghost refuses make the import fail."""
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    upper = tmp_path / "upper.csv"
    upper.write_text(f"Email,Name\n{unique('up')}@example.com,Up\n")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        before = admin.members.browse(limit=1).pagination.total
        for path, says in (
            (binary, "binary data"),
            (upper, "rename the column 'Email' to 'email'"),
            (empty, "is empty"),
        ):
            done = cli.run(env, "members", "import", str(path))
            assert done.returncode == 3, (path, done.stdout, done.stderr)
            assert done.stderr.startswith("error: ") and says in done.stderr, done.stderr
            assert "Imported" not in done.stdout
        assert admin.members.browse(limit=1).pagination.total == before

        good = f"{unique('good')}@example.com"
        mixed = tmp_path / "mixed.csv"
        mixed.write_text(f"email,name\nnot-an-email,Bad\n{good},Good\n")
        done = cli.run(env, "members", "import", str(mixed))
        assert done.returncode == 7, (done.stdout, done.stderr)
        assert "Imported 1; invalid 1." in done.stdout
        assert "refused 1 of 2 rows" in done.stderr and "not-an-email: Invalid" in done.stderr
        (member,) = admin.members.browse(filter=f"email:'{good}'").items
        admin.members.delete(member.id)


def test_commands_say_when_they_did_nothing_or_would_do_nothing(
    env: dict[str, str], ghost: LiveGhost, tmp_path: Path
) -> None:
    """No success line for nothing done, and no raw 422 where ghostkit can say what to do."""
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add({"title": unique("idle")})
        stamp = admin.posts.read(post.id).updated_at

        already = cli.run(env, "posts", "unpublish", post.id)
        assert already.returncode == 0 and "is a draft already" in already.stdout
        empty = cli.run(env, "posts", "edit", post.id, "--data", "{}")
        assert empty.returncode == 2 and "nothing to change" in empty.stderr
        past = cli.run(env, "posts", "schedule", post.id, "--at", "2020-01-01 09:00", "--yes")
        assert past.returncode == 3 and "is in the past" in past.stderr, past.stderr
        assert "Publishing at" not in past.stdout
        assert admin.posts.read(post.id).updated_at == stamp  # nothing was written

        ok(env, "posts", "publish", post.id)
        stamp = admin.posts.read(post.id).updated_at
        again = cli.run(env, "posts", "publish", post.slug)
        assert again.returncode == 0 and "is published already" in again.stdout
        mailed = cli.run(env, "posts", "publish", post.id, "--newsletter", "default-newsletter")
        assert mailed.returncode == 2 and "only when it is first published" in mailed.stderr
        assert admin.posts.read(post.id).updated_at == stamp

        total = admin.posts.browse(limit=1).pagination.total
        for argv, says in (
            (("posts", "new", "--title", "  "), "--title is empty"),
            (("posts", "new", "--title", "x", "--status", "later"), "not draft or published"),
        ):
            done = cli.run(env, *argv)
            assert done.returncode == 2 and says in done.stderr, done.stderr
        assert admin.posts.browse(limit=1).pagination.total == total
        admin.posts.delete(post.id)

    unknown = cli.run(env, "settings", "get", "title", "no_such_setting")
    assert unknown.returncode == 5 and "no setting 'no_such_setting'" in unknown.stderr
    out = tmp_path / "none.csv"
    exported = cli.run(
        env,
        "members",
        "export",
        "--filter",
        f"email:'{unique('nobody')}@example.com'",
        "--out",
        str(out),
    )
    assert exported.returncode == 0 and "Wrote 0 members" in exported.stderr, exported.stderr
