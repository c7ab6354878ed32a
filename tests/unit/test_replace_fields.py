"""`replace --in FIELDS`: the same rule over titles, excerpts, meta fields, image alt text,
captions and code injection, each field counted and shown in the diff."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ghostkit.content import card_text, lexical, mobiledoc
from ghostkit.content.text_replace import TextReplacer
from ghostkit.core.errors import ConfigurationError
from ghostkit.operations.api import BUILT_IN
from ghostkit.operations.change import Item
from ghostkit.operations.plan import ItemPlan
from ghostkit.operations.transforms import REPLACE_FIELDS, ReplaceText, replace_fields

Node = dict[str, Any]
JOURNALS = Path(__file__).parent.parent / "fixtures" / "journals"

CAPTION = (
    '<span style="white-space: pre-wrap;">Acme at work, by </span>'
    '<a href="https://acme.com/acme" rel="noopener"><span>Acme</span></a>'
)


def text_node(text: str) -> Node:
    return {"type": "extended-text", "text": text, "format": 0, "version": 1}


def lexical_post() -> Node:
    return {
        "root": {
            "type": "root",
            "version": 1,
            "children": [
                {"type": "paragraph", "version": 1, "children": [text_node("Acme makes tools.")]},
                {
                    "type": "image",
                    "version": 1,
                    "src": "https://acme.com/acme.png",
                    "alt": "The Acme office",
                    "title": "Acme",
                    "caption": CAPTION,
                    "href": "https://acme.com/",
                },
                {
                    "type": "gallery",
                    "version": 1,
                    "images": [
                        {"src": "https://acme.com/1.png", "alt": "Acme one", "caption": "Acme"},
                        {"src": "https://acme.com/2.png", "fileName": "acme.png"},
                    ],
                    "caption": "Two Acme pictures",
                },
                {
                    "type": "bookmark",
                    "version": 1,
                    "url": "https://acme.com/",
                    "metadata": {"title": "Acme"},
                    "caption": "Read Acme",
                },
                {"type": "html", "version": 1, "html": '<p>Acme</p><img alt="Acme" src="a.png">'},
            ],
        }
    }


def mobiledoc_post() -> Node:
    return {
        "version": "0.3.1",
        "atoms": [],
        "markups": [],
        "cards": [
            [
                "image",
                {"src": "https://acme.com/acme.png", "alt": "The Acme office", "caption": CAPTION},
            ],
            [
                "gallery",
                {
                    "images": [
                        {"src": "https://acme.com/1.png", "alt": "Acme one", "caption": "Acme"}
                    ],
                    "caption": "Two Acme pictures",
                },
            ],
            ["bookmark", {"url": "https://acme.com/", "caption": "Read Acme"}],
            ["html", {"html": '<p>Acme</p><img alt="Acme" src="a.png">'}],
        ],
        "sections": [
            [1, "p", [[0, [], 0, "Acme makes tools."]]],
            *([10, index] for index in range(4)),
        ],
    }


def post(fmt: str = "lexical", **fields: Any) -> Item:
    document = lexical_post() if fmt == "lexical" else mobiledoc_post()
    module = lexical if fmt == "lexical" else mobiledoc
    return Item(
        "posts",
        {
            "id": "a" * 24,
            "slug": "acme",
            "title": "Acme news",
            "updated_at": "2026-12-01T00:00:00.000Z",
            fmt: module.serialize(document),
            "plaintext": "Acme makes tools.",
            "custom_excerpt": None,
            "meta_title": None,
            **fields,
        },
    )


def document_of(patch: Any, fmt: str = "lexical") -> Node:
    module = lexical if fmt == "lexical" else mobiledoc
    parsed: Node = module.parse(patch[fmt])
    return parsed


def cards(fmt: str, document: Node) -> list[Node]:
    if fmt == "lexical":
        return [n for n in document["root"]["children"] if "children" not in n]
    return [entry[1] for entry in document["cards"]]


# -- choosing the fields -------------------------------------------------------------------


def test_fields_are_given_comma_separated_or_repeated_and_all_names_every_one() -> None:
    assert replace_fields([]) == ("body",)
    assert replace_fields(["title,meta", "alt"]) == ("title", "meta", "alt")
    assert replace_fields(["meta", " title ", "title"]) == ("title", "meta")  # one order
    assert replace_fields(["all"]) == REPLACE_FIELDS
    assert set(REPLACE_FIELDS) == {
        "body",
        "title",
        "excerpt",
        "meta",
        "alt",
        "captions",
        "codeinjection",
    }


@pytest.mark.parametrize("given", [["titel"], ["title,,"], [""], ["body,html"]])
def test_an_unknown_field_is_a_clear_error(given: list[str]) -> None:
    with pytest.raises(ConfigurationError) as caught:
        replace_fields(given)
    assert "--in" in caught.value.message
    assert "codeinjection" in (caught.value.hint or "")


# -- plain text fields ---------------------------------------------------------------------


def test_title_only_leaves_the_body_alone() -> None:
    patch = ReplaceText("Acme", "Apex", fields=("title",)).plan(post())
    assert dict(patch) == {"title": "Apex news"}
    assert patch.counts == {"replacements": 1, "replacements in title": 1}


def test_the_default_is_the_body_only_and_counts_as_before() -> None:
    item = post(custom_excerpt="Acme", meta_title="Acme")
    patch = ReplaceText("Acme", "Apex").plan(item)
    assert set(patch) == {"lexical"}
    assert patch.counts == {"replacements": 1}
    assert cards("lexical", document_of(patch)) == cards("lexical", lexical_post())


def test_excerpt_and_every_meta_field() -> None:
    meta = {
        "meta_title": "Acme | Blog",
        "meta_description": "All about Acme and Acme",
        "og_title": "Acme",
        "og_description": None,
        "twitter_title": "",
        "twitter_description": "Acme!",
    }
    item = post(custom_excerpt="Acme in short", **meta)
    patch = ReplaceText("Acme", "Apex", fields=("excerpt", "meta")).plan(item)
    assert dict(patch) == {
        "custom_excerpt": "Apex in short",
        "meta_title": "Apex | Blog",
        "meta_description": "All about Apex and Apex",
        "og_title": "Apex",
        "twitter_description": "Apex!",
    }
    assert patch.counts == {
        "replacements": 6,
        "replacements in excerpt": 1,
        "replacements in meta": 5,
    }


def test_code_injection_is_replaced_in_the_raw_code() -> None:
    item = post(
        codeinjection_head='<script src="https://old.acme.com/a.js"></script>',
        codeinjection_foot="<style>.acme { color: red }</style>",
    )
    change = ReplaceText(r"old\.acme\.com", "cdn.acme.com", regex=True, fields=("codeinjection",))
    patch = change.plan(item)
    assert dict(patch) == {
        "codeinjection_head": '<script src="https://cdn.acme.com/a.js"></script>'
    }
    literal = ReplaceText(".acme", ".apex", fields=("codeinjection",)).plan(item)
    assert literal["codeinjection_foot"] == "<style>.apex { color: red }</style>"


# -- alt text and captions, both formats ---------------------------------------------------


@pytest.mark.parametrize("fmt", ["lexical", "mobiledoc"])
def test_alt_text_of_image_and_gallery_cards(fmt: str) -> None:
    patch = ReplaceText("Acme", "Apex", fields=("alt",)).plan(post(fmt))
    assert set(patch) == {fmt}
    image, gallery, _, html_card = cards(fmt, document_of(patch, fmt))
    assert image["alt"] == "The Apex office"
    assert image["caption"] == CAPTION and image["src"] == "https://acme.com/acme.png"
    assert gallery["images"][0]["alt"] == "Apex one"
    assert gallery["images"][0]["caption"] == "Acme" and gallery["caption"] == "Two Acme pictures"
    assert html_card["html"] == '<p>Acme</p><img alt="Acme" src="a.png">'  # an HTML card: as it is
    assert patch.counts == {"replacements": 2, "replacements in alt": 2}
    text = lexical if fmt == "lexical" else mobiledoc
    assert "Acme makes tools." in text.visible_text(document_of(patch, fmt))  # no body text


@pytest.mark.parametrize("fmt", ["lexical", "mobiledoc"])
def test_captions_have_their_text_replaced_never_their_markup_or_urls(fmt: str) -> None:
    patch = ReplaceText("Acme", "Apex", fields=("captions",)).plan(post(fmt))
    image, gallery, bookmark, _ = cards(fmt, document_of(patch, fmt))
    assert image["caption"] == (
        '<span style="white-space: pre-wrap;">Apex at work, by </span>'
        '<a href="https://acme.com/acme" rel="noopener"><span>Apex</span></a>'
    )
    assert image["alt"] == "The Acme office"
    assert gallery["caption"] == "Two Apex pictures"
    assert gallery["images"][0]["caption"] == "Apex"
    assert bookmark["caption"] == "Read Apex" and bookmark["url"] == "https://acme.com/"
    assert patch.counts == {"replacements": 5, "replacements in captions": 5}


@pytest.mark.parametrize("fmt", ["lexical", "mobiledoc"])
def test_body_alt_and_captions_together_make_one_document(fmt: str) -> None:
    patch = ReplaceText("Acme", "Apex", fields=("body", "alt", "captions")).plan(post(fmt))
    document = document_of(patch, fmt)
    image = cards(fmt, document)[0]
    assert image["alt"] == "The Apex office" and "Apex at work" in image["caption"]
    text = lexical if fmt == "lexical" else mobiledoc
    assert "Apex makes tools." in text.visible_text(document)
    assert patch.counts == {
        "replacements": 8,
        "replacements in body": 1,
        "replacements in alt": 2,
        "replacements in captions": 5,
    }


def test_caption_html_text_is_matched_decoded_and_what_goes_in_shows_as_written() -> None:
    replacer = TextReplacer("Acme & Co", "<b>Apex</b> & Co")
    new, count = card_text.replace_html_text(
        '<span title="Acme &amp; Co">Acme &amp; Co</span> &copy; <i>Acme &amp; Co</i>', replacer
    )
    assert count == 2
    assert new == (
        '<span title="Acme &amp; Co">&lt;b&gt;Apex&lt;/b&gt; &amp; Co</span> &copy; '
        "<i>&lt;b&gt;Apex&lt;/b&gt; &amp; Co</i>"
    )
    untouched = '<a href="x">no match</a>&nbsp;<!-- Acme & Co --><script>Acme & Co</script>'
    assert card_text.replace_html_text(untouched, replacer) == (untouched, 0)


def test_a_document_without_matches_comes_back_as_it_was() -> None:
    document = lexical_post()
    replacer = TextReplacer("Nothing like it", "x")
    for part in ("alt", "captions"):
        new, count = card_text.replace_in_cards("lexical", document, part, replacer)
        assert (new, count) == (document, 0)
        assert new is document


# -- all, the diff, verify -----------------------------------------------------------------


def test_all_fields_at_once_and_the_diff_shows_each() -> None:
    item = post(custom_excerpt="Acme", og_title="Acme", codeinjection_foot="<!-- Acme -->")
    change = ReplaceText("Acme", "Apex", fields=replace_fields(["all"]))
    patch = change.plan(item)
    assert set(patch) == {"lexical", "title", "custom_excerpt", "og_title", "codeinjection_foot"}
    diff = ItemPlan.of(item, patch).diff().splitlines()
    for line in [
        "-title: Acme news",
        "+title: Apex news",
        "-custom_excerpt: Acme",
        "+custom_excerpt: Apex",
        "+og_title: Apex",
        "+codeinjection_foot: <!-- Apex -->",
        "-alt: The Acme office  (image card)",
        "+alt: The Apex office  (image card)",
        "+caption: Apex at work, by Apex  (image card)",
        "+caption: Two Apex pictures  (gallery card)",
        "+Apex makes tools.",
    ]:
        assert line in diff, diff


def rendered(alt: str, caption: str) -> Item:
    html = (
        '<p>Apex makes tools.</p><figure class="kg-card kg-image-card kg-card-hascaption">'
        f'<img src="a.png" alt="{alt}"><figcaption>{caption}</figcaption></figure>'
        '<p>Acme</p><figure><img alt="Acme" src="a.png"><figcaption>Acme</figcaption></figure>'
    )
    return Item("posts", {"html": html, "plaintext": "Apex makes tools."})


@pytest.mark.parametrize("fmt", ["lexical", "mobiledoc"])
def test_verify_finds_a_match_left_in_the_rendered_alt_text_or_captions(fmt: str) -> None:
    change = ReplaceText("Acme", "Apex", fields=("body", "alt", "captions"))
    before = post(fmt)
    assert change.check(before, rendered("The Apex office", "Apex at work")) is None
    # the HTML card's own figure (no card of Ghost's) is not the run's to check
    left = change.check(before, rendered("The Acme office", "Apex at work"))
    assert left == "1 match of 'Acme' left in the rendered alt text"
    left = change.check(before, rendered("The Apex office", "Acme at Acme"))
    assert left == "2 matches of 'Acme' left in the rendered captions"


# -- the journal ---------------------------------------------------------------------------


def test_describe_names_the_fields_and_is_made_again_from_it() -> None:
    change = ReplaceText("a", "b", regex=False, fields=("title", "alt"))
    description = change.describe()
    assert description == {
        "kind": "replace",
        "find": "a",
        "replacement": "b",
        "regex": False,
        "fields": ["title", "alt"],
    }
    assert ReplaceText.from_description(description) == change
    assert BUILT_IN["replace"](description, "http://x") == change


def test_a_journal_of_a_replace_without_fields_resumes_as_body_only() -> None:
    header = json.loads((JOURNALS / "replace-finished.jsonl").read_text().splitlines()[0])
    change = BUILT_IN["replace"](header["operation"], "http://x")
    assert isinstance(change, ReplaceText)
    assert (change.find, change.replacement, change.fields) == ("Acme Inc", "Acme Corp", ("body",))


@pytest.mark.parametrize("fields", [["title", "bogus"], "title", [1]])
def test_a_description_with_bad_fields_is_refused(fields: Any) -> None:
    with pytest.raises(ValueError):
        ReplaceText.from_description({"find": "a", "replacement": "b", "fields": fields})
