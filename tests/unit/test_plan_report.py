"""The plan's review page: what it shows, what it escapes, and how it is written."""

from __future__ import annotations

import json
import stat
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from ghostkit.content import lexical
from ghostkit.content.selection import LinkSelector
from ghostkit.core.errors import ConfigurationError
from ghostkit.operations.change import Item, Patch
from ghostkit.operations.plan import ItemPlan, Plan
from ghostkit.operations.report import anchor, report_html, write_report
from ghostkit.operations.transforms import StripLinks

OPTIONS = {"site": "https://blog.example.com", "filter": "status:draft", "concurrency": 4}


def lexical_of(*paragraphs: list[tuple[str, str | None]]) -> str:
    root = {"type": "root", "children": [lexical.paragraph_of(p) for p in paragraphs]}
    return json.dumps({"root": root})


def post(number: int, body: str, title: str | None = None, **fields: Any) -> Item:
    return Item(
        "posts",
        {
            "id": f"{number:024x}",
            "slug": f"post-{number}",
            "title": title or f"Post {number}",
            "updated_at": "2024-01-01T00:00:00.000Z",
            "lexical": body,
            **fields,
        },
    )


def stripped(item: Item) -> ItemPlan:
    patch = StripLinks(LinkSelector()).plan(item)
    return ItemPlan.of(item, patch or Patch())


def a_plan(*items: ItemPlan) -> Plan:
    plan = Plan()
    for item in items:
        plan.add(item)
    return plan


