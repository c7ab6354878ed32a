"""Verify a run against what Ghost renders: read every changed post's HTML and plaintext
(100 per request); no selected link may be left (apart from link cards kept on purpose),
and the visible text must be unchanged (apart from link cards turned into text or removed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ghostkit.content import html_links
from ghostkit.core.query import id_filter
from ghostkit.operations.journal import Journal, PostEntry
from ghostkit.operations.runner import RESOURCES, Progress, bounded
from ghostkit.operations.transforms import StripLinks, Transform

if TYPE_CHECKING:
    from ghostkit.operations.runner import Operation


async def verify_run(
    operation: Operation, run_id: str, progress: Progress | None = None
) -> dict[str, Any]:
    """Read the changed posts as Ghost renders them (100 per request): no selected link
    may be left in the HTML (apart from link cards kept on purpose), and the plaintext
    must be unchanged (apart from link cards turned into text or removed)."""
    state = Journal.open(operation.runs_dir, run_id).state()
    problems: dict[str, str] = {}
    checks_links = isinstance(operation.transform, StripLinks)
    entries = state.done()
    batches = [
        (name, chunk)
        for name in RESOURCES
        for chunk in _chunks(
            [e for e in entries if (e.before or {}).get("resource", "posts") == name], 100
        )
    ]
    checked = 0

    async def check(batch: tuple[str, list[PostEntry]]) -> None:
        nonlocal checked
        name, chunk = batch
        page = await operation._resource(name).browse(
            filter=id_filter(e.id for e in chunk),
            limit=len(chunk),
            formats="html,plaintext",
            fields="id,html,plaintext",
        )
        rendered = {str(post.id): post for post in page.items}
        for entry in chunk:
            post = rendered.get(entry.id)
            problem = (
                "the post is gone"
                if post is None
                else _problem(operation.transform, entry, post, checks_links)
            )
            if problem:
                problems[entry.id] = problem
        checked += len(chunk)
        if progress:
            progress("verify", checked, len(entries))

    await bounded(operation.concurrency, batches, check, "verify-batches", None)
    return {"checked": len(entries), "ok": not problems, "problems": problems}


def _problem(transform: Transform, entry: PostEntry, post: Any, checks_links: bool) -> str | None:
    before = entry.before or {}
    if not checks_links:
        return None
    assert isinstance(transform, StripLinks)
    selects = transform.selector.selects
    kept = set(before.get("link_cards") or [])
    left = [
        link.href
        for link in html_links.find_links(post.html or "")
        if selects(link.href) and link.href not in kept and not str(link.href).startswith("#fn")
    ]
    if left:
        return f"links left in the rendered post: {left[:3]}"
    if (
        not before.get("cards_changed")
        and before.get("plaintext") is not None
        and (post.plaintext or "") != before["plaintext"]
    ):
        return "the visible text changed"
    return None


def _chunks(items: list[PostEntry], size: int) -> list[list[PostEntry]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
