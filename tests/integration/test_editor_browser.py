"""Ghost's own editor opens what the document builder makes: a post with every card is
saved to the live Ghost, the owner signs in to Ghost's admin in a real headless Chromium,
and the editor loads the post without its error state or a console error, showing each
card as Koenig's card element, in order.

Koenig (Lexical) does not show its error state for every bad document: a node type it does
not know, or a card property of the wrong shape, is dropped with an error on the console
and the rest of the post loads. So the check is threefold: no error state on the page, no
error on the console, and every card there. The last test proves the check sees a card
Koenig drops.

Requests to anywhere but the local Ghost (the admin's images on static.ghost.org, its
changelog) are aborted: nothing leaves the machine. The full-page screenshot of the editor
is kept under the test's `tmp_path` (0600: it shows a draft) and in `tests/output/`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ghostkit import GhostAdmin
from ghostkit.content import builder
from ghostkit.content import builder_cards as cards
from tests.browser import OUTPUT, browser, page, screenshot
from tests.conftest import LiveGhost
from tests.helpers import tiny_png, unique

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page, Route

__all__ = ["browser", "page"]  # the fixtures, imported to be found by pytest

SIZE = (600, 400)  # the uploaded images' width and height
LOAD_TIMEOUT = 30_000  # ms: Ghost's admin and its editor bundle, on a busy 2-core machine
EDITOR = '.gh-koenig-editor [data-kg="editor"] >> nth=0'
"""Koenig's editor root in the post editor: the first one, since captions and other card
fields are editors of their own inside it, and the admin mounts a hidden one after it."""
ERROR_STATES = {
    ".koenig-react-editor-error": "the editor's error state (Loading has failed)",
    ".error-content": "the admin's error page",
}
"""What Ghost's admin shows when the editor or the route fails (ghost/admin: the editor's
React error boundary, the error route's template)."""


@dataclass
class Media:
    """Files uploaded to the local Ghost, so every card's media loads from loopback."""

    images: list[str]
    video: str
    audio: str
    file: str


@dataclass
class Watch:
    """What the page reported: console errors, uncaught exceptions, requests aborted."""

    errors: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        # a request this test aborted is logged as a failed load of that URL: not Ghost's fault
        if message.type == "error" and message.location.get("url") not in self.aborted:
            self.errors.append(message.text)


def upload_media(admin: GhostAdmin) -> Media:
    colours = (b"\xff\x00\x00", b"\x00\xa0\x00", b"\x00\x00\xff")
    images = [
        str(admin.images.upload(tiny_png(rgb, *SIZE), filename=f"colour-{n}.png").url)
        for n, rgb in enumerate(colours)
    ]
    # media and files are checked by extension and type only: a few bytes stand for them
    video = admin.media.upload(b"\x00\x00\x00\x18ftypmp42", filename="clip.mp4")
    audio = admin.media.upload(b"ID3\x03\x00\x00\x00\x00\x00\x00", filename="sound.mp3")
    file = admin.files.upload(b"%PDF-1.4\n%%EOF\n", filename="notes.pdf")
    return Media(images, str(video.url), str(audio.url), str(file.url))


def every_card(site: str, media: Media) -> list[dict[str, Any]]:
    """One of each card the builder makes, in the order the post holds them."""
    home = site + "/"
    image = media.images[0]
    return [
        cards.image(image, caption="An image's caption", alt="Red", width=600, height=400),
        cards.gallery(*(cards.gallery_image(src, *SIZE) for src in media.images)),
        cards.bookmark(home, title="The site's home", description="Where it starts."),
        cards.embed(home, "<p>An embedded page</p>", embed_type="rich"),
        cards.button("A button", home),
        cards.callout("<p>A callout</p>"),
        cards.toggle("<p>A toggle's heading</p>", "<p>Its content</p>"),
        cards.header("<span>A header</span>", "<span>Its subheader</span>"),
        cards.html("<p>Raw HTML</p>", visibility=cards.visibility(web_members="paid")),
        cards.markdown("Some **Markdown**"),
        cards.video(
            media.video,
            mime_type="video/mp4",
            width=600,
            height=400,
            thumbnail_src=media.images[2],
            thumbnail_width=600,
            thumbnail_height=400,
        ),
        cards.audio(media.audio, title="A sound", mime_type="audio/mpeg", duration=1),
        cards.file(media.file, title="Notes", file_size=15),
        cards.product("<span>A product</span>", "<p>Its description</p>", image_src=image),
        cards.signup("<span>Sign up</span>", "<span>For the newsletter</span>"),
        cards.email("<p>Only in the email, {first_name}</p>"),
        cards.email_cta("<p>Only in the email to free members</p>"),
        cards.call_to_action("<p>A call to action</p>", button_url=home),
    ]


