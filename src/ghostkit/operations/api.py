"""One-call versions of the operations, for scripts."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path

from ghostkit.clients._async.admin import AsyncGhostAdmin
from ghostkit.config.paths import Paths
from ghostkit.content.cards import LinkCardMode
from ghostkit.content.selection import LinkSelector
from ghostkit.operations.runner import Operation, Summary
from ghostkit.operations.transforms import ReplaceText, StripLinks, Transform


def strip_links(
    profile: str | None = None,
    *,
    external_only: bool = False,
    domains: Sequence[str] = (),
    match: str | None = None,
    link_cards: LinkCardMode = "keep",
    filter: str | None = None,
    resources: Sequence[str] = ("posts",),
    concurrency: int = 4,
    runs_dir: Path | None = None,
) -> Summary:
    """Remove links from every matching post of a site, journaled and verified.

    The site is the saved `profile`, or GHOST_URL and GHOST_ADMIN_API_KEY when no profile
    is given. Returns the run's summary; `ghostkit runs undo <run_id>` reverts it.
    """

    def transform(admin: AsyncGhostAdmin) -> Transform:
        selector = LinkSelector(
            external_only=external_only,
            domains=tuple(domains),
            pattern=match,
            site_url=admin.site_url,
        )
        return StripLinks(selector, link_cards)

    return asyncio.run(_run(profile, transform, filter, resources, concurrency, runs_dir))


def replace_text(
    find: str,
    replacement: str,
    profile: str | None = None,
    *,
    regex: bool = False,
    filter: str | None = None,
    resources: Sequence[str] = ("posts",),
    concurrency: int = 4,
    runs_dir: Path | None = None,
) -> Summary:
    """Find and replace text in every matching post (text only), journaled."""
    change = ReplaceText(find, replacement, regex)
    return asyncio.run(
        _run(profile, lambda _admin: change, filter, resources, concurrency, runs_dir)
    )


async def _run(
    profile: str | None,
    make: Callable[[AsyncGhostAdmin], Transform],
    filter: str | None,
    resources: Sequence[str],
    concurrency: int,
    runs_dir: Path | None,
) -> Summary:
    admin = AsyncGhostAdmin.from_profile(profile) if profile else AsyncGhostAdmin.from_env()
    async with admin:
        operation = Operation(
            admin,
            make(admin),
            runs_dir=runs_dir or default_runs_dir(),
            resources=resources,
            filter=filter,
            concurrency=concurrency,
            site=profile,
        )
        summary = await operation.apply(await operation.plan())
        summary.verify = await operation.verify(summary.run_id)
        return summary


def default_runs_dir() -> Path:
    return Paths.from_env().data / "runs"
