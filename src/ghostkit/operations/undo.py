"""Taking back a run, from its journal: the documents a bulk edit changed, and what a
restore created or changed, each unless someone edited it since the run."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from ghostkit.clients._async.admin import AsyncGhostAdmin
from ghostkit.core.errors import GhostError
from ghostkit.operations.breaker import Breaker
from ghostkit.operations.journal import Journal, JournalWriteError, PostEntry
from ghostkit.operations.lock import SiteLock, site_lock
from ghostkit.operations.records import RunState
from ghostkit.operations.runner import RESOURCES, Progress, bounded

ARCHIVE = {"tiers": {"active": False}, "newsletters": {"status": "archived"}}
"""How an undo takes back an item a restore created that Ghost cannot delete."""


async def undo(
    admin: AsyncGhostAdmin,
    runs_dir: Path,
    run_id: str,
    *,
    concurrency: int = 4,
    progress: Progress | None = None,
    profile: str | None = None,
    lock: SiteLock | None = None,
) -> dict[str, Any]:
    """Take back what a run did, item by item, unless someone edited the item since: put
    back each original document (or, for a restore, each field), and delete what a restore
    created (archive it, for tiers and newsletters, which Ghost cannot delete). Items a
    resume found changed by someone else are left, and listed with why. A run of another
    site (by URL, or by `profile` for journals that have no URL) is refused. The site's
    run lock is held throughout: `lock`, one the caller took, or one taken here."""
    journal = Journal.open(runs_dir, run_id)
    state = journal.state()
    state.check_site(profile=profile, site_url=admin.site_url)
    with contextlib.nullcontext(lock) if lock else site_lock(runs_dir, admin.site_url, run_id):
        return await _undo(admin, journal, state, run_id, concurrency, progress)


async def _undo(
    admin: AsyncGhostAdmin,
    journal: Journal,
    state: RunState,
    run_id: str,
    concurrency: int,
    progress: Progress | None,
) -> dict[str, Any]:
    result: dict[str, Any] = {"run_id": run_id, "restored": 0, "skipped": {}}
    for entry in state.lost_creations():
        result["skipped"][entry.id] = (
            "the run stopped while creating it, before it could record the new item: "
            "if it exists on the site, delete it by hand"
        )
    todo = [
        e
        for e in state.posts.values()
        if not e.undone and (e.foreign or (e.done and (e.before or e.created)))
    ]

    def skip(entry: PostEntry, reason: str) -> None:
        journal.write({"type": "undo-skipped", "id": entry.id, "reason": reason})
        result["skipped"][entry.id] = reason

    breaker = Breaker()  # a site that stops answering stops the undo, which can run again

    async def take_back(entry: PostEntry) -> None:
        if breaker.tripped:
            return
        if entry.foreign:
            skip(entry, entry.foreign)
            return
        record = entry.created or entry.before or {}
        name = record.get("resource", "posts")
        resource = getattr(admin, name)
        try:
            current = await _read(resource, name, entry)
            if current.updated_at != (entry.done or {}).get("updated_at"):
                if _already_back(entry, current):
                    journal.write({"type": "undone", "id": entry.id, "already": True})
                    result["restored"] += 1
                else:
                    skip(entry, "edited since the run; left as it is")
                return
            # on the disk before the edit: an undo that cannot journal edits nothing
            await journal.awrite({"type": "undoing", "id": entry.id})
            undone = await _undo_one(resource, name, entry, current.updated_at)
        except JournalWriteError:
            raise
        except GhostError as error:
            skip(entry, error.message)
            breaker.failure(error)
            return
        breaker.success()
        journal.write({"type": "undone", "id": entry.id, **undone})
        result["restored"] += 1

    await bounded(concurrency, todo, take_back, "undo", progress)
    if breaker.tripped:
        raise breaker.error(
            run_id,
            result["restored"],
            len(todo),
            again=f"run `ghostkit runs undo {run_id}` again: it takes back what is left",
        )
    return result


async def _read(resource: Any, name: str, entry: PostEntry) -> Any:
    before = entry.before or {}
    if name in RESOURCES and not entry.created and before.get("format"):
        return await resource.read(entry.id, formats=before["format"])
    return await resource.read(entry.id)


def _already_back(entry: PostEntry, current: Any) -> bool:
    """Whether the item already holds what the run replaced (an undo that stopped before
    it could record what it took back)."""
    before = entry.before
    if entry.created or before is None:
        return False
    if "fields" in before:
        now = current.to_dict() if hasattr(current, "to_dict") else {}
        return all(now.get(k) == v for k, v in before["fields"].items())
    return bool(getattr(current, before["format"], None) == before["document"])


async def _undo_one(
    resource: Any, name: str, entry: PostEntry, updated_at: str | None
) -> dict[str, Any]:
    if entry.created:
        if name in ARCHIVE:
            await resource.edit(entry.id, ARCHIVE[name])
            return {"archived": True}
        await resource.delete(entry.id)
        return {"deleted": True}
    before = entry.before or {}
    if "fields" in before:
        changes = dict(before["fields"])
    else:
        changes = {before["format"]: before["document"]}
    if name in RESOURCES:
        changes["updated_at"] = updated_at
    saved = await resource.edit(entry.id, changes)
    return {"updated_at": saved.updated_at}
