"""A run as its journal tells it: each item's records put together (`RunState`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ghostkit.operations.records import (
    ITEM_RECORDS,
    OTHER_RECORDS,
    Before,
    Created,
    Creating,
    Done,
    JournalError,
    RunHeader,
    Undone,
    public_url,
    text_or_none,
)

COUNTED = {"replace": "replacements"}
"""What a ghostkit 0.1 record's `removed` counted, by the run's kind (else links)."""


@dataclass
class Entry:
    """One item of a run, as its records tell it."""

    id: str
    before: Before | None = None
    done: Done | None = None
    created: Created | None = None
    creating: Creating | None = None
    failed: str | None = None
    undone: Undone | None = None
    undo_skipped: str | None = None
    foreign: str | None = None
    """Why the item is someone else's now (a resume found it edited by another writer)."""

    @property
    def resource(self) -> str:
        record = self.created or self.before or self.creating
        return record.resource if record else "posts"

    @property
    def slug(self) -> str | None:
        record = self.before or self.created or self.creating
        return record.slug if record else None


PostEntry = Entry


@dataclass
class RunState:
    """A run as its journal tells it."""

    header: RunHeader = field(default_factory=lambda: RunHeader(id="?"))
    posts: dict[str, Entry] = field(default_factory=dict)
    summaries: list[dict[str, Any]] = field(default_factory=list)
    damaged: str | None = None
    """Why the journal could not be read (in a listing, where the other runs go on)."""
    has_header: bool = False

    def add(self, record: dict[str, Any]) -> None:
        kind = record.get("type")
        if kind == "run":
            self.header, self.has_header = RunHeader.from_json(record), True
            return
        if kind == "end":
            self.summaries.append(record.get("summary", {}))
            return
        if kind not in ITEM_RECORDS + OTHER_RECORDS:
            return
        entry = self.posts.setdefault(record["id"], Entry(record["id"]))
        counted = COUNTED.get(self.header.kind or "", "links removed")
        if kind == "before":
            entry.before = Before.from_json(record, counted)  # the latest edit's
            entry.foreign = None
        elif kind == "done":
            entry.done, entry.failed = Done.from_json(record, counted), None
        elif kind == "changed-elsewhere":
            entry.foreign = str(record.get("reason") or "changed by someone else")
        elif kind == "creating":
            entry.creating = Creating(record["id"], str(record.get("resource")), _slug(record))
        elif kind == "created":
            entry.created = _created(record)
            entry.done = Done(record["id"], text_or_none(record.get("updated_at")))
            intent = self.posts.get(str(record.get("intent")))
            if intent is not None:
                intent.created = entry.created
        elif kind == "failed":
            entry.failed = str(record.get("reason", "failed"))
        elif kind == "undone":
            how = next((k for k in ("deleted", "archived", "already") if record.get(k)), None)
            entry.undone = Undone(record["id"], text_or_none(record.get("updated_at")), how)
            entry.undo_skipped = None
        elif kind == "undo-skipped":
            entry.undo_skipped = str(record.get("reason"))

    @property
    def id(self) -> str:
        return self.header.id

    @property
    def site(self) -> str | None:
        return self.header.site

    @property
    def site_url(self) -> str | None:
        return self.header.url

    def done(self) -> list[Entry]:
        return [e for e in self.posts.values() if e.done]

    def unfinished(self) -> list[Entry]:
        """Items whose edit began (or failed) but is not recorded as done, nor found
        changed by someone else."""
        return [
            e
            for e in self.posts.values()
            if not e.done and not e.foreign and (e.before or e.failed)
        ]

    def lost_creations(self) -> list[Entry]:
        """Adds a run sent without recording what they created (the run stopped)."""
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


def _slug(record: dict[str, Any]) -> str:
    return str(record.get("slug") or "")


def _created(record: dict[str, Any]) -> Created:
    return Created(
        id=record["id"],
        resource=str(record.get("resource", "posts")),
        slug=_slug(record),
        updated_at=text_or_none(record.get("updated_at")),
        intent=str(record.get("intent") or ""),
    )
