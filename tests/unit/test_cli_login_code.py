"""A saved login on a site that emails staff a code: the CLI asks for the code at a
terminal, and never waits for one where nobody can type it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from ghostkit.cli import context
from ghostkit.config import Profile, ProfileStore


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def login_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("GHOSTKIT_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.delenv("GHOST_URL", raising=False)
    ProfileStore(tmp_path / "config.toml").put(
        Profile("blog", "https://blog.test", email="me@blog.test", password="long-enough-pw")
    )
    return "blog"


def _code_function(client: Any) -> Any:
    auth = client._auth(client.version)
    return auth._two_factor


def test_at_a_terminal_the_emailed_code_is_asked_for(
    login_profile: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal("042317\n"))
    with context.admin_client(_Context(), login_profile) as admin:
        ask = _code_function(admin)
        assert ask is not None and ask() == "042317"
    assert "code" in capsys.readouterr().err.lower()


def test_without_a_terminal_no_code_is_waited_for(
    login_profile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("042317\n"))
    with context.admin_client(_Context(), login_profile) as admin:
        assert _code_function(admin) is None


class _Context:
    """The little of a click context that `admin_client` reads."""

    def __init__(self) -> None:
        self.obj: dict[str, Any] = {}

    def find_root(self) -> _Context:
        return self
