"""Building clients from the environment and from saved profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghostkit import AsyncGhostAdmin, ConfigurationError, GhostAdmin, GhostContent
from ghostkit.config import Paths, Profile, ProfileStore

KEY = "6489d3b9a1c2b40001a1b2c3:" + "ab" * 32
CONTENT = "0123456789abcdef0123456789"


def test_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GHOST_URL", "https://env.test/ghost/")
    monkeypatch.setenv("GHOST_ADMIN_API_KEY", KEY)
    monkeypatch.setenv("GHOST_CONTENT_API_KEY", CONTENT)
    with GhostAdmin.from_env() as admin:
        assert admin.api_root == "https://env.test/ghost/api/admin/"
    with GhostContent.from_env() as content:
        assert content.api_root == "https://env.test/ghost/api/content/"
    assert isinstance(AsyncGhostAdmin.from_env(), AsyncGhostAdmin)


def test_from_env_with_a_staff_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GHOST_URL", "https://env.test")
    monkeypatch.delenv("GHOST_ADMIN_API_KEY", raising=False)
    monkeypatch.setenv("GHOST_STAFF_ACCESS_TOKEN", KEY)
    with GhostAdmin.from_env() as admin:
        assert admin.site_url == "https://env.test"


def test_from_env_says_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GHOST_URL", "GHOST_ADMIN_API_KEY", "GHOST_STAFF_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigurationError, match="GHOST_URL"):
        GhostAdmin.from_env()
    monkeypatch.setenv("GHOST_URL", "https://env.test")
    with pytest.raises(ConfigurationError, match="GHOST_ADMIN_API_KEY"):
        GhostAdmin.from_env()


def test_from_profile(tmp_path: Path) -> None:
    paths = Paths(cache=tmp_path, data=tmp_path, config_file=tmp_path / "config.toml")
    store = ProfileStore(paths.config_file)
    store.put(
        Profile("blog", "https://blog.test", admin_key=KEY, content_key=CONTENT, version="v4")
    )
    store.put(Profile("login", "https://login.test", email="me@x.test", password="pw-123456789"))
    with GhostAdmin.from_profile("blog", paths=paths) as admin:
        assert admin.api_root == "https://blog.test/ghost/api/v4/admin/"
    with GhostAdmin.from_profile(paths=paths) as default:  # the first profile saved
        assert default.site_url == "https://blog.test"
    with GhostAdmin.from_profile("login", paths=paths) as session:
        assert "SessionAuth" in repr(session._http.auth)
    with GhostContent.from_profile("blog", paths=paths) as content:
        assert content.site_url == "https://blog.test"
    with pytest.raises(ConfigurationError, match="no Content API key"):
        GhostContent.from_profile("login", paths=paths)
