"""What a run's journal holds: the kinds of record and the shape each must have, run ids,
the site's URL as a journal keeps it, and the run as its records tell it (`RunState`).
Reading and writing the file is `ghostkit.operations.journal`.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

from ghostkit.core.errors import ConfigurationError, GhostError

RUN_ID = re.compile(r"\d{8}-\d{6}-[0-9a-f]{4}")
"""The shape of every run id ghostkit makes (`new_run_id`)."""
ITEM_ID = re.compile(r"[0-9a-fA-F]{1,24}")
"""Ghost's ids: 24 hex characters (and "1" for the owner of an older site)."""
RESOURCES = ("posts", "pages", "tags", "labels", "tiers", "newsletters", "users", "members")
"""What a run may have changed."""
FORMATS = ("lexical", "mobiledoc")
ITEM_RECORDS = ("before", "done", "created", "undone", "changed-elsewhere")
"""Records about one item on the site: their id reaches a URL path, so it must be Ghost's."""
OTHER_RECORDS = ("failed", "undo-skipped", "creating", "undoing")


class JournalError(ConfigurationError):
    """A journal that cannot be read, or a run id that cannot be one."""


class JournalWriteError(GhostError):
    """The journal could not be written: the run stops before editing anything more."""


def new_run_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)


def check_run_id(run_id: object) -> str:
    """`run_id` if it has the shape of a run id ghostkit made, else a clear error: a run
    id becomes a file name, so nothing else (`../`, a separator, 5,000 characters) may."""
    if isinstance(run_id, str) and RUN_ID.fullmatch(run_id):
        return run_id
    text = str(run_id)
    shown = repr(text if len(text) <= 40 else text[:40] + "...")
    raise JournalError(
        f"{shown} is not a run id",
        hint="a run id looks like 20261124-231500-ab12: see `ghostkit runs list`",
    )


def digest(document: str) -> str:
    """What a `before` record keeps of the document sent, to recognise it later."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def public_url(url: object) -> str | None:
    """A site URL as a journal keeps it: without a `user:password@` part, host lowercased."""
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path.rstrip("/"), "", ""))


class RecordError(ValueError):
    """A JSON line that is not a record of the shape its type needs."""


def check_record(record: object) -> dict[str, Any]:
    """The record if it has the shape its type needs, else `RecordError`. Records of a
    type this version does not know are passed on (a reader ignores them)."""
    if not isinstance(record, dict):
        raise RecordError(f"a {type(record).__name__}, not a JSON object")
    kind = record.get("type")
    if not isinstance(kind, str):
        raise RecordError("no record type")
    if kind == "run":
        if not isinstance(record.get("id"), str):
            raise RecordError("the run record has no id")
        if not isinstance(record.get("operation", {}), dict):
            raise RecordError("the run's operation is not an object")
        return record
    if kind == "end":
        if not isinstance(record.get("summary", {}), dict):
            raise RecordError("the summary is not an object")
        return record
    if kind not in ITEM_RECORDS + OTHER_RECORDS:
        return record
    item = record.get("id")
    if not isinstance(item, str) or not item:
        raise RecordError(f"a {kind!r} record without an id")
    if kind in ITEM_RECORDS and not ITEM_ID.fullmatch(item):
        raise RecordError(f"{item[:40]!r} is not a Ghost id")
    resource = record.get("resource", "posts")
    if kind in ("before", "created", "creating") and resource not in RESOURCES:
        raise RecordError(f"{str(resource)[:40]!r} is not something a run changes")
    if kind == "before":
        if "fields" in record:
            if not isinstance(record["fields"], dict):
                raise RecordError("the fields of a 'before' record are not an object")
        elif record.get("format") not in FORMATS or not isinstance(record.get("document"), str):
            raise RecordError("a 'before' record without its format and document")
    return record


def glued_record(raw: bytes) -> dict[str, Any] | None:
    """A whole record appended onto a line cut short (as journals of ghostkit 0.1 could
    be after a full disk): the record, the cut part being one that never counted."""
    start = raw.rfind(b'{"type": "')
    if start <= 0:
        return None
    try:
        return check_record(json.loads(raw[start:].decode("utf-8")))
    except (ValueError, UnicodeDecodeError):
        return None


SCHEMA = 2
"""The journal's schema: 2 since one engine runs every change (1: ghostkit 0.1's)."""
BIG = 2000
"""A value sent longer than this is kept in the journal as its digest (a body document)."""


def sent_value(value: Any) -> Any:
    """What a `before` record keeps of a value sent: the value, or a long text's digest."""
    if isinstance(value, str) and len(value) > BIG:
        return {"sha256": digest(value)}
    return value


def holds_sent(kept: Any, value: Any) -> bool:
    """Whether `value` (as read now) is what `sent_value` kept."""
    if isinstance(kept, dict) and set(kept) == {"sha256"}:
        return isinstance(value, str) and digest(value) == kept["sha256"]
    return bool(kept == value)


def as_record(record: Any) -> dict[str, Any]:
    """A record of fields alone as its JSON line: its type, then its fields."""
    return {"type": record.kind, **asdict(record)}


