from __future__ import annotations

from ghostkit.cli.sitecheck import _attempt
from ghostkit.core.errors import GhostConnectionError


def test_a_check_that_fails_in_an_unforeseen_way_is_one_fail_line() -> None:
    def broken() -> str:
        raise KeyError("site")

    check = _attempt("site", broken)
    assert not check.ok and check.detail == "KeyError: 'site'" and check.hint


def test_a_check_never_prints_a_basic_auth_password_or_a_key() -> None:
    key = "6489d3b9a1c2b40001a1b2c3:" + "ab" * 32

    def unreachable() -> str:
        raise GhostConnectionError(f"could not reach https://ann:pw-9z@blog.test/ with {key}")

    check = _attempt("site", unreachable)
    assert "pw-9z" not in check.detail and key not in check.detail
    assert "https://ann:***@blog.test/" in check.detail
