"""Taking back a run, from its journal: exactly the fields each edit wrote, put back as
they were, and what a restore created deleted, each unless someone edited the item since
the run left it."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from ghostkit.clients._async.admin import AsyncGhostAdmin
from ghostkit.core.errors import GhostError
from ghostkit.operations import deletions, landed
from ghostkit.operations.breaker import Breaker
from ghostkit.operations.change import Change, Item, same_value
from ghostkit.operations.journal import Entry, Journal, JournalWriteError, RunState
from ghostkit.operations.lock import SiteLock, site_lock
from ghostkit.operations.pool import Progress, pool
from ghostkit.operations.records import Note, Undone

CHECKED = ("posts", "pages")
"""Where Ghost refuses a write with a stale `updated_at` itself."""

ARCHIVE = {"tiers": {"active": False}, "newsletters": {"status": "archived"}}
"""How an undo takes back an item a restore created that Ghost cannot delete."""
EMPTY_AS_TEXT = {"members": {"note"}}
"""Fields Ghost refuses as null yet keeps an empty string of as null: an undo that puts
back null sends the empty string."""


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
        if not e.undone and (e.foreign or e.before or (e.done and e.created))
    ]
    change = _change_of(state, admin.site_url)
    recreated = await deletions.take_back(admin, journal, result)  # before the edits name them

    def skip(entry: Entry, reason: str) -> None:
        journal.write(Note("undo-skipped", entry.id, reason))
        result["skipped"][entry.id] = reason

    breaker = Breaker()  # a site that stops answering stops the undo, which can run again

    async def take_back(entry: Entry) -> None:
        if breaker.tripped:
            return
        if entry.foreign:
            skip(entry, entry.foreign)
            return
        name = entry.resource
        resource = getattr(admin, name)
        try:
            current = await _read(resource, name, entry)
            if entry.done is None and entry.before is not None:
                # sent, but the run stopped before its outcome was recorded
                found = landed.verdict(entry.before, Item(name, current.to_dict()), change)
                if found.kind == landed.UNSENT:
                    return  # the edit never landed: nothing to take back
                if found.kind == landed.THEIRS or found.edited_after:
                    skip(entry, found.reason)
                    return
            elif current.updated_at != (entry.done.updated_at if entry.done else None):
                if _already_back(entry, current):
                    journal.write(Undone(entry.id, how="already"))
                    result["restored"] += 1
                else:
                    skip(entry, "edited since the run; left as it is")
                return
            carried = await deletions.still_carried(admin, entry.id) if _made_tag(entry) else None
            if carried:
                skip(entry, carried)
                return
            # on the disk before the edit: an undo that cannot journal edits nothing
            await journal.awrite(Note("undoing", entry.id))
            undone = await _undo_one(resource, name, entry, current.updated_at, recreated)
        except JournalWriteError:
            raise
        except GhostError as error:
            skip(entry, error.message)
            breaker.failure(error)
            return
        breaker.success()
        journal.write(undone)
        result["restored"] += 1

    for phase in _phases(todo):
        await pool(concurrency, phase, take_back, "undo", progress)
    if breaker.tripped:
        raise breaker.error(
            run_id,
            result["restored"],
            len(todo),
            again=f"run `ghostkit runs undo {run_id}` again: it takes back what is left",
        )
    from ghostkit.operations.image_uploads import NOT_DELETED, uploads_in

    uploads = uploads_in(journal.records())
    if uploads:  # an images rehost: what it uploaded stays on the site
        result["uploads"] = [{"source": u.source, "url": u.url} for u in uploads]
        result["uploads_note"] = NOT_DELETED
    return result


def _made_tag(entry: Entry) -> bool:
    return entry.created is not None and entry.resource == "tags"


def _phases(todo: list[Entry]) -> list[list[Entry]]:
    """The edits first, then what the run created, its tags last: a tag is deleted only
    once the items it was on have been taken back."""
    return [
        [e for e in todo if not e.created],
        [e for e in todo if e.created and not _made_tag(e)],
        [e for e in todo if _made_tag(e)],
    ]


def _change_of(state: RunState, site_url: str) -> Change | None:
    """The run's change, made again from its journal where it is a built-in one: a journal
    of an early release keeps no digest of what it sent, only the change that made it."""
    from ghostkit.operations.api import BUILT_IN

    make = BUILT_IN.get(state.header.kind or "")
    try:
        return make(state.header.change, site_url) if make else None
    except (ValueError, TypeError, GhostError):
        return None


async def _read(resource: Any, name: str, entry: Entry) -> Any:
    fields = entry.before.fields if entry.before else {}
    body = [name for name in fields if name in ("lexical", "mobiledoc")]
    if name in CHECKED and not entry.created and body:
        return await resource.read(entry.id, formats=",".join(body))
    if entry.before and any(f in ("tags", "authors", "tiers") for f in entry.before.fields):
        return await resource.read(entry.id, include="tags,authors")
    return await resource.read(entry.id)


def _already_back(entry: Entry, current: Any) -> bool:
    """Whether the item already holds what the run replaced (an undo that stopped before
    it could record what it took back)."""
    if entry.created or entry.before is None:
        return False
    now = Item(entry.resource, current.to_dict())
    return all(same_value(k, now.get(k), v) for k, v in entry.before.fields.items())


async def _undo_one(
    resource: Any,
    name: str,
    entry: Entry,
    updated_at: str | None,
    recreated: dict[str, dict[str, str]],
) -> Undone:
    if entry.created:
        if name in ARCHIVE:
            await resource.edit(entry.id, ARCHIVE[name])
            return Undone(entry.id, how="archived")
        await resource.delete(entry.id)
        return Undone(entry.id, how="deleted")
    changes = deletions.reattached(dict(entry.before.fields if entry.before else {}), recreated)
    for field in EMPTY_AS_TEXT.get(name, ()):
        if field in changes and changes[field] is None:
            changes[field] = ""
    if name in CHECKED:
        changes["updated_at"] = updated_at
    saved = await resource.edit(entry.id, changes)
    return Undone(entry.id, saved.updated_at)
