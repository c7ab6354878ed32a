"""How each credential lands on the request, through a mock transport (no server)."""

from __future__ import annotations

import json

import httpx
import pytest

from ghostkit import (
    AsyncGhostAdmin,
    AsyncGhostContent,
    GhostAdmin,
    GhostContent,
    LoginError,
    TwoFactorRequiredError,
)
from ghostkit.auth.strategies import site_origin
from ghostkit.core.errors import ConfigurationError

URL = "https://site.test"
KEY = "6489d3b9a1c2b40001a1b2c3:" + "ab" * 32
CONTENT = "0123456789abcdef0123456789"

POSTS = {
    "posts": [],
    "meta": {
        "pagination": {"page": 1, "limit": 15, "pages": 1, "total": 0, "next": None, "prev": None}
    },
}


def recorder() -> tuple[list[httpx.Request], httpx.MockTransport]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=POSTS)

    return seen, httpx.MockTransport(handle)


def test_integration_key_sends_ghost_token_and_accept_version() -> None:
    seen, transport = recorder()
    with GhostAdmin(URL, key=KEY, transport=transport) as admin:
        admin.posts.browse()
    request = seen[0]
    assert request.url.path == "/ghost/api/admin/posts/"
    assert request.headers["Authorization"].startswith("Ghost ey")
    assert request.headers["Accept-Version"] == "v6.0"
    assert request.headers["User-Agent"].startswith("ghostkit/")


def test_legacy_version_uses_versioned_path_and_no_accept_version() -> None:
    seen, transport = recorder()
    with GhostAdmin(URL, key=KEY, version="v4", transport=transport) as admin:
        admin.posts.browse()
    assert seen[0].url.path == "/ghost/api/v4/admin/posts/"
    assert "Accept-Version" not in seen[0].headers


def test_staff_token_is_sent_like_an_integration_key() -> None:
    seen, transport = recorder()
    with GhostAdmin(URL, staff_token=KEY, transport=transport) as admin:
        admin.posts.browse()
    assert seen[0].headers["Authorization"].startswith("Ghost ")


def test_content_key() -> None:
    seen, transport = recorder()
    with GhostContent(URL, key=CONTENT, transport=transport) as c:
        c.posts.browse(limit=3)
    request = seen[0]
    assert request.url.path == "/ghost/api/content/posts/"
    assert request.url.params["key"] == CONTENT
    assert request.url.params["limit"] == "3"
    assert "Authorization" not in request.headers


def test_a_member_token_is_refused_before_any_request() -> None:
    """Ghost's Content API refuses every member token Ghost issues (see test_live_auth)."""
    seen, transport = recorder()
    for client in (GhostContent, AsyncGhostContent):
        with pytest.raises(ConfigurationError, match="no member token") as caught:
            client(URL, key=CONTENT, member_token="member-jwt", transport=transport)  # type: ignore[arg-type]
        assert "member-jwt" not in str(caught.value)
    assert seen == []


def test_exactly_one_admin_credential() -> None:
    with pytest.raises(Exception, match="exactly one"):
        GhostAdmin(URL)
    with pytest.raises(Exception, match="exactly one"):
        GhostAdmin(URL, key=KEY, staff_token=KEY)


