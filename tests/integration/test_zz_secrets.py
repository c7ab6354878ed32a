"""Runs last among the integration tests: no secret of any kind reaches anything ghostkit
prints, logs, raises or writes, other than the user's config file.

The secrets: the admin key and its secret, the content key, a staff token, passwords (the
owner's, a staff user's, a private site's), a session cookie, and the password of a site
URL with basic auth (`https://user:password@...`). The places: everything the CLI printed
in the whole suite (stdout and stderr, `--debug` runs included), every log record of the
test process at DEBUG (Python's, httpx's and httpcore's own loggers), the reprs, messages
and tracebacks of clients, auth objects and errors made with each credential, every file
under the data folder (journals, Ghost's log) and the install logs, and a backup.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest

from ghostkit import AsyncGhostAdmin, GhostAdmin, GhostContent
from ghostkit.core.errors import GhostError
from tests import cli
from tests.conftest import LiveGhost

BASIC_PASSWORD = "basic-" + secrets.token_hex(8)
"""The password of a site URL with basic auth in front of it."""
MISSING = "0" * 24


class _Records(logging.Handler):
    """Every record, as the text any formatter could write (message, arguments, traceback)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record) + f" {record.args!r}")


@pytest.fixture
def every_log_record() -> Iterator[_Records]:
    """The root logger at DEBUG (and httpx's and httpcore's loggers under it), recorded."""
    handler = _Records()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    touched = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    for name in touched:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for name, level in touched.items():
            logging.getLogger(name).setLevel(level)


def _basic_auth_url(url: str) -> str:
    return url.replace("://", f"://visitor:{BASIC_PASSWORD}@", 1)


def _texts_of(error: BaseException) -> list[str]:
    """What a script could show of an error: its text, repr and whole traceback."""
    return [str(error), repr(error), "".join(traceback.format_exception(error))]


def _use_admin(admin: GhostAdmin) -> list[str]:
    """A call that works, one that fails, and the reprs of what holds the credential."""
    texts = [repr(admin), repr(admin.posts), repr(admin._http.auth)]
    admin.posts.browse(limit=1)
    try:
        admin.posts.read(MISSING)
    except GhostError as error:
        texts += _texts_of(error)
    return texts


def _exercise_every_credential(ghost: LiveGhost) -> tuple[list[str], dict[str, str]]:
    """Use each kind of credential in this process, sync and async; return what was shown
    and the secrets learned on the way (the session cookie, the staff token)."""
    texts: list[str] = []
    learned: dict[str, str] = {}
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        texts += _use_admin(admin)
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as session:
        texts += _use_admin(session)
        cookies = session._http.auth._cookies  # type: ignore[union-attr]
        learned["session cookie"] = next(c.value for c in cookies.jar if c.value)
        learned["owner's staff token"] = session.users.staff_token()
    with GhostAdmin(ghost.url, staff_token=learned["owner's staff token"]) as staff:
        texts += _use_admin(staff)
    with GhostAdmin(_basic_auth_url(ghost.url), key=ghost.admin_key) as behind_basic_auth:
        texts += _use_admin(behind_basic_auth)
    with GhostContent(ghost.url, key=ghost.content_key) as content:
        texts += [repr(content)]
        content.posts.browse(limit=1)
        try:
            content.posts.read(MISSING)
        except GhostError as error:
            texts += _texts_of(error)
    with GhostContent(ghost.url, key="f" * 26) as wrong_key:
        try:
            wrong_key.posts.browse(limit=1)
        except GhostError as error:
            texts += _texts_of(error)

    async def async_calls() -> None:
        async with AsyncGhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as a:
            texts.append(repr(a))
            await a.posts.browse(limit=1)
            try:
                await a.posts.read(MISSING)
            except GhostError as error:
                texts.extend(_texts_of(error))

    asyncio.run(async_calls())
    return texts, learned


