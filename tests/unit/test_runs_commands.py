"""`ghostkit runs` names every command that makes a run, as the engine knows them: the
kinds `runs resume` makes again (`BUILT_IN`) and those finished by running them again
(`NOT_RESUMED`). The help says which resume and which do not."""

from __future__ import annotations

from typer.main import get_command

from ghostkit.cli.main import app
from ghostkit.cli.runs import COMMANDS, NOT_RESUMED
from ghostkit.operations import api


def _help(*path: str) -> str:
    command = get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return " ".join((command.help or "").split())


def test_every_kind_of_run_the_engine_knows_has_its_command() -> None:
    assert set(NOT_RESUMED) == set(api.NOT_RESUMED)
    assert set(COMMANDS) - set(NOT_RESUMED) == set(api.BUILT_IN)


def test_the_help_names_the_commands_whose_runs_it_lists_resumes_and_undoes() -> None:
    for path in (("runs",), ("runs", "undo")):
        assert all(command in _help(*path) for command in COMMANDS.values()), path
    resume = _help("runs", "resume")
    resumed = resume.split("It resumes a run of ")[1].split(" (")[0]
    assert resumed.split(", ") == [c for k, c in COMMANDS.items() if k not in NOT_RESUMED]
    assert "posts push is finished by pushing the same files again" in resume
