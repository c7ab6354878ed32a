"""Every exit code the CLI can give is documented, in docs/cli.md and in `--help`."""

from __future__ import annotations

import re
from pathlib import Path

from ghostkit.cli import exits

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def _codes() -> dict[str, int]:
    return {
        name: value
        for name, value in vars(exits).items()
        if name.isupper() and isinstance(value, int)
    }


def test_every_exit_code_is_in_the_docs_table() -> None:
    table = set(re.findall(r"^\| (\d+) \|", DOCS.read_text(), flags=re.MULTILINE))
    assert table == {str(code) for code in _codes().values()}


def test_every_exit_code_is_in_the_help_epilog() -> None:
    for name, code in _codes().items():
        assert re.search(rf"\b{code} [a-z]", exits.EPILOG), name


def test_an_interrupted_run_has_its_own_code() -> None:
    assert exits.INTERRUPTED == 130
