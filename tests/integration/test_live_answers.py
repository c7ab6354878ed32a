"""Answers that are not Ghost's, against real servers on loopback: a web server that answers
200 with an HTML page (a login wall, a captive portal), a site that redirects, and a proxy
that passes a write to the real Ghost and never answers."""

from __future__ import annotations

import http.server
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ghostkit import (
    GhostAdmin,
    GhostContent,
    NotGhostError,
    OutcomeUnknownError,
    RedirectError,
    RetryPolicy,
)
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import unique

ADMIN_OK_SHAPE = "0" * 24 + ":" + "1" * 64
ID = "0" * 24
LOGIN_PAGE = (
    b"<!doctype html><html><head><title>Sign in to continue</title></head>"
    b"<body><form method=post><input name=password></form></body></html>"
)


class _Quiet(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _drain(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)


def _serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def login_wall() -> Iterator[str]:
    """Answers every request, whatever its method, with 200 and an HTML login page."""

    class Handler(_Quiet):
        def _page(self) -> None:
            self._drain()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(LOGIN_PAGE)))
            self.end_headers()
            self.wfile.write(LOGIN_PAGE)

        do_GET = do_POST = do_PUT = do_DELETE = _page

    yield from _serve(Handler)


def _redirector(ghost_url: str, status: int) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(_Quiet):
        def _move(self) -> None:
            self._drain()
            self.send_response(status)
            self.send_header("Location", ghost_url + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_PUT = do_DELETE = _move

    return Handler


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GHOST_")}
    return env | {
        "GHOSTKIT_DATA_DIR": str(tmp_path / "data"),
        "GHOSTKIT_CONFIG": str(tmp_path / "c.toml"),
    }


def _profile(env: dict[str, str], name: str, url: str, key: str = ADMIN_OK_SHAPE) -> None:
    added = cli.run(env, "site", "add", name, "--url", url, "--admin-key", "-", stdin=key)
    assert added.returncode == 0, added.stderr


def _one_error(done: object, code: int, says: str) -> str:
    stdout, stderr = done.stdout, done.stderr  # type: ignore[attr-defined]
    assert done.returncode == code, (stdout, stderr)  # type: ignore[attr-defined]
    assert "Traceback" not in stdout + stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines[0].startswith("error: ") and says in lines[0], stderr
    assert len([line for line in lines if line.startswith("error: ")]) == 1
    assert any(line.startswith("hint: ") for line in lines), stderr
    return str(stderr)


@pytest.mark.parametrize(
    "argv",
    [
        ["posts", "list"],
        ["tags", "list", "--all"],
        ["posts", "delete", ID, "--yes"],
        ["tags", "delete", ID, "--yes"],
        ["members", "export"],
        ["site", "info"],
        ["settings", "get"],
        ["backup", "--out", "{tmp}/b.json"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_a_login_wall_answering_200_html_is_one_clear_error(
    argv: list[str], login_wall: str, env: dict[str, str], tmp_path: Path
) -> None:
    _profile(env, "wall", login_wall)
    done = cli.run(env, "--site", "wall", *[a.replace("{tmp}", str(tmp_path)) for a in argv])
    stderr = _one_error(done, 8, "not Ghost's API")
    assert "text/html" in stderr and "Sign in to continue" in stderr
    assert "Deleted" not in done.stdout and "<html" not in done.stdout + stderr
    assert " 0 " not in f" {done.stdout} {stderr} "  # never "0 posts"


def test_a_basic_auth_password_never_shows_in_an_error(
    login_wall: str, env: dict[str, str]
) -> None:
    fenced = login_wall.replace("http://", "http://editor:fence-Pa55word@")
    _profile(env, "fenced", fenced)
    for argv in (["posts", "list"], ["posts", "delete", ID, "--yes"], ["--debug", "tags", "list"]):
        done = cli.run(env, "--site", "fenced", *argv)
        assert done.returncode == 8, done.stderr
        assert "fence-Pa55word" not in done.stdout + done.stderr
        assert "editor:***@127.0.0.1" in done.stderr
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    _profile(env, "gone", f"http://editor:fence-Pa55word@127.0.0.1:{port}")
    done = cli.run(env, "--site", "gone", "posts", "list")
    assert done.returncode == 8 and "could not reach" in done.stderr
    assert "fence-Pa55word" not in done.stdout + done.stderr


def test_the_clients_refuse_a_login_wall(login_wall: str) -> None:
    with GhostAdmin(login_wall, key=ADMIN_OK_SHAPE) as admin:
        for call in (
            admin.posts.browse,
            lambda: admin.posts.delete(ID),
            lambda: admin.posts.add({"title": "x"}),
            admin.members.export_csv,
            admin.db.export,
        ):
            with pytest.raises(NotGhostError):
                call()
    auto = GhostAdmin(login_wall, key=ADMIN_OK_SHAPE, version="auto")
    with auto, pytest.raises(NotGhostError, match="site/"):
        auto.posts.browse()
    content = GhostContent(login_wall, key="0" * 26)
    with content, pytest.raises(NotGhostError):
        content.posts.browse()
    session = GhostAdmin(login_wall, email="me@x.test", password="a-long-password")
    with session, pytest.raises(NotGhostError, match="no session cookie"):
        session.posts.browse()


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirecting_site_says_where_and_nothing_is_written(
    status: int, ghost: LiveGhost, env: dict[str, str]
) -> None:
    for url in _serve(_redirector(ghost.url, status)):
        _profile(env, "moved", url, ghost.admin_key)
        with GhostAdmin(ghost.url, key=ghost.admin_key) as direct:
            before = direct.posts.browse(limit=1).pagination.total
        done = cli.run(env, "--site", "moved", "posts", "list")
        stderr = _one_error(done, 3, f"redirect to {ghost.url}/ghost/api/admin/posts/")
        assert f"use that URL as the site URL: {ghost.url}" in stderr
        created = cli.run(
            env, "--site", "moved", "posts", "create", "--data", '{"title": "moved?"}'
        )
        _one_error(created, 3, "redirect")
        with GhostAdmin(url, key=ghost.admin_key) as admin:
            with pytest.raises(RedirectError) as caught:
                admin.posts.add({"title": unique("never")})
            assert caught.value.location == f"{ghost.url}/ghost/api/admin/posts/"
        with GhostAdmin(ghost.url, key=ghost.admin_key) as direct:
            assert direct.posts.browse(limit=1).pagination.total == before  # nothing landed


class _ForwardThenHang:
    """Passes each request on to the real Ghost, then never answers the client."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.forwarded = 0
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self._held.append(conn)
            threading.Thread(target=self._pass_on, args=(conn,), daemon=True).start()

    def _pass_on(self, conn: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        length = int(headers.get("Content-Length", headers.get("content-length", "0")))
        while len(body) < length:
            body += conn.recv(65536)
        keep = {k: v for k, v in headers.items() if k.lower() in ("authorization", "content-type")}
        httpx.request(method, self.upstream + target, headers=keep, content=body, timeout=30)
        self.forwarded += 1  # ...and the client hears nothing

    def close(self) -> None:
        self._sock.close()
        for conn in self._held:
            conn.close()


def test_a_post_that_landed_but_got_no_answer_says_it_may_have_landed(
    ghost: LiveGhost,
) -> None:
    title = unique("landed")
    proxy = _ForwardThenHang(ghost.url)
    try:
        with (
            GhostAdmin(proxy.url, key=ghost.admin_key, timeout=3, retry=RetryPolicy()) as admin,
            pytest.raises(OutcomeUnknownError) as caught,
        ):
            admin.posts.add({"title": title})
    finally:
        proxy.close()
    error = caught.value
    assert "could not reach" not in error.message
    assert "may have landed" in error.message and error.method == "POST"
    assert error.hint and "ghostkit posts list --order 'created_at desc'" in error.hint
    assert proxy.forwarded == 1  # sent once: never retried
    with GhostAdmin(ghost.url, key=ghost.admin_key) as direct:
        deadline = time.monotonic() + 10
        while not (found := direct.posts.browse(filter=f"title:'{title}'").items):
            assert time.monotonic() < deadline, "the post should have landed"
            time.sleep(0.2)
        assert len(found) == 1  # it did land, once: the message was right to say so
        direct.posts.delete(found[0].id)


def test_an_edit_that_got_no_answer_says_how_to_check(ghost: LiveGhost) -> None:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as direct:
        tag = direct.tags.add({"name": unique("hang")})
    proxy = _ForwardThenHang(ghost.url)
    try:
        with (
            GhostAdmin(proxy.url, key=ghost.admin_key, timeout=3) as admin,
            pytest.raises(OutcomeUnknownError) as caught,
        ):
            admin.tags.edit(tag.id, {"description": "changed"})
    finally:
        proxy.close()
    assert caught.value.hint and f"ghostkit tags get {tag.id}" in caught.value.hint
    with GhostAdmin(ghost.url, key=ghost.admin_key) as direct:
        assert direct.tags.read(tag.id).description == "changed"  # it had landed
        direct.tags.delete(tag.id)
