"""No secret reaches a log record, at any level, in Python's logging or in httpx's and
httpcore's own loggers: every record of live calls with each kind of credential is captured
at DEBUG and searched for every secret."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from ghostkit import GhostAdmin, GhostContent
from tests.conftest import LiveGhost
from tests.helpers import unique

BASIC_PASSWORD = "basic-Pa55-in-url"


class _Everything(logging.Handler):
    """Keeps every record's formatted text, its raw message and its arguments."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))
        self.texts.append(f"{record.msg!r} {record.args!r}")


@pytest.fixture
def records() -> Iterator[_Everything]:
    handler = _Everything()
    root = logging.getLogger()
    loggers = [logging.getLogger(n) for n in ("httpx", "httpcore", "hpack", "ghostkit")]
    saved = [(root, root.level), *((lg, lg.level) for lg in loggers)]
    root.addHandler(handler)
    for logger, _ in saved:
        logger.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    for logger, level in saved:
        logger.setLevel(level)


def _cookie_of(client: GhostAdmin) -> str:
    jar = client._http.auth._cookies.jar  # type: ignore[union-attr]
    return next(c.value for c in jar if c.name == "ghost-admin-api-session")


def test_no_secret_is_logged_with_any_credential(ghost: LiveGhost, records: _Everything) -> None:
    secrets = {
        "admin key": ghost.admin_key,
        "admin secret": ghost.admin_key.split(":")[1],
        "content key": ghost.content_key,
        "password": ghost.password,
        "basic-auth password": BASIC_PASSWORD,
    }
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add({"title": unique("logged")})
        admin.posts.read(post.id)
        admin.posts.delete(post.id)
    with GhostContent(ghost.url, key=ghost.content_key) as content:
        content.posts.browse(limit=1)
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as session:
        session.users.me()
        token = session.users.staff_token()
        secrets["session cookie"] = _cookie_of(session)
    secrets["staff token"] = token
    secrets["staff secret"] = token.split(":")[1]
    with GhostAdmin(ghost.url, staff_token=token) as staff:
        staff.posts.browse(limit=1)
    parts = urlsplit(ghost.url)
    fenced = f"{parts.scheme}://editor:{BASIC_PASSWORD}@{parts.netloc}"
    with GhostContent(fenced, key=ghost.content_key) as content:
        content.tags.browse(limit=1)

    logged = "\n".join(records.texts)
    assert "HTTP Request: GET" in logged, "httpx's request lines should have been captured"
    assert "receive_response_headers" in logged, "httpcore's DEBUG lines too"
    assert "ghost-admin-api-session=" in logged, "the Set-Cookie header is logged, masked"
    for what, value in secrets.items():
        assert value not in logged, f"the {what} reached a log record"
    assert "eyJ" not in logged, "a token (JWT) reached a log record"
