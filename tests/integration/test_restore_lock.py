"""A restore, and the undo of one, is a run like any other: while another run holds the
site it is refused, with the same error and exit code as a second `links strip`, before it
reads or asks anything; a dry run only reads and takes no lock."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ghostkit import GhostAdmin
from ghostkit.operations.lock import SiteLock
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import unique

HOLDER = "20261201-120000-beef"


@pytest.fixture
def env(ghost: LiveGhost, tmp_path: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHOST")}
    return environment | {
        "GHOST_URL": ghost.url,
        "GHOST_ADMIN_API_KEY": ghost.admin_key,
        "GHOSTKIT_DATA_DIR": str(tmp_path / "data"),
        "GHOSTKIT_CONFIG": str(tmp_path / "config.toml"),
    }


@pytest.fixture
def held(ghost: LiveGhost, tmp_path: Path) -> Iterator[SiteLock]:
    """The site's lock, as a run in another process holds it while it changes posts."""
    lock = SiteLock(tmp_path / "data" / "runs", ghost.url + "/")
    yield lock
    lock.release()


def tag_names(ghost: LiveGhost, prefix: str) -> list[str]:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        return sorted(
            t.name for t in admin.tags.browse(filter=f"name:~'{prefix}'", limit=100).items
        )


def refusal(done: subprocess.CompletedProcess[str]) -> tuple[int, str]:
    """A refused command's exit code and first line."""
    return done.returncode, done.stderr.splitlines()[0] if done.stderr else ""


def test_a_restore_is_refused_while_another_run_holds_the_site(
    env: dict[str, str], ghost: LiveGhost, held: SiteLock, tmp_path: Path
) -> None:
    prefix = unique("held")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        tags = [admin.tags.add({"name": f"{prefix}-{n}"}) for n in range(3)]
    backup = tmp_path / "site.json"
    assert cli.run(env, "backup", "--out", str(backup)).returncode == 0
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        for tag in tags:
            admin.tags.delete(tag.id)
    held.acquire(HOLDER)

    for yes in (["--yes"], []):  # asked or not (no terminal here), the site is busy first
        strip = cli.run(env, "links", "strip", "--filter", "tag:nothing-here", *yes)
        restore = cli.run(env, "restore", str(backup), *yes)
        assert refusal(restore) == refusal(strip), (restore.stdout, restore.stderr)
        assert restore.returncode == 6 and f"run {HOLDER}" in restore.stderr
        assert "one run per site" in restore.stderr and "hint: " in restore.stderr
        assert "Traceback" not in restore.stderr and "to create" not in restore.stdout
    assert tag_names(ghost, prefix) == []

    dry_run = cli.run(env, "restore", str(backup), "--dry-run")  # reads only: no lock needed
    assert dry_run.returncode == 0 and "3 to create" in dry_run.stdout, dry_run.stderr

    held.release()
    restored = cli.run(env, "restore", str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert len(tag_names(ghost, prefix)) == 3
    (journal,) = (tmp_path / "data" / "runs").glob("*.jsonl")

    held.acquire(HOLDER)  # the undo of a restore waits for the site too
    undo = cli.run(env, "runs", "undo", journal.stem, "--yes")
    strip = cli.run(env, "links", "strip", "--filter", "tag:nothing-here", "--yes")
    assert refusal(undo) == refusal(strip), (undo.stdout, undo.stderr)
    assert len(tag_names(ghost, prefix)) == 3
    held.release()
    assert cli.run(env, "runs", "undo", journal.stem, "--yes").returncode == 0
    assert tag_names(ghost, prefix) == []
