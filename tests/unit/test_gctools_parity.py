"""docs/gctools.md, the table of Ghost's own gctools commands and what does each in ghostkit,
cannot drift: it has one row for every gctools command, and every ghostkit command line in
it names a command (and options) the CLI has."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

from typer.main import get_command

from ghostkit.cli.main import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "gctools.md"

# The commit of TryGhost/gctools the table was made from (its bin/cli.js registers these).
GCTOOLS_COMMIT = "72a3f3f8445052ad03ab362b02cfa56969c06aa7"
GCTOOLS_COMMANDS = (
    "add-author",
    "add-label-to-members",
    "add-member-comp-from-csv",
    "add-member-comp-subscription",
    "add-member-newsletter-subscription",
    "add-preview",
    "add-tags",
    "change-author",
    "change-role",
    "change-status",
    "change-tags",
    "change-visibility-pages",
    "change-visibility-posts",
    "clean-slugs",
    "clean-staff-slugs",
    "combine-tags",
    "comment-notifications",
    "compare-member-csv",
    "content-stats",
    "dedupe-members-csv",
    "delete-empty-tags",
    "delete-labels",
    "delete-pages",
    "delete-posts",
    "delete-tags",
    "export-comments",
    "fetch-assets",
    "find-replace",
    "get-posts",
    "i",
    "inline-media",
    "json-clean",
    "json-split",
    "keep-tags",
    "member-newsletter-backup",
    "page-to-post",
    "post-tiers",
    "random-posts",
    "remove-member-comp-subscription",
    "remove-tags",
    "seed-demo",
    "set-canonical-url",
    "set-featured-images",
    "set-podcast",
    "set-template",
    "split-members",
    "update-posts-from-json",
    "zip-create",
    "zip-split",
)

CELL = re.compile(r"(?<!\\)\|")
CODE = re.compile(r"`([^`]+)`")


def _rows() -> list[list[str]]:
    """The table's body rows, each as its cells (gctools command, what it does, the ghostkit
    command lines, notes)."""
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in CELL.split(line.strip())[1:-1]]
        if len(cells) == 4 and CODE.fullmatch(cells[0]):
            rows.append(cells)
    return rows


def _option_names(command: Any) -> set[str]:
    return {name for param in command.params for name in (*param.opts, *param.secondary_opts)}


def _takes_value(command: Any, option: str) -> bool:
    for param in command.params:
        if option in (*param.opts, *param.secondary_opts):
            return not getattr(param, "is_flag", False) and not getattr(param, "count", False)
    return False


def _problems(line: str, root: Any) -> list[str]:
    """What in one ghostkit command line the CLI does not have."""
    words = shlex.split(line)
    if words[:1] != ["ghostkit"]:
        return [f"{line!r} does not start with ghostkit"]
    command, path, index = root, ["ghostkit"], 1
    while hasattr(command, "commands"):
        if index >= len(words):
            return [f"{line!r} names the group {' '.join(path)}, not a command"]
        word = words[index]
        if word.startswith("-"):  # a global option in front of the command
            if word.split("=", 1)[0] not in _option_names(root):
                return [f"{line!r}: ghostkit has no global option {word}"]
            index += 1 + (("=" not in word) and _takes_value(root, word))
            continue
        sub = command.commands.get(word)
        if sub is None:
            return [f"{line!r}: {' '.join(path)} has no command {word!r}"]
        command, path, index = sub, [*path, word], index + 1
    allowed = _option_names(command) | _option_names(root)
    return [
        f"{line!r}: {' '.join(path)} has no option {word.split('=', 1)[0]}"
        for word in words[index:]
        if word.startswith("-") and word != "-" and word.split("=", 1)[0] not in allowed
    ]


def test_the_table_has_one_row_for_each_gctools_command() -> None:
    names = [row[0].strip("`") for row in _rows()]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    assert not duplicated, f"more than one row for: {', '.join(duplicated)}"
    missing = sorted(set(GCTOOLS_COMMANDS) - set(names))
    assert not missing, f"no row for the gctools commands: {', '.join(missing)}"
    unknown = sorted(set(names) - set(GCTOOLS_COMMANDS))
    assert not unknown, f"rows for commands gctools does not have: {', '.join(unknown)}"
    assert len(GCTOOLS_COMMANDS) == 49


def test_the_doc_names_the_gctools_commit_it_was_made_from() -> None:
    assert GCTOOLS_COMMIT in DOC.read_text(encoding="utf-8")


def test_every_ghostkit_command_line_in_the_table_exists() -> None:
    root = get_command(app)
    lines = [
        line for row in _rows() for line in CODE.findall(row[2]) if line.startswith("ghostkit")
    ]
    assert len(lines) > 20, "the table's ghostkit command lines should be found"
    problems = [problem for line in lines for problem in _problems(line, root)]
    assert not problems, "\n".join(problems)


def test_every_ghostkit_command_line_on_the_page_exists() -> None:
    """The introduction and the notes too, except what a row calls planned."""
    root = get_command(app)
    text = DOC.read_text(encoding="utf-8")
    planned = {line for row in _rows() if "Planned" in row[3] for line in _planned(row[3])}
    lines = [line for line in CODE.findall(text) if line.startswith("ghostkit ")]
    problems = [p for line in lines if line not in planned for p in _problems(line, root)]
    assert not problems, "\n".join(problems)


def test_the_summary_counts_what_the_table_says() -> None:
    """Rows whose ghostkit command is a run say so first in their notes."""
    with_command = [row for row in _rows() if row[2] != "—"]
    runs = [row for row in with_command if row[3].startswith(("A **run**", "Two **runs**"))]
    summary = (
        f"Of gctools' {len(GCTOOLS_COMMANDS)} commands, {len(with_command)} have a ghostkit "
        f"equivalent, {len(runs)} of them a **run**; the other {len(with_command) - len(runs)}"
    )
    assert summary in " ".join(DOC.read_text(encoding="utf-8").split())


def _planned(notes: str) -> list[str]:
    """The ghostkit command lines a row's notes name as planned (their last sentence)."""
    return [
        line for line in CODE.findall(notes.split("Planned", 1)[1]) if line.startswith("ghostkit")
    ]


def test_what_the_table_calls_planned_does_not_exist_yet() -> None:
    """A row's notes end with "Planned: `ghostkit ...`" for a command still to come: once
    the CLI has it, the row must name it as the equivalent instead."""
    root = get_command(app)
    landed = [
        f"{row[0]}: {line}"
        for row in _rows()
        if "Planned" in row[3]
        for line in _planned(row[3])
        if not _problems(line, root)
    ]
    assert not landed, "planned, but the CLI has them: " + "; ".join(landed)


def test_each_row_either_names_a_ghostkit_command_or_says_why_not() -> None:
    for name, _does, equivalent, notes in _rows():
        named = any(line.startswith("ghostkit") for line in CODE.findall(equivalent))
        assert named or (equivalent == "—" and notes), f"{name}: no command and no reason"


def test_a_wrong_command_line_is_caught() -> None:
    root = get_command(app)
    assert _problems("ghostkit posts list --all --jsonl", root) == []
    assert _problems("ghostkit --site blog posts list --filter 'tag:a'", root) == []
    assert _problems("ghostkit posts lst", root)
    assert _problems("ghostkit posts list --everything", root)
    assert _problems("ghostkit posts", root)
