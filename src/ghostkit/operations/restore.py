"""Restoring a backup: compare it with the site, create what is missing and, when asked,
put back what differs, as a change the run engine runs (`RestoreChange`).

A restore is a run like `links strip`: journaled, resumable, undone by `ghostkit runs
undo` (which deletes what it created and puts back each field it changed). Matching is by
slug (email for members and users). A restore never publishes or unpublishes an existing
post: `status` is compared and shown, not put back. An item someone saved after the
restore read it is left as it is (a restore sets values: planning it again would
overwrite the other edit). The journal names the backup file and its digest, so that
`ghostkit runs resume` finishes the restore from the same file, and refuses another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ghostkit.core.errors import GhostError, UsageError
from ghostkit.operations.backup import check_backup, read_backup
from ghostkit.operations.change import Change, Item, Patch, Selection

Saved = dict[str, Any]

MATCH_BY = {"members": "email", "users": "email"}
ORDER = ("tags", "labels", "tiers", "newsletters", "users", "posts", "pages", "members")
"""What a post or member refers to (tags, labels, tiers, newsletters) is restored first."""
REFERRED = ("tags", "labels", "newsletters")
"""What a created post or member is pointed at as this site's own, found by slug (a tag
and a newsletter by its id, a label by its name: see `_named`)."""

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
COMPARED = {name: fields + SHOWN_ONLY.get(name, ()) for name, fields in RESTORED_FIELDS.items()}

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


def label(item: Mapping[str, Any]) -> str:
    return str(item.get("slug") or item.get("email") or item.get("name") or item.get("id"))


@dataclass(frozen=True)
class Difference:
    """A backup's item that the site holds otherwise: the fields that differ."""

    kind: str
    saved: Saved
    current: Saved
    fields: list[str]

    @property
    def restorable(self) -> list[str]:
        return [f for f in self.fields if f not in SHOWN_ONLY.get(self.kind, ())]


@dataclass
class RestorePlan:
    """What a restore found: the backup's items missing on the site, those that differ,
    how many are the same, and the kinds of item it could not read."""

    create: dict[str, list[Saved]] = field(default_factory=dict)
    change: dict[str, list[Difference]] = field(default_factory=dict)
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


CONTENT = ("lexical", "mobiledoc")


