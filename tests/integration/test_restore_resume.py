"""A restore killed part-way is finished by `runs resume`, from the same backup file only,
and then undone back to the site as it was before the restore."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

from ghostkit import GhostAdmin
from ghostkit.operations.journal import Journal
from tests import cli
from tests.conftest import LiveGhost
from tests.faults import FaultProxy
from tests.helpers import unique
from tests.integration.test_journal_safety import environment


def tags_named(ghost: LiveGhost, prefix: str) -> dict[str, str | None]:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        found = admin.tags.browse(filter=f"name:~'{prefix}'", limit=100).items
        return {str(t.name): t.description for t in found}


def test_a_killed_restore_is_resumed_then_undone(ghost: LiveGhost, tmp_path: Path) -> None:
    prefix = unique("resumed")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        kept = admin.tags.add({"name": f"{prefix}-kept", "description": "as saved"})
        lost = [admin.tags.add({"name": f"{prefix}-{n:02}"}) for n in range(10)]
    backup = tmp_path / "site.json"
    env = environment(ghost.url, ghost.admin_key, tmp_path / "data")
    assert cli.run(env, "backup", "--out", str(backup)).returncode == 0
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        for tag in lost:
            admin.tags.delete(tag.id)
        admin.tags.edit(kept.id, {"description": "changed later"})
    before_restore = tags_named(ghost, prefix)
    runs = tmp_path / "data" / "runs"

    slow = FaultProxy(ghost.url, rate=1.0, faults=("delay",), methods=("POST",), delay=0.5)
    with slow:  # the run is of the site at this URL: it is resumed and undone there
        env = environment(slow.url, ghost.admin_key, tmp_path / "data")
        first = cli.start(env, "restore", str(backup), "--update", "--yes")
        deadline = time.monotonic() + 120
        created: list[dict[str, object]] = []
        while time.monotonic() < deadline and len(created) < 3:
            journals = list(runs.glob("*.jsonl"))
            if journals:
                created = [r for r in Journal(journals[0]).records() if r["type"] == "created"]
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)  # an add may be in flight, its answer lost
        cli.collect(first, timeout=60)
        (journal,) = runs.glob("*.jsonl")
        run_id = journal.stem
        assert 3 <= len(created) < len(lost)
        assert len(tags_named(ghost, prefix)) < len(lost) + 1  # stopped part-way

        saved = backup.read_bytes()
        backup.write_bytes(saved.replace(b"as saved", b"as edited"))
        changed = cli.run(env, "runs", "resume", run_id, "--yes")
        assert changed.returncode == 2 and "has changed" in changed.stderr, changed.stderr
        backup.unlink()
        gone = cli.run(env, "runs", "resume", run_id, "--yes")
        assert gone.returncode == 2 and "is gone" in gone.stderr and "Traceback" not in gone.stderr
        backup.write_bytes(saved)

        resumed = cli.run(env, "runs", "resume", run_id, "--yes")
        assert resumed.returncode == 0, (resumed.stdout, resumed.stderr)
        restored = tags_named(ghost, prefix)
        assert sorted(restored) == sorted([f"{prefix}-kept"] + [str(t.name) for t in lost])
        assert restored[f"{prefix}-kept"] == "as saved"
        again = cli.run(env, "restore", str(backup), "--dry-run")
        assert "0 to create, 0 differ" in again.stdout, again.stdout

        undone = cli.run(env, "runs", "undo", run_id, "--yes")
        assert undone.returncode == 0, (undone.stdout, undone.stderr)
        assert tags_named(ghost, prefix) == before_restore  # every add deleted, the edit taken back
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.tags.delete(kept.id)


def test_a_restored_post_and_member_carry_the_sites_tag_and_label_renamed_since(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    """Ghost matches a tag or label it is sent by name before slug, so a backup's
    {name, slug} of a tag renamed since would make a second one (slug SLUG-2): a restore
    points at the site's own, by slug."""
    prefix = unique("renamed")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        tag = admin.tags.add({"name": f"{prefix} now"})
        label = admin.labels.add({"name": f"{prefix} label now"})
    email = f"{prefix}@example.com"
    backup = tmp_path / "old.json"
    backup.write_text(
        json.dumps(
            {
                "manifest": {"format": "ghostkit-backup/1"},
                "tags": [{"name": f"{prefix} then", "slug": tag.slug}],
                "labels": [{"name": f"{prefix} label then", "slug": label.slug}],
                "posts": [
                    {
                        "title": "Restored",
                        "slug": f"{prefix}-post",
                        "tags": [{"name": f"{prefix} then", "slug": tag.slug}],
                    }
                ],
                "members": [
                    {
                        "email": email,
                        "labels": [{"name": f"{prefix} label then", "slug": label.slug}],
                    }
                ],
            }
        )
    )
    env = environment(ghost.url, ghost.admin_key, tmp_path / "data")
    done = cli.run(env, "restore", str(backup), "--yes")
    assert done.returncode == 0, (done.stdout, done.stderr)
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.read(slug=f"{prefix}-post", include="tags")
        (member,) = admin.members.browse(filter=f"email:'{email}'").items
        tags = list(admin.tags.iter(filter=f"slug:~^'{tag.slug}'"))
        labels = list(admin.labels.iter(filter=f"slug:~^'{label.slug}'"))
        try:
            assert [t.id for t in post.tags] == [tag.id]
            assert [x.id for x in member.labels] == [label.id]
            assert [t.id for t in tags] == [tag.id] and [x.id for x in labels] == [label.id]
        finally:
            admin.posts.delete(post.id)
            admin.members.delete(member.id)
            for each in tags:
                admin.tags.delete(each.id)
            for each in labels:
                admin.labels.delete(each.id)