def add_post(ghost: LiveGhost, blocks: list[dict[str, Any]]) -> str:
    document = builder.document(
        builder.heading(2, "Every card"),
        builder.paragraph("Each card the document builder makes, once."),
        *blocks,
    )
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add(
            {"title": unique("Every card"), "lexical": builder.serialize(document)}
        )
    return str(post.id)


def keep_on_loopback(page: Page, ghost: LiveGhost, watch: Watch) -> None:
    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith((ghost.url + "/", "data:", "blob:")):
            route.continue_()
        else:
            watch.aborted.append(url)
            route.abort()

    page.route("**/*", route)


def sign_in(page: Page, ghost: LiveGhost) -> None:
    """The owner signs in on Ghost's own sign-in page. The local Ghost runs without staff
    device verification, so no emailed code is asked for; if one is, say so."""
    page.goto(f"{ghost.url}/ghost/#/signin")
    page.locator("#identification").fill(ghost.email)
    page.locator("#password").fill(ghost.password)
    page.locator('[data-test-button="sign-in"]').click()
    page.wait_for_function(
        "!location.hash.startsWith('#/signin') || location.hash.startsWith('#/signin/verify')",
        timeout=LOAD_TIMEOUT,
    )
    if "/signin" in page.url:
        pytest.fail(
            "Ghost asks for an emailed code at sign-in: the local instance should run "
            "with security.staffDeviceVerification off",
            pytrace=False,
        )


def open_editor(page: Page, ghost: LiveGhost, post_id: str) -> Watch:
    """Signed in, open the post in the editor and wait for it to settle; what the page
    reported from then on is in the returned `Watch`."""
    watch = Watch()
    keep_on_loopback(page, ghost, watch)
    sign_in(page, ghost)
    page.on("console", watch.console)
    page.on("pageerror", lambda error: watch.errors.append(f"uncaught: {error}"))
    page.goto(f"{ghost.url}/ghost/#/editor/post/{post_id}")
    page.locator(EDITOR).wait_for(timeout=LOAD_TIMEOUT)
    page.locator(".koenig-react-editor-loading").wait_for(state="detached", timeout=LOAD_TIMEOUT)
    page.wait_for_load_state("networkidle")
    return watch


def problems(page: Page, watch: Watch) -> list[str]:
    """Everything that says the editor did not load the post cleanly."""
    found = [name for selector, name in ERROR_STATES.items() if page.locator(selector).count()]
    return found + [f"console: {text}" for text in watch.errors]


def shown_cards(page: Page) -> list[str]:
    """The card types the editor shows, in order (Koenig marks each card's element with
    `data-kg-card`, its node type)."""
    return [
        str(card.get_attribute("data-kg-card"))
        for card in page.locator(EDITOR).locator("[data-kg-card]").all()
        if card.is_visible()
    ]


def whole_editor_shot(page: Page, tmp_path: Path, name: str) -> Path:
    """A screenshot of the whole post: the editor scrolls inside its own pane, so the
    viewport is made as tall as the pane's content first."""
    height = page.evaluate("document.querySelector('.gh-koenig-editor').scrollHeight")
    page.set_viewport_size({"width": 1280, "height": int(height) + 100})
    page.wait_for_load_state("networkidle")
    path = screenshot(page, tmp_path, name)
    for shot in (path, OUTPUT / name):
        os.chmod(shot, 0o600)  # a draft's content
    return path


def test_the_editor_opens_a_post_with_every_card(
    ghost: LiveGhost,
    page: Page,
    tmp_path: Path,
    record_property: Callable[[str, object], None],
) -> None:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        media = upload_media(admin)
    blocks = every_card(ghost.url, media)
    post_id = add_post(ghost, blocks)

    watch = open_editor(page, ghost, post_id)
    shot = whole_editor_shot(page, tmp_path, "editor-every-card.png")
    record_property("screenshot", str(shot))
    print(f"screenshot: {shot}")

    assert problems(page, watch) == []
    assert "Every card" in page.locator(EDITOR).inner_text()
    assert shown_cards(page) == [block["type"] for block in blocks]
    assert page.locator(".gh-editor-post-status").inner_text().strip().startswith("Draft")
    assert shot.stat().st_mode & 0o777 == 0o600


def test_a_card_koenig_cannot_read_is_caught(ghost: LiveGhost, page: Page) -> None:
    """Koenig drops a node type it does not know, logging an error and loading the rest:
    the check above must see that."""
    known = cards.button("A button", ghost.url + "/")
    unknown = {"type": "no-such-card", "version": 1}
    post_id = add_post(ghost, [known, unknown])

    watch = open_editor(page, ghost, post_id)

    assert shown_cards(page) == ["button"]
    found = problems(page, watch)
    assert found and all(entry.startswith("console: ") for entry in found)
    assert any("no-such-card" in entry for entry in found), json.dumps(found)
