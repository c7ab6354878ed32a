"""Every answer is checked to be Ghost's before it is believed: the content type, the JSON,
the envelope; redirects are reported, not followed; a write that got no answer says it may
have landed. Mock transports stand in for what a real server cannot be made to do here;
tests/integration/test_live_answers.py shows the same against real servers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from ghostkit import AsyncGhostAdmin, ConfigurationError, GhostAdmin, GhostContent, RetryPolicy
from ghostkit.core.errors import (
    GhostConnectionError,
    NotGhostError,
    OutcomeUnknownError,
    RedirectError,
)

URL = "https://site.test"
KEY = "6489d3b9a1c2b40001a1b2c3:" + "ab" * 32
ID = "6489d3b9a1c2b40001a1b2c3"
LOGIN_PAGE = (
    b"<!doctype html><html><head><title>Sign in - Access</title></head><body></body></html>"
)


def html(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=LOGIN_PAGE, headers={"Content-Type": "text/html"})


def admin_for(handler: Callable[[httpx.Request], httpx.Response], **options: Any) -> GhostAdmin:
    return GhostAdmin(URL, key=KEY, transport=httpx.MockTransport(handler), **options)


CALLS: list[tuple[str, Callable[[GhostAdmin], Any]]] = [
    ("browse", lambda a: a.posts.browse()),
    ("iter", lambda a: list(a.posts.iter())),
    ("read", lambda a: a.posts.read(ID)),
    ("read by slug", lambda a: a.tags.read(slug="news")),
    ("add", lambda a: a.posts.add({"title": "t"})),
    ("edit", lambda a: a.tags.edit(ID, {"name": "n"})),
    ("delete", lambda a: a.posts.delete(ID)),
    ("copy", lambda a: a.posts.copy(ID)),
    ("bulk delete", lambda a: a.posts.bulk_delete("tag:x")),
    ("site", lambda a: a.site()),
    ("config", lambda a: a.config()),
    ("settings", lambda a: a.settings.get()),
    ("members export", lambda a: a.members.export_csv()),
    ("db export", lambda a: a.db.export()),
    ("upload", lambda a: a.images.upload(b"\x89PNG", filename="a.png")),
    ("staff token", lambda a: a.users.staff_token()),
    ("themes", lambda a: a.themes.browse()),
    ("request", lambda a: a.request("GET", "posts/")),
]


@pytest.mark.parametrize(("what", "call"), CALLS, ids=[c[0] for c in CALLS])
def test_a_200_html_page_is_never_taken_for_ghost(
    what: str, call: Callable[[GhostAdmin], Any]
) -> None:
    with admin_for(html) as admin, pytest.raises(NotGhostError) as caught:
        call(admin)
    error = caught.value
    assert "not Ghost's API" in error.message
    assert "text/html" in error.message and "Sign in - Access" in error.message
    assert error.hint and "site URL" in error.hint
    assert isinstance(error, GhostConnectionError)  # exit code 8


@pytest.mark.parametrize(
    ("content", "content_type", "why"),
    [
        (b"", "application/json", "empty"),
        (b"{not json", "application/json", "not JSON"),
        (b"[1, 2]", "application/json", "not a JSON object"),
        (b'{"data": []}', "application/json", "no posts"),
        (b'{"posts": []}', "text/plain", "text/plain"),
        (b'{"posts": []}', "", "no content type"),
    ],
)
def test_json_of_another_shape_is_not_ghost(content: bytes, content_type: str, why: str) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": content_type} if content_type else {}
        return httpx.Response(200, content=content, headers=headers)

    with admin_for(handle) as admin, pytest.raises(NotGhostError, match=why):
        admin.posts.browse()
    with admin_for(handle) as admin, pytest.raises(NotGhostError):
        admin.posts.read(ID)


@pytest.mark.parametrize(
    "call",
    [
        lambda a: a.posts.bulk_delete("tag:x"),
        lambda a: a.posts.bulk_edit("tag:x", "feature"),
        lambda a: a.members.bulk_delete("label:x"),
        lambda a: a.members.bulk_edit("label:x", "unsubscribe"),
        lambda a: a.members.import_csv(b"email\na@b.c\n"),
        lambda a: a.site(),
        lambda a: a.users.me(),
    ],
)
def test_json_without_the_envelope_is_never_taken_for_nothing_done(
    call: Callable[[GhostAdmin], Any],
) -> None:
    """`{}` from something that speaks JSON but is not Ghost: not "0 deleted"."""
    admin = admin_for(lambda request: httpx.Response(200, json={}))
    with admin, pytest.raises(NotGhostError, match="JSON with no"):
        call(admin)


def test_a_delete_is_believed_on_ghosts_own_204_only() -> None:
    seen: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        status = seen.pop() if seen else 204
        return httpx.Response(status)

    with admin_for(handle) as admin:
        assert admin.posts.delete(ID) is None  # Ghost 5 and 6: 204, no body
        seen.append(200)  # an empty 200: some other server
        with pytest.raises(NotGhostError):
            admin.posts.delete(ID)


def test_a_read_answered_204_is_not_ghost() -> None:
    """A captive portal's probe answer (204, empty) to a read."""
    with admin_for(lambda request: httpx.Response(204)) as admin, pytest.raises(NotGhostError):
        admin.posts.browse()


