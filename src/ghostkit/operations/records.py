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
from dataclasses import dataclass, field
from typing import Any
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


@dataclass
class PostEntry:
    id: str
    before: dict[str, Any] | None = None
    done: dict[str, Any] | None = None
    created: dict[str, Any] | None = None
    creating: dict[str, Any] | None = None
    failed: str | None = None
    undone: dict[str, Any] | None = None
    undo_skipped: str | None = None
    foreign: str | None = None
    """Why the post is someone else's now (a resume found it edited by another writer)."""


@dataclass
class RunState:
    """A run as its journal tells it."""

    header: dict[str, Any] = field(default_factory=dict)
    posts: dict[str, PostEntry] = field(default_factory=dict)
    summaries: list[dict[str, Any]] = field(default_factory=list)
    damaged: str | None = None
    """Why the journal could not be read (in a listing, where the other runs go on)."""

    def add(self, record: dict[str, Any]) -> None:
        kind = record.get("type")
        if kind == "run":
            self.header = record
            return
        if kind == "end":
            self.summaries.append(record.get("summary", {}))
            return
        if kind not in ITEM_RECORDS + OTHER_RECORDS:
            return
        entry = self.posts.setdefault(record["id"], PostEntry(record["id"]))
        if kind == "before":
            entry.before = record  # the latest: the document the run's edit replaced
            entry.foreign = None
        elif kind == "done":
            entry.done, entry.failed = record, None
        elif kind == "changed-elsewhere":
            entry.foreign = str(record.get("reason") or "changed by someone else")
        elif kind == "creating":
            entry.creating = record
        elif kind == "created":
            entry.created = entry.done = record
            intent = self.posts.get(str(record.get("intent")))
            if intent is not None:
                intent.created = record
        elif kind == "failed":
            entry.failed = str(record.get("reason", "failed"))
        elif kind == "undone":
            entry.undone, entry.undo_skipped = record, None
        elif kind == "undo-skipped":
            entry.undo_skipped = str(record.get("reason"))

    @property
    def id(self) -> str:
        return str(self.header.get("id", "?"))

    @property
    def site(self) -> str | None:
        site = self.header.get("site")
        return str(site) if site else None

    @property
    def site_url(self) -> str | None:
        return public_url(self.header.get("url") or self.header.get("site_url"))

    def done(self) -> list[PostEntry]:
        return [e for e in self.posts.values() if e.done]

    def unfinished(self) -> list[PostEntry]:
        """Posts whose edit began (or failed) but is not recorded as done, nor found
        changed by someone else."""
        return [
            e
            for e in self.posts.values()
            if not e.done and not e.foreign and (e.before or e.failed)
        ]

    def lost_creations(self) -> list[PostEntry]:
        """Adds a restore sent without recording what they created (the run stopped)."""
        return [e for e in self.posts.values() if e.creating and not e.created and not e.failed]

    def where(self) -> str:
        """The run's site, as said to people."""
        parts = [
            repr(self.site) if self.site else "",
            f"({self.site_url})" if self.site_url else "",
        ]
        return " ".join(p for p in parts if p) or "an unnamed site"

    def check_site(self, *, profile: str | None = None, site_url: str | None = None) -> None:
        """Refuse to act for this run on another site than its own: by URL where the
        journal has it, else by profile name."""
        recorded, given = self.site_url, public_url(site_url)
        if recorded and given:
            if recorded != given:
                raise self.mismatch(given)
            return
        if self.site and profile and self.site != profile:
            raise self.mismatch(repr(profile))

    def mismatch(self, given: str) -> JournalError:
        """The error for acting on this run on another site than its own."""
        return JournalError(
            f"run {self.id} was made on {self.where()}, not on {given}",
            hint="leave out --site: a run is resumed and undone on its own site",
        )
