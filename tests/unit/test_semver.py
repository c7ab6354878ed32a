from __future__ import annotations

import pytest

from ghostkit.local.semver import best_match, satisfies

GHOST6 = "^22.23.1 || ^24.20.0"


@pytest.mark.parametrize(
    ("version", "spec", "expected"),
    [
        ("22.23.3", GHOST6, True),
        ("v22.23.1", GHOST6, True),
        ("22.23.0", GHOST6, False),
        ("23.0.0", GHOST6, False),
        ("24.21.0", GHOST6, True),
        ("20.20.2", GHOST6, False),
        ("20.20.2", "^18.12.1 || ^20.11.1", True),
        ("20.20.2", ">=18 <21", True),
        ("21.0.0", ">=18 <21", False),
        ("18.5.0", "~18.4", False),
        ("18.4.9", "~18.4", True),
        ("0.2.5", "^0.2.3", True),
        ("0.3.0", "^0.2.3", False),
        ("16.1.0", "16", True),
        ("16.1.0", "16.x", True),
        ("17.0.0", "16.x", False),
        ("5.0.0", "*", True),
        ("18.0.0", ">= 18", True),
    ],
)
def test_satisfies(version: str, spec: str, expected: bool) -> None:
    assert satisfies(version, spec) is expected


def test_best_match_prefers_the_first_line_of_the_range() -> None:
    available = ["20.20.2", "22.23.1", "22.23.3", "24.21.0", "25.0.0-rc.1", "22.24.0"]
    assert best_match(available, GHOST6) == "22.24.0"
    assert best_match(["24.20.1", "24.21.0"], GHOST6) == "24.21.0"
    assert best_match(["20.1.0"], GHOST6) is None
