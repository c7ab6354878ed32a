"""Fixtures for the live tests: each client kind, built for the session's Ghost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ghostkit import AsyncGhostAdmin, AsyncGhostContent, GhostAdmin, GhostContent
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