def differing(name: str, saved: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    """The compared fields whose saved value differs from the site's.

    Of the content, only the format the backup holds is compared, and mobiledoc only while
    the site still holds mobiledoc: Ghost 6 turns mobiledoc into Lexical on every write, so
    a Ghost 5 backup's mobiledoc and Ghost 6's Lexical cannot be compared (or put back
    without converting again).
    """
    compared = COMPARED.get(name, ())
    fields = [f for f in compared if f in saved and f not in CONTENT]
    if saved.get("lexical") is not None:
        fields.append("lexical")
    elif saved.get("mobiledoc") is not None and current.get("mobiledoc") is not None:
        fields.append("mobiledoc")
    return [f for f in compared if f in fields and saved.get(f) != current.get(f)]


def file_digest(path: Path) -> str:
    """The backup file's SHA-256, kept in the run so that a resume uses the same file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise UsageError(
            f"its backup {path} cannot be read: {exc.strerror or exc}",
            hint="put the backup back where it was, or run the restore again",
        ) from None


class RestoreChange(Change):
    """A backup put back on a site: each item of the site that the backup holds too (by
    slug or email) is planned to the backup's restorable fields that differ (only with
    `update`), and what the backup holds that the site lacks is added (`additions`).
    What it compared is kept in `found`, for the command to show."""

    kind: ClassVar[str] = "restore"
    reads: ClassVar[tuple[str, ...]] = tuple(
        dict.fromkeys(("slug", "email", *(f for n in ORDER for f in COMPARED[n])))
    )
    resources: ClassVar[tuple[str, ...]] = ORDER
    ordered: ClassVar[bool] = True
    """What a post or member refers to is restored first."""
    replans: ClassVar[bool] = False

    def __init__(
        self,
        backup: Mapping[str, Any],
        *,
        update: bool = False,
        path: Path | None = None,
        sha256: str | None = None,
    ) -> None:
        self.backup = check_backup(backup)
        self.update = update
        self.path = path
        self.sha256 = sha256
        self.found = RestorePlan()
        self._seen: dict[str, set[Any]] = {}
        self._planned: set[str] = set()
        self._site: dict[str, dict[str, Saved]] = {}
        """The site's own tags, labels and newsletters by slug: their id and name."""
        self._saved = {
            name: {item.get(MATCH_BY.get(name, "slug")): item for item in backup.get(name) or []}
            for name in ORDER
        }

    @classmethod
    def from_file(cls, path: Path, *, update: bool = False) -> RestoreChange:
        """The restore of the backup at `path` (its shape checked before anything is read)."""
        backup = read_backup(path)
        return cls(backup, update=update, path=path.resolve(), sha256=file_digest(path))

    @classmethod
    def from_description(cls, description: Mapping[str, Any]) -> RestoreChange:
        """The restore a run's journal describes, from the same backup file: one that is
        gone or changed since is refused (a resume would restore something else)."""
        again = "run the restore again: it creates only what is still missing"
        path, sha256 = description.get("backup"), description.get("sha256")
        if not isinstance(path, str) or not isinstance(sha256, str):
            raise UsageError(
                "its journal does not say which backup file it restored (an older ghostkit)",
                hint=f"{again}, or take it back with `ghostkit runs undo`",
            )
        file = Path(path)
        if not file.is_file():
            raise UsageError(
                f"its backup {file} is gone",
                hint=f"put the backup back at {file} and resume, or {again}",
            )
        if file_digest(file) != sha256:
            raise UsageError(
                f"its backup {file} has changed since the run began",
                hint=f"put the run's own backup back at {file} and resume, or {again}",
            )
        update = description.get("update")
        return cls(read_backup(file), update=update is True, path=file, sha256=sha256)

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "backup": str(self.path) if self.path else None,
            "sha256": self.sha256,
            "update": self.update,
        }

    def selection(self) -> Selection:
        """The kinds of item the backup holds (and newsletters, which members refer to)."""
        held = [n for n in ORDER if self.backup.get(n)]
        if "members" in held and "newsletters" not in held:
            held.insert(ORDER.index("newsletters"), "newsletters")
        return Selection(tuple(sorted(held, key=ORDER.index)) or ORDER)

    def plan(self, item: Item) -> Patch | None:
        name = item.resource
        key = item.get(MATCH_BY.get(name, "slug"))
        if name in REFERRED:
            own = {"id": str(item.get("id")), "name": item.get("name")}
            self._site.setdefault(name, {})[str(item.get("slug"))] = own
        self._seen.setdefault(name, set()).add(key)
        saved = self._saved.get(name, {}).get(key)
        if saved is None:
            return None
        fields = differing(name, saved, item)
        if str(item.get("id")) not in self._planned:  # once, though it may be planned again
            self._planned.add(str(item.get("id")))
            if fields:
                self.found.change.setdefault(name, []).append(
                    Difference(name, saved, dict(item), fields)
                )
            else:
                self.found.same[name] = self.found.same.get(name, 0) + 1
        if not self.update or not fields:
            return None
        return Patch({f: saved.get(f) for f in Difference(name, saved, item, fields).restorable})

    def unreadable(self, resource: str, error: GhostError) -> None:
        """A kind of item the credentials may not read is neither compared nor created."""
        self.found.not_compared[resource] = error.message

    def additions(self, resource: str) -> list[Saved]:
        """The backup's items of `resource` that the site lacks, as bodies to add."""
        if resource in self.found.not_compared:
            return []
        key = MATCH_BY.get(resource, "slug")
        seen = self._seen.get(resource, set())
        missing = [i for i in self.backup.get(resource) or [] if i.get(key) not in seen]
        if missing:
            self.found.create[resource] = missing
        if resource in NOT_CREATED:
            return []
        return [self._body(resource, item) for item in missing]

    def _body(self, name: str, item: Saved) -> Saved:
        skipped = SERVER_FIELDS | RELATIONS | SKIPPED_ON_CREATE.get(name, set())
        body = {k: v for k, v in item.items() if k not in skipped and v is not None}
        body.update(self._references(name, item))
        return body

    def _references(self, name: str, item: Saved) -> Saved:
        """Point a created item's tags, authors, labels and newsletters at this site's
        own, matched by slug or email, since the ids in a backup may be another site's."""
        if name in ("posts", "pages"):
            tags = [self._named("tags", t) for t in item.get("tags") or []]
            emails = [a["email"] for a in item.get("authors") or [] if a.get("email")]
            authors = {"authors": [{"email": e} for e in emails]} if emails else {}
            return {"tags": tags, **authors}
        if name == "members":
            labels = [self._named("labels", x) for x in item.get("labels") or []]
            slugs = [n.get("slug") for n in item.get("newsletters") or []]
            own = [self._site.get("newsletters", {}).get(str(s)) for s in slugs]
            return {"labels": labels, "newsletters": [{"id": n["id"]} for n in own if n]}
        return {}

    def _named(self, resource: str, item: Saved) -> Saved:
        """A tag or label to point at: the site's own where it has that slug (Ghost matches
        a tag's name before its slug, so the backup's name of one renamed since would make a
        second one; it finds a member's labels by name only), else by the backup's name and
        slug (the restore makes it first)."""
        own = self._site.get(resource, {}).get(str(item["slug"]))
        if own is None:
            return {"name": item["name"], "slug": item["slug"]}
        return {"name": own["name"]} if resource == "labels" else {"id": own["id"]}
