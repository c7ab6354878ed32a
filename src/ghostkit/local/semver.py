"""Just enough of npm's semver ranges to read a package's `engines.node`.

Supports `||`, space-separated comparator sets, `^`, `~`, `>=`, `>`, `<=`, `<`, `=`, exact
versions and `x`/`*` wildcards: what Ghost and its tools have used in `engines`.
"""

from __future__ import annotations

import re

Version = tuple[int, int, int]

_VERSION = re.compile(r"^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?")


def parse_version(text: str) -> Version:
    match = _VERSION.match(text.strip())
    if not match:
        raise ValueError(f"not a version: {text!r}")
    parts = [int(p) if p and p.isdigit() else 0 for p in match.groups()]
    return parts[0], parts[1], parts[2]


def _partial(text: str) -> tuple[Version, int]:
    """A version and how many of its parts were given (wildcards count as missing)."""
    match = _VERSION.match(text)
    if not match:
        raise ValueError(f"not a version: {text!r}")
    given = 0
    parts = []
    for part in match.groups():
        if part is None or not part.isdigit():
            break
        given += 1
        parts.append(int(part))
    parts += [0] * (3 - len(parts))
    return (parts[0], parts[1], parts[2]), given


def _comparator(version: Version, token: str) -> bool:
    op_match = re.match(r"^(\^|~|>=|<=|>|<|=)?(.*)$", token)
    assert op_match is not None
    op, rest = op_match.group(1) or "", op_match.group(2)
    if rest in ("", "*", "x"):
        return True
    bound, given = _partial(rest)
    if op == "^":
        if bound[0] > 0 or given == 1:
            upper: Version = (bound[0] + 1, 0, 0)
        elif bound[1] > 0 or given == 2:
            upper = (0, bound[1] + 1, 0)
        else:
            upper = (0, 0, bound[2] + 1)
        return bound <= version < upper
    if op == "~":
        upper = (bound[0] + 1, 0, 0) if given == 1 else (bound[0], bound[1] + 1, 0)
        return bound <= version < upper
    if op == ">=":
        return version >= bound
    if op == ">":
        return version > bound
    if op == "<=":
        return version <= bound
    if op == "<":
        return version < bound
    # exact or partial (a bare "22" means 22.x.x)
    return version[:given] == bound[:given]


def satisfies(version: str | Version, spec: str) -> bool:
    """Does `version` fall inside the npm range `spec`?"""
    ver = parse_version(version) if isinstance(version, str) else version
    for alternative in spec.split("||"):
        tokens = re.sub(r"(\^|~|>=|<=|>|<|=)\s+", r"\1", alternative.strip()).split()
        if all(_comparator(ver, t) for t in tokens):
            return True
    return False


def best_match(versions: list[str], spec: str) -> str | None:
    """The highest of `versions` (pre-releases left out) in the first alternative of `spec`
    that any of them satisfies.

    Projects list their preferred line first (Ghost 6: `^22.23.1 || ^24.20.0`), so this
    picks the newest Node 22 rather than the newest Node overall.
    """
    stable = [v for v in versions if re.fullmatch(r"\d+\.\d+\.\d+", v)]
    for alternative in spec.split("||"):
        matching = [v for v in stable if satisfies(v, alternative)]
        if matching:
            return max(matching, key=parse_version)
    return None
