"""ghostkit between a fault-injecting proxy and the real Ghost: nothing is lost, nothing is
done twice, and someone else's edit always survives."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import pytest

from ghostkit import AsyncGhostAdmin, GhostAdmin, RetryPolicy, ServerError
from ghostkit.content import html_links
from ghostkit.content.selection import LinkSelector
from ghostkit.operations import Engine, Selection
from ghostkit.operations.journal import Journal
from ghostkit.operations.transforms import StripLinks
from ghostkit.operations.undo import undo
from tests.conftest import LiveGhost
from tests.faults import FaultProxy
from tests.helpers import kept_link_cards, unique
from tests.integration.test_live_links import current, seed

FAST_RETRIES = RetryPolicy(max_retries=6, backoff=0.05, max_backoff=0.5)


def test_reads_survive_resets_truncation_429_and_503(ghost: LiveGhost) -> None:
    faults = ("reset", "503-before", "429", "429-retry-after", "truncate", "delay")
    with (
        FaultProxy(ghost.url, rate=0.3, faults=faults, methods=("GET",), seed=7) as proxy,
        GhostAdmin(proxy.url, key=ghost.admin_key, retry=FAST_RETRIES) as admin,
    ):
        for _ in range(25):
            assert admin.posts.browse(limit=5).pagination.total >= 1
    assert sum(proxy.injected.values()) >= 5
    assert {"429", "truncate", "reset"} & set(proxy.injected)


def test_an_add_that_meets_a_502_is_never_retried(ghost: LiveGhost) -> None:
    title = unique("once")
    with (
        FaultProxy(ghost.url, rate=1.0, faults=("502-after",), methods=("POST",)) as proxy,
        GhostAdmin(proxy.url, key=ghost.admin_key, retry=FAST_RETRIES) as admin,
        pytest.raises(ServerError),
    ):
        admin.posts.add({"title": title})
    assert proxy.forwarded["POST"] == 1
    with GhostAdmin(ghost.url, key=ghost.admin_key) as direct:
        found = direct.posts.browse(filter=f"title:'{title}'").items
        assert len(found) == 1  # Ghost created it once; ghostkit did not send it again
        direct.posts.delete(found[0].id)


def test_strip_300_posts_through_10_percent_faults_with_a_concurrent_writer(
    ghost: LiveGhost, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    tag = unique("faults")
    before = seed(ghost, tag, range(300))
    with_links = {i for i, p in before.items() if "<a " in (p["html"] or "")}
    others = sorted(with_links)[:20]

    async def run(proxy_url: str) -> tuple[str, dict[str, str]]:
        async with (
            AsyncGhostAdmin(proxy_url, key=ghost.admin_key, retry=FAST_RETRIES) as a,
            AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as direct,
        ):
            operation = Engine(
                a,
                StripLinks(LinkSelector(site_url=ghost.url)),
                runs_dir=tmp_path,
                selection=Selection(filter=f"tag:{tag}"),
                concurrency=4,
            )
            plan = await operation.plan()
            await asyncio.sleep(1.1)  # updated_at has one-second resolution
            for post_id in others:  # someone else edits 20 of the planned posts
                await direct.posts.update(post_id, lambda p: {"title": p.title + " (theirs)"})
            summary = await operation.apply(plan)
            return summary.run_id, summary.failures

    proxy = FaultProxy(ghost.url, rate=0.1, seed=3).__enter__()
    request.addfinalizer(lambda: proxy.__exit__(None, None, None))
    run_id, failures = asyncio.run(run(proxy.url))
    proxy.rate = 0.0  # the faults stop; the run is resumed and undone on its own site's URL
    assert sum(proxy.injected.values()) > 30, proxy.injected
    state = Journal.open(tmp_path, run_id).state()
    done_counts = Counter(
        r["id"] for r in Journal.open(tmp_path, run_id).records() if r["type"] == "done"
    )
    assert all(n == 1 for n in done_counts.values())  # no post saved twice
    after = current(ghost, tag)
    for post_id in with_links:
        entry = state.posts.get(post_id)
        assert entry is not None, "every post with links was attempted"
        if entry.done:
            kept = kept_link_cards(entry)
            hrefs = {link.href for link in html_links.find_links(after[post_id].html)}
            assert hrefs <= kept, after[post_id].slug
            assert after[post_id].plaintext == before[post_id]["plaintext"]
        else:
            assert failures.get(post_id), "a post not changed must be reported with a reason"
    for post_id in others:  # their edits survived
        assert after[post_id].title.endswith("(theirs)")
    for post_id in set(before) - with_links:
        assert after[post_id].updated_at == before[post_id]["updated_at"]

    async def finish() -> tuple[int, int]:
        async with AsyncGhostAdmin(proxy.url, key=ghost.admin_key) as admin:
            operation = Engine(
                admin,
                StripLinks(LinkSelector(site_url=ghost.url)),
                runs_dir=tmp_path,
                selection=Selection(filter=f"tag:{tag}"),
            )
            summary = await operation.resume(run_id)
            return summary.changed, summary.failed

    changed_now, failed_now = asyncio.run(finish())
    assert failed_now == 0 and changed_now == len(failures)  # exactly the failed ones
    final = Journal.open(tmp_path, run_id).state()
    assert {e.id for e in final.done()} == with_links

    async def restore() -> dict[str, object]:
        async with AsyncGhostAdmin(proxy.url, key=ghost.admin_key) as admin:
            return await undo(admin, tmp_path, run_id)

    started = time.monotonic()
    result = asyncio.run(restore())
    assert result["restored"] == len(with_links), (result, time.monotonic() - started)
    restored = current(ghost, tag)
    for post_id in with_links - set(others):
        assert restored[post_id].lexical == before[post_id]["lexical"]
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        admin.posts.bulk_delete(f"tag:{tag}")
