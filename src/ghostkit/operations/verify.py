"""Verify a run against what Ghost renders: each changed item is read back (100 per
request, while the run's other edits are still being sent) and checked. Every field
written must hold what was sent (the body aside: Ghost may turn it into another format),
and the change's own `check` must find nothing wrong (say, no selected link left in the
rendered HTML, and the visible text unchanged).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from ghostkit.core.errors import GhostError
from ghostkit.core.query import id_filter
from ghostkit.operations.change import BODY, RELATIONS, Item, same_value
from ghostkit.operations.pool import Progress
from ghostkit.operations.records import Before, holds_sent

if TYPE_CHECKING:
    from ghostkit.operations.engine import Engine
    from ghostkit.operations.journal import Journal

BATCH = 100


class Verifier:
    """Collects the run's edits as they land and reads them back in batches."""

    def __init__(self, engine: Engine, progress: Progress | None = None) -> None:
        self.engine = engine
        self.progress = progress
        self.problems: dict[str, str] = {}
        self.checked = 0
        self._waiting: dict[str, list[Before]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._gate = asyncio.Semaphore(1)
        """One read-back at a time: the writes keep the rest of the site's attention."""

    def add(self, before: Before) -> None:
        batch = self._waiting.setdefault(before.resource, [])
        batch.append(before)
        if len(batch) >= BATCH:
            self._start(before.resource)

    def _start(self, resource: str) -> None:
        batch = self._waiting.pop(resource, [])
        if batch:
            self._tasks.append(asyncio.ensure_future(self._check(resource, batch)))

    def flush(self) -> None:
        """Read back what has landed so far, without waiting for a whole batch (the last
        items are in flight: what is left for the end is a few items, not a batch)."""
        for resource in list(self._waiting):
            self._start(resource)

    async def finish(self, journal: Journal | None = None) -> dict[str, Any]:
        """Check what is left and wait for every read-back: the verdict."""
        self.flush()
        await asyncio.gather(*self._tasks)
        return {"checked": self.checked, "ok": not self.problems, "problems": self.problems}

    async def _check(self, resource: str, batch: list[Before]) -> None:
        async with self._gate:
            try:
                rendered = await self._read(resource, batch)
            except GhostError as error:
                for before in batch:
                    self.problems[before.id] = f"could not be read back: {error.message}"
                return
        for before in batch:
            after = rendered.get(before.id)
            problem = "it is gone from the site" if after is None else self.problem(before, after)
            if problem:
                self.problems[before.id] = problem
        self.checked += len(batch)
        if self.progress:
            self.progress("verify", self.checked, 0)

    async def _read(self, resource: str, batch: list[Before]) -> dict[str, Item]:
        written = {name for before in batch for name in (before.sent or before.fields)}
        params: dict[str, Any] = {"filter": id_filter(b.id for b in batch), "limit": len(batch)}
        if resource in ("posts", "pages"):
            params["formats"] = "html,plaintext"
        include = sorted(written & set(RELATIONS))
        if include:
            params["include"] = ",".join(include)
        elif resource in ("posts", "pages"):
            plain = sorted(written - set(BODY))
            params["fields"] = ",".join(["id", "html", "plaintext", *plain])
        page = await self.engine.resource(resource).browse(**params)
        return {str(item.id): Item(resource, item.to_dict()) for item in page.items}

    def problem(self, before: Before, after: Item) -> str | None:
        """What is wrong with one item as Ghost renders it after the run, if anything."""
        for name, sent in (before.sent or {}).items():
            if name in BODY:
                continue
            if isinstance(sent, dict) and set(sent) == {"sha256"}:
                holds = holds_sent(sent, after.get(name))
            else:
                holds = same_value(name, after.get(name), sent)
            if not holds:
                return f"{name} does not hold what was sent"
        was = Item(
            before.resource,
            {**before.kept, **before.fields, "id": before.id, "slug": before.slug},
        )
        try:
            return self.engine.change.check(was, after)
        except Exception as error:
            return f"the change's check failed: {type(error).__name__}: {error}"
