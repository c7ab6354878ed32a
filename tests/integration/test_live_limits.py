"""Page sizes as each Ghost really serves them: Ghost 6 caps every page at 100, `limit=all`
included; Ghost 5 serves `limit=150` and `limit=all` whole. Run on both
(`--ghost-version 5.130.6`)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from ghostkit import ConfigurationError, GhostAdmin
from ghostkit.auth.keys import AdminKey
from ghostkit.auth.strategies import AdminTokenAuth
from tests.conftest import LiveGhost
from tests.helpers import unique

MANY = 120


@pytest.fixture(scope="module")
def tagged(ghost: LiveGhost) -> Iterator[str]:
    """More tags than one of Ghost 6's pages holds, all named with one prefix."""
    prefix = unique("page")
    with GhostAdmin(ghost.url, key=ghost.admin_key, version="auto") as admin:
        ids = [admin.tags.add({"name": f"{prefix}-{n:03d}"}).id for n in range(MANY)]
    yield prefix
    with GhostAdmin(ghost.url, key=ghost.admin_key, version="auto") as admin:
        for tag_id in ids:
            admin.tags.delete(tag_id)


def _served(ghost: LiveGhost, limit: str) -> int:
    """How many tags Ghost itself sends for `limit`, asked without ghostkit's checks."""
    answer = httpx.get(
        f"{ghost.url}/ghost/api/admin/tags/",
        params={"limit": limit},
        auth=AdminTokenAuth(AdminKey.parse(ghost.admin_key)),
        timeout=30,
    )
    return len(answer.json()["tags"])


def test_limit_all_and_150_follow_the_sites_rule(
    ghost: LiveGhost, ghost_major: int, tagged: str
) -> None:
    with GhostAdmin(ghost.url, key=ghost.admin_key, version="auto") as admin:
        if ghost_major >= 6:
            assert _served(ghost, "all") == 100 and _served(ghost, "150") == 100
            for limit in ("all", 150):
                with pytest.raises(ConfigurationError, match="cap of 100"):
                    admin.tags.browse(limit=limit)
            assert len(admin.tags.browse(limit=100).items) == 100
        else:
            assert _served(ghost, "all") >= MANY and _served(ghost, "150") >= MANY
            assert len(admin.tags.browse(limit="all").items) >= MANY
            assert len(admin.tags.browse(limit=150).items) >= MANY
        walked = [t.name for t in admin.tags.iter(filter=f"name:~^'{tagged}'")]
        assert len(walked) == MANY


def test_iter_with_fields_yields_every_item(ghost: LiveGhost, tagged: str) -> None:
    with GhostAdmin(ghost.url, key=ghost.admin_key, version="auto") as admin:
        names = [t.name for t in admin.tags.iter(filter=f"name:~^'{tagged}'", fields="name")]
    assert len(names) == MANY and all(name.startswith(tagged) for name in names)
