"""An image host for the tests, on 127.0.0.1 (nothing leaves the machine): valid images,
a too-large one, an HTML page that calls itself image/png, a 404, a slow one, redirects."""

from __future__ import annotations

import base64
import contextlib
import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tests.helpers import tiny_png

PNG = tiny_png()
JPEG = base64.b64decode(
    "/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8t"
    "MC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo"
    "KCgoKCgoKCgoKCgoKCj/wAARCAACAAIDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEA"
    "AAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABgf/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oA"
    "DAMBAAIRAxEAPwCAAHlhf//Z"
)
"""A valid 2x2 JPEG (made once with sharp)."""
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
"""A valid 1x1 GIF."""
PAGE = b"<!doctype html><html><body>Sign in to see this image</body></html>"


@dataclass
class ImageServer:
    url: str
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    """Every request: its path and headers."""
    images: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """More paths the test serves: path -> (content type, bytes)."""
    delay: float = 0.0
    """Seconds each of `images` waits before it is sent."""

    def hits(self, path: str) -> int:
        return sum(1 for seen, _headers in self.requests if seen == path)


FIXED: dict[str, tuple[str, bytes]] = {
    "/a.png": ("image/png", PNG),
    "/b.jpg": ("image/jpeg", JPEG),
    "/c.gif": ("image/gif", GIF),
    "/octet": ("application/octet-stream", PNG),
    "/big.png": ("image/png", PNG + b"\0" * 300_000),
    "/page.png": ("image/png", PAGE),
    "/login": ("text/html; charset=utf-8", PAGE),
}


def _handler(server: ImageServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            server.requests.append((path, dict(self.headers.items())))
            served = server.images.get(path) or FIXED.get(path)
            if served and path in server.images:
                time.sleep(server.delay)
            if served:
                self._send(200, *served)
            elif path == "/slow.png":
                time.sleep(2)
                self._send(200, "image/png", PNG)
            elif path == "/endless.png":  # no Content-Length: the limit holds while streaming
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    self.wfile.write(PNG)
                    for _ in range(100):
                        self.wfile.write(b"\0" * 65536)
                except (BrokenPipeError, ConnectionResetError):
                    pass
            elif path == "/moved.png":
                self._redirect("/a.png")
            elif path == "/to-file.png":
                self._redirect("file:///etc/passwd")
            elif path == "/loop.png":
                self._redirect("/loop.png")
            else:
                self._send(404, "text/plain", b"no such file")

        def _redirect(self, where: str) -> None:
            self.send_response(302)
            self.send_header("Location", where)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)  # unless the client gave up (a timeout, a size limit)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def image_server() -> Iterator[ImageServer]:
    served = ImageServer(url="")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    httpd.daemon_threads = True
    served.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield served
    finally:
        httpd.shutdown()
        httpd.server_close()
