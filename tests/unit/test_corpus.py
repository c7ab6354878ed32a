"""Documents Ghost's own team wrote (tests/corpus/index.json says where each is from) strip
cleanly in each --link-cards mode.

What a card shows and links to is written out here from Ghost's card renderers
(TryGhost/Koenig, packages/kg-default-nodes), apart from ghostkit's own tables, so that a
card ghostkit does not know about shows up as a failure and not as a silent pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ghostkit.content import html_links, lexical, markdown_links, mobiledoc
from ghostkit.content.cards import LinkCardMode
from ghostkit.content.markdown_source import MD

CORPUS = Path(__file__).parent.parent / "corpus"
INDEX = json.loads((CORPUS / "index.json").read_text())
DOCUMENTS = [entry["file"] for entry in INDEX["documents"]]
MODES: list[LinkCardMode] = ["keep", "text", "remove"]

RENDERED_LINKS: dict[str, tuple[str, ...]] = {
    "bookmark": ("url",),
    "button": ("buttonUrl",),
    "call-to-action": ("buttonUrl",),
    "header": ("buttonUrl",),
    "email-cta": ("buttonUrl",),
    "product": ("productUrl",),
    "file": ("src",),
    "image": ("href",),
    "embed": ("url",),
}
"""The card properties Ghost renders as the href of an <a> (web or email)."""

LINK_CARD_TEXT: dict[str, tuple[str, ...]] = {
    "bookmark": (
        "metadata.title",
        "metadata.description",
        "metadata.author",
        "metadata.publisher",
        "caption",
    ),
    "button": ("buttonText",),
    "call-to-action": ("sponsorLabel", "textValue", "buttonText"),
    "header": ("header", "subheader"),
    "email-cta": ("html",),
    "product": ("productTitle", "productDescription", "productButton"),
    "file": ("fileTitle", "fileCaption", "fileName"),
    "embed": ("caption",),
}
"""The text a link card shows (with its switches on, as in the corpus)."""

CARD_NAMES = {"card-markdown": "markdown", "code": "codeblock"}


def load(name: str) -> tuple[Any, dict[str, Any]]:
    document = json.loads((CORPUS / name).read_text())
    return (mobiledoc if "sections" in document else lexical), document


def get(payload: dict[str, Any], dotted: str) -> Any:
    value: Any = payload
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def words(text: str) -> list[str]:
    return re.findall(r"\w+", html_links.visible_text(text) if "<" in text else text)


def cards_of(module: Any, document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    if module is lexical:
        for node in lexical.walk(document["root"]):
            if lexical.is_card(node) and isinstance(node.get("type"), str):
                yield node["type"], node
    else:
        for section in document["sections"]:
            card = mobiledoc.section_card(document, section)
            if card is not None:
                yield CARD_NAMES.get(card[0], card[0]), card[1]


def inline_links(module: Any, document: dict[str, Any]) -> int:
    if module is lexical:
        return sum(
            node.get("type") in ("link", "autolink") for node in lexical.walk(document["root"])
        )
    return sum(mobiledoc.is_link(markup) for markup in document.get("markups") or [])


def rendered_links(kind: str, payload: dict[str, Any]) -> list[str]:
    """Every link the card renders, from its URL properties and its HTML and Markdown."""
    found = [str(payload[p]) for p in RENDERED_LINKS.get(kind, ()) if payload.get(p)]
    found += [str(i["href"]) for i in payload.get("images") or [] if i.get("href")]
    for key, value in payload.items():
        if isinstance(value, str) and key != "markdown" and "<a" in value.lower():
            found += [str(link.href) for link in html_links.find_links(value)]
    if kind == "markdown":
        rendered = MD.render(payload.get("markdown") or "")
        found += [str(link.href) for link in html_links.find_links(rendered)]
    return found


def texts_outside_link_cards(module: Any, document: dict[str, Any]) -> list[str]:
    """The words of the document's text and of every card that is not a link card."""
    lines = module.visible_text(document).splitlines()
    link_cards = {f"[{kind} card]" for kind in LINK_CARD_TEXT}
    found = words("\n".join(line for line in lines if line not in link_cards))
    for kind, payload in cards_of(module, document):
        if kind in LINK_CARD_TEXT:
            continue
        for key, value in sorted(payload.items()):
            if isinstance(value, str) and key not in ("src", "href", "url") and "<" in value:
                found += words(value)
        if kind == "markdown":
            found += words(MD.render(payload.get("markdown") or ""))
    return found


