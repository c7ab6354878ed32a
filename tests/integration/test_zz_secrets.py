"""Runs last among the integration tests: nothing the CLI printed in the whole suite, nor any
file it or the local Ghost wrote other than the config (Ghost's log included), holds a key,
token or password."""

from __future__ import annotations

from pathlib import Path

from tests import cli
from tests.conftest import LiveGhost


def test_no_secret_was_ever_printed_or_written(ghost: LiveGhost) -> None:
    secrets = {
        "admin key": ghost.admin_key,
        "admin secret": ghost.admin_key.split(":")[1],
        "content key": ghost.content_key,
        "password": ghost.password,
        **cli.EXTRA_SECRETS,
    }
    assert "staff token" in secrets, "a CLI test should have used a real staff token"
    assert len(cli.PRINTED) > 50, "the suite should have run the CLI many times"
    printed = "\n".join(cli.PRINTED)
    for what, value in secrets.items():
        assert value not in printed, f"the {what} was printed by the CLI"
    written = [
        p
        for p in ghost.paths.data.rglob("*")
        if p.is_file() and p.suffix in (".jsonl", ".json", ".log")
    ]
    assert ghost.instance.log_file in written, "Ghost's own log is checked too"
    written += list((ghost.paths.cache / "logs").glob("*.log"))
    assert written
    for path in written:
        text = Path(path).read_text(errors="replace")
        for what, value in secrets.items():
            assert value not in text, f"the {what} is in {path}"
