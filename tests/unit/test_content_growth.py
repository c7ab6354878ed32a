"""Removing links takes time in proportion to the document, in every format.

Measured as a ratio, not a time: ten times the links must take well under a hundred times
as long (quadratic work would), whatever the machine's load. Each size is timed a few
times and the best run is kept.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

import pytest

from ghostkit.content import html_links, lexical, markdown_links, mobiledoc

SMALL, LARGE = 2_000, 20_000
LIMIT = 20.0  # linear work gives about 10; quadratic about 100


def best_time(work: Callable[[], object], runs: int) -> float:
    """The best of `runs` timings of this process's own CPU time (other processes on a
    loaded machine do not count), with the garbage collector (whose passes grow with the
    number of live objects, not with the work) held off."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            started = time.process_time()
            work()
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
    return best


def growth(make: Callable[[int], Callable[[], object]], small_n: int, large_n: int) -> float:
    small, large = make(small_n), make(large_n)
    small()  # warm up (imports, caches)
    return best_time(large, 2) / best_time(small, 7)


def assert_linear(
    make: Callable[[int], Callable[[], object]], small: int = SMALL, large: int = LARGE
) -> None:
    ratio = growth(make, small, large)
    assert ratio < LIMIT, f"{large // small}x the links took {ratio:.1f}x the time"


def everything(_url: str | None) -> bool:
    return True


MARKDOWN_SHAPES: dict[str, Callable[[int], str]] = {
    "inline links on one line": lambda n: " ".join(f"[t{i}](https://e{i}.com/x)" for i in range(n)),
    "a link per line": lambda n: "\n".join(f"[t{i}](https://e{i}.com/x) and" for i in range(n)),
    "a link per paragraph": lambda n: "\n\n".join(f"[t{i}](https://e{i}.com/x)" for i in range(n)),
    "list items": lambda n: "\n".join(f"- [t{i}](https://e{i}.com/x)" for i in range(n)),
    "heading": lambda n: "## " + " ".join(f"[#{i}](#a{i})" for i in range(n)),
    "bare urls": lambda n: " ".join(f"https://e{i}.com/x" for i in range(n)),
    "autolinks": lambda n: " ".join(f"<https://e{i}.com/x>" for i in range(n)),
    "reference links": lambda n: (
        " ".join(f"[t{i}][r{i}]" for i in range(n))
        + "\n\n"
        + "\n".join(f"[r{i}]: https://e{i}.com" for i in range(n))
    ),
    "raw inline <a>": lambda n: (
        "x " + " ".join(f'<a href="https://e{i}.com">t</a>' for i in range(n))
    ),
    "raw <a> at line starts": lambda n: "\n".join(
        f'<a href="https://e{i}.com"><b>t</b></a> x' for i in range(n)
    ),
    "html block": lambda n: (
        "<div>\n" + " ".join(f'<a href="https://e{i}.com">t</a>' for i in range(n)) + "\n</div>"
    ),
    "html block lines": lambda n: (
        "<div>\n" + "\n".join(f'<a href="https://e{i}.com">t</a>' for i in range(n)) + "\n</div>"
    ),
    "e-mail addresses": lambda n: "\n\n".join(f"write to me{i}@e.com now" for i in range(n)),
    "links in labels": lambda n: " ".join(
        f"[a <https://x{i}.com> b](https://e{i}.com)" for i in range(n)
    ),
}


def test_markdown_card_strip_grows_linearly() -> None:
    """One card of 20,000 links against one of 2,000 (a 60,000-link card took minutes)."""

    def make(n: int) -> Callable[[], object]:
        source = MARKDOWN_SHAPES["inline links on one line"](n)
        return lambda: markdown_links.strip_links(source, everything)

    assert_linear(make)


def test_markdown_card_of_every_kind_of_link_grows_linearly() -> None:
    def make(n: int) -> Callable[[], object]:
        share = n // len(MARKDOWN_SHAPES)
        source = "\n\n".join(shape(share) for shape in MARKDOWN_SHAPES.values())
        return lambda: markdown_links.strip_links(source, everything)

    assert_linear(make)


