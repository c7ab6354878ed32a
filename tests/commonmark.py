"""The CommonMark spec's examples, run through a real Ghost: ghostkit's Markdown to Lexical
against Ghost's own HTML converter.

The cases come from the `commonmark-spec` package on the npm registry (pinned version,
checked against the registry's sha512 integrity), fetched once into the ghostkit cache.
Each case is saved as a post twice:

- *native*: `markdown_to_lexical(markdown, bare_urls="text")` saved as the post's `lexical`;
- *anchor*: the spec's expected HTML saved with `?source=html`, Ghost's own converter.

Ghost renders each post; the rendered HTML and the expected HTML are compared after
`normalise` (tests/normalise_html.py; docs/commonmark.md explains each rule). Used by
tests/integration/test_commonmark.py and bench/commonmark_report.py.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ghostkit.content import lexical
from ghostkit.content.markdown_lexical import markdown_to_lexical
from tests.normalise_html import normalise

SPEC_PACKAGE = "commonmark-spec"
SPEC_VERSION = "0.31.2"
SPEC_INTEGRITY = (
    "sha512-vXKxmclzJPymhOJYD26G0oBjVmIcKC8p5m2DvHIq1A1btr1m0r0dT/PzRA5/nwxUbCAPedMNPEoiQE"
    "+zvuOcOw=="
)
"""The `dist.integrity` npm's registry gives for commonmark-spec@0.31.2."""


@dataclass(frozen=True)
class Case:
    number: int
    section: str
    markdown: str
    html: str


# -- the spec ---------------------------------------------------------------------------------


def spec_file(cache: Path) -> Path:
    """spec.txt of the pinned commonmark-spec, fetched with `npm pack` unless cached."""
    target = cache / SPEC_PACKAGE / SPEC_VERSION / "spec.txt"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        spec = f"{SPEC_PACKAGE}@{SPEC_VERSION}"
        out = subprocess.run(
            ["npm", "pack", spec, "--silent", "--pack-destination", tmp],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        tarball = Path(tmp) / out.strip().splitlines()[-1]
        digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        if f"sha512-{digest}" != SPEC_INTEGRITY:
            raise RuntimeError(f"{tarball.name} does not match the pinned integrity of {spec}")
        with tarfile.open(tarball) as archive:
            member = archive.extractfile("package/spec.txt")
            if member is None:
                raise RuntimeError(f"{tarball.name} has no package/spec.txt")
            staged = Path(tmp) / "spec.txt"
            staged.write_bytes(member.read())
        staged.rename(target)
    return target


_EXAMPLE = re.compile(
    r"^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$", re.MULTILINE
)


def parse_spec(text: str) -> list[Case]:
    """The examples the way the package's own `index.js` reads them (each under the last
    heading before it), with the spec's visible tab `→` turned back into a tab, as the
    spec's own test runner does."""
    text = re.sub(r"\r\n?", "\n", text)
    text = re.sub(r"^<!-- END TESTS -->[\s\S]*", "", text, flags=re.MULTILINE)
    cases: list[Case] = []
    section = ""
    for match in _EXAMPLE.finditer(text):
        markdown, expected, heading = match.groups()
        if heading is not None:
            section = heading
            continue
        cases.append(
            Case(len(cases) + 1, section, markdown.replace("→", "\t"), expected.replace("→", "\t"))
        )
    return cases


def load_cases(cache: Path) -> list[Case]:
    return parse_spec(spec_file(cache).read_text(encoding="utf-8"))


# -- running the cases through Ghost -----------------------------------------------------------


@dataclass
class Outcome:
    case: Case
    site: str
    rendered: str | None = None
    error: str | None = None

    @property
    def passed(self) -> bool:
        if self.rendered is None:
            return False
        return normalise(self.rendered, self.site) == normalise(self.case.html)


@dataclass
class Run:
    """Every case's outcome for one way of making posts (native or anchor)."""

    name: str
    outcomes: list[Outcome] = field(default_factory=list)

    def by_section(self) -> dict[str, tuple[int, int]]:
        """section -> (passed, total), in the spec's order."""
        table: dict[str, tuple[int, int]] = {}
        for outcome in self.outcomes:
            passed, total = table.get(outcome.case.section, (0, 0))
            table[outcome.case.section] = (passed + outcome.passed, total + 1)
        return table

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)


Post = dict[str, Any]


def native_post(case: Case) -> Post:
    """ghostkit's conversion, reading a URL alone in a paragraph as text, as CommonMark does
    (by default ghostkit makes it a link)."""
    document = markdown_to_lexical(case.markdown, bare_urls="text")
    return {"title": f"CommonMark example {case.number}", "lexical": lexical.serialize(document)}


def anchor_post(case: Case) -> Post:
    return {"title": f"CommonMark example {case.number}", "html": case.html}


async def render_cases(
    admin: Any,
    site: str,
    name: str,
    cases: Sequence[Case],
    make: Callable[[Case], Post],
    *,
    source: str | None = None,
    concurrency: int = 6,
) -> Run:
    """Save every case as a draft on `site` (`concurrency` at a time), read back what Ghost
    renders (100 posts a request), delete the drafts, and return each case's outcome."""
    run = Run(name, [Outcome(case, site) for case in cases])
    gate = asyncio.Semaphore(concurrency)
    ids: dict[str, Outcome] = {}
    params = {"source": source} if source else {}

    async def add(outcome: Outcome) -> None:
        try:
            post = make(outcome.case)
        except Exception as exc:  # a converter's failure is that case's result
            outcome.error = f"conversion: {type(exc).__name__}: {exc}"
            return
        async with gate:
            try:
                saved = await admin.posts.add(post, **params)
            except Exception as exc:  # Ghost refusing the post is that case's result
                outcome.error = f"Ghost: {type(exc).__name__}: {exc}"
                return
        ids[str(saved.id)] = outcome

    await asyncio.gather(*(add(o) for o in run.outcomes))
    wanted = list(ids)
    for start in range(0, len(wanted), 100):
        chunk = wanted[start : start + 100]
        page = await admin.posts.browse(
            filter=f"id:[{','.join(chunk)}]", limit=100, formats="html", fields="id,html"
        )
        for post in page.items:
            ids[str(post.id)].rendered = post.html or ""
        await admin.posts.bulk_delete(f"id:[{','.join(chunk)}]")
    return run