def link_card_words(kind: str, payload: dict[str, Any]) -> list[str]:
    return [w for field in LINK_CARD_TEXT[kind] for w in words(str(get(payload, field) or ""))]


def test_the_corpus_is_indexed_with_its_sources() -> None:
    files = {p.name for p in CORPUS.glob("*.json")} - {"index.json"}
    assert files == set(DOCUMENTS)
    for entry in INDEX["documents"]:
        assert entry["repository"].startswith("TryGhost/") and entry["license"] == "MIT"
        assert re.fullmatch(r"[0-9a-f]{40}", entry["commit"]) and entry["path"]


def test_the_corpus_has_every_kind_of_link_card() -> None:
    kinds = {k for name in DOCUMENTS for k, _ in cards_of(*load(name))}
    assert {"bookmark", "button", "call-to-action", "product", "file", "embed"} <= kinds


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_corpus_document_strips_cleanly(name: str, mode: LinkCardMode) -> None:
    module, document = load(name)
    before = json.dumps(document)
    result = module.strip_links(document, link_cards=mode)
    new = result.document
    assert json.dumps(document) == before  # the input is left as it was
    module.parse(module.serialize(new))  # still a valid document

    # no link left, apart from the link cards kept on purpose
    assert inline_links(module, new) == 0
    kept = {link.url for link in result.link_cards}
    for kind, payload in cards_of(module, new):
        left = [url for url in rendered_links(kind, payload) if url not in kept]
        assert not left, f"{kind} card still links to {left}"
        if mode != "keep":
            assert kind not in LINK_CARD_TEXT or not payload.get(RENDERED_LINKS[kind][0])

    # no visible text lost
    kept_text, old_text = (texts_outside_link_cards(module, d) for d in (new, document))
    if mode == "text":  # the same, with the text of the link cards among it
        rest = iter(kept_text)
        assert all(word in rest for word in old_text)
    else:
        assert kept_text == old_text
    if mode == "keep":
        assert module.visible_text(new) == module.visible_text(document)
    if mode == "text":
        new_text = words(module.visible_text(new))
        for kind, payload in cards_of(module, document):
            if kind in LINK_CARD_TEXT and payload.get(RENDERED_LINKS[kind][0]):
                shown = link_card_words(kind, payload)
                missing = [w for w in shown if w not in new_text]
                assert not missing, f"the {kind} card's text lost {missing}"

    # and a second run changes nothing
    again = module.strip_links(new, link_cards=mode)
    assert (again.removed, again.cards_changed) == (0, 0)


def test_file_card_is_a_link_card() -> None:
    module, document = load("ghost-golden-post.json")
    kept = module.strip_links(document).link_cards
    assert ("file", "https://main.ghost.org/content/files/2023/11/test.txt") in {
        (link.card, link.url) for link in kept
    }
    text = module.strip_links(document, link_cards="text").document
    assert "test A tiny text file. test.txt 16 Bytes" in module.visible_text(text).splitlines()


def test_link_cards_as_text_keep_the_bookmark_publisher_and_caption_and_the_sponsor_label() -> None:
    module, document = load("ghost-golden-post.json")
    lines = module.visible_text(module.strip_links(document, link_cards="text").document)
    assert "Ghost - The Professional Publishing Platform My favorite website." in lines
    assert "SPONSORED test card Here’s a basic CTA card Learn more" in lines


def test_markdown_cards_of_the_corpus_render_no_link_after_a_strip() -> None:
    for name in DOCUMENTS:
        module, document = load(name)
        for kind, payload in cards_of(module, module.strip_links(document).document):
            if kind == "markdown":
                assert markdown_links.rendered_link_count(payload["markdown"]) == 0
