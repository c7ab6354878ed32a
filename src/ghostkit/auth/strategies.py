"""How each kind of credential is put on a request, as httpx `Auth` flows.

A flow is a generator, so one implementation serves the sync and the async client alike.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator
from urllib.parse import urlsplit

import httpx

from ghostkit.auth.keys import AdminKey, ContentKey
from ghostkit.auth.token import TokenCache
from ghostkit.core.answers import media_type, not_ghost
from ghostkit.core.errors import (
    ConfigurationError,
    LoginError,
    TwoFactorRequiredError,
    build_api_error,
    json_or_none,
)

SESSION_COOKIE = "ghost-admin-api-session"
VERIFY_ATTEMPTS = 3
"""How many times a refused sign-in code is asked for again before the login fails."""


class AdminTokenAuth(httpx.Auth):
    """`Authorization: Ghost <jwt>` from an integration key or a staff access token."""

    def __init__(self, key: AdminKey, audience: str = "/admin/", *, reuse_for: float = 60.0):
        self.key = key
        self._tokens = TokenCache(key, audience, reuse_for=reuse_for)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Ghost {self._tokens.get()}"
        yield request

    def __repr__(self) -> str:
        return f"AdminTokenAuth(kid={self.key.id!r})"


class ContentKeyAuth(httpx.Auth):
    """The Content API key as the `key` query parameter."""

    def __init__(self, key: ContentKey) -> None:
        self.key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.url = request.url.copy_merge_params({"key": self.key.value})
        yield request

    def __repr__(self) -> str:
        return "ContentKeyAuth(key=***)"


_DEFAULT_PORTS = {"http": 80, "https": 443}


def site_origin(site_url: str) -> str:
    """The `Origin` a session must send, as a browser sends it and Ghost compares it: the
    scheme, the host in lower case and a port other than the scheme's default, without
    the `user:password@` of a site behind basic auth (which must never be sent along)."""
    parts = urlsplit(site_url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        raise ConfigurationError(
            "the site URL has a port that is not a number from 0 to 65535",
            hint="write the site URL as https://host or https://host:port",
        ) from None
    shown = f":{port}" if port is not None and port != _DEFAULT_PORTS.get(scheme) else ""
    return f"{scheme}://{host}{shown}"


class SessionAuth(httpx.Auth):
    """A user's session: log in with email and password, then send the cookie and `Origin`.

    Ghost checks `Origin` against the site on every session request (CSRF protection).
    When staff device verification is on (Ghost's default in production), a login from a
    new device answers 403 `2FA_NEW_DEVICE_DETECTED`; a site that requires email codes
    (the `require_email_mfa` setting) answers `2FA_TOKEN_REQUIRED`. Either way Ghost emails
    a 6-digit code, which goes to `PUT session/verify/` with the login's cookie. Since the
    code exists only once the login has been sent, `two_factor_code` is a function that
    returns it (called after Ghost has sent the email, and again, up to three times in
    all, if Ghost refuses the code). The login runs before the first request and again,
    once, when the session has expired.
    """

    requires_response_body = True

    def __init__(
        self,
        email: str,
        password: str,
        *,
        admin_root: str,
        site_url: str,
        two_factor_code: Callable[[], str] | None = None,
    ) -> None:
        if not email or not password:
            raise ConfigurationError("a session login needs both an email and a password")
        if two_factor_code is not None and not callable(two_factor_code):
            raise ConfigurationError(
                "two_factor_code must be a function that returns the code, not the code",
                hint="Ghost emails a new code at each login, so it cannot be known beforehand: "
                "pass a function, such as two_factor_code=lambda: input('Code from the "
                "email: ')",
            )
        self.email = email
        self._password = password
        self._two_factor = two_factor_code
        self._session_url = admin_root + "session/"
        self.origin = site_origin(site_url)
        self._cookies = httpx.Cookies()

    @property
    def logged_in(self) -> bool:
        return any(cookie.name == SESSION_COOKIE for cookie in self._cookies.jar)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if not self.logged_in:
            yield from self._login()
        request.headers["Origin"] = self.origin
        self._apply_cookie(request)
        response = yield request
        if response.status_code == 401 or _session_expired(response):
            self._cookies.clear()
            yield from self._login()
            self._apply_cookie(request)
            yield request

    def _apply_cookie(self, request: httpx.Request) -> None:
        request.headers.pop("Cookie", None)
        self._cookies.set_cookie_header(request)

    def _login(self) -> Generator[httpx.Request, httpx.Response, None]:
        body = {"username": self.email, "password": self._password}
        login = self._request("POST", self._session_url, body)
        response = yield login
        self._cookies.extract_cookies(response)
        if response.status_code in (200, 201):
            if not self.logged_in:  # not Ghost's answer: a login page, a portal
                kind = media_type(response.headers.get("content-type")) or "no content type"
                why = f"{kind} and no session cookie"
                raise not_ghost(
                    response.status_code, "POST", self._session_url, why, response.content
                )
            return
        error = build_api_error(
            response.status_code,
            json_or_none(response),
            method="POST",
            url=self._session_url,
            location=response.headers.get("location"),
        )
        if isinstance(error, TwoFactorRequiredError) and self._two_factor is not None:
            yield from self._verify()
            return
        if response.status_code in (401, 404, 422):
            raise LoginError(
                error.message,
                status=error.status,
                method=error.method,
                url=error.url,
                errors=error.errors,
                hint="check the email and password (after 5 failures Ghost refuses logins "
                "for 10 minutes)",
            )
        raise error

    def _verify(self) -> Generator[httpx.Request, httpx.Response, None]:
        assert self._two_factor is not None
        url = self._session_url + "verify/"
        for _attempt in range(VERIFY_ATTEMPTS):
            verify = self._request("PUT", url, {"token": _code_text(self._two_factor())})
            self._cookies.set_cookie_header(verify)
            response = yield verify
            self._cookies.extract_cookies(response)
            if response.status_code in (200, 201):
                return
            if response.status_code != 401:
                error = build_api_error(
                    response.status_code, json_or_none(response), method="PUT", url=url
                )
                if response.status_code == 429:
                    error.hint = (
                        "Ghost checks at most 5 sign-in codes an hour from one address: wait "
                        "an hour, or use a staff access token (staff_token=), which needs no code"
                    )
                raise error
        self._cookies.clear()
        raise LoginError(
            f"Ghost refused the sign-in verification code {VERIFY_ATTEMPTS} times",
            status=401,
            method="PUT",
            url=url,
            hint="use the code from the newest email Ghost sent (a code lasts 5 minutes, and "
            "each login sends a new one)",
        )

    def _request(self, method: str, url: str, body: dict[str, str]) -> httpx.Request:
        return httpx.Request(
            method,
            url,
            content=json.dumps(body).encode(),
            headers={"Origin": self.origin, "Content-Type": "application/json"},
        )

    def __repr__(self) -> str:
        return f"SessionAuth(email={self.email!r}, password=***)"


def _code_text(code: object) -> str:
    """The code as Ghost compares it: 6 digits, as text."""
    if isinstance(code, int) and not isinstance(code, bool) and 0 <= code < 1_000_000:
        return f"{code:06d}"
    text = code.strip().replace(" ", "") if isinstance(code, str) else ""
    if len(text) == 6 and text.isdigit() and text.isascii():
        return text
    raise ConfigurationError(
        "the sign-in verification code must be the 6 digits from Ghost's email",
        hint="return the code as text, such as '042317', from two_factor_code",
    )


def _session_expired(response: httpx.Response) -> bool:
    """Ghost answers an expired or missing session with 403 and no 2FA request."""
    if response.status_code != 403:
        return False
    body = json_or_none(response)
    text = json.dumps(body).lower() if body is not None else ""
    return "session" in text and "2fa" not in text
