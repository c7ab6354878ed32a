"""A restore holds its site's lock: the one its caller took before planning, or its own."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from ghostkit.clients._async.admin import AsyncGhostAdmin
from ghostkit.core.errors import SiteBusyError
from ghostkit.operations.engine import Engine
from ghostkit.operations.lock import SiteLock
from ghostkit.operations.plan import Plan
from ghostkit.operations.restore import RestoreChange

SITE = "https://blog.example.com"
KEY = "a" * 24 + ":" + "b" * 64
EMPTY = {"tags": [], "manifest": {"format": "ghostkit-backup/1"}}


class Site:
    site_url = SITE


def restore(tmp_path: Path) -> Engine:
    change = RestoreChange(EMPTY)
    admin = AsyncGhostAdmin(SITE, key=KEY)
    return Engine(admin, change, runs_dir=tmp_path, selection=change.selection())


def test_a_restore_is_refused_while_another_run_holds_its_site(tmp_path: Path) -> None:
    other = SiteLock(tmp_path, SITE + "/")
    other.acquire("20261201-120000-beef")
    with pytest.raises(SiteBusyError) as caught:
        asyncio.run(restore(tmp_path).apply(Plan()))
    assert "run 20261201-120000-beef" in caught.value.message
    assert list(tmp_path.glob("*.jsonl")) == []  # no run was started
    other.release()


def test_a_restore_runs_under_the_lock_its_caller_holds(tmp_path: Path) -> None:
    engine = restore(tmp_path)
    with engine.holding_site() as lock:  # taken before the plan, as the command takes it
        summary = asyncio.run(engine.apply(Plan()))
        assert lock.held and lock.run_id == summary.run_id  # still the caller's to release
        with pytest.raises(SiteBusyError, match=summary.run_id):
            SiteLock(tmp_path, SITE).acquire()
    asyncio.run(restore(tmp_path).apply(Plan()))
    SiteLock(tmp_path, SITE).acquire()  # and a restore lets go of a lock it took itself


def test_a_library_undo_holds_the_site_like_the_command(tmp_path: Path) -> None:
    """`operations.undo.undo()` from a script takes the site's lock as `runs undo` does:
    refused while another run changes the site, and free again once it ends."""
    import asyncio

    from ghostkit.operations.journal import Journal, new_run_id
    from ghostkit.operations.undo import undo

    run_id = new_run_id()
    Journal.create(tmp_path, {"id": run_id, "site_url": SITE, "operation": {}})
    other = SiteLock(tmp_path, SITE)
    other.acquire("20261201-120000-beef")
    with pytest.raises(SiteBusyError, match="20261201-120000-beef"):
        asyncio.run(undo(Site(), tmp_path, run_id))  # type: ignore[arg-type]
    other.release()
    assert asyncio.run(undo(Site(), tmp_path, run_id))["restored"] == 0  # type: ignore[arg-type]
    SiteLock(tmp_path, SITE).acquire()  # the undo let go of its lock
