"""Files ghostkit reads and writes for people, against a real Ghost: a Markdown file never
reaches a post it does not name, a pulled post never lands outside its folder, and files
with drafts or members' data are the owner's alone."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ghostkit import GhostAdmin
from ghostkit.content import lexical
from ghostkit.operations.markdown_files import PostFile
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import tiny_png, unique


@pytest.fixture
def admin(ghost: LiveGhost) -> Iterator[GhostAdmin]:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as client:
        yield client


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def snapshot(admin: GhostAdmin, post_id: str) -> tuple[object, ...]:
    post = admin.posts.read(post_id, formats="lexical", include="tags")
    return post.title, post.slug, post.lexical, post.updated_at, [t.name for t in post.tags]


def hostile(admin: GhostAdmin, slug: str) -> str:
    """A draft whose slug Ghost stored exactly as sent (an edit that changes the title too)."""
    post = admin.posts.add({"title": unique("Hostile"), "lexical": lexical.markdown_document("x")})
    saved = admin.posts.edit(
        post.id, {"title": unique("Hostile again"), "slug": slug, "updated_at": post.updated_at}
    )
    assert saved.slug == slug, f"Ghost slugified {slug!r} into {saved.slug!r}"
    return str(post.id)


@pytest.mark.parametrize(
    "front",
    [
        'slug: "{victim}/?"',
        'slug: "{victim}?x=1"',
        'slug: "{victim}#top"',
        'slug: "../{victim}"',
        'slug: "{victim}/../{victim}"',
        'slug: "{victim}%2F"',
        "slug: {victim}\nid: ../tags/{victim}",
        "slug: {victim}\nghost: {{id: '../tags/x', updated_at: '2026-01-01T00:00:00.000Z'}}",
    ],
)
def test_push_never_reaches_a_post_the_file_does_not_name(
    env: dict[str, str], admin: GhostAdmin, tmp_path: Path, front: str
) -> None:
    victim = admin.posts.add(
        {"title": "Victim", "slug": unique("victim"), "lexical": lexical.markdown_document("Mine.")}
    )
    before = snapshot(admin, str(victim.id))
    path = tmp_path / "attack.md"
    text = f"---\ntitle: Overwritten\n{front.format(victim=victim.slug)}\n---\nGone.\n"
    path.write_text(text)

    done = cli.run(env, "posts", "push", str(path))

    assert done.returncode == 3, (done.stdout, done.stderr)
    assert done.stderr.startswith("error: ") and "attack.md" in done.stderr
    assert "hint: " in done.stderr and "Traceback" not in done.stderr
    assert snapshot(admin, str(victim.id)) == before
    assert admin.posts.browse(filter="title:Overwritten").items == []
    assert path.read_text() == text
    admin.posts.delete(victim.id)


def test_push_checks_every_file_before_it_sends_anything(
    env: dict[str, str], admin: GhostAdmin, tmp_path: Path
) -> None:
    good_slug = unique("good")
    (tmp_path / "good.md").write_text(f"---\ntitle: Good\nslug: {good_slug}\n---\nFine.\n")
    (tmp_path / "bad.md").write_text("---\ntitle: Bad\ntags: news\n---\nBody.\n")
    done = cli.run(env, "posts", "push", str(tmp_path / "good.md"), str(tmp_path / "bad.md"))
    assert done.returncode == 3 and "bad.md" in done.stderr and "tags" in done.stderr
    assert admin.posts.browse(filter=f"slug:{good_slug}").items == []


def test_front_matter_is_sent_with_the_types_it_was_written_with(
    env: dict[str, str], admin: GhostAdmin, tmp_path: Path
) -> None:
    slug = unique("typed")
    path = tmp_path / f"{slug}.md"
    path.write_bytes(
        b"\xef\xbb\xbf---\r\ntitle: '2024'\r\ntags: [news, '10']\r\n---\r\nBody text.\r\n"
    )
    done = cli.run(env, "posts", "push", str(path))
    assert done.returncode == 0, done.stderr
    post = admin.posts.read(slug=slug, formats="lexical", include="tags")
    assert post.title == "2024"  # tags are the site's own: other tests may have made 'News'
    assert [t.name.lower() for t in post.tags] == ["news", "10"]
    assert "---" not in (post.lexical or "") and "Body text." in (post.lexical or "")
    admin.posts.delete(post.id)


def test_a_pulled_file_is_matched_by_its_id_so_its_slug_can_change(
    env: dict[str, str], admin: GhostAdmin, tmp_path: Path
) -> None:
    post = admin.posts.add({"title": "Renamed", "lexical": lexical.markdown_document("Text.")})
    assert cli.run(env, "posts", "pull", str(tmp_path), "--filter", f"id:{post.id}").returncode == 0
    path = tmp_path / f"{post.slug}.md"
    new_slug = unique("renamed")
    path.write_text(path.read_text().replace(f"slug: {post.slug}", f"slug: {new_slug}"))
    done = cli.run(env, "posts", "push", str(path))
    assert done.returncode == 0 and done.stdout.startswith("updated"), done.stderr
    assert admin.posts.read(post.id).slug == new_slug
    assert admin.posts.browse(filter="title:Renamed").pagination.total == 1
    admin.posts.delete(post.id)


def test_pull_writes_nothing_outside_its_folder(
    env: dict[str, str], admin: GhostAdmin, tmp_path: Path
) -> None:
    name = unique("escaped")
    slugs = [f"../../../{name}", f"{tmp_path}/abs-{name}", f"a/?{name}", f"..\\{name}"]
    ids = [hostile(admin, slug) for slug in slugs]
    folder = tmp_path / "deep" / "er" / "pulled"

    def outside() -> list[Path]:
        made = {folder, *folder.parents}
        return sorted(p for p in tmp_path.rglob("*") if p not in made and folder not in p.parents)

    outside_before = outside()

    done = cli.run(env, "posts", "pull", str(folder), "--filter", f"id:[{','.join(ids)}]")

    assert done.returncode == 0, done.stderr
    assert outside() == outside_before
    for root in (Path("/"), Path("/tmp"), tmp_path.parent):
        assert not list(root.glob(f"*{name}*"))
    written = sorted(folder.iterdir())
    assert len(written) == 4 and all(p.parent == folder for p in written)
    assert done.stderr.count("not safe as a file name") == 4
    pulled = {PostFile.read(p, check_slug=False).front["slug"] for p in written}
    assert pulled == set(slugs)  # each file keeps the slug the site holds

    # Pulled again: the same files, not new ones; pushed back: refused, the post unchanged.
    again = cli.run(env, "posts", "pull", str(folder), "--filter", f"id:[{','.join(ids)}]")
    assert again.returncode == 0 and sorted(folder.iterdir()) == written
    before = snapshot(admin, ids[0])
    pushed = cli.run(env, "posts", "push", *map(str, written))
    assert pushed.returncode == 3 and "slug" in pushed.stderr
    assert snapshot(admin, ids[0]) == before
    for post_id in ids:
        admin.posts.delete(post_id)


def test_pull_does_not_follow_a_link_out_of_its_folder(
    env: dict[str, str], admin: GhostAdmin, tmp_path: Path
) -> None:
    post = admin.posts.add({"title": "Linked", "lexical": lexical.markdown_document("Body.")})
    folder, target = tmp_path / "pulled", tmp_path / "precious.txt"
    folder.mkdir()
    target.write_text("keep me")
    (folder / f"{post.slug}.md").symlink_to(target)
    done = cli.run(env, "posts", "pull", str(folder), "--filter", f"id:{post.id}", "--force")
    assert done.returncode == 6 and "outside" in done.stderr, done.stderr
    assert target.read_text() == "keep me"
    admin.posts.delete(post.id)


def test_pulled_drafts_are_private_and_published_posts_follow_the_umask(
    env: dict[str, str], admin: GhostAdmin, tmp_path: Path
) -> None:
    tag = unique("modes")
    draft = admin.posts.add({"title": "Draft", "tags": [{"name": tag}], "status": "draft"})
    public = admin.posts.add({"title": "Public", "tags": [{"name": tag}], "status": "published"})
    folder = tmp_path / "new" / "pulled"
    done = cli.run(env, "posts", "pull", str(folder), "--filter", f"tag:{tag}")
    assert done.returncode == 0, done.stderr
    assert mode(folder) == 0o700 and mode(folder.parent) == 0o700
    assert mode(folder / f"{draft.slug}.md") == 0o600
    umask = os.umask(0o022)
    os.umask(umask)
    assert mode(folder / f"{public.slug}.md") == 0o666 & ~umask
    for post in (draft, public):
        admin.posts.delete(post.id)


def test_backups_are_private_whole_and_go_where_they_are_told(
    env: dict[str, str], admin: GhostAdmin, tmp_path: Path
) -> None:
    member = admin.members.add({"email": f"{unique('backup')}@example.com"})
    nested = tmp_path / "backups" / "daily" / "site.json"
    done = cli.run(env, "backup", "--out", str(nested))
    assert done.returncode == 0, done.stderr
    assert mode(nested) == 0o600
    assert mode(nested.parent) == 0o700 and mode(nested.parent.parent) == 0o700
    assert member.email in nested.read_text()

    existing = tmp_path / "existing"
    existing.mkdir(mode=0o755)
    into = cli.run(env, "backup", "--out", str(existing))
    assert into.returncode == 0, into.stderr
    (saved,) = existing.iterdir()
    assert saved.name.startswith("ghostkit-backup-") and saved.suffix == ".json"
    assert mode(saved) == 0o600 and mode(existing) == 0o755  # the user's folder is theirs
    assert json.loads(saved.read_text())["manifest"]["counts"]["members"] >= 1
    admin.members.delete(member.id)


def test_an_interrupted_backup_leaves_the_old_file_and_no_readable_part(
    admin: GhostAdmin, tmp_path: Path
) -> None:
    from ghostkit.operations.backup import write_backup

    out = tmp_path / "site.json"
    out.write_text('{"old": "backup"}')
    seen: list[tuple[str, int]] = []

    def progress(name: str, done: int, total: int) -> None:
        partial = [p for p in tmp_path.iterdir() if p != out]
        seen.extend((p.name, mode(p)) for p in partial)
        if name == "tags":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_backup(admin, out, progress)
    assert seen and all(m == 0o600 and n.endswith(".partial") for n, m in seen), seen
    assert sorted(tmp_path.iterdir()) == [out] and out.read_text() == '{"old": "backup"}'


def test_a_members_export_is_private_and_whole(
    env: dict[str, str], admin: GhostAdmin, tmp_path: Path
) -> None:
    member = admin.members.add({"email": f"{unique('export')}@example.com"})
    out = tmp_path / "members.csv"
    done = cli.run(env, "members", "export", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert member.email in out.read_text() and mode(out) == 0o600
    missing = cli.run(env, "members", "export", "--out", str(tmp_path / "nope" / "m.csv"))
    assert missing.returncode == 3 and missing.stderr.startswith("error: "), missing.stderr
    assert "does not exist" in missing.stderr and "Traceback" not in missing.stderr
    admin.members.delete(member.id)


def uploaded(ghost: LiveGhost, stem: str) -> list[Path]:
    """The files Ghost stored for uploads whose name begins with `stem`."""
    return sorted((ghost.instance.folder / "content" / "images").rglob(f"{stem}*"))


def test_push_uploads_no_image_from_outside_the_folder(
    env: dict[str, str], admin: GhostAdmin, ghost: LiveGhost, tmp_path: Path
) -> None:
    stem = unique("private")
    secret = tmp_path / f"{stem}.png"
    secret.write_bytes(tiny_png())
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / f"{stem}-link.png").symlink_to(secret)
    (folder / "linked").symlink_to(tmp_path, target_is_directory=True)
    climbing = "../" * 30 + str(secret).lstrip("/")
    references = {
        "parent": f"![x](../{stem}.png)",
        "climbing": f"![x]({climbing})",
        "link": f"![x]({stem}-link.png)",
        "linked-folder": f"![x](linked/{stem}.png)",
        "feature": f"---\nfeature_image: ../{stem}.png\n---\nBody.",
    }
    for name, reference in references.items():
        slug = unique(name)
        path = folder / f"{slug}.md"
        path.write_text(f"{reference}\n")
        for dry_run in ([], ["--dry-run"]):
            done = cli.run(env, "posts", "push", str(path), *dry_run)
            assert done.returncode == 3, (name, done.stdout, done.stderr)
            assert done.stderr.startswith(f"error: {path}: the image ")
            assert "outside the folder" in done.stderr and "hint: " in done.stderr
            assert "Traceback" not in done.stderr
        assert admin.posts.browse(filter=f"slug:{slug}").items == []
    assert uploaded(ghost, stem) == []


def test_a_hostile_pulled_body_pushed_back_uploads_nothing_from_outside(
    env: dict[str, str], admin: GhostAdmin, ghost: LiveGhost, tmp_path: Path
) -> None:
    stem = unique("private")
    (tmp_path / f"{stem}.png").write_bytes(tiny_png())
    body = f"Hello.\n\n![x](../{stem}.png)\n"
    post = admin.posts.add({"title": "Hostile images", "lexical": lexical.markdown_document(body)})
    folder = tmp_path / "pulled"
    pulled = cli.run(env, "posts", "pull", str(folder), "--filter", f"id:{post.id}")
    assert pulled.returncode == 0, pulled.stderr
    path = folder / f"{post.slug}.md"

    # The body as pulled is never sent, so a title change goes through and uploads nothing.
    path.write_text(path.read_text().replace("title: Hostile images", "title: Renamed"))
    renamed = cli.run(env, "posts", "push", str(path))
    assert renamed.returncode == 0 and renamed.stdout.startswith("updated"), renamed.stderr
    # An edited body would be sent: refused, with the site's post as it was.
    before = snapshot(admin, str(post.id))
    path.write_text(path.read_text().replace("Hello.", "Hello, edited."))
    edited = cli.run(env, "posts", "push", str(path))
    assert edited.returncode == 3 and "outside the folder" in edited.stderr, edited.stderr
    assert snapshot(admin, str(post.id)) == before
    assert uploaded(ghost, stem) == []
    admin.posts.delete(post.id)


def test_push_uploads_images_inside_the_folder_links_included(
    env: dict[str, str], admin: GhostAdmin, ghost: LiveGhost, tmp_path: Path
) -> None:
    stem = unique("inside")
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / f"{stem}.png").write_bytes(tiny_png())
    (tmp_path / f"{stem}-alias.png").symlink_to(tmp_path / "img" / f"{stem}.png")
    slug = unique("images")
    path = tmp_path / f"{slug}.md"
    path.write_text(f"![a](img/{stem}.png)\n\n![b]({stem}-alias.png)\n")
    done = cli.run(env, "posts", "push", str(path))
    assert done.returncode == 0, done.stderr
    post = admin.posts.read(slug=slug, formats="lexical")
    assert post.lexical and f"img/{stem}" not in post.lexical and "alias.png" not in post.lexical
    assert post.lexical.count("/content/images/") == 2
    assert uploaded(ghost, stem)  # the alias uploads the file it points to
    admin.posts.delete(post.id)
