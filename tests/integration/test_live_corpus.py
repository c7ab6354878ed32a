"""Ghost's own documents (tests/corpus) posted to the real Ghost, stripped by the library in
each --link-cards mode, and checked through what Ghost renders of them."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest

from ghostkit import AsyncGhostAdmin, GhostAdmin
from ghostkit.content import html_links
from ghostkit.content.cards import LinkCardMode
from ghostkit.content.selection import LinkSelector
from ghostkit.operations import Engine, Selection, Summary
from ghostkit.operations.transforms import StripLinks
from tests.conftest import LiveGhost
from tests.helpers import unique
from tests.unit.test_corpus import LINK_CARD_TEXT, RENDERED_LINKS, cards_of, load

CORPUS = Path(__file__).parent.parent / "corpus"
DOCUMENTS = [
    entry["file"] for entry in json.loads((CORPUS / "index.json").read_text())["documents"]
]


def words(text: str) -> list[str]:
    """The words of a text, also where Ghost's plaintext runs two blocks together
    ("PlatformClick", "test.txt16")."""
    return re.findall(r"\w+", re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[^\W\d])(?=\d)", " ", text))


def link_card_urls(name: str) -> set[str]:
    """The URLs of the link cards of a corpus document (what Ghost's renderers link)."""
    module, document = load(name)
    return {
        str(payload[RENDERED_LINKS[kind][0]])
        for kind, payload in cards_of(module, document)
        if kind in LINK_CARD_TEXT and payload.get(RENDERED_LINKS[kind][0])
    }


def post_corpus(ghost: LiveGhost, tag: str) -> dict[str, Any]:
    """Every corpus document as a post; each one's id -> what Ghost rendered of it."""
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        made = {}
        for name in DOCUMENTS:
            text = (CORPUS / name).read_text()
            field = "mobiledoc" if '"sections"' in text else "lexical"
            document = json.dumps(json.loads(text), ensure_ascii=False)
            # drafts: a published post makes Ghost send webmentions to every host it links
            # to, and these documents link to real sites (the guard would refuse each one)
            post = admin.posts.add({"title": name, field: document, "tags": [{"name": tag}]})
            made[str(post.id)] = admin.posts.read(post.id, formats="html,plaintext")
        return made


def strip(ghost: LiveGhost, runs: Path, tag: str, mode: LinkCardMode) -> tuple[Summary, Any]:
    async def run() -> tuple[Summary, Any]:
        async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as admin:
            engine = Engine(
                admin,
                StripLinks(LinkSelector(site_url=admin.site_url), mode),
                runs_dir=runs,
                selection=Selection(filter=f"tag:{tag}"),
            )
            summary = await engine.apply(await engine.plan())
            return summary, summary.verify

    return asyncio.run(run())


@pytest.mark.parametrize("mode", ["keep", "text", "remove"])
def test_the_corpus_strips_cleanly_as_ghost_renders_it(
    ghost: LiveGhost, tmp_path: Path, mode: LinkCardMode
) -> None:
    tag = unique(f"corpus-{mode}")
    before = post_corpus(ghost, tag)
    summary, verify = strip(ghost, tmp_path, tag, mode)
    assert summary.failed == 0, summary.as_dict()
    assert verify["ok"], verify  # ghostkit's own check through Ghost's rendering
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        after = {
            str(p.id): p for p in admin.posts.iter(filter=f"tag:{tag}", formats="html,plaintext")
        }
        for post_id, old in before.items():
            new = after[post_id]
            hrefs = [str(link.href) for link in html_links.find_links(new.html or "")]
            if mode == "keep":  # only the link cards' own links are left
                assert set(hrefs) <= link_card_urls(str(new.title)), (new.title, hrefs)
                assert new.plaintext == old.plaintext, new.title
            else:
                assert hrefs == [], (new.title, hrefs)
                if mode == "text":  # every word Ghost showed is still shown
                    # (Ghost's plaintext runs a card's blocks together, and holds the title
                    # of the file card's download icon)
                    shown = words((old.plaintext or "").replace("download-circle", ""))
                    gone = set(shown) - set(words(new.plaintext or ""))
                    assert not gone, (new.title, gone)
        admin.posts.bulk_delete(f"tag:{tag}")


def test_replace_in_a_markdown_post_as_ghost_renders_it(ghost: LiveGhost, tmp_path: Path) -> None:
    """Literal text, backslashes and all, in a post written in Markdown; links untouched."""
    from ghostkit.content import lexical
    from ghostkit.operations.transforms import ReplaceText

    tag = unique("replace-md")
    markdown = "Save to OLD, see [the OLD docs](https://x.org/OLD) and <https://OLD.org>.\n"
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add(
            {"title": "md", "lexical": lexical.markdown_document(markdown), "tags": [{"name": tag}]}
        )

    async def run() -> Summary:
        async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as admin:
            engine = Engine(
                admin,
                ReplaceText("OLD", r"C:\temp\new"),
                runs_dir=tmp_path,
                selection=Selection(filter=f"tag:{tag}"),
            )
            return await engine.apply(await engine.plan())

    summary = asyncio.run(run())
    assert (summary.changed, summary.failed) == (1, 0)
    assert summary.verify and summary.verify["ok"], summary.verify
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        after = admin.posts.read(post.id, formats="html,plaintext")
        hrefs = [str(link.href) for link in html_links.find_links(after.html or "")]
        assert hrefs == ["https://x.org/OLD", "https://OLD.org"]
        assert "Save to C:\\temp\\new, see the C:\\temp\\new docs" in html_links.visible_text(
            after.html or ""
        )
        admin.posts.bulk_delete(f"tag:{tag}")
