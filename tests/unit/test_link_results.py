"""Saved link checks, and how links to the site are judged from its own posts."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from ghostkit.content.selection import LinkSelector
from ghostkit.core.errors import ConfigurationError, UsageError
from ghostkit.operations.link_check import absolute, is_missing, site_verdict, skipped
from ghostkit.operations.link_results import (
    CheckResults,
    UrlResult,
    broken_links,
    load_results,
    redirect_pairs,
    save_results,
)
from ghostkit.operations.site_index import SiteIndex
from ghostkit.operations.transforms import StripLinks

SITE = "https://blog.example.com"


def sample() -> CheckResults:
    return CheckResults(
        site=SITE,
        checked_at="2026-12-01T10:00:00+00:00",
        results={
            "https://a.example/ok": UrlResult("https://a.example/ok", "ok", 200, posts=("p",)),
            "https://a.example/gone": UrlResult(
                "https://a.example/gone", "broken", 404, "404 Not Found", posts=("p", "q")
            ),
            "http://old.example/x": UrlResult(
                "http://old.example/x",
                "redirected",
                200,
                final_url="https://new.example/x",
                permanent=True,
                redirects=({"url": "http://old.example/x", "status": 301},),
            ),
            "https://a.example/tmp": UrlResult(
                "https://a.example/tmp", "redirected", 200, final_url="https://a.example/t"
            ),
        },
        skipped=2,
    )


def test_broken_and_permanent_redirects() -> None:
    results = sample()
    assert results.broken == {"https://a.example/gone"}
    assert results.redirects == {"http://old.example/x": "https://new.example/x"}
    assert len(results.redirect_map(permanent_only=False)) == 2
    assert results.counts() == {"broken": 1, "redirected": 2, "ok": 1, "skipped": 2}
    assert [r.state for r in results.ordered(every=False)] == ["broken", "redirected", "redirected"]


def test_saved_private_and_read_back(tmp_path: Path) -> None:
    folder = tmp_path / "checks"
    path = save_results(sample(), folder)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    again = load_results(SITE + "/", folder)
    assert again.results == sample().results and again.skipped == 2
    assert load_results("https://user:pw@BLOG.example.com", folder).broken == sample().broken


def test_no_check_saved_and_a_damaged_one(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no link check saved") as caught:
        load_results(SITE, tmp_path)
    assert "links check" in (caught.value.hint or "")
    path = save_results(sample(), tmp_path)
    path.write_text("{not json")
    with pytest.raises(ConfigurationError, match="cannot be read"):
        load_results(SITE, tmp_path)


def test_links_to_the_site_are_judged_by_its_posts_as_lint_judges_them() -> None:
    index = SiteIndex.of(
        SITE,
        [
            ("posts", {"slug": "hello", "status": "published", "url": SITE + "/hello/"}),
            ("pages", {"slug": "about", "status": "published", "url": SITE + "/about/"}),
            ("posts", {"slug": "soon", "status": "scheduled", "url": SITE + "/p/1234/"}),
            ("posts", {"slug": "wip", "status": "draft", "url": SITE + "/p/5678/"}),
        ],
    )
    for ok in (SITE + "/hello/", SITE + "/hello", "__GHOST_URL__/about/", "/about/?ref=x"):
        assert site_verdict(index, ok) == UrlResult(ok, "ok", internal=True)
    draft = site_verdict(index, SITE + "/wip/")
    assert draft is not None and draft.state == "broken"
    assert draft.error == "links to a draft post (wip), which visitors cannot open"
    assert "a scheduled post (soon)" in (site_verdict(index, "/soon/").error or "")  # type: ignore[union-attr]
    assert site_verdict(index, SITE + "/nobody/") is None  # asked: a redirect may send it on
    assert is_missing(index, SITE + "/nobody/") and is_missing(index, "__GHOST_URL__/nobody")
    others = ("/tag/news/", "/rss/", "/content/images/a.png", "/", "/robots.txt", "/signup/")
    for other in others:
        assert site_verdict(index, SITE + other) is None  # asked over HTTP
        assert not is_missing(index, SITE + other)


def test_under_custom_permalinks_no_link_to_the_site_is_judged_missing() -> None:
    index = SiteIndex.of(
        SITE, [("posts", {"slug": "hello", "status": "published", "url": SITE + "/2026/hello/"})]
    )
    assert site_verdict(index, SITE + "/2026/hello/") is not None  # published: ok
    assert not is_missing(index, SITE + "/nobody/")  # a post may sit elsewhere


def test_what_is_skipped_and_how_site_links_are_made_absolute() -> None:
    assert all(skipped(u) for u in ("#top", "mailto:a@b.c", "TEL:123", "javascript:void(0)"))
    assert not skipped("https://a.example/#top")
    assert absolute("__GHOST_URL__/hello/", "https://u:p@blog.example.com") == SITE + "/hello/"
    assert absolute("/about/", SITE) == SITE + "/about/"


def test_a_selector_of_exact_urls_and_its_description_for_resume() -> None:
    selector = LinkSelector(urls=frozenset({"https://a.example/gone"}), site_url=SITE)
    assert selector.selects("https://a.example/gone") and selector.selects(
        " https://a.example/gone"
    )
    assert not selector.selects("https://a.example/ok")
    change = StripLinks(selector)
    again = StripLinks.from_description(change.describe(), SITE)
    assert again == change and "1 URL" in change.describe()["selection"]
    plain = StripLinks(LinkSelector(site_url=SITE))
    assert "urls" not in plain.describe()  # runs without --broken describe as before


def test_redirects_to_follow_come_from_the_last_check(tmp_path: Path) -> None:
    save_results(sample(), tmp_path)
    assert redirect_pairs(SITE, tmp_path) == {"http://old.example/x": "https://new.example/x"}
    assert broken_links(SITE, tmp_path) == frozenset({"https://a.example/gone"})
    save_results(CheckResults(site=SITE, checked_at="2026-12-02T00:00:00+00:00"), tmp_path)
    with pytest.raises(UsageError, match="no permanent redirect"):
        redirect_pairs(SITE, tmp_path)
