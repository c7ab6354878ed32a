"""A resume does exactly the run it resumes: each option a resuming command is given is
compared with what the run's journal says, and a difference is refused before the site is
reached (here, without a server)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from ghostkit.cli.resume import _differences
from ghostkit.operations.journal import Journal
from ghostkit.operations.records import RunHeader
from tests import cli

RUN = "20261201-120000-b0b0"
STRIP = {"kind": "links-strip", "external_only": False, "domains": [], "match": None}
BROKEN = {**STRIP, "urls": ["https://gone.example/a"]}
REPLACE = {"kind": "replace", "find": "a", "replacement": "b", "regex": False, "fields": ["body"]}


def _header(change: dict[str, Any]) -> RunHeader:
    return RunHeader(id=RUN, change=change)


@pytest.mark.parametrize(
    ("change", "given", "refused"),
    [
        (STRIP, {"broken": True}, "--broken"),  # the run selected by its options
        (BROKEN, {"broken": False}, "--broken"),
        (BROKEN, {"match": "gone"}, "--match"),
        (REPLACE, {"broken": True}, "--broken"),
        (STRIP, {"regex": True}, "--regex"),
        (REPLACE, {"fields": ["title"]}, "--in"),
    ],
)
def test_an_option_that_is_not_the_runs_own_is_refused(
    change: dict[str, Any], given: dict[str, Any], refused: str
) -> None:
    differ = _differences(_header(change), given)
    assert len(differ) == 1 and differ[0].startswith(refused), differ


@pytest.mark.parametrize(
    ("change", "given"),
    [
        (BROKEN, {"broken": True}),
        (STRIP, {"broken": False, "external_only": False}),
        (REPLACE, {"find": "a", "regex": False, "fields": ["body"]}),
        (STRIP, {}),
        ({"kind": "links-strip"}, {"link_cards": "keep"}),  # as ghostkit 0.1 described it
    ],
)
def test_the_runs_own_options_are_taken(change: dict[str, Any], given: dict[str, Any]) -> None:
    assert _differences(_header(change), given) == []


def _env_with_run(tmp_path: Path, change: dict[str, Any]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GHOST")}
    env["GHOSTKIT_HOME"] = str(tmp_path / "home")
    runs = tmp_path / "home" / "data" / "runs"
    Journal.create(runs, RunHeader(id=RUN, url="https://blog.example", change=change))
    return env


@pytest.mark.parametrize(
    ("change", "argv"),
    [
        (STRIP, ["links", "strip", "--resume", RUN, "--broken", "--yes"]),
        (REPLACE, ["replace", "--resume", RUN, "--in", "title", "--yes"]),
    ],
)
def test_a_resuming_command_refuses_another_selection_before_reaching_the_site(
    tmp_path: Path, change: dict[str, Any], argv: list[str]
) -> None:
    done = cli.run(_env_with_run(tmp_path, change), *argv, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "ran with other options" in done.stderr and argv[-2] in done.stderr, done.stderr