@pytest.mark.parametrize("shape", list(MARKDOWN_SHAPES))
def test_each_kind_of_markdown_link_grows_linearly(shape: str) -> None:
    """Smaller, to keep the suite quick: quadratic work shows at 5,000 links already."""

    def make(n: int) -> Callable[[], object]:
        source = MARKDOWN_SHAPES[shape](n)
        return lambda: markdown_links.strip_links(source, everything)

    assert_linear(make, 500, 5_000)


def test_markdown_card_strip_of_some_links_grows_linearly() -> None:
    """Links kept among removed ones (a selection) take the other paths of the code."""

    def make(n: int) -> Callable[[], object]:
        source = " ".join(
            f"[t{i}](https://{'keep' if i % 2 else 'drop'}.com/{i}) https://k{i}.com"
            for i in range(n)
        )
        return lambda: markdown_links.strip_links(source, lambda url: "drop" in (url or ""))

    assert_linear(make, 1_000, 10_000)


def test_html_card_unwrap_grows_linearly() -> None:
    def make(n: int) -> Callable[[], object]:
        source = "<p>" + " ".join(f'<a href="https://e{i}.com">t{i}</a>' for i in range(n)) + "</p>"
        return lambda: html_links.unwrap_links(source, everything)

    assert_linear(make)


def text_node(value: str) -> dict[str, Any]:
    return {"type": "extended-text", "text": value, "format": 0, "mode": "normal", "style": ""}


def test_lexical_paragraph_of_links_grows_linearly() -> None:
    """Text joined across many removed links in one paragraph."""

    def make(n: int) -> Callable[[], object]:
        children: list[dict[str, Any]] = []
        for i in range(n):
            children.append(text_node(f"some words of text, number {i}, then a link: "))
            children.append(
                {"type": "link", "url": f"https://e{i}.com", "children": [text_node("t")]}
            )
        document = {
            "root": {"type": "root", "children": [{"type": "paragraph", "children": children}]}
        }
        return lambda: (lexical.strip_links(document), lexical.list_links(document))

    assert_linear(make)


def test_lexical_many_cards_grow_linearly() -> None:
    def make(n: int) -> Callable[[], object]:
        blocks: list[dict[str, Any]] = []
        for i in range(n):
            blocks.append(
                {"type": "bookmark", "url": f"https://e{i}.com", "metadata": {"title": "t"}}
            )
            blocks.append({"type": "html", "html": f'<p><a href="https://h{i}.com">x</a></p>'})
        document = {"root": {"type": "root", "children": blocks}}
        return lambda: lexical.strip_links(document, link_cards="text")

    assert_linear(make)


def test_mobiledoc_markers_grow_linearly() -> None:
    def make(n: int) -> Callable[[], object]:
        markups = [["a", ["href", f"https://e{i}.com"]] for i in range(n)] + [["strong"]]
        markers = []
        for i in range(n):
            markers.append([0, [], 0, f"word {i} "])
            markers.append([0, [i, n], 2, "t"])
        cards = [["html", {"html": f'<a href="https://h{i}.com">x</a>'}] for i in range(n)]
        document = {
            "version": "0.3.1",
            "atoms": [],
            "cards": cards,
            "markups": markups,
            "sections": [[1, "p", markers]] + [[10, i] for i in range(n)],
        }
        return lambda: (mobiledoc.strip_links(document), mobiledoc.list_links(document))

    assert_linear(make)


def test_plan_diff_of_a_card_with_many_links_grows_linearly() -> None:
    """The preview of a strip that keeps every other link (a --domain run)."""
    from ghostkit.content.selection import LinkSelector
    from ghostkit.models import Post
    from ghostkit.operations.change import Item
    from ghostkit.operations.select import plan_item
    from ghostkit.operations.transforms import StripLinks

    def make(n: int) -> Callable[[], object]:
        markdown = " ".join(f"[t{i}](https://{'a' if i % 2 else 'b'}{i}.com)" for i in range(n))
        post = Post.model_validate(
            {"id": "0" * 24, "lexical": lexical.markdown_document(markdown), "updated_at": "x"}
        )
        change = StripLinks(LinkSelector(pattern=r"//a\d"))
        plan = plan_item(change, change.kind, Item("posts", post.to_dict()))
        assert plan.counts["links removed"] == n // 2
        return plan.diff

    assert_linear(make, 1_000, 10_000)
