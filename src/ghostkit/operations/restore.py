"""Restoring a backup: compare it with the site, create what is missing and, when asked,
put back what differs.

A restore is a run like `links strip`: its journal records each item it created and the
site's values of each field before it put the backup's back, so `ghostkit runs undo`
deletes what it created and returns what it changed, and nothing is written without a
record first (an add is announced before it is sent, so that an add whose answer never
came is reported by undo). Matching is by slug (email for members and users). A restore never
publishes or unpublishes an existing post: `status` is compared and shown, not put back.
Running it again after an interruption is safe: what it created is no longer missing
and what it changed no longer differs.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ghostkit.clients._sync.admin import GhostAdmin
from ghostkit.core.errors import GhostError, PermissionDeniedError
from ghostkit.operations.backup import LISTS, READ_OPTIONS, check_backup
from ghostkit.operations.breaker import Breaker
from ghostkit.operations.journal import Journal, JournalWriteError, new_run_id
from ghostkit.operations.lock import SiteLock, public_site_url, site_lock

Progress = Callable[[str, int, int], None]
Item = dict[str, Any]

MATCH_BY = {"members": "email", "users": "email"}
ORDER = ("tags", "labels", "tiers", "newsletters", "users", "posts", "pages", "members")
"""What a post or member refers to (tags, labels, tiers, newsletters) is restored first."""

RESTORED_FIELDS: dict[str, tuple[str, ...]] = {
    "posts": ("title", "lexical", "mobiledoc", "custom_excerpt", "feature_image"),
    "pages": ("title", "lexical", "mobiledoc", "custom_excerpt", "feature_image"),
    "tags": ("name", "description", "feature_image"),
    "labels": ("name",),
    "tiers": ("name", "description"),
    "newsletters": ("name", "description"),
    "members": ("name", "note"),
    "users": ("name", "bio"),
}
"""The fields compared, and put back with `update`."""
SHOWN_ONLY = {"posts": ("status",), "pages": ("status",)}
"""Compared and shown, never put back: restoring a status would publish or unpublish."""

NOT_CREATED = {"users": "staff users are invited, not created: ghostkit invites create"}
SERVER_FIELDS = {"id", "uuid", "url", "created_at", "updated_at", "count"}
RELATIONS = {"tags", "authors", "labels", "newsletters"}
SKIPPED_ON_CREATE: dict[str, set[str]] = {
    "posts": {"comment_id", "primary_author", "primary_tag", "excerpt", "email", "newsletter"},
    "members": {
        "status",
        "subscriptions",
        "email_suppression",
        "geolocation",
        "last_seen_at",
        "email_count",
        "email_opened_count",
        "email_open_rate",
        "avatar_image",
        "unsubscribe_url",
        "current_subscription",
        "can_comment",
        "commenting",
        "subscribed",
        "attribution",
        "tiers",
    },
}
SKIPPED_ON_CREATE["pages"] = SKIPPED_ON_CREATE["posts"]


def label(item: Item) -> str:
    return str(item.get("slug") or item.get("email") or item.get("name") or item.get("id"))


@dataclass(frozen=True)
class Change:
    kind: str
    saved: Item
    current: Item
    fields: list[str]

    @property
    def restorable(self) -> list[str]:
        return [f for f in self.fields if f not in SHOWN_ONLY.get(self.kind, ())]


@dataclass
class RestorePlan:
    create: dict[str, list[Item]] = field(default_factory=dict)
    change: dict[str, list[Change]] = field(default_factory=dict)
    same: dict[str, int] = field(default_factory=dict)
    not_compared: dict[str, str] = field(default_factory=dict)

    def rows(self) -> Iterator[tuple[str, str, str, str]]:
        """(kind, action, item, detail) for each item that is missing or differs."""
        for name in ORDER:
            for item in self.create.get(name, []):
                yield name, "create", label(item), NOT_CREATED.get(name, "")
            for change in self.change.get(name, []):
                yield name, "change", label(change.saved), ", ".join(change.fields)

    def counts(self) -> dict[str, int]:
        return {
            "create": sum(len(v) for k, v in self.create.items() if k not in NOT_CREATED),
            "change": sum(len(v) for v in self.change.values()),
            "same": sum(self.same.values()),
        }


def plan_restore(
    admin: GhostAdmin, backup: dict[str, Any], progress: Progress | None = None
) -> RestorePlan:
    """What restoring would create (missing on the site) and change (different there).
    A document without a backup's shape is refused before the site is read."""
    check_backup(backup)
    plan = RestorePlan()
    for name in LISTS:
        saved = backup.get(name) or []
        if not saved:
            continue
        key = MATCH_BY.get(name, "slug")
        try:
            live = {
                item.to_dict().get(key): item.to_dict()
                for item in getattr(admin, name).iter(**READ_OPTIONS.get(name, {}))
            }
        except PermissionDeniedError as error:
            plan.not_compared[name] = error.message
            continue
        for index, item in enumerate(saved, 1):
            current = live.get(item.get(key))
            if current is None:
                plan.create.setdefault(name, []).append(item)
            else:
                fields = differing(name, item, current)
                if fields:
                    plan.change.setdefault(name, []).append(Change(name, item, current, fields))
                else:
                    plan.same[name] = plan.same.get(name, 0) + 1
            if progress:
                progress(f"compare {name}", index, len(saved))
    return plan


