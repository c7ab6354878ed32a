"""The documentation's examples, run against the real Ghost.

Every page of docs/ that starts with the marker comment has its python blocks run in order,
in one namespace per page, with GHOST_URL, the keys and the owner's login in the environment.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import LiveGhost

DOCS = Path(__file__).resolve().parents[2] / "docs"
MARKER = "<!-- The python examples on this page run against a real Ghost"
PAGES = sorted(p for p in DOCS.glob("*.md") if p.read_text().startswith(MARKER))
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def test_the_marked_pages_are_found() -> None:
    assert {p.name for p in PAGES} >= {
        "client.md",
        "links.md",
        "posts.md",
        "members.md",
        "staff.md",
        "site.md",
        "backup.md",
    }


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_doc_examples_run(
    page: Path,
    ghost: LiveGhost,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("GHOST_URL", ghost.url)
    monkeypatch.setenv("GHOST_ADMIN_API_KEY", ghost.admin_key)
    monkeypatch.setenv("GHOST_CONTENT_API_KEY", ghost.content_key)
    monkeypatch.setenv("GHOST_EMAIL", ghost.email)
    monkeypatch.setenv("GHOST_PASSWORD", ghost.password)
    monkeypatch.delenv("GHOST_STAFF_ACCESS_TOKEN", raising=False)
    monkeypatch.setenv("GHOSTKIT_DATA_DIR", str(tmp_path))  # run journals go here
    monkeypatch.setenv("RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.chdir(tmp_path)
    blocks = BLOCK.findall(page.read_text())
    assert blocks, f"{page.name} has no python examples"
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, source in enumerate(blocks, 1):
        code = compile(source, f"{page.name} (example {number})", "exec")
        exec(code, namespace)  # noqa: S102 - our own documentation
    assert capsys.readouterr().out.strip(), "the examples should print what they show"