class SessionServer:
    """A fake Ghost session endpoint: login, optional 2FA, cookie checks, expiry."""

    def __init__(self, *, two_factor: bool = False, code: str = "2FA_TOKEN_REQUIRED") -> None:
        self.two_factor = two_factor
        self.code = code
        self.requests: list[httpx.Request] = []
        self.valid_cookie = "ghost-admin-api-session=s1"
        self.verified = not two_factor
        self.logins = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        cookie = {"set-cookie": f"{self.valid_cookie}; Path=/ghost; HttpOnly; SameSite=Lax"}
        if path.endswith("/session/") and request.method == "POST":
            self.logins += 1
            body = json.loads(request.content)
            if body != {"username": "me@site.test", "password": "correct horse 1"}:
                return httpx.Response(
                    422, json={"errors": [{"message": "bad", "type": "ValidationError"}]}
                )
            if self.two_factor:
                return httpx.Response(
                    403,
                    headers=cookie,
                    json={
                        "errors": [
                            {
                                "message": "User must verify session to login.",
                                "type": "Needs2FAError",
                                "code": self.code,
                            }
                        ]
                    },
                )
            return httpx.Response(201, headers=cookie, text="Created")
        if path.endswith("/session/verify/"):
            if (
                json.loads(request.content) == {"token": "123456"}
                and request.headers.get("cookie") == self.valid_cookie
            ):
                self.verified = True
                return httpx.Response(200, json={})
            return httpx.Response(401, text="Unauthorized")  # what Ghost sends
        if request.headers.get("cookie") != self.valid_cookie or not self.verified:
            return httpx.Response(
                403,
                json={
                    "errors": [
                        {
                            "message": "Authorization failed",
                            "context": "Check that cookies are being passed through if "
                            "using session authentication.",
                            "type": "NoPermissionError",
                        }
                    ]
                },
            )
        return httpx.Response(200, json={"users": [{"id": "1"}]})


def test_session_login_sends_origin_and_cookie() -> None:
    server = SessionServer()
    with GhostAdmin(
        URL + "/ghost/",
        email="me@site.test",
        password="correct horse 1",
        transport=httpx.MockTransport(server),
    ) as admin:
        assert admin.request("GET", "users/me/")["users"][0]["id"] == "1"
        admin.request("GET", "users/me/")
    login, call, again = server.requests
    assert login.url.path == "/ghost/api/admin/session/"
    assert login.headers["Origin"] == URL
    assert call.headers["Origin"] == URL and call.headers["cookie"] == server.valid_cookie
    assert again.headers["cookie"] == server.valid_cookie
    assert server.logins == 1


def test_session_two_factor_code_goes_to_session_verify() -> None:
    server = SessionServer(two_factor=True)
    asked: list[bool] = []

    def code() -> str:
        asked.append(True)
        return "123456"

    with GhostAdmin(
        URL,
        email="me@site.test",
        password="correct horse 1",
        two_factor_code=code,
        transport=httpx.MockTransport(server),
    ) as admin:
        admin.request("GET", "users/me/")
    assert asked == [True]
    verify = server.requests[1]
    assert verify.method == "PUT" and verify.url.path == "/ghost/api/admin/session/verify/"


def test_session_two_factor_without_a_code_raises_a_typed_error() -> None:
    server = SessionServer(two_factor=True)
    with (
        GhostAdmin(
            URL,
            email="me@site.test",
            password="correct horse 1",
            transport=httpx.MockTransport(server),
        ) as admin,
        pytest.raises(TwoFactorRequiredError) as caught,
    ):
        admin.request("GET", "users/me/")
    assert "code" in (caught.value.hint or "")


def test_expired_session_logs_in_again_once() -> None:
    server = SessionServer()
    with GhostAdmin(
        URL, email="me@site.test", password="correct horse 1", transport=httpx.MockTransport(server)
    ) as admin:
        admin.request("GET", "users/me/")
        server.valid_cookie = "ghost-admin-api-session=s2"  # the server forgot the session
        admin.request("GET", "users/me/")
    assert server.logins == 2
    assert server.requests[-1].headers["cookie"] == "ghost-admin-api-session=s2"


@pytest.mark.anyio
async def test_async_session_login() -> None:
    server = SessionServer()
    async with AsyncGhostAdmin(
        URL, email="me@site.test", password="correct horse 1", transport=httpx.MockTransport(server)
    ) as admin:
        body = await admin.request("GET", "users/me/")
    assert body["users"][0]["id"] == "1"


def test_credentials_stay_out_of_reprs() -> None:
    admin = GhostAdmin(URL, email="me@site.test", password="correct horse 1")
    assert "correct horse" not in repr(admin._http.auth)
    keyed = GhostAdmin(URL, key=KEY)
    assert KEY.split(":")[1] not in repr(keyed._http.auth) + repr(keyed)


