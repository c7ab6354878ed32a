"""The plan's review page, made from a real plan of the live Ghost and opened in a real
headless Chromium: every item that would change is on it, before and after, with its
links gone from the after column, the counts at the top, nothing run or fetched."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from ghostkit import AsyncGhostAdmin
from ghostkit.content import lexical
from ghostkit.content.selection import LinkSelector
from ghostkit.operations.change import Selection
from ghostkit.operations.engine import Engine
from ghostkit.operations.plan import Plan
from ghostkit.operations.report import anchor, write_report
from ghostkit.operations.transforms import StripLinks
from tests.browser import browser, outside_loop, page, screenshot
from tests.conftest import LiveGhost
from tests.helpers import unique

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["browser", "page"]  # the fixtures, imported to be found by pytest

TITLES = [
    "Links to strip",
    "<script>window.pwned = 1</script> & a <b>tag</b> in the title",
    "A third post, with two paragraphs",
]


def body(n: int) -> str:
    paragraphs = [
        lexical.paragraph_of(
            [("Read ", None), (f"the guide {n}", f"https://old.example.com/{n}"), (".", None)]
        ),
        lexical.paragraph_of([("Some plain text that stays as it is.", None)]),
    ]
    if n == 2:
        paragraphs.append(
            lexical.paragraph_of([("And ", None), ("one more", "https://docs.example.org/x")])
        )
    return json.dumps({"root": {"type": "root", "children": paragraphs}})


def plan_of(ghost: LiveGhost, tag: str, runs: Path) -> tuple[Plan, list[str]]:
    """Three drafts with links and one without, tagged `tag`; the plan of stripping them."""

    async def run() -> tuple[Plan, list[str]]:
        async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as admin:
            ids = []
            for n, title in enumerate(TITLES):
                post = await admin.posts.add(
                    {"title": title, "lexical": body(n), "status": "draft", "tags": [{"name": tag}]}
                )
                ids.append(str(post.id))
            plain = json.dumps({"root": {"type": "root", "children": [lexical.paragraph("x")]}})
            await admin.posts.add({"title": "No links", "lexical": plain, "tags": [{"name": tag}]})
            engine = Engine(
                admin,
                StripLinks(LinkSelector()),
                runs_dir=runs,
                selection=Selection(filter=f"tag:{tag}"),
            )
            return await engine.plan(), ids

    return outside_loop(run())


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_the_report_shows_every_changed_item_in_a_real_browser(
    ghost: LiveGhost, page: Page, tmp_path: Path
) -> None:
    tag = unique("report")
    plan, ids = plan_of(ghost, tag, tmp_path / "runs")
    assert (plan.seen, len(plan.changes), plan.unchanged) == (4, 3, 1)
    report = tmp_path / "plan.html"
    options = {"site": ghost.url, "filter": f"tag:{tag}", "change": "links-strip"}
    write_report(plan, report, title="Strip every link", options=options)

    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri())
    shot = screenshot(page, tmp_path, "plan-report.png")

    assert requests == [report.as_uri()]  # nothing fetched but the page itself
    assert page.evaluate("window.pwned") is None
    assert page.locator("script").count() == 0
    counts = page.locator(".count")
    assert page.locator('[data-count="would change"] b').inner_text() == "3"
    assert page.locator('[data-count="links removed"] b').inner_text() == "4"
    assert counts.count() >= 4
    assert "links-strip" in page.locator("table.options").inner_text()

    sections = page.locator("section.item")
    assert sections.count() == 3
    for post_id, title in zip(ids, TITLES, strict=True):
        item = next(i for i in plan.changes if i.id == post_id)
        section = page.locator(f"#{anchor(item)}")
        assert section.is_visible()
        assert section.locator("h2").inner_text() == title
        before, after = section.locator(".before"), section.locator(".after")
        assert before.is_visible() and after.is_visible()
        assert "Some plain text that stays as it is." in before.inner_text()
        assert "Some plain text that stays as it is." in after.inner_text()
        gone = before.locator("a.removed")
        assert gone.count() == item.counts["links removed"] >= 1
        assert after.locator("a").count() == 0  # every link stripped: none left after
        assert "the guide" in after.inner_text()  # their text kept
        box, other = before.bounding_box(), after.bounding_box()
        assert box is not None and other is not None and box["x"] < other["x"]  # side by side
        assert page.locator(f'nav a[href="#{anchor(item)}"]').count() == 1

    width, height = png_size(shot)
    assert width == 1280 and height > 900  # the whole page, taller than one screen
    assert (Path(__file__).parents[1] / "output" / "plan-report.png").is_file()
