"""Uploads from a URL: downloaded (from a loopback server the test starts, so nothing
leaves the machine), checked for size and type, then uploaded to the real Ghost."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ghostkit.core.errors import ConfigurationError
from tests.conftest import LiveGhost
from tests.helpers import Caller, tiny_png

PNG = tiny_png()
SECRET = "s3cret-download-token"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path in ("/pictures/sunset.png", "/render"):  # /render: the type names it
            self._send(200, "image/png", PNG)
        elif path == "/attached":
            self._send(200, "image/png", PNG, {"Content-Disposition": 'inline; filename="x.png"'})
        elif path == "/login":
            self._send(200, "text/html; charset=utf-8", b"<html><body>Sign in</body></html>")
        elif path == "/big.png":
            self._send(200, "image/png", PNG + b"\0" * 300_000)
        elif path == "/endless.png":  # no Content-Length: the limit must hold while streaming
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b"\0" * 65536)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/moved.png":
            self.send_response(302)
            self.send_header("Location", "/pictures/sunset.png")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(404, "text/plain", b"no such file")

    def _send(
        self, status: int, kind: str, body: bytes, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def files_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _stored(ghost: LiveGhost) -> list[Path]:
    images = ghost.instance.folder / "content" / "images"
    return sorted(p for p in images.rglob("*") if p.is_file()) if images.exists() else []


@pytest.mark.parametrize(
    ("path", "name"),
    [("/pictures/sunset.png", "sunset"), ("/render", "render"), ("/moved.png", "sunset")],
)
def test_an_image_is_uploaded_from_a_url(
    admin: Caller, ghost: LiveGhost, files_server: str, path: str, name: str
) -> None:
    done = admin(admin.client.images.upload, files_server + path)
    assert done.url.startswith(ghost.url + "/content/images/")
    assert done.url.rsplit("/", 1)[1].startswith(name) and done.url.endswith(".png")
    served = httpx.get(done.url)
    assert served.status_code == 200 and served.content == PNG


@pytest.mark.parametrize(
    ("path", "options", "says"),
    [
        ("/login?token=" + SECRET, {}, "text/html"),
        ("/big.png", {"max_bytes": 100_000}, "more than 100000 bytes"),
        ("/endless.png", {"max_bytes": 1_000_000}, "more than 1000000 bytes"),
        ("/missing.png?token=" + SECRET, {}, "404"),
    ],
)
def test_a_download_that_is_not_an_image_or_too_large_is_refused(
    admin: Caller,
    ghost: LiveGhost,
    files_server: str,
    path: str,
    options: dict[str, int],
    says: str,
) -> None:
    before = _stored(ghost)
    with pytest.raises(ConfigurationError) as caught:
        admin(admin.client.images.upload, files_server + path, **options)
    assert says in caught.value.message
    assert caught.value.hint
    assert SECRET not in str(caught.value)
    assert files_server in caught.value.message  # the URL as given, not mangled
    assert _stored(ghost) == before


def test_an_unreachable_url_is_a_clear_error(admin: Caller) -> None:
    with pytest.raises(ConfigurationError, match="could not download"):
        admin(admin.client.images.upload, "http://127.0.0.1:9/nothing.png")


def test_the_name_given_by_content_disposition_is_used(admin: Caller, files_server: str) -> None:
    done = admin(admin.client.images.upload, files_server + "/attached")
    assert done.url.rsplit("/", 1)[1].startswith("x") and done.url.endswith(".png")
