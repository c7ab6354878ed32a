"""What a resource command is given: `--data`, `--param`, and the key that names an item."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from ghostkit.resources.spec import ResourceSpec


def read_data(data: str) -> dict[str, Any]:
    """`--data` as JSON text, or `@file.json`, or `-` for stdin."""
    import sys

    from ghostkit.core.errors import ConfigurationError

    if data == "-":
        text = sys.stdin.read()
    elif data.startswith("@"):
        path = Path(data[1:])
        if not path.is_file():
            raise ConfigurationError(f"no file at {path}")
        text = path.read_text(encoding="utf-8")
    else:
        text = data
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ConfigurationError(
            f"--data is not valid JSON: {exc}", hint="pass a JSON object, @file.json or - for stdin"
        ) from exc
    if not isinstance(value, dict):
        raise ConfigurationError("--data must be a JSON object")
    return value


DATA = typer.Option(..., "--data", "-d", help="JSON object, @file or -.")
PARAM = typer.Option(
    [], "--param", "-p", help="A query parameter as key=value (e.g. source=html); repeatable."
)


def read_params(pairs: list[str]) -> dict[str, str]:
    """`--param key=value` options as a dict."""
    from ghostkit.core.errors import ConfigurationError

    params: dict[str, str] = {}
    for item in pairs:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ConfigurationError(f"--param {item!r} is not key=value")
        params[key] = value
    return params


def is_id(text: str) -> bool:
    """Whether `text` is a Ghost id, as the client checks ids: 24 hex characters, or the
    owner's `1` on sites older than ObjectIDs (Ghost 5 sites still have it)."""
    from ghostkit.core.errors import ConfigurationError
    from ghostkit.core.urls import check_id

    try:
        check_id(text)
    except ConfigurationError:
        return False
    return True


def key_metavar(spec: ResourceSpec) -> str:
    """How an item is named on the command line: `ID`, or `ID/SLUG` where slugs are read."""
    return "/".join(way.upper() for way in spec.read_by) or "ID"


def read_key(spec: ResourceSpec, key: str, by: str | None = None) -> dict[str, str]:
    """The `read()` argument for `key`: an id; else, where the resource can be read that
    way, an email (a key with `@`) or a slug. `by` names the way outright."""
    from ghostkit.core.errors import UsageError

    if not key.strip():
        raise UsageError(f"an empty {key_metavar(spec)} names none of the {spec.name}")
    if by is not None:
        if by not in spec.read_by:
            ways = ", ".join(spec.read_by) or "nothing"
            raise UsageError(f"{spec.name} can be read by {ways}, not by {by!r}")
        if by == "id" and not is_id(key):
            raise not_an_id(spec, key)
        return {by: key}
    if is_id(key):
        return {"id": key}
    if "email" in spec.read_by and "@" in key:
        return {"email": key}
    if "slug" in spec.read_by:
        return {"slug": key}
    raise not_an_id(spec, key)


def not_an_id(spec: ResourceSpec, key: str) -> Exception:
    from ghostkit.core.errors import UsageError

    if "slug" in spec.read_by:
        hint = "an id is 24 hex characters; for a slug, use --by slug (or leave --by out)"
    elif "@" in key and spec.supports("browse"):
        hint = f"find its id with: ghostkit {spec.name} list --filter \"email:'{key}'\""
    elif spec.supports("browse"):
        hint = f"an id is 24 hex characters; `ghostkit {spec.name} list` shows them"
    else:
        hint = "an id is 24 hex characters: the id Ghost gave it when it was created"
    return UsageError(f"{key!r} is not an id of one of the {spec.name}", hint=hint)


def resolve_id(spec: ResourceSpec, items: Any, key: str) -> str:
    """The id of the item `key` names: an id as given, else the id of the item read by its
    slug (or email), so that a write always goes to an id."""
    how = read_key(spec, key)
    if "id" in how:
        return key
    return str(items.read(**how).id)
