"""Find and replace in one piece of text, checked before any document is touched.

Literal mode is literal both ways: FIND is looked for as written and the replacement goes
in as written (backslashes, `\\1`, `$1` and all). With a regular expression, FIND is a
Python pattern and the replacement a template (`\\1`, `\\g<name>`), both checked up front.
A FIND that can match empty text is refused, in either mode: it would insert the
replacement between characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ghostkit.core.errors import ConfigurationError

_EMPTY_HINT = (
    "give FIND at least one character that must be there; with --regex, use + rather than * "
    "and anchor lookarounds to text (such as \\bword\\b, not \\b alone)"
)

_PROBES = ("", " ", "a", "A b", "ab\ncd", "1.5", "x_y-z", "caf\u00e9 \u00e0!", "\t")
"""Texts a pattern is tried on up front to see whether it matches empty text."""


def _empty_match_error(find: str) -> ConfigurationError:
    return ConfigurationError(
        f"FIND {find!r} can match empty text: the replacement would go in between characters",
        hint=_EMPTY_HINT,
    )


def _check_template(pattern: re.Pattern[str], template: str) -> None:
    """Raise if `template` refers to a group `pattern` does not have, or is malformed.

    The template is expanded against an empty pattern with the same groups (and names),
    which matches, so every reference in it is resolved."""
    names = {index: name for name, index in pattern.groupindex.items()}
    twin = "".join(
        f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, pattern.groups + 1)
    )
    match = re.match(twin, "")
    assert match is not None  # groups that match nothing match the empty text
    try:
        match.expand(template)
    except (re.error, IndexError) as exc:
        raise ConfigurationError(
            f"the replacement is not a valid template for this regular expression: {exc}",
            hint="with --regex, \\1 or \\g<name> name a group of FIND and a literal "
            "backslash is written \\\\",
        ) from exc


@dataclass(frozen=True)
class TextReplacer:
    """One find-and-replace, checked when made; `subn` applies it to a text."""

    find: str
    replacement: str
    regex: bool = False
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.find:
            raise ConfigurationError(
                "FIND is empty: the replacement would go in between every character",
                hint="give the text to find, such as: ghostkit replace 'Acme Inc' 'Acme Corp'",
            )
        pattern: re.Pattern[str] | None = None
        if self.regex:
            try:
                pattern = re.compile(self.find)
            except re.error as exc:
                raise ConfigurationError(
                    f"FIND is not a valid regular expression: {exc}",
                    hint="check the brackets and escapes (Python's re syntax); "
                    "without --regex, FIND is plain text",
                ) from exc
            if any(m.start() == m.end() for p in _PROBES for m in pattern.finditer(p)):
                raise _empty_match_error(self.find)
            _check_template(pattern, self.replacement)
        object.__setattr__(self, "_pattern", pattern)

    def subn(self, text: str, escape: Callable[[str], str] | None = None) -> tuple[str, int]:
        """The text with every match replaced, and how many there were. `escape`, if
        given, is applied to what goes in (Markdown escapes it so that it shows as written)."""
        if self._pattern is None:
            count = text.count(self.find)
            if not count:
                return text, 0
            return text.replace(
                self.find, escape(self.replacement) if escape else self.replacement
            ), count

        def expand(match: re.Match[str]) -> str:
            if match.start() == match.end():
                raise _empty_match_error(self.find)
            made = match.expand(self.replacement)
            return escape(made) if escape else made

        return self._pattern.subn(expand, text)
