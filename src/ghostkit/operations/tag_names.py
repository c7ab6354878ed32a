"""Tags as people name them on the command line: by slug or by name, resolved against
the site's tags before a run begins (no I/O here: the caller reads the tags).

A word names the tag whose slug it is; else the tag whose name it is (letter case aside).
`slug:WORD` and `name:WORD` say which. A word that is one tag's slug and another's name,
or the name of two tags (Ghost allows that), is refused as ambiguous; an unknown one is
refused with the closest slugs and names as a hint.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from ghostkit.core.errors import UsageError

Tag = dict[str, Any]
PREFIXES = ("slug:", "name:")


def shown(tag: Mapping[str, Any]) -> str:
    """A tag as a person reads it: its name and slug."""
    name, slug = tag.get("name") or "", tag.get("slug") or ""
    return f"{name!r} ({slug})" if name != slug else repr(slug)


def find(word: str, tags: Iterable[Tag]) -> Tag | None:
    """The one tag `word` names, or None if it names none; ambiguity is `UsageError`."""
    every = list(tags)
    how, value = _split(word)
    by_slug = [t for t in every if how != "name" and t.get("slug") == value]
    folded = value.casefold()
    by_name = [t for t in every if how != "slug" and str(t.get("name") or "").casefold() == folded]
    if how is None and by_slug and any(t is not by_slug[0] for t in by_name):
        others = ", ".join(shown(t) for t in by_name if t is not by_slug[0])
        raise UsageError(
            f"{word!r} is the slug of {shown(by_slug[0])} and the name of {others}",
            hint=f"say which: slug:{value} or name:{value}",
        )
    if by_slug:
        return by_slug[0]
    if len(by_name) > 1:
        raise UsageError(
            f"{len(by_name)} tags are named {value!r}: {', '.join(shown(t) for t in by_name)}",
            hint="name the tag by its slug (slug:SLUG), which is unique",
        )
    return by_name[0] if by_name else None


def resolve(word: str, tags: Iterable[Tag]) -> Tag:
    """The one tag `word` names; an unknown tag is `UsageError` listing close matches."""
    every = list(tags)
    found = find(word, every)
    if found is not None:
        return found
    raise unknown(word, every)


def for_post(names: Iterable[str], tags: Iterable[Tag]) -> list[Tag]:
    """The tags to send with a post for `names` (a post file's `tags:`, `--tag`): the
    site's tag of that name letter for letter, else the one `find` names (by slug, or by
    name in another letter case), else a new tag of that name. Ghost matches the names it
    is sent letter for letter, so `{"name": "news"}` beside a tag 'News' would make a
    second tag."""
    every = list(tags)
    sent: list[Tag] = []
    for name in names:
        exact = [t for t in every if t.get("name") == name]
        tag = exact[0] if len(exact) == 1 else find(name, every)
        sent.append(
            {"id": tag["id"], "slug": tag["slug"], "name": tag["name"]} if tag else {"name": name}
        )
    return sent


def unknown(word: str, tags: Iterable[Tag]) -> UsageError:
    """The error for a word that names no tag: the closest slugs and names as a hint."""
    _, value = _split(word)
    names = {str(t.get(k)): t for t in tags for k in ("slug", "name") if t.get(k)}
    close = difflib.get_close_matches(value, list(names), n=4, cutoff=0.6)
    close += [k for k in names if value.casefold() in k.casefold() and k not in close][:2]
    matches = list(dict.fromkeys(shown(names[k]) for k in close))
    hint = (
        f"did you mean {', '.join(matches)}?"
        if matches
        else "see the tags with `ghostkit tags list --all`"
    )
    return UsageError(f"no tag is named {word!r} (by slug or name)", hint=hint)


def _split(word: str) -> tuple[str | None, str]:
    for prefix in PREFIXES:
        if word.startswith(prefix):
            return prefix[:-1], word[len(prefix) :]
    return None, word


def bare(word: str) -> str:
    """The word without a `slug:` or `name:` prefix."""
    return _split(word)[1]


def slug_for(name: str) -> str:
    """The slug a new tag named `name` is given: lowercase ASCII words joined by hyphens,
    `#` at the start (an internal tag) as `hash-`, as Ghost makes them. Empty when the
    name has no ASCII letter or digit (the caller then asks for a slug)."""
    internal = name.startswith("#")
    text = unicodedata.normalize("NFKD", name[1:] if internal else name)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", text)
    slug = "-".join(words)[:185].strip("-")
    return f"hash-{slug}" if internal and slug else slug


SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,189})")


def check_slug(slug: str) -> str:
    """`slug` if it is one Ghost keeps as given (lowercase ASCII letters, digits and
    hyphens), else a clear error: Ghost would change it silently."""
    if SLUG.fullmatch(slug) and not slug.endswith("-"):
        return slug
    raise UsageError(
        f"{slug!r} is not a slug Ghost keeps as it is",
        hint="use lowercase letters, digits and hyphens, such as 'product-news'",
    )
