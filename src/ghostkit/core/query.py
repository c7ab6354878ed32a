"""Query strings and request bodies as Ghost expects them (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ghostkit.core.urls import check_id


def encode_params(params: Mapping[str, Any] | None) -> dict[str, str]:
    """Turn Python values into Ghost's query parameters.

    Lists become comma-separated (`include=tags,authors`), booleans `true`/`false`,
    and `None` means "not given" and is dropped.
    """
    encoded: dict[str, str] = {}
    for name, value in (params or {}).items():
        if value is None:
            continue
        if isinstance(value, bool):
            encoded[name] = "true" if value else "false"
        elif isinstance(value, (list, tuple, set, frozenset)):
            encoded[name] = ",".join(str(v) for v in value)
        else:
            encoded[name] = str(value)
    return encoded


def wrap(key: str, item: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The envelope Ghost wants on writes: `{"posts": [{...}]}` (a copy, never the input)."""
    return {key: [dict(item)]}


def unwrap_list(body: Any, key: str) -> list[dict[str, Any]]:
    """The items of a response envelope, `[]` when the key is absent."""
    if not isinstance(body, Mapping):
        return []
    items = body.get(key)
    if isinstance(items, list):
        return [i for i in items if isinstance(i, dict)]
    if isinstance(items, dict):  # `site` and `settings` style single objects
        return [items]
    return []


def id_filter(ids: Iterable[str]) -> str:
    """An NQL filter matching any of `ids`, each checked to be an id (they often come from
    an answer, and a comma or a bracket would change what the filter matches)."""
    return "id:[" + ",".join(check_id(i) for i in ids) + "]"
