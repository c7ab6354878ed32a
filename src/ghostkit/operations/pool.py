"""Bounded concurrency for every phase of a run (apply, verify, undo), and the progress
hook they report to."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable, Sized
from typing import Any, TypeVar

Progress = Callable[[str, int, int], None]
"""Called as (phase, done, total) while a phase runs; total is 0 while it is unknown."""

T = TypeVar("T")


async def pool(
    concurrency: int,
    items: Iterable[T] | AsyncIterable[T],
    work: Callable[[T], Awaitable[Any]],
    phase: str = "",
    progress: Progress | None = None,
    total: int | None = None,
    fed: Callable[[], None] | None = None,
) -> None:
    """Run `work` on every item, at most `concurrency` at once, as the items come (an
    async iterable is read while earlier items are being worked on, a little ahead of
    the workers). When reading the items fails, the items already begun are finished
    (an edit in flight is never cut off before its outcome is known), then the error is
    raised; when work fails, the other workers are stopped and the error is raised.
    `fed` is called once the last item is handed out (the run's tail is in flight)."""
    queue: asyncio.Queue[tuple[T] | None] = asyncio.Queue(maxsize=max(1, concurrency) * 2)
    workers = max(1, concurrency)
    if total is None and isinstance(items, Sized):
        total = len(items)
    counted = {"done": 0}
    failed: list[BaseException] = []

    async def feed() -> None:
        try:
            if isinstance(items, AsyncIterable):
                async for item in items:
                    await queue.put((item,))
            else:
                for item in items:
                    await queue.put((item,))
        except Exception as error:
            failed.append(error)
            while not queue.empty():  # what was read but not begun is left
                queue.get_nowait()
        if fed:
            fed()
        for _ in range(workers):
            await queue.put(None)

    async def worker() -> None:
        while (entry := await queue.get()) is not None:
            await work(entry[0])
            counted["done"] += 1
            if progress:
                progress(phase, counted["done"], total if total is not None else 0)

    tasks = [asyncio.ensure_future(feed())] + [
        asyncio.ensure_future(worker()) for _ in range(workers)
    ]
    try:
        for finished in asyncio.as_completed(tasks):
            await finished
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    if failed:
        raise failed[0]