CONTENT = ("lexical", "mobiledoc")


def differing(name: str, saved: Item, current: Item) -> list[str]:
    """The compared fields whose saved value differs from the site's.

    Of the content, only the format the backup holds is compared, and mobiledoc only while
    the site still holds mobiledoc: Ghost 6 turns mobiledoc into Lexical on every write, so
    a Ghost 5 backup's mobiledoc and Ghost 6's Lexical cannot be compared (or put back
    without converting again).
    """
    compared = RESTORED_FIELDS.get(name, ()) + SHOWN_ONLY.get(name, ())
    fields = [f for f in compared if f in saved and f not in CONTENT]
    if saved.get("lexical") is not None:
        fields.append("lexical")
    elif saved.get("mobiledoc") is not None and current.get("mobiledoc") is not None:
        fields.append("mobiledoc")
    return [f for f in compared if f in fields and saved.get(f) != current.get(f)]


@dataclass
class RestoreResult:
    run_id: str
    created: int = 0
    changed: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    """(kind, item, reason) for each item not restored."""


def apply_restore(
    admin: GhostAdmin,
    plan: RestorePlan,
    runs_dir: Path,
    *,
    update: bool = False,
    source: Path | None = None,
    site: str | None = None,
    progress: Progress | None = None,
    lock: SiteLock | None = None,
) -> RestoreResult:
    """Create what is missing and, with `update`, put back the fields that differ; journaled.

    An item that fails is reported and the others go on, unless 5 in a row fail because the
    site does not answer: then the restore stops (`SiteUnreachableError`). A post or page
    saved on the site after the plan read it is left alone (Ghost refuses the stale
    `updated_at`); so is any other item whose `updated_at` moved since the plan. The site's
    lock is held throughout (one run per site; `SiteBusyError` while another run holds
    it): `lock` is the one a caller took before planning, else it is taken here. A
    KeyboardInterrupt carries the `run_id`.
    """
    given = lock is not None and lock.held and lock.site == public_site_url(admin.site_url)
    holding = contextlib.nullcontext(lock) if given else site_lock(runs_dir, admin.site_url)
    with holding as held:
        assert held is not None
        try:
            return _apply(admin, plan, runs_dir, update, source, site, progress, held)
        except KeyboardInterrupt as stop:
            stop.run_id = held.run_id  # type: ignore[attr-defined]
            raise


def _apply(
    admin: GhostAdmin,
    plan: RestorePlan,
    runs_dir: Path,
    update: bool,
    source: Path | None,
    site: str | None,
    progress: Progress | None,
    lock: SiteLock,
) -> RestoreResult:
    run_id = new_run_id()
    lock.note(run_id)
    header = {
        "id": run_id,
        "site": site,
        "url": public_site_url(admin.site_url),
        "resource": "restore",
        "operation": {"kind": "restore", "backup": str(source) if source else None},
    }
    journal = Journal.create(runs_dir, header)
    result = RestoreResult(run_id=run_id)
    references = _References(admin)
    todo: list[tuple[str, Item | Change]] = [
        (n, item) for n in ORDER if n not in NOT_CREATED for item in plan.create.get(n, [])
    ]
    if update:
        todo += [(n, change) for n in ORDER for change in plan.change.get(n, [])]
    breaker = Breaker()
    with _interrupt_between_items() as interrupted:
        _restore_items(admin, todo, journal, result, references, breaker, interrupted, progress)
    journal.write(
        {
            "type": "end",
            "summary": {
                "created": result.created,
                "changed": result.changed,
                "failed": len(result.failures),
            },
        }
    )
    return result


