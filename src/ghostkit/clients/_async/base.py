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
from ghostkit.core.errors import (
    ConfigurationError,
    GhostConnectionError,
    build_api_error,
    json_or_none,
)
from ghostkit.core.query import encode_params
from ghostkit.core.redact import redact_url
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

    async def detect_version(self) -> ApiVersion:
        """Ask the site which API it serves (the public `site` endpoint); use that."""
        for segment in (None, *LEGACY_PROBES):
            path = (
                "/ghost/api/admin/site/" if segment is None else f"/ghost/api/{segment}/admin/site/"
            )
            try:
                response = await self._http.get(self.site_url + path, auth=None)
            except httpx.TransportError as exc:
                raise GhostConnectionError(
                    f"could not reach {self.site_url}: {type(exc).__name__}",
                    hint="check the site URL and that the site is up",
                ) from exc
            if response.status_code != 200:
                continue
            found = ApiVersion.from_site_version(
                str(response.json()["site"].get("version")), legacy=segment
            )
            self._use_version(found)
            return found
        raise ConfigurationError(
            f"{self.site_url} does not answer like a Ghost site (no /ghost/api/.../site/)",
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
    ) -> Any:
        """Send a request to a path below the API root; return the decoded JSON body.

        A 204 (or any empty body) gives `None`. Errors raise the matching `APIError`.
        """
        response = await self.send(method, path, params=params, json=json, files=files, data=data)
        if not response.content:
            return None
        content_type = response.headers.get("content-type", "")
        if "json" not in content_type:
            return response.content
        return response.json()

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        files: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> httpx.Response:
        """Send with the retry policy; return the successful response, raise on errors."""
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
                target = redact_url(str(exc.request.url)) if _has_request(exc) else url
                raise GhostConnectionError(
                    f"could not reach {target}: {type(exc).__name__} {exc}".rstrip(),
                    hint="check the site URL and that the site is up",
                ) from exc
            if response.is_success:
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
        return f"{type(self).__name__}({self.site_url!r}, version={version!r})"


def _has_request(exc: httpx.TransportError) -> bool:
    return getattr(exc, "_request", None) is not None
