#!/usr/bin/env python3
"""Generate the sync clients (`clients/_sync/`) from the async ones (`clients/_async/`).

python scripts/gen_sync.py          # write the sync files
python scripts/gen_sync.py --check  # fail if they are not current (run by scripts/check)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import unasync

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "ghostkit" / "clients" / "_async"
TARGET = ROOT / "src" / "ghostkit" / "clients" / "_sync"

REPLACEMENTS = {
    "_async": "_sync",
    "AsyncClient": "Client",
    "AsyncBaseTransport": "BaseTransport",
    "AsyncBaseClient": "BaseClient",
    "AsyncResource": "Resource",
    "AsyncGhostAdmin": "GhostAdmin",
    "AsyncGhostContent": "GhostContent",
    "AsyncIterator": "Iterator",
    "aclose": "close",
    "asyncio": "time",
}

HEADER = "# Generated from clients/_async by scripts/gen_sync.py: edit that, not this.\n"


def generate(into: Path) -> list[Path]:
    rule = unasync.Rule(str(SOURCE), str(into), additional_replacements=REPLACEMENTS)
    files = sorted(str(p) for p in SOURCE.glob("*.py"))
    unasync.unasync_files(files, [rule])
    written = sorted(into.glob("*.py"))
    for path in written:
        path.write_text(HEADER + path.read_text())
    return written


def main() -> int:
    if "--check" not in sys.argv:
        TARGET.mkdir(exist_ok=True)
        generate(TARGET)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = {p.name: p.read_text() for p in generate(Path(tmp))}
    current = {p.name: p.read_text() for p in TARGET.glob("*.py")}
    if fresh != current:
        stale = sorted(n for n in fresh.keys() | current.keys() if fresh.get(n) != current.get(n))
        print(
            f"clients/_sync is stale ({', '.join(stale)}): run scripts/gen_sync.py", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