@dataclass
class RunHeader:
    """The run: what it changed (`change`, the change's own description), where, on which
    items, with which versions."""

    id: str
    site: str | None = None
    url: str | None = None
    change: dict[str, Any] = field(default_factory=dict)
    resources: tuple[str, ...] = ("posts",)
    filter: str | None = None
    schema: int = SCHEMA
    ghostkit: str | None = None
    ghost: str | None = None

    @property
    def kind(self) -> str | None:
        kind = self.change.get("kind")
        return kind if isinstance(kind, str) and kind else None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "run",
            "schema": self.schema,
            "id": self.id,
            "site": self.site,
            "url": public_url(self.url),
            "ghostkit": self.ghostkit,
            "ghost": self.ghost,
            "change": self.change,
            "selection": {"resources": list(self.resources), "filter": self.filter},
        }

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> RunHeader:
        """The header of either schema (ghostkit 0.1 wrote `operation`, `resources` and
        `filter`; a restore `resource: "restore"`). Values of the wrong type are dropped."""
        selection = record.get("selection")
        if not isinstance(selection, dict):
            selection = {"resources": record.get("resources"), "filter": record.get("filter")}
        change = record.get("change", record.get("operation"))
        resources = selection.get("resources")
        if not isinstance(resources, list) or not all(isinstance(r, str) for r in resources):
            resources = ["posts"]
        filter_ = selection.get("filter")
        return cls(
            id=str(record.get("id", "?")),
            site=str(record["site"]) if record.get("site") else None,
            url=public_url(record.get("url") or record.get("site_url")),
            change=change if isinstance(change, dict) else {},
            resources=tuple(resources),
            filter=filter_ if isinstance(filter_, str) else None,
            schema=record.get("schema", 1) if isinstance(record.get("schema", 1), int) else 1,
            ghostkit=text_or_none(record.get("ghostkit")),
            ghost=text_or_none(record.get("ghost")),
        )


def text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


@dataclass
class Before:
    """An item as it was before the run's edit, written (and synced) before the edit is
    sent: the value of each field the edit writes, what was sent (`sent_value`), the
    counts, and the fields the change's check needs (`kept`)."""

    id: str
    resource: str = "posts"
    slug: str = ""
    title: str = ""
    updated_at: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    sent: dict[str, Any] | None = None
    counts: dict[str, int] = field(default_factory=dict)
    kept: dict[str, Any] = field(default_factory=dict)
    kind: ClassVar[str] = "before"

    def to_json(self) -> dict[str, Any]:
        return as_record(self)

    @classmethod
    def from_json(cls, record: dict[str, Any], counted: str = "links removed") -> Before:
        """A `before` of either schema. ghostkit 0.1 kept the body as `format` and
        `document`, the digest of the document sent as `sent`, `removed` and `plaintext`;
        `counted` names what its `removed` counted."""
        fields = record.get("fields")
        sent = record.get("sent")
        kept: dict[str, Any] = record["kept"] if isinstance(record.get("kept"), dict) else {}
        counts: dict[str, Any] = record["counts"] if isinstance(record.get("counts"), dict) else {}
        if not isinstance(fields, dict):
            fmt = str(record.get("format"))
            fields = {fmt: record.get("document")}
            sent = {fmt: {"sha256": sent}} if isinstance(sent, str) else None
            if "plaintext" in record:
                kept = {"plaintext": record["plaintext"]}
            counts = {counted: int(record.get("removed") or 0)}
        return cls(
            id=record["id"],
            resource=str(record.get("resource", "posts")),
            slug=str(record.get("slug") or ""),
            title=str(record.get("title") or ""),
            updated_at=text_or_none(record.get("updated_at")),
            fields=fields,
            sent=sent if isinstance(sent, dict) else None,
            counts={str(k): v for k, v in counts.items() if isinstance(v, int)},
            kept=kept,
        )


@dataclass
class Done:
    """The edit landed: the item's `updated_at` after it (None: edited since by someone
    else, found by a resume). `recovered`: a resume found the save whose answer was lost."""

    id: str
    updated_at: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    recovered: bool = False
    kind: ClassVar[str] = "done"

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {"type": self.kind, "id": self.id}
        record.update(updated_at=self.updated_at, counts=self.counts)
        if self.recovered:
            record["recovered"] = True
        return record

    @classmethod
    def from_json(cls, record: dict[str, Any], counted: str = "links removed") -> Done:
        counts = record.get("counts")
        if not isinstance(counts, dict):
            counts = {counted: int(record.get("removed") or 0)} if "removed" in record else {}
        return cls(
            id=record["id"],
            updated_at=text_or_none(record.get("updated_at")),
            counts={str(k): v for k, v in counts.items() if isinstance(v, int)},
            recovered=bool(record.get("recovered")),
        )


@dataclass
class Note:
    """A record that says one thing about an item: `failed` (the edit did not land),
    `changed-elsewhere` (a resume found someone else's edit), `undoing` (an undo's edit
    is about to be sent), `undo-skipped`."""

    kind: str
    id: str
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        record = {"type": self.kind, "id": self.id}
        if self.reason:
            record["reason"] = self.reason
        return record


@dataclass
class Creating:
    """An add is about to be sent (a restore): `id` names the intent, `resource:slug`."""

    id: str
    resource: str
    slug: str
    kind: ClassVar[str] = "creating"

    def to_json(self) -> dict[str, Any]:
        return as_record(self)


@dataclass
class Created:
    id: str
    resource: str
    slug: str
    updated_at: str | None
    intent: str
    kind: ClassVar[str] = "created"

    def to_json(self) -> dict[str, Any]:
        return as_record(self)


@dataclass
class Undone:
    """An undo took the item back: `updated_at` after the edit, or how (`deleted`,
    `archived`: a created item), or `already` (it held its original already)."""

    id: str
    updated_at: str | None = None
    how: str | None = None
    kind: ClassVar[str] = "undone"

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {"type": self.kind, "id": self.id}
        if self.updated_at:
            record["updated_at"] = self.updated_at
        if self.how:
            record[self.how] = True
        return record


@dataclass
class End:
    summary: dict[str, Any]
    kind: ClassVar[str] = "end"

    def to_json(self) -> dict[str, Any]:
        return as_record(self)


Record = RunHeader | Before | Done | Note | Creating | Created | Undone | End
