"""Shell completion answers for bash, zsh and fish, the way each shell asks."""

from __future__ import annotations

import os

import pytest

from tests import cli

ASKS = {
    "bash": {
        "_GHOSTKIT_COMPLETE": "complete_bash",
        "COMP_WORDS": "ghostkit posts pu",
        "COMP_CWORD": "2",
    },
    "zsh": {"_GHOSTKIT_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "ghostkit posts pu"},
    "fish": {
        "_GHOSTKIT_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": "ghostkit posts pu",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    },
}


@pytest.mark.parametrize("shell", sorted(ASKS))
def test_subcommands_complete(shell: str) -> None:
    done = cli.run({**os.environ, **ASKS[shell]}, timeout=60)
    assert done.returncode == 0, done.stderr
    for command in ("publish", "push", "pull"):
        assert command in done.stdout, (shell, done.stdout)
    assert "schedule" not in done.stdout  # only what matches "pu"
