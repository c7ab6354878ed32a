"""The journal of a run: one JSON line per event, flushed to disk as it happens.

Before a post is edited, its original document and `updated_at` are written and synced, so
that a run stopped at any moment can be resumed without editing a post twice, and undone.

    {"type": "run", "id": ..., "site": ..., "resource": "posts", "operation": {...}}
    {"type": "before", "id": post id, "format": "lexical", "document": "...", "updated_at": ...}
    {"type": "done", "id": post id, "updated_at": new updated_at, "removed": 3}
    {"type": "before", "id": ..., "resource": "tags", "fields": {"name": ...}, ...}  (restore)
    {"type": "created", "id": ..., "resource": "tags", "updated_at": ...}  (restore)
    {"type": "failed", "id": post id, "reason": "..."}
    {"type": "undone" | "undo-skipped", "id": post id, ...}
    {"type": "end", "summary": {...}}
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ghostkit.core.errors import ConfigurationError


def new_run_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    @classmethod
    def create(cls, runs_dir: Path, header: dict[str, Any]) -> Journal:
        runs_dir.mkdir(parents=True, exist_ok=True)
        journal = cls(runs_dir / f"{header['id']}.jsonl")
        journal.write({"type": "run", **header})
        return journal

    @classmethod
    def open(cls, runs_dir: Path, run_id: str) -> Journal:
        path = runs_dir / f"{run_id}.jsonl"
        if not path.exists():
            known = ", ".join(p.stem for p in sorted(runs_dir.glob("*.jsonl"))[-5:]) or "none"
            raise ConfigurationError(
                f"no run {run_id!r} in {runs_dir}",
                hint=f"recent runs: {known} (see `ghostkit runs list`)",
            )
        return cls(path)

    def write(self, record: dict[str, Any], *, durable: bool = True) -> None:
        """Append one record. `durable` waits until it is on the disk itself (fsync): a
        "before" record must be, since the edit it protects follows. Safe from threads."""
        line = json.dumps({**record, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}, ensure_ascii=False)
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            if durable:
                os.fsync(handle.fileno())

    async def awrite(self, record: dict[str, Any], *, durable: bool = True) -> None:
        """`write` in a worker thread, so that a disk sync never stalls other requests."""
        await asyncio.to_thread(self.write, record, durable=durable)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record. A last line cut short by a crash is ignored; a damaged line before
        the end is an error, since what follows it cannot be trusted."""
        with self.path.open(encoding="utf-8") as handle:
            lines = handle.read().split("\n")
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except ValueError:
                if number >= len(lines) - 1:
                    return
                raise ConfigurationError(
                    f"the journal {self.path} is damaged at line {number}",
                    hint="restore the file from a backup, or remove the damaged line",
                ) from None

    def state(self) -> RunState:
        state = RunState()
        for record in self.records():
            state.add(record)
        return state


@dataclass
class PostEntry:
    id: str
    before: dict[str, Any] | None = None
    done: dict[str, Any] | None = None
    created: dict[str, Any] | None = None
    failed: str | None = None
    undone: dict[str, Any] | None = None
    undo_skipped: str | None = None


@dataclass
class RunState:
    """A run as its journal tells it."""

    header: dict[str, Any] = field(default_factory=dict)
    posts: dict[str, PostEntry] = field(default_factory=dict)
    summaries: list[dict[str, Any]] = field(default_factory=list)

    def add(self, record: dict[str, Any]) -> None:
        kind = record.get("type")
        if kind == "run":
            self.header = record
            return
        if kind == "end":
            self.summaries.append(record.get("summary", {}))
            return
        entry = self.posts.setdefault(record["id"], PostEntry(record["id"]))
        if kind == "before":
            entry.before = record  # the latest: the document the run's edit replaced
        elif kind == "done":
            entry.done, entry.failed = record, None
        elif kind == "created":
            entry.created = entry.done = record
        elif kind == "failed":
            entry.failed = record.get("reason", "failed")
        elif kind == "undone":
            entry.undone, entry.undo_skipped = record, None
        elif kind == "undo-skipped":
            entry.undo_skipped = record.get("reason")

    @property
    def id(self) -> str:
        return str(self.header.get("id", "?"))

    def done(self) -> list[PostEntry]:
        return [e for e in self.posts.values() if e.done]

    def unfinished(self) -> list[PostEntry]:
        """Posts whose edit began (or failed) but is not recorded as done."""
        return [e for e in self.posts.values() if not e.done and (e.before or e.failed)]


def list_runs(runs_dir: Path) -> list[RunState]:
    if not runs_dir.is_dir():
        return []
    return [Journal(p).state() for p in sorted(runs_dir.glob("*.jsonl"))]
