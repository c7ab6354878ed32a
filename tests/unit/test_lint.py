"""The lint rules over small documents in both formats, the site index's reading of
internal links, and the choice of rules and fields."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest

from ghostkit.core.errors import UsageError
from ghostkit.operations.change import Item
from ghostkit.operations.lint_content import Visibility
from ghostkit.operations.lint_report import check_item, choose_rules, read_params
from ghostkit.operations.lint_rules import BY_ID, RULES
from ghostkit.operations.site_index import Entry, SiteIndex

SITE = "https://blog.example.com"
CLEAN = {"meta_description": "A post.", "tags": [{"slug": "news"}], "status": "published"}


def text(value: str) -> dict[str, Any]:
    return {"type": "extended-text", "text": value, "format": 0, "version": 1}


def paragraph(*children: dict[str, Any]) -> dict[str, Any]:
    return {"type": "paragraph", "version": 1, "children": list(children)}


def link(url: str, label: str = "here") -> dict[str, Any]:
    return {"type": "link", "url": url, "version": 1, "children": [text(label)]}


def lexical_post(*blocks: dict[str, Any], **fields: Any) -> Item:
    document = {"root": {"type": "root", "version": 1, "children": list(blocks)}}
    return Item(
        "posts",
        {"slug": "p", "title": "A post", **CLEAN, **fields, "lexical": json.dumps(document)},
    )


def mobiledoc_post(
    sections: list[Any],
    cards: list[Any] | None = None,
    markups: list[Any] | None = None,
    **fields: Any,
) -> Item:
    document = {
        "version": "0.3.1",
        "atoms": [],
        "cards": cards or [],
        "markups": markups or [],
        "sections": sections,
    }
    return Item(
        "posts",
        {"slug": "m", "title": "A post", **CLEAN, **fields, "mobiledoc": json.dumps(document)},
    )


def p(value: str) -> list[Any]:
    return [1, "p", [[0, [], 0, value]]]


def index(*entries: Entry, site: str = SITE) -> SiteIndex:
    return SiteIndex(site, entries)


def entry(slug: str, status: str = "published", resource: str = "posts", **kw: Any) -> Entry:
    base = {"uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, slug)), "shown_title": slug.title()}
    base |= kw
    path = f"/{slug}/" if status == "published" else f"/p/{base['uuid']}/"
    return Entry(resource, slug, base["uuid"], status, base["shown_title"], base.get("path", path))


def found(item: Item, rule: str, site: SiteIndex | None = None) -> list[tuple[str, str | None]]:
    findings = check_item(item, [BY_ID[rule]], site or index())
    return [(f.message, f.where) for f in findings]


# -- every rule finds nothing in a clean post ------------------------------------------


def test_a_clean_post_breaks_no_rule() -> None:
    image = {"type": "image", "src": "https://x.test/a.png", "alt": "A chart", "version": 1}
    item = lexical_post(paragraph(text("Hello"), link("__GHOST_URL__/about/")), image)
    site = index(entry("about", resource="pages"), entry("p", shown_title="A post"))
    assert check_item(item, RULES, site) == []
    clean = mobiledoc_post([p("Hello")])
    assert check_item(clean, RULES, index()) == []


# -- image-alt ------------------------------------------------------------------------


def test_images_without_alt_in_every_kind_of_place() -> None:
    html = '<p><img src="/a.png"><img src="/b.png" alt="Bee"><img src="/deco.png" alt=""></p>'
    markdown = '![](/m1.png) ![Chart](/m2.png)\n\n<img src="/m3.png">\n'
    item = lexical_post(
        paragraph(text("x")),
        {"type": "image", "src": "/i.png", "alt": " ", "version": 1},
        {"type": "gallery", "images": [{"src": "/g1.png", "alt": "One"}, {"src": "/g2.png"}]},
        {"type": "html", "html": html, "version": 1},
        {"type": "markdown", "markdown": markdown, "version": 1},
        feature_image="/f.png",
    )
    problems = found(item, "image-alt")
    assert problems == [
        ("the feature image has no alt text (/f.png)", "feature image"),
        ("image without alt text (/i.png)", "image card, block 2"),
        ("image without alt text (/g2.png)", "gallery card, block 3, image 2"),
        ("image without alt text (/a.png)", "html card, block 4"),
        ("image without alt text (/m1.png)", "markdown card, block 5"),
        ("image without alt text (/m3.png)", "markdown card, block 5"),
    ]
    described = lexical_post(feature_image="/f.png", feature_image_alt="A cover")
    assert found(described, "image-alt") == []


def test_images_without_alt_in_mobiledoc() -> None:
    item = mobiledoc_post(
        [p("x"), [10, 0], [2, "/section.png"], [10, 1], [10, 2]],
        cards=[
            ["image", {"src": "/c.png", "alt": ""}],
            ["html", {"html": '<img src="/h.png">'}],
            ["card-markdown", {"markdown": "![](/md.png)"}],
        ],
    )
    assert found(item, "image-alt") == [
        ("image without alt text (/c.png)", "image card, section 2"),
        ("image without alt text (/h.png)", "html card, section 4"),
        ("image without alt text (/md.png)", "card-markdown card, section 5"),
        ("image without alt text (/section.png)", "image section 3"),
    ]


# -- meta-description, title-length, duplicate-title --------------------------------------


def test_meta_description_or_excerpt() -> None:
    bare = lexical_post(paragraph(text("x")), meta_description=None)
    assert len(found(bare, "meta-description")) == 1
    assert (
        found(lexical_post(meta_description="", custom_excerpt="Short"), "meta-description") == []
    )


def test_title_length_counts_the_meta_title_when_set() -> None:
    long_title = "A" * 61
    ((message, where),) = found(
        lexical_post(paragraph(text("x")), title=long_title), "title-length"
    )
    assert where == "title" and "61 characters" in message and "about 60" in message
    assert found(lexical_post(title="B" * 60), "title-length") == []
    assert found(lexical_post(title=long_title, meta_title="Short"), "title-length") == []
    ((_, where),) = found(lexical_post(title="Short", meta_title=long_title), "title-length")
    assert where == "meta title"


def test_duplicate_titles_across_posts_and_pages() -> None:
    site = index(
        entry("p", shown_title="A post"),
        entry("other", resource="pages", shown_title="a  POST"),
        entry("draft", status="draft", shown_title="A post"),
    )
    ((message, _),) = found(lexical_post(paragraph(text("x"))), "duplicate-title", site)
    assert "page other" in message and "draft" not in message
    alone = index(entry("p", shown_title="A post"))
    assert found(lexical_post(paragraph(text("x"))), "duplicate-title", alone) == []
    renamed = lexical_post(paragraph(text("x")), meta_title="Own title")
    assert found(renamed, "duplicate-title", site) == []


# -- link-to-draft, link-to-missing -----------------------------------------------------


def test_links_to_drafts_and_missing_posts_both_formats() -> None:
    site = index(entry("live"), entry("wip", status="draft"), entry("soon", status="scheduled"))
    links = [
        "__GHOST_URL__/live/",
        "__GHOST_URL__/wip/",
        f"{SITE}/soon/?ref=x#top",
        "http://blog.example.com/gone",
        f"__GHOST_URL__/p/{uuid.uuid5(uuid.NAMESPACE_URL, 'wip')}/",
        "__GHOST_URL__/tag/news/",
        "__GHOST_URL__/author/ann/",
        "/rss/",
        f"{SITE}/sitemap.xml",
        "https://elsewhere.test/gone/",
        "#/portal/",
    ]
    item = lexical_post(paragraph(*(link(url) for url in links)))
    drafts = [m for m, _ in found(item, "link-to-draft", site)]
    assert len(drafts) == 3 and "a draft post (wip)" in drafts[0]
    assert "a scheduled post (soon)" in drafts[1] and "/p/" in drafts[2]
    missing = [m for m, _ in found(item, "link-to-missing", site)]
    assert len(missing) == 1 and "/gone/" in missing[0]
    sections = [[1, "p", [[0, [0], 1, "a"], [0, [1], 1, "b"]]], [10, 0]]
    markups = [["a", ["href", "__GHOST_URL__/wip/"]], ["a", ["href", "/nowhere/"]]]
    cards = [["bookmark", {"url": f"{SITE}/wip/"}]]
    old = mobiledoc_post(sections, cards, markups)
    assert [w for _, w in found(old, "link-to-draft", site)] == [
        "inline link",
        "bookmark card (url)",
    ]
    assert len(found(old, "link-to-missing", site)) == 1


def test_a_preview_link_is_a_link_to_a_draft() -> None:
    site = index(entry("wip", status="draft"))
    item = lexical_post(
        paragraph(link(f"__GHOST_URL__/p/{uuid.uuid5(uuid.NAMESPACE_URL, 'wip')}/"))
    )
    ((message, _),) = found(item, "link-to-draft", site)
    assert "wip" in message


def test_missing_is_judged_only_where_posts_sit_at_their_slug() -> None:
    dated = index(entry("live", path="/2024/01/live/"))
    item = lexical_post(paragraph(link("__GHOST_URL__/gone/"), link("__GHOST_URL__/live/")))
    assert found(item, "link-to-missing", dated) == []
    sub = index(entry("live", path="/blog/live/"), site="https://x.test/blog/")
    links = ("__GHOST_URL__/gone/", "https://x.test/blog/gone/", "https://x.test/other/")
    item = lexical_post(paragraph(*(link(url) for url in links)))
    assert len(found(item, "link-to-missing", sub)) == 2


# -- empty, no-tags -------------------------------------------------------------------


def test_empty_posts_in_both_formats() -> None:
    assert found(lexical_post(paragraph(text("  "))), "empty")
    assert found(lexical_post(), "empty")
    assert not found(lexical_post({"type": "horizontalrule", "version": 1}), "empty")
    assert found(mobiledoc_post([p(" "), [1, "p", []]]), "empty")
    assert not found(mobiledoc_post([[2, "/a.png"]]), "empty")
    assert found(Item("pages", {"slug": "x", "title": "X", "lexical": None}), "empty")


def test_published_posts_without_tags() -> None:
    assert found(lexical_post(paragraph(text("x")), tags=[]), "no-tags")
    assert not found(lexical_post(paragraph(text("x")), tags=[], status="draft"), "no-tags")
    assert BY_ID["no-tags"].resources == ("posts",)


# -- card-visibility ------------------------------------------------------------------

ALL = "status:free,status:-free"
PAID_ONLY = {
    "web": {"nonMember": False, "memberSegment": "status:-free"},
    "email": {"memberSegment": "status:-free"},
}
EVERYONE = {"web": {"nonMember": True, "memberSegment": ALL}, "email": {"memberSegment": ALL}}


def test_cards_with_member_visibility() -> None:
    item = lexical_post(
        paragraph(text("x")),
        {"type": "html", "html": "<b>x</b>", "visibility": PAID_ONLY, "version": 1},
        {"type": "html", "html": "<b>y</b>", "visibility": EVERYONE, "version": 1},
        {"type": "call-to-action", "textValue": "Join", "visibility": {"showOnWeb": False}},
        {"type": "image", "src": "/a.png", "alt": "A", "visibility": PAID_ONLY},
    )
    problems = found(item, "card-visibility")
    assert [where for _, where in problems] == [
        "html card, block 2",
        "call-to-action card, block 4",
    ]
    assert "on the web to paid members, in email to paid members" in problems[0][0]
    assert "source=html" in problems[0][0]
    assert "--link-cards" in problems[1][0] and "on the web to no one" in problems[1][0]
    old = mobiledoc_post(
        [p("x"), [10, 0]], cards=[["html", {"html": "x", "visibility": PAID_ONLY}]]
    )
    ((message, where),) = found(old, "card-visibility")
    assert where == "html card, section 2" and "applies no visibility to mobiledoc" in message


def test_visibility_in_its_older_form() -> None:
    assert not Visibility.of({}).restricted
    assert Visibility.of({"emailOnly": True}) == Visibility(False, "", "status:free,status:-free")
    assert Visibility.of({"showOnEmail": True, "segment": "status:paid"}).email == "status:-free"
    assert Visibility.of({"showOnWeb": True, "showOnEmail": False}).describe() == (
        "on the web to everyone, in email to no one"
    )


# -- choosing rules and fields --------------------------------------------------------


def test_choosing_rules() -> None:
    assert [r.id for r in choose_rules()] == [r.id for r in RULES]
    assert [r.id for r in choose_rules(["empty", "no-tags"])] == ["empty", "no-tags"]
    assert "empty" not in [r.id for r in choose_rules(["!empty"])]
    assert "empty" not in [r.id for r in choose_rules(skip=["empty"])]
    chosen = choose_rules(["empty", "no-tags"], errors=["no-tags"], warnings=["empty"])
    assert [(r.id, r.severity) for r in chosen] == [("empty", "warning"), ("no-tags", "error")]
    assert BY_ID["empty"].severity == "error"  # the table itself is unchanged
    with pytest.raises(UsageError, match="no lint rule is called 'nope'") as raised:
        choose_rules(["nope"])
    assert raised.value.hint and "image-alt" in raised.value.hint
    with pytest.raises(UsageError, match="both"):
        choose_rules(errors=["empty"], warnings=["empty"])
    with pytest.raises(UsageError, match="nothing to check"):
        choose_rules(skip=[r.id for r in RULES])


def test_only_the_fields_the_rules_need_are_read() -> None:
    assert read_params([BY_ID["meta-description"]]) == {
        "fields": "id,slug,title,status,meta_description,custom_excerpt"
    }
    params = read_params([BY_ID["no-tags"], BY_ID["empty"]])
    assert params == {
        "fields": "id,slug,title,status",
        "formats": "lexical,mobiledoc",
        "include": "tags",
    }


def test_the_docs_list_every_rule_with_its_severity() -> None:
    from pathlib import Path

    page = Path(__file__).resolve().parents[2] / "docs" / "lint.md"
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \| .+ \| .+ \|$", page.read_text(), re.M)
    assert rows == [(rule.id, rule.severity) for rule in RULES]
