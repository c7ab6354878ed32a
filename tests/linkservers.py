"""HTTP servers on 127.0.0.1 that stand for the sites a post links to: each path answers
in its own way (200, redirects, 404, 410, 500, HEAD refused, slow, a reset), and the
server counts what it was asked, how many requests it held at once and how many
connections were opened to it."""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str = "127.0.0.1", latency: float = 0.0) -> None:
        super().__init__((host, 0), Handler)
        self.latency = latency
        self.asked: Counter[tuple[str, str]] = Counter()
        self.in_flight = 0
        self.most_in_flight = 0
        self.connections = 0
        self.arrivals: list[float] = []  # time.monotonic() of each request
        self.refuse_head = False  # every HEAD answered 405
        self.body_size: int | None = None  # every body this long instead of a short page
        self.failing: Counter[str] = Counter()  # path -> 500s still to answer
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that hung up
            super().handle_error(request, client_address)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.lock:
            self.connections += 1
        super().process_request(request, client_address)


class Handler(BaseHTTPRequestHandler):
    server: LinkServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def _answer(self, method: str) -> None:
        server = self.server
        path = self.path
        with server.lock:
            server.asked[(method, path)] += 1
            server.arrivals.append(time.monotonic())
            server.in_flight += 1
            server.most_in_flight = max(server.most_in_flight, server.in_flight)
        try:
            if server.latency:
                time.sleep(server.latency)
            self._route(method, path)
        finally:
            with server.lock:
                server.in_flight -= 1

    def _route(self, method: str, path: str) -> None:
        if path.startswith("/chain/"):  # /chain/3 -> /chain/2 -> /chain/1 -> /chain/0 (200)
            left = int(path.rsplit("/", 1)[1])
            if left:
                return self._send(301, location=f"/chain/{left - 1}")
        elif path == "/found":
            return self._send(302, location="/ok")
        elif path == "/missing":
            return self._send(404)
        elif path == "/gone":
            return self._send(410)
        elif path.startswith("/error"):
            return self._send(500)
        elif path.startswith("/flaky"):  # 500 until the count set by the test runs out
            with self.server.lock:
                failing = self.server.failing[path] > 0
                self.server.failing[path] -= 1
            if failing:
                return self._send(500)
        elif method == "HEAD" and (path == "/no-head" or self.server.refuse_head):
            return self._send(405)
        elif path == "/slow":
            time.sleep(3)
        elif path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return None
        elif path == "/loop":
            return self._send(301, location="/loop")
        self._send(200)
        return None

    def _send(self, status: int, location: str | None = None) -> None:
        size = self.server.body_size
        body = b"<html><body>page</body></html>" if size is None else b"x" * size
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def link_server(host: str = "127.0.0.1", latency: float = 0.0) -> Iterator[LinkServer]:
    server = LinkServer(host, latency)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
