"""Writing a run's items through Ghost's bulk endpoint (`PUT /posts/bulk/?filter=`), for a
change that says which of its patches the endpoint can write (`change.bulk(plan)`: an
action and its meta, or None). Everything else goes item by item, as in every run.

Each bulk request covers at most `CHUNK` items that get the same action. Before it is
sent, every item's `before` is journaled and synced, as for an edit of one item. The
endpoint checks no `updated_at` and does not change it, so the request's filter pins
each item to the `updated_at` the run read (`(id:X+updated_at:'...')`, one per item):
an item someone saved since is not touched by the request. Each item is then read
back: one that holds the patch is done; one saved meanwhile is planned again from what
it holds now and sent again (pinned to its new version); any other is a failure. Undo is the
same as for any run, item by item.

One thing a bulk write cannot do: since `updated_at` is left as it was, an editor that
had the item open before the run and saves it afterwards is not told of a collision,
and puts back the old value. Run bulk changes when nobody is editing those items.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ghostkit.core.errors import (
    GhostConnectionError,
    GhostError,
    RateLimitError,
    ServerError,
)
from ghostkit.core.query import id_filter
from ghostkit.operations import landed
from ghostkit.operations.change import Item
from ghostkit.operations.plan import ItemPlan
from ghostkit.operations.pool import Progress, pool
from ghostkit.operations.records import ITEM_ID, Done

if TYPE_CHECKING:
    from ghostkit.operations.engine import Engine
    from ghostkit.operations.writes import Writer

CHUNK = 50
"""Items per bulk request: each adds about 60 characters to the request's URL."""
UNSURE = (ServerError, GhostConnectionError, RateLimitError)
"""Failures after which the request may have landed: the read-back decides."""


def pinned_filter(items: Iterable[ItemPlan]) -> str:
    """An NQL filter that matches each item only while it holds the `updated_at` the run
    read. Ghost compares the stored text (`YYYY-MM-DD HH:MM:SS`, UTC), not the ISO form
    its API shows, so the time is written the stored way. One item's terms are in no
    group: Ghost reads a lone group as no condition (see `plain_filter`)."""
    terms = []
    for item in items:
        if not ITEM_ID.fullmatch(item.id):
            raise ValueError(f"{item.id!r} is not a Ghost id")
        when = datetime.fromisoformat(item.updated_at.replace("Z", "+00:00"))
        terms.append(f"id:{item.id}+updated_at:'{when:%Y-%m-%d %H:%M:%S}'")
    return terms[0] if len(terms) == 1 else ",".join(f"({term})" for term in terms)


async def write_all(
    engine: Engine,
    writer: Writer,
    todo: Iterable[Any] | AsyncIterable[Any],
    progress: Progress | None = None,
) -> None:
    """Write every item of `todo`: through the bulk endpoint where the change has an
    action for the item's patch, else one by one (`writer.write`)."""
    bulk = getattr(engine.change, "bulk", None)
    if bulk is None:
        await pool(
            engine.concurrency, todo, writer.write, "apply", progress, fed=writer.verifier.flush
        )
        return
    items = [item async for item in todo] if isinstance(todo, AsyncIterable) else list(todo)
    alone: list[Any] = []
    done = 0
    for _attempt in range(engine.attempts):  # the ones saved meanwhile, planned again
        groups: dict[tuple[str, str], list[ItemPlan]] = {}
        for item in items:
            request = bulk(item) if isinstance(item, ItemPlan) and item.changed else None
            if request is None:
                alone.append(item)
            else:
                key = (item.resource, json.dumps(request, sort_keys=True))
                groups.setdefault(key, []).append(item)
        items = []
        for (resource, request), group in groups.items():
            action, meta = json.loads(request)
            for start in range(0, len(group), CHUNK):
                if writer.breaker.tripped or engine.stopping:
                    return
                chunk = group[start : start + CHUNK]
                items += await _send(engine, writer, resource, action, meta, chunk)
                done += len(chunk)
                if progress:
                    progress("apply", done, 0)
    for item in items:
        writer.fail(item.id, f"still saved by someone else after {engine.attempts} attempts")
    await pool(
        engine.concurrency, alone, writer.write, "apply", progress, fed=writer.verifier.flush
    )


async def _send(
    engine: Engine,
    writer: Writer,
    resource: str,
    action: str,
    meta: dict[str, Any],
    chunk: list[ItemPlan],
) -> list[ItemPlan]:
    """One bulk request for `chunk`, journaled first and read back after: the items
    someone saved meanwhile, planned again."""
    befores = {item.id: writer._before(item) for item in chunk}
    records = list(befores.values())
    for record in records[:-1]:
        await writer.journal.awrite(record, durable=False)
    await writer.journal.awrite(records[-1])  # synced: the file holds every one
    endpoint = engine.resource(resource)
    try:
        await endpoint.bulk_edit(pinned_filter(chunk), action, meta)
    except UNSURE as error:
        writer.breaker.failure(error)  # the read-back tells whether it landed
    except GhostError as error:
        for item in chunk:
            writer.fail(item.id, f"Ghost's bulk {action} was refused: {error.message}")
        writer.breaker.failure(error)
        return []
    try:
        page = await endpoint.browse(
            filter=id_filter(item.id for item in chunk),
            limit=len(chunk),
            **engine.read_params(resource),
        )
    except GhostError as error:
        for item in chunk:
            writer.fail(item.id, f"could not be read back after the bulk {action}: {error.message}")
        writer.breaker.failure(error)
        return []
    writer.breaker.success()
    now = {str(found.id): Item(resource, found.to_dict()) for found in page.items}
    again: list[ItemPlan] = []
    for item in chunk:
        before, current = befores[item.id], now.get(item.id)
        if current is None:
            writer.fail(item.id, "it is gone from the site")
        elif str(current.get("updated_at") or "") != item.updated_at:
            again.append(engine.plan_item(current))  # saved meanwhile: its edit is kept
        elif landed.holds(before, current):
            writer.journal.write(Done(item.id, item.updated_at, item.counts), durable=False)
            writer.count_done(item.counts, before)
        else:
            writer.fail(item.id, f"Ghost's bulk {action} left it as it was")
    return again
