"""One-call versions of the operations, for scripts."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ghostkit.clients._async.admin import AsyncGhostAdmin
from ghostkit.config.paths import Paths
from ghostkit.content.cards import LinkCardMode
from ghostkit.content.selection import LinkSelector
from ghostkit.core.errors import ConfigurationError, GhostError, UsageError
from ghostkit.operations.journal import Journal, RunState
from ghostkit.operations.runner import RESOURCES, Operation, Summary
from ghostkit.operations.transforms import ReplaceText, StripLinks, Transform

RESUMABLE = ("links-strip", "replace")
"""The kinds of run a resume can finish (a restore is run again instead)."""


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


def resume(
    run_id: str,
    profile: str | None = None,
    *,
    concurrency: int = 4,
    runs_dir: Path | None = None,
) -> Summary:
    """Finish a run that stopped part-way: exactly that run, as its journal describes it
    (transform, options, resources, filter), on the site it ran on; no post is changed
    twice. The site is `profile`, else the profile the run used, else the environment."""
    runs = runs_dir or default_runs_dir()
    header = run_header(runs, run_id)
    profile = profile or header.get("site")

    async def main() -> Summary:
        admin = AsyncGhostAdmin.from_profile(profile) if profile else AsyncGhostAdmin.from_env()
        async with admin:
            operation = operation_for_run(
                admin, header, runs_dir=runs, concurrency=concurrency, profile=profile
            )
            with operation.holding_site():
                summary = await operation.resume(run_id)
                summary.verify = await operation.verify(summary.run_id)
            return summary

    return asyncio.run(main())


def run_header(runs_dir: Path, run_id: str) -> dict[str, Any]:
    """The first record of a run's journal: what the run is."""
    for record in Journal.open(runs_dir, run_id).records():
        if record.get("type") == "run":
            return record
        break
    raise ConfigurationError(
        f"the journal of run {run_id} does not begin with the run's description",
        hint="it cannot be resumed; `ghostkit runs show` lists what it changed",
    )


def operation_for_run(
    admin: AsyncGhostAdmin,
    header: Mapping[str, Any],
    *,
    runs_dir: Path,
    concurrency: int = 4,
    profile: str | None = None,
) -> Operation:
    """The operation a run's journal header describes, and nothing else: its transform
    and the transform's options, its resources and its filter. A run of another site than
    `admin`'s (or than the profile `profile`), or of a kind a resume cannot finish, is
    refused."""
    run_id = str(header.get("id", "?"))
    description = header.get("operation")
    kind = description.get("kind") if isinstance(description, Mapping) else None
    if isinstance(kind, str) and kind and kind not in RESUMABLE:
        raise UsageError(
            f"run {run_id} is a {kind} run; only links strip and replace runs resume",
            hint="run the restore again: it creates only what is still missing",
        )
    RunState(header=dict(header)).check_site(profile=profile, site_url=admin.site_url)
    resources = header.get("resources", ["posts"])
    filter_ = header.get("filter")
    try:
        if not isinstance(description, Mapping) or kind not in RESUMABLE:
            raise ValueError("no operation")
        if not (
            isinstance(resources, list)
            and resources
            and all(name in RESOURCES for name in resources)
        ):
            raise ValueError(f"resources {resources!r}")
        if filter_ is not None and not isinstance(filter_, str):
            raise ValueError(f"filter {filter_!r}")
        transform: Transform
        if kind == "links-strip":
            transform = StripLinks.from_description(description, admin.site_url)
        else:
            transform = ReplaceText.from_description(description)
    except (ValueError, TypeError, re.error, GhostError) as exc:
        reason = getattr(exc, "message", None) or str(exc)
        raise ConfigurationError(
            f"the journal of run {run_id} does not say which run to finish ({reason})",
            hint="it cannot be resumed; `ghostkit runs show RUN` lists what it changed, "
            "`ghostkit runs undo RUN` takes it back",
        ) from None
    return Operation(
        admin,
        transform,
        runs_dir=runs_dir,
        resources=resources,
        filter=filter_,
        concurrency=concurrency,
        site=header.get("site"),
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
        with operation.holding_site():
            summary = await operation.apply(await operation.plan())
            summary.verify = await operation.verify(summary.run_id)
        return summary


def default_runs_dir() -> Path:
    return Paths.from_env().data / "runs"
