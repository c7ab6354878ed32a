"""A fault-injecting HTTP proxy for tests: it sits between ghostkit and the real local
Ghost, on loopback, and at a chosen rate resets connections, answers 502/503/504 (before
or after passing the request on), answers 429 with or without Retry-After, delays, or cuts
a response body short. With `max_body` it also answers 413, as a proxy with a body limit
(nginx's client_max_body_size) does, to every request whose body is larger."""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter
from dataclasses import dataclass, field

import httpx

FAULTS = (
    "reset",
    "502-before",
    "503-before",
    "504-before",
    "502-after",
    "429",
    "429-retry-after",
    "delay",
    "truncate",
)


@dataclass
class FaultProxy:
    upstream: str  # e.g. http://127.0.0.1:2368
    rate: float = 0.1
    faults: tuple[str, ...] = FAULTS
    methods: tuple[str, ...] = ("GET", "POST", "PUT", "DELETE")
    seed: int = 1
    delay: float = 0.3
    max_body: int | None = None
    injected: Counter[str] = field(default_factory=Counter)
    forwarded: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _shutdown(self) -> None:
        self._server.close()
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        await self._client.aclose()

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._client = httpx.AsyncClient(base_url=self.upstream, timeout=60)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    def _choose(self, method: str) -> str | None:
        if method in self.methods and self._rng.random() < self.rate:
            return self._rng.choice(self.faults)
        return None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = [tuple(line.split(": ", 1)) for line in lines[1:] if ": " in line]
                length = next((int(v) for k, v in headers if k.lower() == "content-length"), 0)
                body = await reader.readexactly(length) if length else b""
                if not await self._answer(method, target, headers, body, writer):
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def _answer(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, ...]],
        body: bytes,
        writer: asyncio.StreamWriter,
    ) -> bool:
        """Serve one request; False when the connection must end."""
        if self.max_body is not None and len(body) > self.max_body:
            self.injected["413"] += 1
            page = b"<html><head><title>413 Request Entity Too Large</title></head></html>"
            await self._write(writer, 413, {"Content-Type": "text/html"}, page)
            return True
        fault = self._choose(method)
        if fault:
            self.injected[fault] += 1
        if fault == "reset":
            transport = writer.transport
            transport.abort()
            return False
        if fault in ("502-before", "503-before", "504-before", "429", "429-retry-after"):
            status = int(fault[:3])
            extra = {"Retry-After": "0"} if fault == "429-retry-after" else {}
            await self._write(
                writer,
                status,
                {"Content-Type": "application/json", **extra},
                b'{"errors":[{"message":"injected","type":"InjectedError"}]}',
            )
            return True
        if fault == "delay":
            await asyncio.sleep(self.delay)
        skip = {"host", "content-length", "connection", "accept-encoding"}
        forward = {k: v for k, v in headers if k.lower() not in skip}
        upstream = await self._client.request(method, target, headers=forward, content=body)
        self.forwarded[method] += 1
        response_headers = {
            k: v
            for k, v in upstream.headers.items()
            if k.lower()
            not in ("content-length", "transfer-encoding", "connection", "content-encoding")
        }
        if fault == "502-after":
            await self._write(
                writer,
                502,
                {"Content-Type": "text/html"},
                b"<html><body>502 Bad Gateway</body></html>",
            )
            return True
        if fault == "truncate" and len(upstream.content) > 2:
            content = upstream.content
            head = self._status_line(
                upstream.status_code, {**response_headers, "Content-Length": str(len(content))}
            )
            writer.write(head + content[: len(content) // 2])
            await writer.drain()
            return False
        await self._write(writer, upstream.status_code, response_headers, upstream.content)
        return True

    @staticmethod
    def _status_line(status: int, headers: dict[str, str]) -> bytes:
        lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def _write(
        self, writer: asyncio.StreamWriter, status: int, headers: dict[str, str], content: bytes
    ) -> None:
        writer.write(
            self._status_line(status, {**headers, "Content-Length": str(len(content))}) + content
        )
        await writer.drain()