class Page(HTMLParser):
    """The page's elements: each with its attributes and the text inside it."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.open: list[dict[str, Any]] = []
        self.elements: list[dict[str, Any]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in ("meta", "br", "hr", "input", "img", "link"):
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()["tag"] != tag:
            pass

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element["text"] += data

    def find(self, tag: str | None = None, **attrs: str) -> list[dict[str, Any]]:
        return [
            e
            for e in self.elements
            if (tag is None or e["tag"] == tag)
            and all(attrs[k] in (e["attrs"].get(k) or "").split() for k in attrs)
        ]

    def by_id(self, id_: str) -> dict[str, Any]:
        (found,) = [e for e in self.elements if e["attrs"].get("id") == id_]
        return found


def test_the_page_shows_the_counts_the_options_and_each_changed_item() -> None:
    first = stripped(post(1, lexical_of([("Read ", None), ("the docs", "https://x.org/d")])))
    second = stripped(post(2, lexical_of([("A ", None), ("one", "https://a.org"), (".", None)])))
    untouched = stripped(post(3, lexical_of([("No links here", None)])))
    plan = a_plan(first, second, untouched)
    page = Page(report_html(plan, title="Strip links", options=OPTIONS))

    counts = {e["attrs"]["data-count"]: e["text"] for e in page.find("div", **{"class": "count"})}
    assert counts["items read"].startswith("3")
    assert counts["would change"].startswith("2")
    assert counts["unchanged"].startswith("1")
    assert counts["links removed"].startswith("2")
    options = page.find("table", **{"class": "options"})[0]["text"]
    assert "status:draft" in options and "concurrency" in options
    assert [e["attrs"]["id"] for e in page.find("section", **{"class": "item"})] == [
        anchor(first),
        anchor(second),
    ]
    assert [e["attrs"]["href"] for e in page.find("a") if e["attrs"]["href"][0] == "#"] == [
        f"#{anchor(first)}",
        f"#{anchor(second)}",
    ]
    section = page.by_id(anchor(first))
    assert "Post 1" in section["text"] and "1 links removed" in section["text"]


def test_a_removed_link_is_marked_before_and_gone_after() -> None:
    item = stripped(post(1, lexical_of([("Read ", None), ("the docs", "https://x.org/d")])))
    page = Page(report_html(a_plan(item), title="t", options={}))
    before = page.find("div", **{"class": "before"})[0]
    after = page.find("div", **{"class": "after"})[0]
    assert "Read the docs" in before["text"] and "Read the docs" in after["text"]
    removed = page.find("a", **{"class": "removed"})
    assert [e["attrs"]["href"] for e in removed] == ["https://x.org/d"]
    links = [e for e in page.find("a") if e["attrs"].get("href") == "https://x.org/d"]
    assert len(links) == 1  # only in the before column
    assert "https://x.org/d" in page.find("div", **{"class": "gone"})[0]["text"]


def test_everything_from_the_site_is_escaped() -> None:
    body = lexical_of(
        [("<img src=x onerror=alert(1)>", None), ("bad", "javascript:alert(1)")],
        [("gone", "https://x.org")],
    )
    item = stripped(post(1, body, title="<script>alert('title')</script>"))
    html = report_html(a_plan(item), title="<script>t</script>", options={"x": "<b>y</b>"})
    assert "<script" not in html.lower()
    assert "<img" not in html.lower() and "<b>y" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    page = Page(html)
    assert (
        page.find("h2", **{"class": "item-title"})[0]["text"] == "<script>alert('title')</script>"
    )


def test_the_page_loads_nothing_from_anywhere() -> None:
    markdown = (
        "![a photo](https://cdn.example.com/p.jpg)\n\n<iframe src='https://e.com'></iframe>\n\n"
    )
    item = post(1, lexical.markdown_document(markdown + "[x](https://x.org)\n"))
    html = report_html(a_plan(stripped(item)), title="t", options={})
    page = Page(html)
    assert not [e for e in page.elements if "src" in e["attrs"]]
    assert not page.find("link") and not page.find("script") and not page.find("iframe")
    policy = next(e for e in page.find("meta") if e["attrs"].get("http-equiv"))["attrs"]["content"]
    assert "default-src 'none'" in policy
    assert "https://cdn.example.com/p.jpg" in page.find("span", **{"class": "image"})[0]["text"]


def test_a_mobiledoc_body_is_rendered_with_its_link_marked() -> None:
    document = {
        "version": "0.3.1",
        "atoms": [],
        "cards": [["html", {"html": "<p>raw</p>"}]],
        "markups": [["a", ["href", "https://m.org"]], ["strong"]],
        "sections": [
            [1, "h2", [[0, [], 0, "Heading"]]],
            [1, "p", [[0, [], 0, "See "], [0, [0, 1], 2, "this"], [0, [], 0, " now"]]],
            [3, "ul", [[[0, [], 0, "one"]], [[0, [], 0, "two"]]]],
            [10, 0],
        ],
    }
    item = Item("posts", {"id": "1", "slug": "m", "title": "M", "mobiledoc": json.dumps(document)})
    page = Page(report_html(a_plan(stripped(item)), title="t", options={}))
    before = page.find("div", **{"class": "before"})[0]
    assert "See this now" in before["text"]
    assert page.find("a", **{"class": "removed"})[0]["text"] == "this"
    assert [e["text"] for e in page.find("h2")][-1] == "Heading"
    assert {"one", "two"} <= {e["text"] for e in page.find("li")}
    assert "<p>raw</p>" in page.find("pre")[0]["text"]  # an HTML card shows its source


def test_other_fields_show_what_changed_in_words_and_chips() -> None:
    item = Item(
        "posts",
        {"id": "1", "slug": "s", "title": "Old title here", "tags": [{"name": "news"}]},
    )
    patch = Patch({"title": "New title here", "tags": [{"name": "news"}, {"name": "legacy"}]})
    page = Page(report_html(a_plan(ItemPlan.of(item, patch)), title="t", options={}))
    assert [e["text"] for e in page.find("del")] == ["Old"]
    assert [e["text"] for e in page.find("ins")] == ["New", "legacy"]
    fields = [e["attrs"]["data-field"] for e in page.find("div") if "data-field" in e["attrs"]]
    assert fields == ["title", "tags"]


def test_an_empty_plan_says_nothing_would_change() -> None:
    page = Page(report_html(a_plan(), title="t", options={}))
    assert "Nothing to change" in page.find("main")[0]["text"]


def test_the_report_is_written_private_to_the_path_given(tmp_path: Path) -> None:
    item = stripped(post(1, lexical_of([("x", "https://x.org")])))
    path = tmp_path / "new" / "folder" / "plan.html"
    write_report(a_plan(item), path, title="Strip links", options=OPTIONS)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert sorted(p.name for p in path.parent.iterdir()) == ["plan.html"]
    assert "Post 1" in path.read_text(encoding="utf-8")
    path.chmod(0o644)
    write_report(a_plan(item), path, title="again", options={})  # a rewrite is private too
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_folder_as_the_report_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="it is a folder"):
        write_report(a_plan(), tmp_path, title="t", options={})
    assert list(tmp_path.iterdir()) == []
