"""Lookups over offsets in a text that take the same time however many there are.

Editing a document with thousands of links asks, for each link, which line it is on,
whether anything else is on that line, or whether it lies inside or across other spans.
Scanning the text or the spans each time makes that quadratic; these answer each question
by bisection over lists built once.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate

_NEWLINE = re.compile("\n")
_SOLID = re.compile(r"\S")


def line_starts(text: str) -> list[int]:
    """The offset where each line of `text` starts."""
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


class Lines:
    """Where the lines of a text start and end, and where its non-blank characters are."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)
        self._solid: list[int] | None = None

    def start_of(self, offset: int) -> int:
        """Where the line holding `offset` starts (as `text.rfind("\\n", 0, offset) + 1`)."""
        return self.starts[bisect_right(self.starts, offset) - 1]

    def end_of(self, offset: int) -> int:
        """The first newline at or after `offset`, or the text's length if none."""
        index = bisect_right(self.starts, offset)
        return self.starts[index] - 1 if index < len(self.starts) else len(self.text)

    def alone(self, start: int, end: int) -> bool:
        """Whether only blanks share the line(s) with `text[start:end]`."""
        if self._solid is None:
            self._solid = [m.start() for m in _SOLID.finditer(self.text)]
        solid = self._solid
        before = bisect_left(solid, self.start_of(start))
        if before < len(solid) and solid[before] < start:
            return False
        after = bisect_left(solid, end)
        return not (after < len(solid) and solid[after] < self.end_of(end))


class Intervals:
    """A set of half-open spans `[a, b)`, possibly nested or overlapping."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach = list(accumulate((b for _, b in ordered), max))  # furthest end so far

    def _furthest_end(self, below: int) -> int | None:
        """The furthest end of the spans starting before `below` (None if none do)."""
        count = bisect_left(self._starts, below)
        return self._reach[count - 1] if count else None

    def contain(self, start: int, end: int) -> bool:
        """Whether one span holds all of `[start, end)` (`a <= start` and `end <= b`)."""
        count = bisect_right(self._starts, start)
        return bool(count) and self._reach[count - 1] >= end

    def overlap(self, start: int, end: int) -> bool:
        """Whether a span overlaps `[start, end)` (`start < b` and `a < end`)."""
        furthest = self._furthest_end(end)
        return furthest is not None and furthest > start

    def holds(self, offset: int) -> bool:
        """Whether a span holds the offset (`a <= offset < b`)."""
        count = bisect_right(self._starts, offset)
        return bool(count) and self._reach[count - 1] > offset


class Shifts:
    """Where offsets of a text move once non-overlapping edits, sorted, are made to it."""

    def __init__(self, edits: Iterable[tuple[int, int, str]]) -> None:
        made = list(edits)
        self._ends = [end for _, end, _ in made]
        self._moved = list(accumulate(len(r) - (end - start) for start, end, r in made))

    def __call__(self, offset: int) -> int:
        """The offset after the edits, for an offset outside them: every edit that ends at
        or before it moves it by the change in length."""
        count = bisect_right(self._ends, offset)
        return offset + (self._moved[count - 1] if count else 0)