def _cli_with_every_credential(ghost: LiveGhost, tmp_path: Path, staff_token: str) -> Path:
    """The CLI with each credential, `--debug` on its failures; returns a backup it wrote."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GHOST")}
    env |= {"GHOSTKIT_DATA_DIR": str(tmp_path / "data"), "GHOSTKIT_CONFIG": str(tmp_path / "c")}
    adds = [
        ("keys", ["--url", ghost.url, "--admin-key", "-"], ghost.admin_key),
        ("content", ["--url", ghost.url, "--content-key", "-"], ghost.content_key),
        ("staff", ["--url", ghost.url, "--staff-token", "-"], staff_token),
        ("basic", ["--url", _basic_auth_url(ghost.url), "--admin-key", "-"], ghost.admin_key),
    ]
    for name, options, secret in adds:
        added = cli.run(env, "site", "add", name, *options, stdin=secret)
        assert added.returncode == 0, added.stderr
    for name, *_ in adds:
        cli.run(env, "site", "show", name)
        cli.run(env, "site", "check", name)
        cli.run(env, "--debug", "posts", "get", MISSING, "--site", name)
        cli.run(env, "--debug", "posts", "list", "--site", name, "--limit", "1")
        cli.run(env, "--debug", "api", "GET", "settings/", "--site", name)
    cli.run(env, "site", "list")
    from_env = {**env, "GHOST_URL": ghost.url, "GHOST_ADMIN_API_KEY": ghost.admin_key}
    cli.run(from_env, "--debug", "posts", "get", MISSING)
    cli.run(
        {**from_env, "GHOST_ADMIN_API_KEY": "0" * 24 + ":" + "f" * 64}, "--debug", "tags", "list"
    )
    backup = tmp_path / "backup.json"
    made = cli.run(env, "backup", "--site", "keys", "--out", str(backup))
    assert made.returncode == 0, made.stderr
    return backup


def _written_files(ghost: LiveGhost, *more: Path) -> list[Path]:
    """Every file ghostkit or the local Ghost wrote, but the config and Ghost's own storage
    (its database holds the keys it issued; that is Ghost's business, not ghostkit's)."""
    ghost_storage = [i / "content" for i in (ghost.paths.data / "instances").glob("*")]
    found = [
        path
        for root in (ghost.paths.data, *more)
        for path in (root.rglob("*") if root.is_dir() else [root])
        if path.is_file() and not any(s in path.parents for s in ghost_storage)
    ]
    return found + list((ghost.paths.cache / "logs").glob("*.log"))


def test_no_secret_is_ever_printed_logged_raised_or_written(
    ghost: LiveGhost, tmp_path: Path, every_log_record: _Records
) -> None:
    shown, learned = _exercise_every_credential(ghost)
    backup = _cli_with_every_credential(ghost, tmp_path, learned["owner's staff token"])
    secrets_by_kind: dict[str, str] = {
        "admin key": ghost.admin_key,
        "admin secret": ghost.admin_key.split(":")[1],
        "content key": ghost.content_key,
        "password": ghost.password,
        "basic-auth password": BASIC_PASSWORD,
        **learned,
        **cli.EXTRA_SECRETS,
    }
    assert len(cli.PRINTED) > 25, "the CLI should have run many times"
    assert any("Traceback" in text for text in cli.PRINTED), "--debug runs print tracebacks"
    assert len(every_log_record.texts) > 20, "httpx and httpcore should have logged"

    places: dict[str, str] = {
        "the CLI's output": "\n".join(cli.PRINTED),
        "a log record": "\n".join(every_log_record.texts),
        "a repr, error message or traceback": "\n".join(shown),
    }
    written = _written_files(ghost, tmp_path / "data", backup)
    assert ghost.instance.log_file in written, "Ghost's own log is checked too"
    assert backup in written
    for path in written:
        places[str(path)] = path.read_bytes().decode("utf-8", errors="replace")

    leaks = [
        f"the {what} is in {where}"
        for what, value in secrets_by_kind.items()
        for where, text in places.items()
        if value in text
    ]
    assert not leaks, leaks
