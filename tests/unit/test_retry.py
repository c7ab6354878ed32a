"""Retries: 429 and unsent requests always; 5xx only for idempotent methods."""

from __future__ import annotations

import httpx
import pytest

from ghostkit import GhostAdmin, RateLimitError, RetryPolicy, ServerError
from ghostkit.core.errors import OutcomeUnknownError
from ghostkit.core.retry import parse_retry_after

KEY = "6489d3b9a1c2b40001a1b2c3:" + "ab" * 32
FAST = RetryPolicy(max_retries=2, backoff=0.0, jitter=False)


def scripted(
    *answers: int | type[Exception], retry_after: str | None = None
) -> tuple[list[httpx.Request], httpx.MockTransport]:
    seen: list[httpx.Request] = []
    queue = list(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = queue.pop(0)
        if isinstance(answer, type):
            raise answer("boom", request=request)  # type: ignore[call-arg]
        headers = {"retry-after": retry_after} if retry_after and answer == 429 else {}
        return httpx.Response(
            answer,
            headers=headers,
            json={"posts": [], "errors": [{"message": "x"}]}
            if answer >= 400
            else {"posts": [{"id": "1"}]},
        )

    return seen, httpx.MockTransport(handle)


def test_policy_decisions() -> None:
    policy = RetryPolicy(max_retries=2)
    assert policy.should_retry_status("POST", 429, 0)
    assert not policy.should_retry_status("POST", 503, 0)
    assert policy.should_retry_status("GET", 503, 1)
    assert policy.should_retry_status("DELETE", 502, 0)
    assert not policy.should_retry_status("GET", 503, 2)
    assert not policy.should_retry_status("GET", 500, 0)
    assert policy.should_retry_connection("POST", 0, sent=False)
    assert not policy.should_retry_connection("POST", 0, sent=True)
    assert policy.should_retry_connection("GET", 0, sent=True)


def test_delay_honours_retry_after_within_a_cap() -> None:
    policy = RetryPolicy(backoff=1.0, jitter=False, max_retry_after=30)
    assert policy.delay(0) == 1.0 and policy.delay(2) == 4.0
    assert policy.delay(0, retry_after=7) == 7
    assert policy.delay(0, retry_after=999) == 30


def test_parse_retry_after() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None


def test_get_retries_503_then_succeeds() -> None:
    seen, transport = scripted(503, 200)
    with GhostAdmin("https://s.test", key=KEY, transport=transport, retry=FAST) as admin:
        assert admin.posts.browse().items[0].id == "1"
    assert len(seen) == 2


def test_post_is_not_retried_on_503() -> None:
    seen, transport = scripted(503, 200)
    with (
        GhostAdmin("https://s.test", key=KEY, transport=transport, retry=FAST) as admin,
        pytest.raises(ServerError),
    ):
        admin.posts.add({"title": "x"})
    assert len(seen) == 1


def test_post_is_retried_on_429_and_on_a_failed_connect() -> None:
    seen, transport = scripted(429, httpx.ConnectError, 200, retry_after="0")
    with GhostAdmin(
        "https://s.test",
        key=KEY,
        transport=transport,
        retry=RetryPolicy(max_retries=3, backoff=0.0),
    ) as admin:
        admin.posts.add({"title": "x"})
    assert [r.method for r in seen] == ["POST", "POST", "POST"]


def test_post_is_not_retried_after_a_read_error() -> None:
    seen, transport = scripted(httpx.ReadError, 200)
    with (
        GhostAdmin("https://s.test", key=KEY, transport=transport, retry=FAST) as admin,
        pytest.raises(OutcomeUnknownError, match="may have landed"),
    ):
        admin.posts.add({"title": "x"})
    assert len(seen) == 1


def test_retries_run_out_into_a_typed_error() -> None:
    seen, transport = scripted(429, 429, 429, retry_after="0")
    with (
        GhostAdmin("https://s.test", key=KEY, transport=transport, retry=FAST) as admin,
        pytest.raises(RateLimitError) as caught,
    ):
        admin.posts.browse()
    assert len(seen) == 3 and caught.value.retry_after == 0.0
