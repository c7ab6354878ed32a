"""The front matter of a post's Markdown file, checked field by field, and the file name
a post is pulled to.

Every field has one type (text, a list of names, one of Ghost's statuses, a post id) and
anything else is a ConfigurationError naming the file and the field, with a hint: YAML
reads `tags: news` as text, `title: 1.10` as a number and `title:` as nothing, and none of
them is what was meant. A slug must be one Ghost would make itself, so that it can go into
a URL or a file name as it is; `file_name` gives a plain name for any other slug a site
holds (Ghost keeps a draft's slug as sent).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ghostkit.core.errors import ConfigurationError

FIELDS = ("title", "slug", "tags", "status", "feature_image", "excerpt")
SYNC = "ghost"
_FRONT = re.compile(r"\A---[ \t]*\n(?P<head>.*?\n)??---[ \t]*(?:\n|\Z)", re.S)
_SLUG = re.compile(r"[^\W_][\w-]*")
_ID = re.compile(r"[0-9a-f]{24}")
KNOWN = (*FIELDS, "id", SYNC)
STATUSES = ("draft", "published", "scheduled", "sent")
SLUG_LIMIT = 191
"""Ghost's slug column holds 191 characters."""


def default_slug(text: str) -> str:
    """A slug Ghost would keep, made from `text` the way Ghost makes one from a title
    (letters and digits of any script, dashes; lowercase), or "" when nothing is left."""
    text = unicodedata.normalize("NFC", text).lower().replace("'", "").replace("\u2019", "")
    text = re.sub(r"[^\w-]+", "-", text)
    return re.sub(r"[-_]{2,}", "-", text).strip("-_")[:SLUG_LIMIT].strip("-_")


def is_ghost_slug(slug: str) -> bool:
    """Whether `slug` is one Ghost itself would make: it can go into a URL path or a file
    name as it is."""
    return (
        len(slug) <= SLUG_LIMIT
        and _SLUG.fullmatch(slug) is not None
        and slug == slug.lower()
        and slug == unicodedata.normalize("NFC", slug)
    )


def file_name(slug: str) -> str:
    """The file `pull` writes a post to: `SLUG.md`, or for a slug that is not safe as a
    file name (`../x`, `/etc/passwd`, `a/?b`, too long), a plain name made from it with a
    digest of the whole slug, the same every time."""
    if is_ghost_slug(slug) and len(slug.encode("utf-8")) <= 190:
        return f"{slug}.md"
    base = default_slug(slug)
    while len(base.encode("utf-8")) > 150:
        base = base[:-1]
    tag = hashlib.sha256(slug.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{base.strip('-_') or 'post'}-{tag}.md"


def shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return f"the text {shown(value)}"
    return type(value).__name__


def split(path: Path, text: str) -> tuple[dict[str, Any], str]:
    """The front matter (unchecked) and the body of a file's text; a text without front
    matter is all body."""
    match = _FRONT.match(text)
    if match:
        return load_front(path, match["head"] or ""), text[match.end() :]
    if text.startswith("---\n"):
        raise ConfigurationError(
            f"{path}: the front matter has no closing ---",
            hint="end the front matter with a line of three dashes",
        )
    return {}, text


def load_front(path: Path, head: str) -> dict[str, Any]:
    """The front matter's YAML as a mapping; bad YAML is one line with the file's line."""
    hint = 'quote a value that holds ": " or " #", or starts with [ { & * ! | > @ or a quote'
    try:
        loaded = yaml.safe_load(head)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 2}" if mark else ""  # line 1 is the opening ---
        problem = exc.problem or exc.context or "unreadable"
        raise ConfigurationError(
            f"{path}: the front matter is not valid YAML{where}: {problem}",
            hint=f'{hint}, e.g. title: "Part 1: the start"',
        ) from exc
    except (yaml.YAMLError, RecursionError) as exc:
        raise ConfigurationError(f"{path}: the front matter is not valid YAML", hint=hint) from exc
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ConfigurationError(
            f"{path}: the front matter is {_kind(loaded)}, not fields",
            hint="write one field a line, e.g. title: Hello",
        )
    return loaded


def check_front(path: Path, front: dict[str, Any], *, check_slug: bool = True) -> dict[str, Any]:
    """`front` with each field's type checked (a ConfigurationError naming the file and
    the field otherwise); empty optional fields are dropped."""

    def bad(name: object, why: str, hint: str) -> ConfigurationError:
        return ConfigurationError(f"{path}: the front matter's {name} {why}", hint=hint)

    quote = "put it in quotes"
    checked: dict[str, Any] = {}
    for name, value in front.items():
        if name not in KNOWN:
            raise bad(
                shown(name),
                "is not a field posts push knows",
                f"the fields are {', '.join(KNOWN)}: remove or rename it",
            )
        if name in ("title", "slug"):
            if not isinstance(value, str) or not value.strip():
                raise bad(
                    name,
                    f"must be text, not {_kind(value)}",
                    f'{quote}, e.g. {name}: "1.10", or remove the line to use the file name',
                )
        elif value is None:
            continue
        elif name in ("excerpt", "feature_image") and not isinstance(value, str):
            raise bad(name, f"must be text, not {_kind(value)}", quote)
        elif name == "status" and value not in STATUSES:
            raise bad(
                name, f"is {shown(value)}", f"use one of {', '.join(STATUSES)} (or remove it)"
            )
        elif name == "tags":
            value = _check_tags(value, bad)
        elif name == "id" and not (isinstance(value, str) and _ID.fullmatch(value)):
            raise bad(name, f"is {shown(value)}, not a post id", "an id is 24 hex characters")
        elif name == SYNC:
            _check_sync(value, bad)
        checked[name] = value
    slug = checked.get("slug")
    if check_slug and isinstance(slug, str) and not is_ghost_slug(slug):
        suggestion = default_slug(slug) or "my-post"
        raise bad(
            "slug",
            f"{shown(slug)} is not one Ghost would keep",
            f"use lowercase letters, digits and dashes, e.g. slug: {suggestion}",
        )
    return checked


def _check_tags(value: object, bad: Callable[[object, str, str], Exception]) -> list[str]:
    example = "write a list, e.g. tags: [news, release]"
    if not isinstance(value, list):
        raise bad("tags", f"must be a list, not {_kind(value)}", example)
    for tag in value:
        if not isinstance(tag, str) or not tag.strip():
            raise bad("tags", f"must be names, not {_kind(tag)}", f"{example}, quoting numbers")
    return value


def _check_sync(value: object, bad: Callable[[object, str, str], Exception]) -> None:
    hint = "posts pull writes it: remove the whole ghost: entry, or pull the post again"
    if not isinstance(value, dict):
        raise bad(SYNC, f"must be the record posts pull wrote, not {_kind(value)}", hint)
    for key, item in value.items():
        if key == "id" and not (isinstance(item, str) and _ID.fullmatch(item)):
            raise bad(f"{SYNC}.id", f"is {shown(item)}, not a post id", hint)
        if item is not None and not isinstance(item, str):
            raise bad(f"{SYNC}.{key}", f"must be text, not {_kind(item)}", hint)
