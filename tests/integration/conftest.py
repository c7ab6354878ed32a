"""Fixtures for the live tests: each client kind, built for the session's Ghost."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ghostkit import AsyncGhostAdmin, AsyncGhostContent, GhostAdmin, GhostContent
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import Caller, both_clients


@pytest.fixture(params=["sync", "async"])
def admin(request: pytest.FixtureRequest, ghost: LiveGhost) -> Iterator[Caller]:
    """The Admin API with the integration key, as a sync and as an async client."""
    caller = both_clients(
        request.param,
        lambda: GhostAdmin(ghost.url, key=ghost.admin_key),
        lambda: AsyncGhostAdmin(ghost.url, key=ghost.admin_key),
    )
    yield caller
    caller.close()


@pytest.fixture(params=["sync", "async"])
def owner(request: pytest.FixtureRequest, ghost: LiveGhost) -> Iterator[Caller]:
    """The Admin API logged in as the owner (a user session), sync and async."""
    caller = both_clients(
        request.param,
        lambda: GhostAdmin(ghost.url, email=ghost.email, password=ghost.password),
        lambda: AsyncGhostAdmin(ghost.url, email=ghost.email, password=ghost.password),
    )
    yield caller
    caller.close()


@pytest.fixture(params=["sync", "async"])
def content(request: pytest.FixtureRequest, ghost: LiveGhost) -> Iterator[Caller]:
    caller = both_clients(
        request.param,
        lambda: GhostContent(ghost.url, key=ghost.content_key),
        lambda: AsyncGhostContent(ghost.url, key=ghost.content_key),
    )
    yield caller
    caller.close()


@pytest.fixture
def env(ghost: LiveGhost, tmp_path: Path) -> dict[str, str]:
    """A user of the command line with one saved site, `live` (the session's Ghost, its key
    given to `site add` on stdin), and data and config folders of the test's own. A test
    file that needs another setup defines its own `env`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHOST_")}
    environment |= {
        "GHOSTKIT_DATA_DIR": str(tmp_path / "data"),
        "GHOSTKIT_CONFIG": str(tmp_path / "config.toml"),
    }
    added = cli.run(
        environment, "site", "add", "live", "--url", ghost.url, "--admin-key", "-",
        stdin=ghost.admin_key,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    return environment
