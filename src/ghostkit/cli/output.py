"""Printing results: tables for people, JSON or JSON lines for scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import typer

QUIET = {"on": False}
"""Set by the global --quiet: no counts, notes or progress on stderr (errors still show)."""

JSON = typer.Option(False, "--json", help="Print JSON.")


def note(message: str) -> None:
    """A line for the person at the terminal (on stderr), unless --quiet."""
    if not QUIET["on"]:
        typer.echo(message, err=True)


JSONL = typer.Option(False, "--jsonl", help="Print one JSON object per line.")


def wants_json(as_json: bool, as_jsonl: bool) -> str | None:
    """The machine format asked for; JSON lines when stdout is not a terminal."""
    if as_jsonl:
        return "jsonl"
    if as_json:
        return "json"
    return None if sys.stdout.isatty() else "jsonl"


def emit(rows: Iterable[dict[str, Any]], fmt: str | None, columns: Sequence[str]) -> int:
    """Print rows in the chosen format; return how many there were."""
    if fmt == "jsonl":
        count = 0
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
            count += 1
        return count
    items = list(rows)
    if fmt == "json":
        typer.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return len(items)
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in items:
        table.add_row(*(_cell(row.get(column)) for column in columns))
    Console().print(table)
    return len(items)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(
            _cell(v.get("name") or v.get("slug") if isinstance(v, dict) else v) for v in value
        )
    if isinstance(value, dict):
        return str(value.get("name") or value.get("slug") or value.get("id") or "")
    text = str(value)
    return text[:19] if len(text) >= 20 and text[4:5] == "-" and text[10:11] == "T" else text


def one(item: dict[str, Any], as_json: bool) -> None:
    if as_json or not sys.stdout.isatty():
        typer.echo(json.dumps(item, indent=2, ensure_ascii=False))
        return
    for key, value in item.items():
        if value not in (None, "", [], {}):
            shown = value if isinstance(value, (str, int, float, bool)) else json.dumps(value)
            typer.echo(f"{key:<22} {str(shown)[:200]}")
