#!/usr/bin/env python3
"""The CommonMark spec's 652 examples through a real local Ghost: the pass rate per section
of ghostkit's Markdown to Lexical (native) and of Ghost's own HTML converter (anchor).

    python bench/commonmark_report.py                 # the table into docs/commonmark.md
    python bench/commonmark_report.py --failures out.json

Boots (and at the end removes) its own local instance, `bench`; the spec comes from the
npm registry (tests/commonmark.py). Writes the table between the markers in
docs/commonmark.md; `--failures` also saves every failing case with both renderings.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from run import Site  # noqa: E402
from tests.commonmark import (  # noqa: E402
    SPEC_VERSION,
    Case,
    Run,
    anchor_post,
    load_cases,
    native_post,
    render_cases,
)
from tests.normalise_html import normalise  # noqa: E402

from ghostkit import AsyncGhostAdmin  # noqa: E402
from ghostkit.config import Paths  # noqa: E402

DOC = HERE.parent / "docs" / "commonmark.md"
BEGIN, END = "<!-- commonmark-table:begin -->", "<!-- commonmark-table:end -->"


async def measure(url: str, key: str, cases: list[Case]) -> list[Run]:
    """The native run, then the anchor run."""
    runs = []
    async with AsyncGhostAdmin(url, key=key, timeout=120) as admin:
        for name, make, source in (("native", native_post, None), ("anchor", anchor_post, "html")):
            started = time.monotonic()
            runs.append(await render_cases(admin, url, name, cases, make, source=source))
            print(f"{name}: {time.monotonic() - started:.0f} s", flush=True)
    return runs


def table(runs: list[Run], ghost_version: str) -> str:
    native, anchor = (run.by_section() for run in runs)
    lines = [
        f"Measured on Ghost {ghost_version} with commonmark-spec {SPEC_VERSION}, "
        f"{time.strftime('%Y-%m-%d')}, by `python bench/commonmark_report.py`.",
        "",
        "| section | cases | native (ghostkit) | Ghost's converter (`source=html`) |",
        "|---|---:|---:|---:|",
    ]

    def cell(counts: tuple[int, int]) -> str:
        return f"{counts[0]} ({100 * counts[0] / counts[1]:.0f}%)"

    for section, (_, total) in anchor.items():
        lines.append(f"| {section} | {total} | {cell(native[section])} | {cell(anchor[section])} |")
    total = len(runs[-1].outcomes)
    mine, ghosts = (cell((run.passed, total)) for run in runs)
    lines.append(f"| **all** | **{total}** | **{mine}** | **{ghosts}** |")
    for run in runs:
        failed = [str(o.case.number) for o in run.outcomes if not o.passed]
        label = "native" if run.name == "native" else "Ghost's converter"
        lines += ["", f"Examples {label} fails ({len(failed)}): {', '.join(failed)}."]
    return "\n".join(lines)


def write_table(text: str) -> None:
    doc = DOC.read_text()
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}")


def failures(runs: list[Run]) -> list[dict[str, Any]]:
    return [
        {
            "run": run.name,
            "number": o.case.number,
            "section": o.case.section,
            "markdown": o.case.markdown,
            "expected": normalise(o.case.html),
            "rendered": None if o.rendered is None else normalise(o.rendered, o.site),
            "ghost_html": o.rendered,
            "error": o.error,
        }
        for run in runs
        for o in run.outcomes
        if not o.passed
    ]


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=Path, help="save the failing cases as JSON here")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    options = parser.parse_args()
    cases = load_cases(Paths.from_env().cache)
    with tempfile.TemporaryDirectory() as tmp:
        site = Site(Path(tmp) / "site")
        try:
            version = asyncio.run(_version(site.url, site.key))
            runs = asyncio.run(measure(site.url, site.key, cases))
        finally:
            site.close()
    text = table(runs, version)
    print(text)
    if not options.no_write:
        write_table(text)
    if options.failures:
        options.failures.write_text(json.dumps(failures(runs), indent=2, ensure_ascii=False))
    return 0


async def _version(url: str, key: str) -> str:
    async with AsyncGhostAdmin(url, key=key) as admin:
        return str((await admin.site()).version)


if __name__ == "__main__":
    raise SystemExit(main())
