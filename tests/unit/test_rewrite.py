"""`links rewrite`: the rules, and the change planned and checked on one item."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ghostkit.content.url_rules import Prefix, UrlRules, read_pairs
from ghostkit.core.errors import ConfigurationError
from ghostkit.operations.api import BUILT_IN
from ghostkit.operations.change import Item
from ghostkit.operations.rewrite import RewriteLinks

MOVE = UrlRules(prefixes=(Prefix("https://old.example", "https://new.example"),))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://old.example", "https://new.example"),
        ("https://old.example/a?b#c", "https://new.example/a?b#c"),
        ("https://OLD.example/a", "https://new.example/a"),
        ("https://old.example?q=1", "https://new.example?q=1"),
        ("https://old.example.org/a", None),
        ("https://old.example:8080/a", None),
        ("http://old.example/a", None),
        ("https://other.example/https://old.example", None),
    ],
)
def test_prefix_matches_on_the_host_boundary(url, expected):
    assert MOVE.apply(url) == expected


def test_path_prefix_and_bare_scheme():
    path = UrlRules(prefixes=(Prefix("https://x.example/blog", "https://x.example/news"),))
    assert path.apply("https://x.example/blog/post") == "https://x.example/news/post"
    assert path.apply("https://x.example/blogroll") is None
    https = UrlRules(prefixes=(Prefix("http://", "https://"),))
    assert https.apply("http://a.example/x") == "https://a.example/x"


def test_longest_prefix_first_then_pairs_win_then_regex():
    rules = UrlRules(
        pairs={"https://old.example/exact": "https://elsewhere.example/"},
        prefixes=(
            Prefix("https://old.example", "https://new.example"),
            Prefix("https://old.example/docs/", "https://docs.example/"),
        ),
        regex=(r"^http://(\w+)\.example", r"https://\1.example"),
    )
    assert rules.apply("https://old.example/exact") == "https://elsewhere.example/"
    assert rules.apply("https://old.example/docs/a") == "https://docs.example/a"
    assert rules.apply("https://old.example/b") == "https://new.example/b"
    assert rules.apply("http://cdn.example/i.png") == "https://cdn.example/i.png"
    assert rules.apply("https://unrelated.example/") is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "no rule"),
        (
            {"prefixes": (Prefix("https://a.example", "https://b.example"),), "regex": ("(", "x")},
            "--regex PATTERN",
        ),
        ({"regex": ("(a)", r"\2")}, "not a valid template"),
    ],
)
def test_bad_rules_are_refused(kwargs, message):
    with pytest.raises(ConfigurationError, match=message.replace("(", r"\(")):
        UrlRules(**kwargs)


@pytest.mark.parametrize("value", ["old.example", "/path", "https:///path", "https://a:x/"])
def test_bad_prefixes_are_refused(value):
    with pytest.raises(ConfigurationError):
        Prefix(value, "https://new.example")


def test_map_csv(tmp_path: Path):
    good = tmp_path / "map.csv"
    good.write_text(
        "old,new\nhttps://a.example/1, https://b.example/1\n\nhttps://a.example/2,https://b.example/2\n"
    )
    assert read_pairs(good) == {
        "https://a.example/1": "https://b.example/1",
        "https://a.example/2": "https://b.example/2",
    }
    for body, message in [
        ("https://a.example/1\n", "line 1: expected two columns"),
        ("https://a.example/1,https://b/1,x\n", "line 1: expected two columns"),
        ("https://a.example/1,b\n", "line 1: 'b' is not a URL"),
        (
            "https://a.example/1,https://b/1\nhttps://a.example/1,https://c/1\n",
            "line 2: .* already mapped",
        ),
        ("old,new\n", "has no pairs"),
    ]:
        bad = tmp_path / "bad.csv"
        bad.write_text(body)
        with pytest.raises(ConfigurationError, match=message):
            read_pairs(bad)
    with pytest.raises(ConfigurationError, match="cannot be read"):
        read_pairs(tmp_path / "missing.csv")


def doc(*children):
    return json.dumps({"root": {"type": "root", "children": list(children)}})


def item(**fields):
    lexical = doc(
        {
            "type": "paragraph",
            "children": [
                {
                    "type": "link",
                    "url": "https://old.example/a",
                    "children": [{"type": "text", "text": "a"}],
                }
            ],
        },
        {"type": "image", "src": "https://old.example/i.png", "href": ""},
    )
    base = {
        "lexical": lexical,
        "mobiledoc": None,
        "plaintext": "a",
        "canonical_url": "https://old.example/canon",
        "feature_image": "https://old.example/f.png",
        "codeinjection_head": '<link href="x"><a href="https://old.example/h">h</a>',
    }
    return Item("posts", {**base, **fields})


def test_plan_counts_and_fields_by_option():
    patch = RewriteLinks(MOVE).plan(item())
    assert set(patch) == {"lexical", "canonical_url"}
    assert "old.example" not in patch["lexical"]
    assert patch.counts == {"links rewritten": 2, "images rewritten": 1}
    patch = RewriteLinks(MOVE, include_images=True, include_code=True).plan(item())
    assert patch["feature_image"] == "https://new.example/f.png"
    assert patch["codeinjection_head"] == '<link href="x"><a href="https://new.example/h">h</a>'
    assert patch.counts == {"links rewritten": 3, "images rewritten": 2}


def test_check_finds_old_urls_and_changed_text():
    change = RewriteLinks(MOVE)
    before = item()
    good = Item("posts", {"html": '<p><a href="https://new.example/a">a</a></p>', "plaintext": "a"})
    assert change.check(before, good) is None
    left = Item("posts", {"html": '<img src="https://old.example/i.png">', "plaintext": "a"})
    assert "old URLs left" in (change.check(before, left) or "")
    text = Item("posts", {"html": "", "plaintext": "b"})
    assert change.check(before, text) == "the visible text changed"


def test_described_and_made_again_for_resume():
    change = RewriteLinks(
        UrlRules(pairs={"https://a/1": "https://b/1"}, prefixes=MOVE.prefixes, regex=("x", "y")),
        include_images=True,
        map_file="map.csv",
    )
    again = BUILT_IN["links-rewrite"](json.loads(json.dumps(change.describe())), "https://site")
    assert again.describe() == change.describe()
    with pytest.raises(ValueError):
        RewriteLinks.from_description({"kind": "links-rewrite", "from": "x"}, "https://site")
