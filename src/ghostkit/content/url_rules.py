"""Rules that rewrite a URL: exact pairs, prefix moves and a regular expression.

A URL is rewritten by the first rule that applies, in this order: an exact pair (`--map`,
or pairs found by other means), then the longest matching prefix (`--from --to`), then the
regular expression (`--regex`). A prefix matches only at a boundary: `https://old.example`
matches `https://old.example`, `https://old.example/a`, `...?q` and `...#top`, never
`https://old.example.org` or `https://old.example:8080`; a prefix that ends with `/` (or is
a bare scheme, `http://`) matches whatever follows. The scheme and host are compared
without regard to case, the path exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ghostkit.content.text_replace import TextReplacer
from ghostkit.core.errors import ConfigurationError

_BOUNDARY = ("", "/", "?", "#")


def _origin_length(prefix: str) -> int:
    """Where the scheme and host of an absolute URL end."""
    after_scheme = prefix.index("://") + 3
    slash = prefix.find("/", after_scheme)
    return len(prefix) if slash < 0 else slash


def check_prefix(option: str, value: str) -> str:
    """`value` if it is an absolute URL (a scheme and, but for a bare scheme, a host)."""
    hint = "give an absolute URL such as https://old.example or https://old.example/blog/"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises on a malformed port)
    except ValueError as exc:
        raise ConfigurationError(
            f"{option} {value!r} is not a valid URL: {exc}", hint=hint
        ) from None
    if not parts.scheme or "://" not in value:
        raise ConfigurationError(f"{option} {value!r} is not an absolute URL", hint=hint)
    if not parts.netloc and value != f"{parts.scheme}://":
        raise ConfigurationError(f"{option} {value!r} has no host", hint=hint)
    return value


@dataclass(frozen=True)
class Prefix:
    old: str
    new: str

    def __post_init__(self) -> None:
        check_prefix("--from", self.old)
        check_prefix("--to", self.new)

    def apply(self, url: str) -> str | None:
        origin = _origin_length(self.old)
        if url[:origin].lower() != self.old[:origin].lower():
            return None
        if not url.startswith(self.old[origin:], origin):
            return None
        rest = url[len(self.old) :]
        if not (self.old.endswith(("/", "://")) or rest[:1] in _BOUNDARY):
            return None
        return self.new + rest


@dataclass(frozen=True)
class UrlRules:
    """What to rewrite: `pairs` (exact old to new), `prefixes` and `regex`
    (pattern, replacement: a Python template, `\\1` or `\\g<name>`)."""

    pairs: Mapping[str, str] = field(default_factory=dict)
    prefixes: tuple[Prefix, ...] = ()
    regex: tuple[str, str] | None = None
    _replacer: TextReplacer | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.prefixes, key=lambda p: len(p.old), reverse=True))
        object.__setattr__(self, "prefixes", ordered)
        replacer = None
        if self.regex is not None:
            try:
                replacer = TextReplacer(self.regex[0], self.regex[1], regex=True)
            except ConfigurationError as exc:
                exc.message = exc.message.replace("FIND", "--regex PATTERN")
                exc.hint = (exc.hint or "").replace("; without --regex, FIND is plain text", "")
                exc.hint = exc.hint.replace("of FIND", "of PATTERN")
                raise
        object.__setattr__(self, "_replacer", replacer)
        if not (self.pairs or self.prefixes or self.regex):
            raise ConfigurationError(
                "no rule: nothing would be rewritten",
                hint="give --from OLD --to NEW, --map FILE.csv or --regex PATTERN REPLACEMENT",
            )

    def apply(self, url: str) -> str | None:
        """The URL the first rule that applies makes of `url` (None: no rule applies)."""
        if url in self.pairs:
            return self.pairs[url]
        for prefix in self.prefixes:
            new = prefix.apply(url)
            if new is not None:
                return new
        if self._replacer is not None:
            new, made = self._replacer.subn(url)
            return new if made else None
        return None


def read_pairs(path: Path) -> dict[str, str]:
    """The exact pairs of a CSV file of `old,new` rows (a first row `old,new` is a header).
    A row that is not two absolute URLs, or an old URL given twice with two new ones, is
    refused with its line number."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigurationError(
            f"--map {str(path)!r} cannot be read: {exc.strerror or exc}",
            hint="give a CSV file of old,new rows",
        ) from None
    except UnicodeDecodeError:
        raise ConfigurationError(
            f"--map {str(path)!r} is not UTF-8 text", hint="save the CSV as UTF-8"
        ) from None
    pairs: dict[str, str] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and [c.lower() for c in cells] == ["old", "new"]:
            continue
        where = f"--map {path.name} line {number}"
        if len(cells) != 2 or not all(cells):
            raise ConfigurationError(
                f"{where}: expected two columns, old URL and new URL, got {row!r}",
                hint="one pair per line: https://old.example/a,https://new.example/b",
            )
        old, new = cells
        for value in (old, new):
            if "://" not in value and not value.startswith("/"):
                raise ConfigurationError(
                    f"{where}: {value!r} is not a URL",
                    hint="write absolute URLs such as https://old.example/a",
                )
        if old in pairs and pairs[old] != new:
            raise ConfigurationError(
                f"{where}: {old!r} is already mapped to {pairs[old]!r}",
                hint="keep one row per old URL",
            )
        pairs[old] = new
    if not pairs:
        raise ConfigurationError(
            f"--map {path.name} has no pairs", hint="one pair per line: old URL,new URL"
        )
    return pairs
