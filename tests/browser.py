"""A real headless Chromium for the tests that look at a page: the system's browser
(Debian's `chromium`, which `scripts/install-browser` installs), driven by Playwright,
whose own browser downloads are never used.

Use the fixtures by importing them into a test module (`from tests.browser import
browser, page`). Each test gets a fresh `page` in a context of its own (no cookies or
storage shared between tests); `screenshot` saves a full-page PNG under the test's
`tmp_path` and a copy in `tests/output/` to look at after the run. Playwright's sync API
keeps an event loop running in the test's thread once the browser is up, so async code
in such a test runs through `outside_loop(coroutine)`. In CI (`CI` set) a
missing browser or Playwright fails the test; elsewhere the test is skipped, saying how
to get them.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

OUTPUT = Path(__file__).parent / "output"
"""Where screenshots are copied to be looked at (ignored by git)."""
T = TypeVar("T")
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def browser_path() -> str | None:
    """The browser to drive: `GHOSTKIT_BROWSER`, else the first Chromium on PATH."""
    chosen = os.environ.get("GHOSTKIT_BROWSER")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def _missing(reason: str) -> None:
    message = f"{reason}: run scripts/install-browser and pip install -e '.[dev]'"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for a test module. Not for the session: while Playwright's
    sync API runs, its event loop stays in the thread, and every later `asyncio.run` in
    the session would fail."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed")
    path = browser_path()
    if path is None:
        _missing("no Chromium found (set GHOSTKIT_BROWSER to its path)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A new page in a context of its own, 1280 px wide."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def screenshot(page: Page, tmp_path: Path, name: str) -> Path:
    """A full-page screenshot, saved as `tmp_path / name` and copied to `tests/output/`."""
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    OUTPUT.mkdir(exist_ok=True)
    shutil.copyfile(path, OUTPUT / name)
    return path


def outside_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` to its end on an event loop of its own, in another thread."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()
