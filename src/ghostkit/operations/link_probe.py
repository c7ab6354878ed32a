"""Checking URLs over HTTP: each one once, a few at a time, gently to each host.

A URL is asked for with HEAD; a host that refuses HEAD (405, 501, and the 400, 403 or
406 some servers answer it with, or a connection dropped on it) is asked with GET from
then on, and the GET is what counts. An answer is read to its end when it has no body
(HEAD) or a short one, so that its connection is kept for the host's next URL; a longer
body is never read, and its connection is dropped instead. Redirects are followed
one hop at a time, each hop through the limits of its own host, and recorded. A
connection that fails, and a 429 or 5xx answer, are tried again after a growing pause
(`Retry-After` honoured); a DNS failure and a timeout are not.

The client that sends these requests is made here and carries nothing of the site's:
no key, no token, no cookie of another run. This module knows nothing of Ghost.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from ghostkit._version import __version__
from ghostkit.core.retry import RetryPolicy, parse_retry_after

State = Literal["ok", "broken", "redirected"]
PERMANENT = frozenset({301, 308})
HEAD_REFUSED = frozenset({400, 403, 405, 406, 501})
"""Answers to HEAD that say "ask with GET" rather than "this URL is broken"."""
RETRIED = frozenset({429, 500, 502, 503, 504})
SHORT_BODY = 64 * 1024
"""The longest body read so that its connection can be kept; a longer one is not read."""


@dataclass(frozen=True)
class CheckOptions:
    """How hard to press: `concurrency` requests in flight in all, `per_host` to any one
    host, `delay` seconds between the starts of two requests to one host; `timeout`
    seconds per request; `retries` more tries after a failure, the first after `backoff`
    seconds (doubled each time); at most `max_redirects` hops."""

    concurrency: int = 16
    per_host: int = 2
    delay: float = 0.0
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5
    max_redirects: int = 10

    def __post_init__(self) -> None:
        for name in ("concurrency", "per_host", "max_redirects"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be 1 or more")
        for name in ("delay", "timeout", "retries", "backoff"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


@dataclass(frozen=True)
class Hop:
    """One redirect: the URL that answered, and its status (301, 302, 303, 307, 308)."""

    url: str
    status: int


@dataclass
class Probe:
    """What asking for one URL found: `state` ok, broken or redirected (it ends well,
    elsewhere: `final_url`); the last `status` (None when no answer came); `error` in
    words when broken; the `redirects` followed; the `method` that decided."""

    url: str
    state: State
    status: int | None = None
    error: str | None = None
    final_url: str | None = None
    redirects: list[Hop] = field(default_factory=list)
    method: str = "HEAD"

    @property
    def permanent(self) -> bool:
        """Whether every redirect on the way was permanent (301 or 308)."""
        return bool(self.redirects) and all(hop.status in PERMANENT for hop in self.redirects)


class _Hosts:
    """The per-host limits: a few requests at once, and a pause between their starts."""

    def __init__(self, options: CheckOptions) -> None:
        self.options = options
        self.gates: dict[str, asyncio.Semaphore] = {}
        self.next_start: dict[str, float] = {}
        self.timing: dict[str, asyncio.Lock] = {}
        self.head_refused: set[str] = set()

    async def enter(self, host: str) -> asyncio.Semaphore:
        gate = self.gates.setdefault(host, asyncio.Semaphore(self.options.per_host))
        await gate.acquire()
        if self.options.delay:
            async with self.timing.setdefault(host, asyncio.Lock()):
                wait = self.next_start.get(host, 0.0) - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self.next_start[host] = time.monotonic() + self.options.delay
        return gate


class Checker:
    """Checks URLs with `client` (made here when not given: no credentials, no redirects
    followed by httpx itself)."""

    def __init__(
        self, options: CheckOptions | None = None, client: httpx.AsyncClient | None = None
    ):
        self.options = options or CheckOptions()
        self._client = client
        self._hosts = _Hosts(self.options)
        self._gate = asyncio.Semaphore(self.options.concurrency)
        self._retry = RetryPolicy(
            max_retries=self.options.retries, backoff=self.options.backoff, max_retry_after=30.0
        )

    async def check_all(
        self, urls: Iterable[str], progress: Callable[[int, int], None] | None = None
    ) -> dict[str, Probe]:
        """Each distinct URL checked once (a `#fragment` is not sent, so `page#a` and
        `page#b` are one check); the results by URL as given."""
        given = list(dict.fromkeys(urls))
        targets = {url: defragment(url) for url in given}
        unique = list(dict.fromkeys(targets.values()))
        done = 0
        if progress:
            progress(0, len(unique))
        owned = self._client is None
        client = self._client or new_client(self.options)
        try:

            async def one(url: str) -> tuple[str, Probe]:
                nonlocal done
                probe = await self.check(client, url)
                done += 1
                if progress:
                    progress(done, len(unique))
                return url, probe

            found = dict(await asyncio.gather(*(one(url) for url in unique)))
        finally:
            if owned:
                await client.aclose()
        return {url: _as_given(found[targets[url]], url) for url in given}

    async def check(self, client: httpx.AsyncClient, url: str) -> Probe:
        """Follow `url` to where it ends: ok, broken or redirected."""
        hops: list[Hop] = []
        seen = {url}
        current = url
        while True:
            status, method, error, location = await self._ask(client, current)
            if error is not None:
                return Probe(url, "broken", status, error, None, hops, method)
            assert status is not None
            if location is None:
                if status >= 400:
                    words = _status_words(status)
                    return Probe(url, "broken", status, words, None, hops, method)
                state: State = "redirected" if hops else "ok"
                return Probe(url, state, status, None, current if hops else None, hops, method)
            hops.append(Hop(current, status))
            following = urljoin(current, location)
            if len(hops) > self.options.max_redirects:
                error = f"more than {self.options.max_redirects} redirects"
                return Probe(url, "broken", status, error, None, hops, method)
            if following in seen:
                return Probe(url, "broken", status, "redirects in a loop", None, hops, method)
            if urlsplit(following).scheme not in ("http", "https"):
                error = f"redirected to a {urlsplit(following).scheme or 'relative'} address"
                return Probe(url, "broken", status, error, None, hops, method)
            seen.add(following)
            current = following

    async def _ask(
        self, client: httpx.AsyncClient, url: str
    ) -> tuple[int | None, str, str | None, str | None]:
        """One URL, HEAD (or GET for a host that refuses HEAD), with retries: its status,
        the method, an error in words, and where it redirects to."""
        host = _host_key(url)
        method = "GET" if host in self._hosts.head_refused else "HEAD"
        attempt = 0
        while True:
            try:
                response = await self._send(client, method, url, host)
            except httpx.HTTPError as exc:
                if method == "HEAD" and isinstance(
                    exc, (httpx.RemoteProtocolError, httpx.ReadError)
                ):
                    self._hosts.head_refused.add(host)  # a server that hangs up on HEAD
                    method = "GET"
                    continue
                if _retried(exc) and self._retry.should_retry_connection(
                    method, attempt, sent=False
                ):
                    await asyncio.sleep(self._retry.delay(attempt))
                    attempt += 1
                    continue
                return None, method, error_words(exc, self.options.timeout), None
            status = response.status_code
            if method == "HEAD" and status in HEAD_REFUSED:
                self._hosts.head_refused.add(host)
                method = "GET"
                continue
            if status in RETRIED and attempt < self.options.retries:
                wait = parse_retry_after(response.headers.get("retry-after"))
                await asyncio.sleep(self._retry.delay(attempt, wait))
                attempt += 1
                continue
            location = response.headers.get("location") if response.is_redirect else None
            return status, method, None, location

    async def _send(
        self, client: httpx.AsyncClient, method: str, url: str, host: str
    ) -> httpx.Response:
        gate = await self._hosts.enter(host)
        try:
            async with self._gate:
                request = client.build_request(method, url)
                response = await client.send(request, stream=True)
                try:
                    if method == "HEAD" or _short(response):
                        await response.aread()  # read to its end, the connection is kept
                except httpx.HTTPError:
                    pass  # the status has come: a body cut short costs only the connection
                finally:
                    await response.aclose()  # a long body unread: the connection is dropped
                return response
        finally:
            gate.release()


def new_client(options: CheckOptions) -> httpx.AsyncClient:
    """A client of its own for the check: no auth, no redirects followed for us, a
    connection pool as wide as the concurrency."""
    limits = httpx.Limits(
        max_connections=options.concurrency, max_keepalive_connections=options.concurrency
    )
    return httpx.AsyncClient(
        timeout=options.timeout,
        limits=limits,
        follow_redirects=False,
        headers={"User-Agent": f"ghostkit/{__version__} (link check)", "Accept": "*/*"},
        trust_env=False,
    )


def _short(response: httpx.Response) -> bool:
    """Whether the answer says its body is at most `SHORT_BODY` bytes (a redirect's or an
    error page's usually is): reading it keeps the connection for the host's next URL,
    where closing it unread would cost a new connection."""
    length = response.headers.get("content-length", "")
    return length.isdigit() and int(length) <= SHORT_BODY


def defragment(url: str) -> str:
    """`url` without its `#fragment` (never sent to a server)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return urlunsplit(parts._replace(fragment="")) if parts.fragment else url


def _as_given(probe: Probe, url: str) -> Probe:
    if probe.url == url:
        return probe
    return Probe(
        url, probe.state, probe.status, probe.error, probe.final_url, probe.redirects, probe.method
    )


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{parts.port or ''}"


def _retried(exc: httpx.HTTPError) -> bool:
    """Connection failures worth another try: not a DNS failure, not a timeout."""
    if isinstance(exc, httpx.TimeoutException):
        return isinstance(exc, httpx.ConnectTimeout)
    return isinstance(exc, httpx.TransportError) and not _is_dns(exc)


def _is_dns(exc: BaseException) -> bool:
    return isinstance(_cause(exc), socket.gaierror) or "name or service not known" in str(exc)


def _cause(exc: BaseException) -> BaseException:
    """The operating system's error under an httpx error (httpx words it vaguely)."""
    found, seen = exc, exc.__cause__ or exc.__context__
    while seen is not None:
        if isinstance(seen, OSError):
            found = seen  # the deepest one is the most precise
        seen = seen.__cause__ or seen.__context__
    return found


def error_words(exc: httpx.HTTPError, timeout: float) -> str:
    """What went wrong, as a person would say it."""
    if isinstance(exc, httpx.ConnectTimeout):
        return f"no connection within {timeout:g} s"
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer within {timeout:g} s"
    if _is_dns(exc):
        return "no such host (DNS)"
    cause = _cause(exc)
    text = str(exc).lower()
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, ConnectionResetError):
        return "connection reset"
    if isinstance(exc, httpx.ConnectError):
        if "refused" in text:
            return "connection refused"
        if "certificate" in text or "ssl" in text:
            return f"TLS failed: {exc}"
        return f"cannot connect: {exc or type(exc).__name__}"
    if isinstance(exc, (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError)):
        return "connection reset" if "reset" in text or not text else f"connection broken: {exc}"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "not an http(s) address"
    return f"{type(exc).__name__}: {exc}"


def _status_words(status: int) -> str:
    return f"{status} {httpx.codes.get_reason_phrase(status)}".strip()


async def check_urls(
    urls: Iterable[str],
    options: CheckOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Probe]:
    """Check every URL of `urls` once; see `Checker`."""
    return await Checker(options).check_all(urls, progress)
