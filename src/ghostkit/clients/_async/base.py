"""The HTTP core shared by every client: send, retry, turn errors into exceptions.

Written once for asyncio; `scripts/gen_sync.py` generates the sync twin in `_sync/`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

import httpx
from typing_extensions import Self

from ghostkit._version import __version__
from ghostkit.core.answers import (
    FILE_TYPES,
    JSON,
    check_answer,
    ghost_json,
    media_type,
    not_ghost,
    transport_failure,
)
from ghostkit.core.errors import ConfigurationError, build_api_error, json_or_none
from ghostkit.core.query import encode_params
from ghostkit.core.redact import redact_logs, redact_url
from ghostkit.core.retry import RetryPolicy, parse_retry_after
from ghostkit.core.urls import (
    AUTO,
    DEFAULT_VERSION,
    LEGACY_PROBES,
    Api,
    ApiVersion,
    api_root,
    check_request_path,
    normalize_site_url,
)

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
USER_AGENT = f"ghostkit/{__version__} (+https://pypi.org/project/ghostkit/)"

AuthFactory = Callable[[ApiVersion], httpx.Auth]

# Failures that prove the request never reached the server: always safe to retry.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class AsyncBaseClient:
    """One API (admin or content) of one site, over one pooled httpx client."""

    api: Api = "admin"

    def __init__(
        self,
        site_url: str,
        *,
        auth: httpx.Auth | AuthFactory | None,
        version: str | ApiVersion = DEFAULT_VERSION,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """`auth` is an httpx auth, or a function of the API version that builds one (an
        Admin token's audience and a session's URL depend on the version)."""
        redact_logs()
        self.site_url = normalize_site_url(site_url)
        self.retry = retry or RetryPolicy()
        self._auth = auth
        base_headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        base_headers.update(headers or {})
        self._http = httpx.AsyncClient(
            timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
            transport=transport,
            headers=base_headers,
        )
        self.version: ApiVersion | None = None
        self.api_root = ""
        if isinstance(version, ApiVersion) or version.strip().lower() != AUTO:
            self._use_version(
                version if isinstance(version, ApiVersion) else ApiVersion.parse(version)
            )

    def _use_version(self, version: ApiVersion) -> None:
        self.version = version
        self.api_root = api_root(self.site_url, self.api, version)
        self._http.base_url = httpx.URL(self.api_root)
        self._http.headers.pop("Accept-Version", None)
        if version.accept_version:
            self._http.headers["Accept-Version"] = version.accept_version
        auth = self._auth
        if auth is not None and not isinstance(auth, httpx.Auth):
            auth = auth(version)
        if auth is not None:
            self._http.auth = auth

    async def api_version(self) -> ApiVersion:
        """The API version in use, asked of the site first when it was `"auto"`."""
        return self.version or await self.detect_version()

    async def detect_version(self) -> ApiVersion:
        """Ask the site which API it serves (the public `site` endpoint); use that."""
        for segment in (None, *LEGACY_PROBES):
            path = (
                "/ghost/api/admin/site/" if segment is None else f"/ghost/api/{segment}/admin/site/"
            )
            url = self.site_url + path
            try:
                response = await self._http.get(url, auth=None)
            except httpx.TransportError as exc:
                raise transport_failure(
                    "GET", url, "site/", _failure(exc), sent=False, timed_out=False
                ) from exc
            if response.is_redirect:
                raise build_api_error(
                    response.status_code,
                    None,
                    method="GET",
                    url=url,
                    location=response.headers.get("location"),
                )
            if response.status_code != 200:
                continue
            site = self._ghost_body(response, "GET", key="site")["site"]
            reported = site.get("version") if isinstance(site, dict) else None
            if not isinstance(reported, str):
                raise not_ghost(200, "GET", url, "a site without a version", response.content)
            found = ApiVersion.from_site_version(reported, legacy=segment)
            self._use_version(found)
            return found
        raise ConfigurationError(
            f"{redact_url(self.site_url)} does not answer like a Ghost site "
            "(no /ghost/api/.../site/)",
            hint="check the site URL, or pass version= explicitly",
        )

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        files: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        key: str | tuple[str, ...] | None = None,
    ) -> Any:
        """Send a request to a path below the API root; return the decoded JSON body.

        `key` is the envelope the answer must hold (`"posts"`, or one of several). A 204
        (Ghost's answer to a delete) gives `None`; without `key`, a CSV or zip answer gives
        its bytes. Anything that is not Ghost's answer raises `NotGhostError`, errors the
        matching `APIError`.
        """
        expect = (JSON,) if key else (JSON, *FILE_TYPES)
        response = await self.send(
            method, path, params=params, json=json, files=files, data=data, expect=expect
        )
        if response.status_code == 204:
            return None
        if media_type(response.headers.get("content-type")) in FILE_TYPES:
            return response.content
        return self._ghost_body(response, method, key=key)

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        files: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        expect: tuple[str, ...] = (JSON,),
    ) -> httpx.Response:
        """Send with the retry policy; return the successful response, raise on errors.

        The answer's content type must be one of `expect` (Ghost's JSON by default), else
        `NotGhostError`. Redirects are not followed: they raise `RedirectError`.
        """
        if self.version is None:
            await self.detect_version()
        method = method.upper()
        url = check_request_path(path)
        query = encode_params(params)
        attempt = 0
        while True:
            try:
                response = await self._http.request(
                    method, url, params=query, json=json, files=files, data=data
                )
            except httpx.TransportError as exc:
                sent = not isinstance(exc, _NOT_SENT)
                if self.retry.should_retry_connection(method, attempt, sent=sent):
                    await asyncio.sleep(self.retry.delay(attempt))
                    attempt += 1
                    continue
                target = str(exc.request.url) if _has_request(exc) else self.api_root + url
                raise transport_failure(
                    method,
                    target,
                    url,
                    _failure(exc),
                    sent=sent,
                    timed_out=isinstance(exc, httpx.TimeoutException),
                ) from exc
            if response.is_success:
                check_answer(
                    status=response.status_code,
                    content_type=response.headers.get("content-type"),
                    content=response.content,
                    method=method,
                    url=str(response.request.url),
                    expect=expect,
                )
                return response
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            if self.retry.should_retry_status(method, response.status_code, attempt):
                await asyncio.sleep(self.retry.delay(attempt, retry_after))
                attempt += 1
                continue
            raise build_api_error(
                response.status_code,
                json_or_none(response),
                method=method,
                url=str(response.request.url),
                retry_after=retry_after,
                location=response.headers.get("location"),
            )

    @staticmethod
    def _ghost_body(
        response: httpx.Response, method: str, *, key: str | tuple[str, ...] | None
    ) -> Any:
        return ghost_json(
            response.content,
            status=response.status_code,
            method=method,
            url=str(response.request.url),
            key=key,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        version = self.version.name if self.version else AUTO
        return f"{type(self).__name__}({redact_url(self.site_url)!r}, version={version!r})"


def _has_request(exc: httpx.TransportError) -> bool:
    return getattr(exc, "_request", None) is not None


def _failure(exc: httpx.TransportError) -> str:
    """`ReadTimeout timed out`: the failure's kind and httpx's words for it."""
    return f"{type(exc).__name__} {exc}".rstrip()
