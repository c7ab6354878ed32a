"""Query strings and request bodies as Ghost expects them (no I/O)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ghostkit.core.errors import ConfigurationError
from ghostkit.core.urls import check_id


def encode_params(params: Mapping[str, Any] | None) -> dict[str, str]:
    """Turn Python values into Ghost's query parameters.

    Lists become comma-separated (`include=tags,authors`), booleans `true`/`false`,
    and `None` means "not given" and is dropped. A `filter` is sent as `plain_filter`
    makes it.
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
    if "filter" in encoded:
        encoded["filter"] = plain_filter(encoded["filter"])
    return encoded


Group = list["str | Group"]
_QUOTED = re.compile(r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"")
_GROUP_KEY = re.compile(r"(?:^|[+,(\s])-?yg\s*:")


def plain_filter(nql: str) -> str:
    """`nql` without the parentheses Ghost misreads, and otherwise as given: a group whose
    only content is another group, and a whole filter in one group (Ghost puts a filter
    inside a group of its own, `(type:post)+(...)`). Ghost reads such a group as no
    condition at all, so `(slug:a)` lists every post, and a bulk unpublish of
    `(id:X+...)`, which Ghost sends on as `(status:published)+((id:X+...))`, unpublishes
    every published post. Text in quotes is left alone; an unbalanced filter is returned
    as given, for Ghost to refuse. A condition on `yg` (Ghost's own name for a group,
    which it skips) is refused: it too would match every item."""
    if _GROUP_KEY.search(_QUOTED.sub("''", nql)):
        raise ConfigurationError(
            f"the filter {nql[:80]!r} has a condition on 'yg', which Ghost skips as its own "
            "name for a group, so the filter would match every item",
            hint="no item has a field yg: check the filter's field names",
        )
    parsed = _groups(nql)
    return nql if parsed is None else _text(_simplified(parsed)).strip()


def _groups(nql: str) -> Group | None:
    """`nql` as text and nested groups, or None when its parentheses do not balance."""
    stack: list[Group] = [[]]
    text, quote, escaped = "", "", False
    for char in nql:
        if quote:
            text += char
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "'\"":
            text, quote = text + char, char
        elif char == "(":
            stack[-1].append(text)
            text = ""
            stack.append([])
        elif char == ")":
            if len(stack) == 1:
                return None
            stack[-1].append(text)
            text = ""
            group = stack.pop()
            stack[-1].append(_simplified(group))
        else:
            text += char
    if len(stack) != 1 or quote:
        return None
    stack[0].append(text)
    return stack[0]


def _only_group(parts: Group) -> Group | None:
    """The one group `parts` holds and nothing else (but blanks), if so and if the group
    is not empty (`()` stays, an error rather than no filter)."""
    groups = [p for p in parts if not isinstance(p, str)]
    rest = "".join(p for p in parts if isinstance(p, str))
    if len(groups) != 1 or rest.strip() or not _text(groups[0]).strip():
        return None
    return groups[0]


def _simplified(group: Group) -> Group:
    """A group (or a whole filter) that holds only a group is that group."""
    while (only := _only_group(group)) is not None:
        group = only
    return group


def _text(parts: Group) -> str:
    return "".join(p if isinstance(p, str) else f"({_text(p).strip()})" for p in parts)


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
