"""Query strings and request bodies as Ghost expects them (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ghostkit.core.errors import ConfigurationError
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


def page_limit(limit: object, cap: int | None) -> int | str | None:
    """`limit` checked against the site's rule: a whole number from 1, or `"all"`; with a
    `cap` (Ghost 6 serves at most 100 per page, `limit=all` included), no more than that."""
    if limit is None:
        return None
    walk = (
        "use iter() (on the command line: --all) to walk every page; a Ghost 5 site serves "
        "more per page once the client knows its version (version='auto')"
    )
    if limit == "all":
        if cap is not None:
            raise ConfigurationError(
                f"limit='all' is above Ghost's cap of {cap} per page (Ghost 6 serves {cap} for it)",
                hint=walk,
            )
        return "all"
    number = _whole(limit)
    if number is None or number < 1:
        raise ConfigurationError(
            f"limit={limit!r} is not a page size", hint="give a whole number, 1 or more, or 'all'"
        )
    if cap is not None and number > cap:
        raise ConfigurationError(
            f"limit={number} is above Ghost's cap of {cap} per page", hint=walk
        )
    return number


def page_number(page: object) -> int | None:
    """`page` checked to be a page number (1 or more)."""
    if page is None:
        return None
    number = _whole(page)
    if number is None or number < 1:
        raise ConfigurationError(
            f"page={page!r} is not a page number", hint="pages are numbered from 1"
        )
    return number


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def with_id(fields: str | Iterable[str]) -> list[str]:
    """`fields` with `id` among them (items are matched by id)."""
    names = [f.strip() for f in (fields.split(",") if isinstance(fields, str) else fields)]
    names = [n for n in names if n]
    return names if "id" in names else ["id", *names]
