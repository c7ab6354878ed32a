"""How a bulk run is built and guarded, without a server: the domains it selects, the run a
resume rebuilds from a journal's header, the per-site lock, the stop when the site stops
answering, and the refusal to change posts without a confirmation."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest

from ghostkit import AsyncGhostAdmin
from ghostkit.cli import exits
from ghostkit.content.selection import LinkSelector
from ghostkit.core.errors import ConfigurationError, SiteBusyError, UsageError
from ghostkit.core.retry import RetryPolicy
from ghostkit.operations.change import Item, Patch, Selection
from ghostkit.operations.engine import Engine
from ghostkit.operations.journal import Journal
from ghostkit.operations.lock import SiteLock, public_site_url
from ghostkit.operations.plan import ItemPlan, Plan
from ghostkit.operations.records import RunHeader
from ghostkit.operations.transforms import ReplaceText, StripLinks

SITE = "https://blog.example.com"
KEY = "a" * 24 + ":" + "b" * 64


# -- --domain ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [
        "example.com",
        "EXAMPLE.com",
        ".example.com",
        "*.example.com",
        "example.com.",
        "https://example.com/",
        "https://example.com",
        "http://Example.COM",
        "//example.com/",
        "  example.com  ",
    ],
)
def test_a_domain_given_as_a_url_or_with_decoration_means_its_host(given: str) -> None:
    selector = LinkSelector(domains=(given,))
    assert selector.domains == ("example.com",)
    assert selector.selects("https://example.com/a")
    assert selector.selects("https://www.example.com/b")
    assert not selector.selects("https://example.org/")


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("https://", "not a domain"),
        ("https://example.com/blog/", "has a path"),
        ("https://example.com/?q=1", "has a path"),
        ("https://example.com:8080/", "more than a host"),
        ("https://me@example.com/", "more than a host"),
        ("exa mple.com", "not a domain"),
        ("example..com", "not a domain"),
        ("example.com/path", "not a domain"),
        ("-bad.com", "not a domain"),
        ("http://[::1", "not a valid URL"),
    ],
)
def test_an_empty_or_malformed_domain_is_refused(given: str, says: str) -> None:
    with pytest.raises(ConfigurationError, match=says) as caught:
        LinkSelector(domains=(given,))
    assert caught.value.hint and "example.com" in caught.value.hint


def test_an_ip_address_is_a_domain() -> None:
    assert LinkSelector(domains=("[::1]",)).selects("http://[::1]:8080/x")
    assert LinkSelector(domains=("127.0.0.1",)).selects("http://127.0.0.1/x")


def test_links_to_the_site_stay_internal_when_its_url_carries_basic_auth() -> None:
    selector = LinkSelector(external_only=True, site_url="https://me:pw@blog.example.com")
    assert not selector.selects("https://blog.example.com/about/")
    assert selector.selects("https://example.org/")


# -- resuming: the run comes from its journal ------------------------------------------


def test_a_transform_is_rebuilt_from_its_description() -> None:
    strip = StripLinks(
        LinkSelector(external_only=True, domains=("example.org",), pattern="x+", site_url=SITE),
        "text",
    )
    described = json.loads(json.dumps(strip.describe()))
    assert StripLinks.from_description(described, SITE) == strip
    replace = ReplaceText("Acme Inc", "Acme Corp", regex=False)
    assert ReplaceText.from_description(json.loads(json.dumps(replace.describe()))) == replace


def header(**changes: Any) -> dict[str, Any]:
    operation = StripLinks(LinkSelector(external_only=True, site_url=SITE)).describe()
    return {
        "type": "run",
        "id": "20260101-000000-abcd",
        "site": None,
        "url": SITE,
        "resources": ["pages"],
        "filter": "slug:one",
        "operation": operation,
        **changes,
    }


def test_a_resume_is_built_from_the_header_only(tmp_path: Path) -> None:
    from ghostkit.operations.api import engine_for_run

    admin = AsyncGhostAdmin(SITE, key=KEY)
    engine = engine_for_run(admin, RunHeader.from_json(header()), runs_dir=tmp_path)
    assert engine.selection == Selection(("pages",), "slug:one")
    assert isinstance(engine.change, StripLinks)
    assert engine.change.selector.external_only
    assert not engine.change.selector.selects(SITE + "/about/")
    replace = RunHeader.from_json(header(operation=ReplaceText("a", "b").describe()))
    assert engine_for_run(admin, replace, runs_dir=tmp_path).change == ReplaceText("a", "b")
    schema_2 = RunHeader.from_json(RunHeader.from_json(header()).to_json())
    assert engine_for_run(admin, schema_2, runs_dir=tmp_path).selection.resources == ("pages",)


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"operation": {"kind": "restore"}}, "restore run"),
        ({"operation": {}}, "does not say"),
        ({"resources": ["newsletters"]}, "does not say"),
        ({"operation": {"kind": "my-own"}}, "change of your own"),
        ({"url": "https://other.example.com"}, "other.example.com"),
        ({"operation": {"kind": "links-strip", "link_cards": "burn"}}, "does not say"),
    ],
)
def test_a_header_that_cannot_be_resumed_is_refused(
    tmp_path: Path, changes: dict[str, Any], says: str
) -> None:
    from ghostkit.operations.api import engine_for_run

    admin = AsyncGhostAdmin(SITE, key=KEY)
    with pytest.raises((UsageError, ConfigurationError), match=says):
        engine_for_run(admin, RunHeader.from_json(header(**changes)), runs_dir=tmp_path)


def test_an_empty_filter_is_refused_rather_than_taken_as_every_post(tmp_path: Path) -> None:
    admin = AsyncGhostAdmin(SITE, key=KEY)
    with pytest.raises(ConfigurationError, match="filter is empty"):
        Engine(admin, ReplaceText("a", "b"), runs_dir=tmp_path, selection=Selection(filter=" "))


# -- one run per site ------------------------------------------------------------------


def test_a_second_lock_on_a_site_names_the_run_that_holds_it(tmp_path: Path) -> None:
    first = SiteLock(tmp_path, SITE)
    first.acquire("20260101-000000-aaaa")
    with pytest.raises(SiteBusyError, match="run 20260101-000000-aaaa") as caught:
        SiteLock(tmp_path, SITE + "/").acquire()
    assert exits.exit_code(caught.value) == exits.CONFLICT
    SiteLock(tmp_path, "https://other.example.com").acquire()  # another site is free
    first.release()
    again = SiteLock(tmp_path, SITE)
    again.acquire()
    again.release()


def test_the_lock_is_keyed_without_basic_auth_and_never_stores_it(tmp_path: Path) -> None:
    assert public_site_url("https://me:secret@Blog.Example.com/") == SITE
    lock = SiteLock(tmp_path, "https://me:secret@blog.example.com")
    lock.acquire("r")
    assert "secret" not in lock.path.read_text()
    assert lock.path.stat().st_mode & 0o077 == 0
    with pytest.raises(SiteBusyError):
        SiteLock(tmp_path, SITE).acquire()
    lock.release()


def test_a_lock_dies_with_its_process(tmp_path: Path) -> None:
    holder = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from ghostkit.operations.lock import SiteLock
        lock = SiteLock(Path({str(tmp_path)!r}), {SITE!r})
        lock.acquire("held")
        print("held", flush=True)
        time.sleep(60)
        """
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    process = subprocess.Popen(
        [sys.executable, "-c", holder],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": src},
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        with pytest.raises(SiteBusyError, match="run held"):
            SiteLock(tmp_path, SITE).acquire()
    finally:
        process.kill()
        process.wait(10)
    lock = SiteLock(tmp_path, SITE)
    lock.acquire()  # the kill released it
    lock.release()


# -- a run against a site that stops answering -------------------------------------------


def post_plan(n: int) -> ItemPlan:
    post = {
        "id": f"{n:024x}",
        "slug": f"p{n}",
        "title": "t",
        "updated_at": "2026-01-01T00:00:00.000Z",
        "lexical": '{"root":{}}',
    }
    patch = Patch({"lexical": '{"root":{"children":[]}}'}, counts={"replacements": 1})
    return ItemPlan.of(Item("posts", post), patch)


def run_against(handler: Any, tmp_path: Path, posts: int = 40) -> tuple[Exception, int]:
    calls = {"n": 0}

    def counting(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        return handler(request)  # type: ignore[no-any-return]

    async def main() -> None:
        admin = AsyncGhostAdmin(
            SITE, key=KEY, transport=httpx.MockTransport(counting), retry=RetryPolicy.none()
        )
        async with admin:
            operation = Engine(admin, ReplaceText("a", "b"), runs_dir=tmp_path)
            plan = Plan()
            plan.seen = posts
            plan.changes = [post_plan(n) for n in range(posts)]
            await operation.apply(plan)

    with pytest.raises(Exception) as caught:
        asyncio.run(main())
    return caught.value, calls["n"]


def test_a_run_stops_when_the_site_stops_answering(tmp_path: Path) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    error, calls = run_against(down, tmp_path)
    assert exits.exit_code(error) == exits.CONNECTION
    (journal,) = tmp_path.glob("*.jsonl")
    run_id = journal.stem
    assert "stopped answering" in str(error) and run_id in str(error)
    assert f"ghostkit runs resume {run_id}" in str(error)
    records = list(Journal(journal).records())
    failed = [r for r in records if r["type"] == "failed"]
    assert 5 <= len(failed) <= 5 + 4, len(failed)  # the bound, plus what was in flight
    assert calls < 30
    assert not [r for r in records if r["type"] == "end"]  # interrupted: it resumes


def test_a_run_stops_when_a_gateway_answers_for_a_site_that_is_down(tmp_path: Path) -> None:
    def gateway(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, html="<html><body>502 Bad Gateway</body></html>")

    error, _calls = run_against(gateway, tmp_path)
    assert exits.exit_code(error) == exits.CONNECTION
    assert "502" in str(error)


def test_a_revoked_key_stops_the_run_with_the_authentication_code(tmp_path: Path) -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        body = {"errors": [{"message": "Unknown Admin API Key", "type": "UnauthorizedError"}]}
        return httpx.Response(401, json=body)

    error, calls = run_against(refused, tmp_path)
    assert exits.exit_code(error) == exits.AUTHENTICATION
    assert "runs resume" in str(error) and calls < 30


def test_failures_of_single_posts_do_not_stop_the_run(tmp_path: Path) -> None:
    def invalid(request: httpx.Request) -> httpx.Response:
        body = {"errors": [{"message": "Validation failed", "type": "ValidationError"}]}
        return httpx.Response(422, json=body)

    async def main() -> Any:
        admin = AsyncGhostAdmin(SITE, key=KEY, transport=httpx.MockTransport(invalid))
        async with admin:
            operation = Engine(admin, ReplaceText("a", "b"), runs_dir=tmp_path)
            plan = Plan()
            plan.changes = [post_plan(n) for n in range(12)]
            return await operation.apply(plan)

    summary = asyncio.run(main())
    assert summary.failed == 12  # every post tried: the failures were the posts' own


# -- a change needs a yes ------------------------------------------------------------------


def test_no_terminal_and_no_yes_is_a_usage_error() -> None:
    from ghostkit.cli.confirm import confirm

    with pytest.raises(UsageError, match="without confirmation") as caught:
        confirm("Change 3 posts?", yes=False, interactive=False)
    assert exits.exit_code(caught.value) == exits.USAGE
    assert caught.value.hint and "--yes" in caught.value.hint
    assert confirm("Change 3 posts?", yes=True, interactive=False)


def test_an_undo_stops_when_the_site_stops_answering(tmp_path: Path) -> None:
    from ghostkit.operations.undo import undo

    def saves(request: httpx.Request) -> httpx.Response:
        post_id = request.url.path.rstrip("/").rsplit("/", 1)[-1]
        stamp = "2026-01-01T00:00:01.000Z"
        return httpx.Response(200, json={"posts": [{"id": post_id, "updated_at": stamp}]})

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    calls = {"n": 0}

    def counting_down(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        return down(request)

    async def main() -> str:
        async with AsyncGhostAdmin(SITE, key=KEY, transport=httpx.MockTransport(saves)) as admin:
            operation = Engine(admin, ReplaceText("a", "b"), runs_dir=tmp_path)
            plan = Plan()
            plan.changes = [post_plan(n) for n in range(40)]
            summary = await operation.apply(plan)
        assert summary.changed == 40
        transport = httpx.MockTransport(counting_down)
        async with AsyncGhostAdmin(
            SITE, key=KEY, transport=transport, retry=RetryPolicy.none()
        ) as admin:
            await undo(admin, tmp_path, summary.run_id)
        return summary.run_id

    with pytest.raises(Exception) as caught:
        asyncio.run(main())
    assert exits.exit_code(caught.value) == exits.CONNECTION
    assert "runs undo" in str(caught.value) and "again" in str(caught.value)
    assert calls["n"] < 20  # not one failed request per post