def test_members_export_wants_csv_and_takes_an_empty_one() -> None:
    answers = [
        httpx.Response(200, content=b"", headers={"Content-Type": "text/csv; charset=utf-8"}),
        httpx.Response(200, content=b"id,email\n", headers={"Content-Type": "text/csv"}),
    ]
    with admin_for(lambda request: answers.pop(0)) as admin:
        assert admin.members.export_csv() == b""
        assert admin.members.export_csv() == b"id,email\n"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_says_where_to_and_is_not_followed(status: int) -> None:
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        target = str(request.url).replace("https://site.test", "https://www.site.test")
        return httpx.Response(status, headers={"Location": target})

    with admin_for(handle) as admin, pytest.raises(RedirectError) as caught:
        admin.posts.add({"title": "t"})
    assert len(sent) == 1  # not followed, never sent again
    error = caught.value
    assert isinstance(error, ConfigurationError)  # exit code 3
    assert error.location == "https://www.site.test/ghost/api/admin/posts/"
    assert "https://www.site.test/ghost/api/admin/posts/" in error.message
    assert error.hint and "https://www.site.test" in error.hint
    assert "use that URL" in error.hint


def test_a_redirect_hint_keeps_keys_out() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            301, headers={"Location": "https://other.test" + request.url.raw_path.decode()}
        )

    content_key = "0123456789abcdef0123456789"
    client = GhostContent(URL, key=content_key, transport=httpx.MockTransport(handle))
    with client, pytest.raises(RedirectError) as caught:
        client.posts.browse()
    assert content_key not in str(caught.value) + repr(caught.value)
    assert "https://other.test" in str(caught.value)


def test_version_detection_reports_a_redirect_too() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": "https://site.test/"})

    with admin_for(handle, version="auto") as admin, pytest.raises(RedirectError):
        admin.posts.browse()


def test_version_detection_of_an_html_page() -> None:
    with admin_for(html, version="auto") as admin, pytest.raises(NotGhostError):
        admin.posts.browse()


def _hang(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


@pytest.mark.parametrize(
    ("call", "method", "says"),
    [
        (lambda a: a.posts.add({"title": "t"}), "POST", "posts list"),
        (lambda a: a.posts.edit(ID, {"title": "t", "updated_at": "x"}), "PUT", "posts get"),
        (lambda a: a.tags.delete(ID), "DELETE", "tags get"),
    ],
)
def test_a_write_that_got_no_answer_may_have_landed(
    call: Callable[[GhostAdmin], Any], method: str, says: str
) -> None:
    with (
        admin_for(_hang, retry=RetryPolicy.none()) as admin,
        pytest.raises(OutcomeUnknownError) as caught,
    ):
        call(admin)
    error = caught.value
    assert "could not reach" not in error.message
    assert f"{method} " in error.message and "may have" in error.message
    assert error.hint and says in error.hint
    assert isinstance(error, GhostConnectionError)


def test_a_read_that_got_no_answer_is_not_called_unreachable() -> None:
    with (
        admin_for(_hang, retry=RetryPolicy.none()) as admin,
        pytest.raises(GhostConnectionError) as caught,
    ):
        admin.posts.browse()
    assert not isinstance(caught.value, OutcomeUnknownError)
    assert "did not answer" in caught.value.message


def test_a_write_that_never_connected_is_still_could_not_reach() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with (
        admin_for(refuse, retry=RetryPolicy.none()) as admin,
        pytest.raises(GhostConnectionError) as caught,
    ):
        admin.posts.add({"title": "t"})
    assert not isinstance(caught.value, OutcomeUnknownError)
    assert "could not reach" in caught.value.message


def test_the_async_client_checks_answers_too() -> None:
    async def go() -> None:
        client = AsyncGhostAdmin(URL, key=KEY, transport=httpx.MockTransport(html))
        async with client:
            with pytest.raises(NotGhostError):
                await client.posts.browse()
            with pytest.raises(NotGhostError):
                await client.posts.delete(ID)

    asyncio.run(go())


def test_a_login_answered_by_a_page_without_a_session_is_not_ghost() -> None:
    sent: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        return html(request)

    client = GhostAdmin(
        URL, email="me@site.test", password="pw-long-enough", transport=httpx.MockTransport(handle)
    )
    with client, pytest.raises(NotGhostError) as caught:
        client.posts.browse()
    assert sent == ["/ghost/api/admin/session/"]  # nothing sent on the strength of it
    assert "no session cookie" in caught.value.message
    assert "pw-long-enough" not in str(caught.value)


def test_a_login_that_is_redirected_says_where() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "https://sso.example.test/login?next=/"})

    client = GhostAdmin(
        URL, email="me@site.test", password="pw-long-enough", transport=httpx.MockTransport(handle)
    )
    with client, pytest.raises(RedirectError) as caught:
        client.posts.browse()
    assert "https://sso.example.test/login" in caught.value.message


@pytest.mark.parametrize(
    ("kind", "call"),
    [
        ("images", lambda a, f: a.images.upload(f)),
        ("themes", lambda a, f: a.themes.upload(f)),
        ("themes", lambda a, f: a.themes.activate("casper")),
    ],
)
def test_an_upload_answered_with_an_empty_list_is_not_ghosts(
    kind: str, call: Callable[[GhostAdmin, Any], Any], tmp_path: Any
) -> None:
    """Ghost answers an upload with the one item it stored; an empty list (or no object)
    is something else answering, never an IndexError."""
    picture = tmp_path / "a.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    for body in ({kind: []}, {kind: ["not an object"]}):
        admin = admin_for(lambda request, body=body: httpx.Response(201, json=body))
        with pytest.raises(NotGhostError, match=f"no {kind}"):
            call(admin, picture)
