"""The link checker against real HTTP servers on 127.0.0.1 (nothing leaves the machine)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from ghostkit.operations.link_probe import CheckOptions, Hop, check_urls
from tests.linkservers import LinkServer, link_server

FAST = CheckOptions(timeout=1.0, retries=2, backoff=0.01)


@pytest.fixture
def server() -> Iterator[LinkServer]:
    with link_server() as running:
        yield running


def check(urls: list[str], options: CheckOptions = FAST) -> dict[str, object]:
    return asyncio.run(check_urls(urls, options))


def test_a_page_that_answers_is_ok_with_one_head(server: LinkServer) -> None:
    found = check([server.url + "/page"])[server.url + "/page"]
    assert (found.state, found.status, found.error, found.method) == ("ok", 200, None, "HEAD")
    assert server.asked == {("HEAD", "/page"): 1}


def test_a_chain_of_301s_is_followed_and_recorded_as_permanent(server: LinkServer) -> None:
    url = server.url + "/chain/3"
    found = check([url])[url]
    assert found.state == "redirected" and found.status == 200
    assert found.final_url == server.url + "/chain/0"
    assert found.redirects == [Hop(server.url + f"/chain/{n}", 301) for n in (3, 2, 1)]
    assert found.permanent


def test_a_302_is_a_redirect_that_is_not_permanent(server: LinkServer) -> None:
    found = check([server.url + "/found"])[server.url + "/found"]
    assert found.state == "redirected" and found.final_url == server.url + "/ok"
    assert not found.permanent


@pytest.mark.parametrize(("path", "words"), [("/missing", "404 Not Found"), ("/gone", "410 Gone")])
def test_4xx_is_broken_and_not_retried(server: LinkServer, path: str, words: str) -> None:
    found = check([server.url + path])[server.url + path]
    assert (found.state, found.error) == ("broken", words)
    assert sum(server.asked.values()) == 1


def test_500_is_retried_then_broken(server: LinkServer) -> None:
    found = check([server.url + "/error"])[server.url + "/error"]
    assert (found.state, found.status) == ("broken", 500)
    assert server.asked[("HEAD", "/error")] == 3  # the first try and two retries


def test_a_500_that_passes_is_ok(server: LinkServer) -> None:
    server.failing["/flaky"] = 1
    found = check([server.url + "/flaky"])[server.url + "/flaky"]
    assert found.state == "ok" and server.asked[("HEAD", "/flaky")] == 2


def test_head_refused_then_get_decides(server: LinkServer) -> None:
    found = check([server.url + "/no-head"])[server.url + "/no-head"]
    assert (found.state, found.method) == ("ok", "GET")
    assert server.asked == {("HEAD", "/no-head"): 1, ("GET", "/no-head"): 1}


def test_a_slow_page_times_out_without_retries(server: LinkServer) -> None:
    options = CheckOptions(timeout=0.3, retries=2, backoff=0.01)
    started = time.monotonic()
    found = check([server.url + "/slow"], options)[server.url + "/slow"]
    assert (found.state, found.error) == ("broken", "no answer within 0.3 s")
    assert time.monotonic() - started < 2


def test_a_reset_connection_is_broken(server: LinkServer) -> None:
    found = check([server.url + "/reset"])[server.url + "/reset"]
    assert found.state == "broken" and found.error == "connection reset", found.error


def test_refused_and_unknown_hosts_are_broken_in_words() -> None:
    with link_server() as gone:
        url = gone.url + "/x"
    found = check([url, "http://no-such-host.invalid/"])
    assert found[url].error == "connection refused"
    assert found["http://no-such-host.invalid/"].error == "no such host (DNS)"


def test_redirect_loops_are_broken(server: LinkServer) -> None:
    found = check([server.url + "/loop"])[server.url + "/loop"]
    assert (found.state, found.error) == ("broken", "redirects in a loop")


def test_each_url_once_and_fragments_are_not_sent(server: LinkServer) -> None:
    urls = [server.url + "/page#a", server.url + "/page#b", server.url + "/page"]
    found = check(urls + urls)
    assert set(found) == set(urls) and all(p.state == "ok" for p in found.values())
    assert server.asked == {("HEAD", "/page"): 1}


def test_per_host_limit_and_concurrency_are_respected() -> None:
    with link_server(latency=0.1) as one, link_server("127.0.0.2", latency=0.1) as two:
        urls = [s.url + f"/p{n}" for s in (one, two) for n in range(8)]
        options = CheckOptions(concurrency=8, per_host=2)
        started = time.monotonic()
        found = check(urls, options)
        took = time.monotonic() - started
    assert all(p.state == "ok" for p in found.values())
    assert one.most_in_flight == 2 and two.most_in_flight == 2
    assert took >= 0.4 - 0.05  # 8 requests, 2 at a time, 0.1 s each, on each host


def test_one_connection_per_host_is_reused_for_head_get_and_redirects(server: LinkServer) -> None:
    urls = [server.url + path for path in ("/no-head", "/chain/2", "/found", "/missing")]
    urls += [server.url + f"/p{n}" for n in range(6)]
    found = check(urls, CheckOptions(per_host=1, timeout=1.0))
    assert found[server.url + "/no-head"].method == "GET"
    assert found[server.url + "/chain/2"].state == "redirected"
    assert server.connections == 1  # each answer is read to its end, so the connection is kept


def test_a_long_body_to_a_get_is_not_read(server: LinkServer) -> None:
    server.refuse_head, server.body_size = True, 1 << 20
    urls = [server.url + f"/p{n}" for n in range(3)]
    found = check(urls, CheckOptions(per_host=1, timeout=1.0))
    assert all((p.state, p.method) == ("ok", "GET") for p in found.values())
    assert server.connections == 3  # each GET's connection dropped rather than 1 MiB read


def test_urls_of_a_slow_host_first_do_not_hold_back_the_others() -> None:
    with link_server(latency=0.3) as slow, link_server("127.0.0.2") as fast:
        urls = [slow.url + f"/s{n}" for n in range(20)] + [fast.url + f"/f{n}" for n in range(8)]
        started = time.monotonic()
        found = check(urls, CheckOptions(concurrency=4, per_host=2))
    assert all(p.state == "ok" for p in found.values())
    assert slow.most_in_flight == 2
    assert max(fast.arrivals) - started < 0.3  # before the slow host's first answers


def test_delay_spaces_requests_to_one_host(server: LinkServer) -> None:
    options = CheckOptions(per_host=4, delay=0.1)
    started = time.monotonic()
    check([server.url + f"/p{n}" for n in range(4)], options)
    assert time.monotonic() - started >= 0.3 - 0.02


def test_progress_counts_each_check(server: LinkServer) -> None:
    seen: list[tuple[int, int]] = []
    urls = [server.url + f"/p{n}" for n in range(3)]
    asyncio.run(check_urls(urls, FAST, lambda done, total: seen.append((done, total))))
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="per_host"):
        CheckOptions(per_host=0)
