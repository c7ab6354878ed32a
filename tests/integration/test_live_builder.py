"""A post built with every block, format and card is kept by the real Ghost as sent and
rendered with each card's markup."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from ghostkit import GhostAdmin
from ghostkit.content import builder as kg
from ghostkit.local.install import find_installation
from tests.conftest import LiveGhost

IMG = "https://images.example.com/photo.jpg"
PAID_ONLY = kg.visibility(web_nonmembers=False, web_members="paid", email="paid")


def every_kind() -> dict[str, Any]:
    formats = [kg.text(name, name) for name in kg.FORMATS]
    return kg.document(
        kg.heading(1, "Every block"),
        kg.paragraph(*formats, kg.linebreak(), kg.link("https://example.com/a", "a link")),
        kg.heading(3, "Lists"),
        kg.bulleted(kg.item("one"), kg.item("two", kg.numbered(kg.item("inner"), start=4))),
        kg.numbered(kg.item("first"), kg.item("second"), start=3),
        kg.quote("A quote"),
        kg.aside("An aside"),
        kg.divider(),
        kg.code_block("print('hi')", language="python", caption="Code"),
        kg.image(
            IMG, caption="An image", alt="Alt", width=800, height=600, href="https://example.com/i"
        ),
        kg.gallery(
            *(kg.gallery_image(f"https://images.example.com/{n}.jpg", 400, 300) for n in range(4))
        ),
        kg.bookmark(
            "https://example.com/page", title="A page", description="About it", thumbnail=IMG
        ),
        kg.embed(
            "https://example.com/v",
            '<iframe src="https://example.com/v"></iframe>',
            embed_type="video",
        ),
        kg.button("Press", "https://example.com/button"),
        kg.callout("<p>Note this</p>", emoji="!", color="green"),
        kg.toggle("<p>Question</p>", "<p>Answer</p>"),
        kg.header(
            "<p>Header</p>",
            "<p>Sub</p>",
            button_enabled=True,
            button_text="Go",
            button_url="https://example.com/h",
        ),
        kg.html("<div class='mine'>raw</div>", visibility=PAID_ONLY),
        kg.html("<div class='public'>raw</div>"),
        kg.markdown("Some *markdown*"),
        kg.video(
            "https://media.example.com/v.mp4", width=640, height=480, duration=3, thumbnail_src=IMG
        ),
        kg.audio("https://media.example.com/a.mp3", title="A sound", duration=2),
        kg.file("https://files.example.com/report.pdf", title="Report", file_size=1024),
        kg.product(
            "<p>Thing</p>",
            "<p>Buy it</p>",
            rating=4,
            button_text="Buy",
            button_url="https://example.com/p",
        ),
        kg.signup("<p>Join</p>", "<p>Now</p>"),
        kg.email("<p>Only in the email</p>"),
        kg.email_cta("<p>Upgrade</p>", button_text="Up", button_url="https://example.com/up"),
        kg.call_to_action("<p>Sponsor</p>", button_url="https://example.com/cta"),
        kg.paywall(),
        kg.paragraph("After the paywall"),
    )


@pytest.fixture(scope="module")
def saved(ghost: LiveGhost) -> tuple[dict[str, Any], Any]:
    doc = every_kind()
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add(
            {"title": "Built", "lexical": kg.serialize(doc), "status": "published"}
        )
        return doc, admin.posts.read(post.id, formats="html,lexical")


def test_ghost_keeps_the_lexical_as_sent(saved: tuple[dict[str, Any], Any]) -> None:
    doc, post = saved
    assert json.loads(post.lexical) == doc


# Loads a document into a headless editor with the nodes Ghost's renderer registers, makes
# every node dirty (so Lexical normalises all of it, as an edit in the editor would) and
# prints what the editor exports.
THROUGH_LEXICAL = """
const {createRequire} = require('module');
const renderer = createRequire(require.resolve('@tryghost/kg-lexical-html-renderer'));
const {createHeadlessEditor} = renderer('@lexical/headless');
const {$getRoot, $isElementNode} = renderer('lexical');
const kg = renderer('@tryghost/kg-default-nodes');
const {HeadingNode, QuoteNode} = renderer('@lexical/rich-text');
const {ListNode, ListItemNode} = renderer('@lexical/list');
const {LinkNode} = renderer('@lexical/link');
const editor = createHeadlessEditor({
    nodes: [HeadingNode, ListNode, ListItemNode, QuoteNode, LinkNode, ...kg.DEFAULT_NODES],
    onError: (error) => { throw error; },
});
editor.setEditorState(editor.parseEditorState(require('fs').readFileSync(0, 'utf8')));
editor.update(() => {
    const visit = (node) => {
        node.getWritable();
        if ($isElementNode(node)) node.getChildren().forEach(visit);
    };
    visit($getRoot());
}, {discrete: true});
process.stdout.write(JSON.stringify(editor.getEditorState().toJSON()));
"""


def test_ghosts_own_lexical_exports_it_unchanged(ghost: LiveGhost) -> None:
    installation = find_installation(ghost.paths, ghost.instance.meta()["version"])
    assert installation is not None
    doc = every_kind()
    done = subprocess.run(
        [str(installation.node), "-e", THROUGH_LEXICAL],
        input=kg.serialize(doc),
        capture_output=True,
        text=True,
        cwd=installation.root,
        check=True,
        timeout=60,
    )
    assert json.loads(done.stdout) == doc


CARD_MARKUP = [
    "kg-code-card",
    "kg-image-card",
    "kg-gallery-card",
    "kg-bookmark-card",
    "kg-embed-card",
    "kg-button-card",
    "kg-callout-card",
    "kg-toggle-card",
    "kg-header-card",
    "kg-video-card",
    "kg-audio-card",
    "kg-file-card",
    "kg-product-card",
    "kg-signup-card",
    "kg-cta-card",
    "kg-blockquote-alt",
    "<!--kg-card-begin: html-->\n<div class='public'>raw</div>\n<!--kg-card-end: html-->",
    "<!--members-only-->",
    "<em>markdown</em>",
]
FORMAT_TAGS = ["<strong>", "<em>", "<s>", "<u>", "<code", "<sub>", "<sup>", "<mark>"]
BLOCK_TAGS = [
    "<h1",
    "<h3",
    "<ul>",
    '<ol start="4">',
    '<ol start="3">',
    "<blockquote>",
    "<hr>",
    "<br>",
]


@pytest.mark.parametrize("markup", CARD_MARKUP + FORMAT_TAGS + BLOCK_TAGS)
def test_ghost_renders_each_card_format_and_block(
    saved: tuple[dict[str, Any], Any], markup: str
) -> None:
    assert markup in saved[1].html


def test_email_cards_stay_off_the_page_and_visibility_gates_its_card(
    saved: tuple[dict[str, Any], Any],
) -> None:
    html = saved[1].html
    assert "Only in the email" not in html and "Upgrade" not in html
    gate = '<!--kg-gated-block:begin nonMember:false memberSegment:"status:-free" -->'
    assert f"{gate}\n<!--kg-card-begin: html-->\n<div class='mine'>" in html
