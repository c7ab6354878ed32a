# Generated from clients/_async by scripts/gen_sync.py: edit that, not this.
"""The HTTP core shared by every client: send, retry, turn errors into exceptions.

Written once for asyncio; `scripts/gen_sync.py` generates the sync twin in `_sync/`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import httpx
from typing_extensions import Self

from ghostkit._version import __version__
from ghostkit.core.errors import GhostConnectionError, build_api_error, redact_url
from ghostkit.core.query import encode_params
from ghostkit.core.retry import RetryPolicy, parse_retry_after
from ghostkit.core.urls import Api, ApiVersion, api_root, normalize_site_url

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
USER_AGENT = f"ghostkit/{__version__} (+https://pypi.org/project/ghostkit/)"

# Failures that prove the request never reached the server: always safe to retry.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class BaseClient:
    """One API (admin or content) of one site, over one pooled httpx client."""

    api: Api = "admin"

    def __init__(
        self,
        site_url: str,
        *,
        auth: httpx.Auth | None,
        version: ApiVersion,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.site_url = normalize_site_url(site_url)
        self.version = version
        self.api_root = api_root(self.site_url, self.api, version)
        self.retry = retry or RetryPolicy()
        base_headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if version.accept_version:
            base_headers["Accept-Version"] = version.accept_version
        base_headers.update(headers or {})
        self._http = httpx.Client(
            base_url=self.api_root,
            auth=auth,
            timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
            transport=transport,
            headers=base_headers,
        )

    def request(
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
        response = self.send(method, path, params=params, json=json, files=files, data=data)
        if not response.content:
            return None
        content_type = response.headers.get("content-type", "")
        if "json" not in content_type:
            return response.content
        return response.json()

    def send(
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
        method = method.upper()
        url = path.lstrip("/")
        query = encode_params(params)
        attempt = 0
        while True:
            try:
                response = self._http.request(
                    method, url, params=query, json=json, files=files, data=data
                )
            except httpx.TransportError as exc:
                sent = not isinstance(exc, _NOT_SENT)
                if self.retry.should_retry_connection(method, attempt, sent=sent):
                    time.sleep(self.retry.delay(attempt))
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
                time.sleep(self.retry.delay(attempt, retry_after))
                attempt += 1
                continue
            raise build_api_error(
                response.status_code,
                _json_or_none(response),
                method=method,
                url=str(response.request.url),
                retry_after=retry_after,
            )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.site_url!r}, version={self.version.name!r})"


def _has_request(exc: httpx.TransportError) -> bool:
    try:
        exc.request  # noqa: B018 - raises when the error carries no request
    except RuntimeError:
        return False
    return True


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