@pytest.mark.parametrize("code", ["2FA_NEW_DEVICE_DETECTED", "2FA_TOKEN_REQUIRED"])
def test_both_of_ghosts_two_factor_answers_ask_for_the_code(code: str) -> None:
    server = SessionServer(two_factor=True, code=code)
    with GhostAdmin(
        URL,
        email="me@site.test",
        password="correct horse 1",
        two_factor_code=lambda: " 123 456 ",
        transport=httpx.MockTransport(server),
    ) as admin:
        assert admin.request("GET", "users/me/")["users"][0]["id"] == "1"
    assert json.loads(server.requests[1].content) == {"token": "123456"}
    with (
        GhostAdmin(
            URL,
            email="me@site.test",
            password="correct horse 1",
            transport=httpx.MockTransport(SessionServer(two_factor=True, code=code)),
        ) as admin,
        pytest.raises(TwoFactorRequiredError) as caught,
    ):
        admin.request("GET", "users/me/")
    assert caught.value.code == code
    assert "two_factor_code" in (caught.value.hint or "")


def test_a_code_given_before_the_login_is_refused_with_a_hint() -> None:
    with pytest.raises(ConfigurationError, match="function") as caught:
        GhostAdmin(URL, email="me@site.test", password="correct horse 1", two_factor_code="1")
    assert "input" in (caught.value.hint or "")


def test_a_refused_code_is_asked_for_again_then_the_login_fails() -> None:
    server = SessionServer(two_factor=True, code="2FA_NEW_DEVICE_DETECTED")
    answers = iter(["999999", "888888", "123456"])
    with GhostAdmin(
        URL,
        email="me@site.test",
        password="correct horse 1",
        two_factor_code=lambda: next(answers),
        transport=httpx.MockTransport(server),
    ) as admin:
        admin.request("GET", "users/me/")
    assert [r.method for r in server.requests] == ["POST", "PUT", "PUT", "PUT", "GET"]
    server = SessionServer(two_factor=True, code="2FA_NEW_DEVICE_DETECTED")
    with (
        GhostAdmin(
            URL,
            email="me@site.test",
            password="correct horse 1",
            two_factor_code=lambda: "000000",
            transport=httpx.MockTransport(server),
        ) as admin,
        pytest.raises(LoginError, match="verification code") as caught,
    ):
        admin.request("GET", "users/me/")
    assert "newest email" in (caught.value.hint or "")


@pytest.mark.parametrize("bad", ["12345", "abcdef", None, "１２３４５６"])
def test_a_code_that_is_not_six_digits_is_a_clear_error(bad: object) -> None:
    server = SessionServer(two_factor=True)
    with (
        GhostAdmin(
            URL,
            email="me@site.test",
            password="correct horse 1",
            two_factor_code=lambda: bad,  # type: ignore[arg-type,return-value]
            transport=httpx.MockTransport(server),
        ) as admin,
        pytest.raises(ConfigurationError, match="6 digits"),
    ):
        admin.request("GET", "users/me/")


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("HTTPS://Site.Test:443/", "https://site.test"),
        ("http://site.test:80", "http://site.test"),
        ("http://127.0.0.1:2368", "http://127.0.0.1:2368"),
        ("http://[::1]:2368/", "http://[::1]:2368"),
    ],
)
def test_the_origin_is_the_one_a_browser_sends_without_credentials(url: str, origin: str) -> None:
    server = SessionServer()
    with GhostAdmin(
        url, email="me@site.test", password="correct horse 1", transport=httpx.MockTransport(server)
    ) as admin:
        admin.request("GET", "users/me/")
    assert {r.headers["Origin"] for r in server.requests} == {origin}


def test_the_origin_leaves_out_a_basic_auth_password() -> None:
    assert site_origin("https://editor:s3cret@Site.test:8443/blog") == "https://site.test:8443"