@contextlib.contextmanager
def _interrupt_between_items() -> Iterator[Callable[[], bool]]:
    """Ctrl-C stops the restore between two items, not in the middle of one (an item
    created but not yet journaled could not be undone); a second Ctrl-C stops at once."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    asked: list[bool] = []
    previous = signal.getsignal(signal.SIGINT) or signal.default_int_handler

    def ask(_signum: int, _frame: object) -> None:
        asked.append(True)
        signal.signal(signal.SIGINT, previous)

    signal.signal(signal.SIGINT, ask)
    try:
        yield lambda: bool(asked)
    finally:
        signal.signal(signal.SIGINT, previous)


def _restore_items(
    admin: GhostAdmin,
    todo: list[tuple[str, Item | Change]],
    journal: Journal,
    result: RestoreResult,
    references: _References,
    breaker: Breaker,
    interrupted: Callable[[], bool],
    progress: Progress | None,
) -> None:
    run_id = result.run_id
    for done, (name, work) in enumerate(todo, 1):
        if interrupted():
            raise KeyboardInterrupt
        if breaker.tripped:
            raise breaker.error(
                run_id,
                result.created + result.changed,
                len(todo),
                again="run the restore again: it creates only what is still missing "
                f"(or take it back with `ghostkit runs undo {run_id}`)",
            )
        try:
            if isinstance(work, Change):
                _put_back(admin, name, work, journal)
                result.changed += 1
            else:
                _create(admin, name, work, journal, references)
                result.created += 1
        except JournalWriteError:
            raise  # nothing more is written that the journal could not take back
        except GhostError as error:
            what = label(work.saved if isinstance(work, Change) else work)
            result.failures.append((name, what, error.message))
            journal.write({"type": "failed", "id": f"{name}:{what}", "reason": error.message})
            breaker.failure(error)
        else:
            breaker.success()
        if progress:
            progress("restore", done, len(todo))


def _create(
    admin: GhostAdmin, name: str, item: Item, journal: Journal, references: _References
) -> None:
    skipped = SERVER_FIELDS | RELATIONS | SKIPPED_ON_CREATE.get(name, set())
    body = {k: v for k, v in item.items() if k not in skipped and v is not None}
    body.update(references.rewrite(name, item))
    intent = f"{name}:{label(item)}"
    journal.write({"type": "creating", "id": intent, "resource": name, "slug": label(item)})
    created = getattr(admin, name).add(body).to_dict()
    journal.write(
        {
            "type": "created",
            "id": created["id"],
            "resource": name,
            "slug": label(item),
            "updated_at": created.get("updated_at"),
            "intent": intent,
        }
    )


def _put_back(admin: GhostAdmin, name: str, change: Change, journal: Journal) -> None:
    fields = change.restorable
    if not fields:
        return
    resource = getattr(admin, name)
    current = change.current
    if name not in ("posts", "pages"):  # Ghost checks updated_at itself for posts and pages
        now = resource.read(current["id"]).to_dict()
        if now.get("updated_at") != current.get("updated_at"):
            raise GhostError("changed on the site since the plan read it; left as it is")
    journal.write(
        {
            "type": "before",
            "id": current["id"],
            "resource": name,
            "slug": label(current),
            "fields": {f: current.get(f) for f in fields},
            "updated_at": current.get("updated_at"),
        }
    )
    body = {f: change.saved.get(f) for f in fields}
    if current.get("updated_at"):
        body["updated_at"] = current["updated_at"]
    saved = resource.edit(current["id"], body).to_dict()
    journal.write({"type": "done", "id": current["id"], "updated_at": saved.get("updated_at")})


class _References:
    """Point a created item's tags, authors, labels and newsletters at this site's own,
    matched by slug or email, since the ids in a backup may be another site's."""

    def __init__(self, admin: GhostAdmin) -> None:
        self._admin = admin
        self._newsletters: dict[str, str] | None = None

    def rewrite(self, name: str, item: Item) -> Item:
        if name in ("posts", "pages"):
            tags = [{"name": t["name"], "slug": t["slug"]} for t in item.get("tags") or []]
            emails = [a["email"] for a in item.get("authors") or [] if a.get("email")]
            authors = {"authors": [{"email": e} for e in emails]} if emails else {}
            return {"tags": tags, **authors}
        if name == "members":
            labels = [{"name": x["name"], "slug": x["slug"]} for x in item.get("labels") or []]
            slugs = [n.get("slug") for n in item.get("newsletters") or []]
            ids = [self._newsletter_ids().get(s) for s in slugs]
            return {"labels": labels, "newsletters": [{"id": i} for i in ids if i]}
        return {}

    def _newsletter_ids(self) -> dict[str, str]:
        if self._newsletters is None:
            self._newsletters = {str(n.slug): str(n.id) for n in self._admin.newsletters.iter()}
        return self._newsletters
