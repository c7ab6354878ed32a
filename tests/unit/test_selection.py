from __future__ import annotations

import re

import pytest

from ghostkit.content.selection import ALL_LINKS, GHOST_URL, LinkSelector

SITE = "https://blog.example.com"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://a.b/c?d#e",
        "/about/",
        "#top",
        f"{GHOST_URL}/tag/news/",
        "mailto:me@example.org",
        "",
        None,
        "not a url at all",
    ],
)
def test_the_default_selector_takes_every_link(url: str | None) -> None:
    assert ALL_LINKS.selects(url)


@pytest.mark.parametrize(
    "url",
    [
        f"{GHOST_URL}/",
        f"{GHOST_URL}/welcome/#part",
        "/about/",
        "/",
        "#anchor",
        "?page=2",
        "./sibling/",
        "../parent/",
        "about/",
        "  /padded/  ",
        "",
        None,
    ],
)
def test_external_only_leaves_the_sites_own_links(url: str | None) -> None:
    assert not LinkSelector(external_only=True).selects(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://example.org",
        "mailto:me@example.org",
        "tel:+15550100",
        "//cdn.example.org/lib.js",
        "ftp://files.example.org/x",
    ],
)
def test_external_only_takes_links_elsewhere(url: str) -> None:
    assert LinkSelector(external_only=True).selects(url)


@pytest.mark.parametrize(
    ("url", "internal"),
    [
        ("https://blog.example.com/post/", True),
        ("http://blog.example.com/post/", True),  # same host, other scheme
        ("https://BLOG.Example.COM/", True),
        ("//blog.example.com/img.png", True),
        ("https://example.com/", False),  # the parent domain is another site
        ("https://www.blog.example.com/", False),
        ("https://blog.example.com.evil.org/", False),
        ("https://blog.example.com:8443/", False),  # another port, another site
    ],
)
def test_external_only_compares_hosts_with_the_site_url(url: str, internal: bool) -> None:
    selector = LinkSelector(external_only=True, site_url=SITE)
    assert selector.selects(url) is not internal
    assert selector.is_internal(url) is internal


def test_without_a_site_url_every_absolute_link_is_external() -> None:
    assert LinkSelector(external_only=True).selects("https://blog.example.com/post/")


@pytest.mark.parametrize(
    ("url", "selected"),
    [
        ("https://example.com/a", True),
        ("https://EXAMPLE.com/a", True),
        ("https://www.example.com/", True),
        ("https://deep.sub.example.com/", True),
        ("http://example.com:8080/x", True),
        ("//example.com/x", True),
        ("https://notexample.com/", False),
        ("https://example.com.other.org/", False),
        ("https://other.org/?next=https://example.com/", False),
        ("/example.com/relative", False),
        ("mailto:me@example.com", False),  # an address has no host to compare
        ("", False),
        (None, False),
    ],
)
def test_domains_take_hosts_and_their_subdomains(url: str | None, selected: bool) -> None:
    assert LinkSelector(domains=("example.com",)).selects(url) is selected


def test_domains_are_compared_without_case_or_leading_dot() -> None:
    selector = LinkSelector(domains=("Example.COM", ".other.org"))
    assert selector.selects("https://example.com/")
    assert selector.selects("https://x.other.org/")
    assert selector.selects("https://other.org/")
    assert not selector.selects("https://third.net/")


def test_a_pattern_is_searched_anywhere_in_the_url() -> None:
    selector = LinkSelector(pattern=r"utm_[a-z]+=")
    assert selector.selects("https://x.org/?utm_source=feed")
    assert not selector.selects("https://x.org/?ref=feed")
    assert LinkSelector(pattern="^/").selects("/about/")
    assert not LinkSelector(pattern="^/").selects("https://x.org/")


def test_every_option_given_must_hold() -> None:
    selector = LinkSelector(
        external_only=True, domains=("example.com",), pattern=r"\.pdf$", site_url=SITE
    )
    assert selector.selects("https://files.example.com/report.pdf")
    assert not selector.selects("https://files.example.com/report.html")  # pattern fails
    assert not selector.selects("https://other.org/report.pdf")  # domain fails
    assert not selector.selects(f"{GHOST_URL}/report.pdf")  # internal
    # the site's own host is inside the domain, but external_only still leaves it
    inside = LinkSelector(external_only=True, domains=("example.com",), site_url=SITE)
    assert not inside.selects("https://blog.example.com/x.pdf")
    assert inside.selects("https://shop.example.com/x.pdf")


def test_a_bad_pattern_fails_when_the_selector_is_made() -> None:
    with pytest.raises(re.error):
        LinkSelector(pattern="(unclosed")


@pytest.mark.parametrize("url", ["http://[::1", "https://[not-an-ip]/x", "//[oops"])
def test_malformed_urls_do_not_break_selection(url: str) -> None:
    assert LinkSelector(external_only=True).selects(url)
    assert not LinkSelector(domains=("example.com",)).selects(url)
    assert LinkSelector(pattern=r"\[").selects(url)


def test_surrounding_whitespace_is_ignored() -> None:
    assert LinkSelector(domains=("example.com",)).selects("  https://example.com/  ")
    assert LinkSelector(pattern="^https://x").selects("\thttps://x.org")


@pytest.mark.parametrize(
    ("selector", "description"),
    [
        (LinkSelector(), "all links"),
        (LinkSelector(external_only=True), "external links"),
        (
            LinkSelector(domains=("a.com", "b.org"), pattern="x+"),
            "all links to a.com, b.org matching /x+/",
        ),
    ],
)
def test_description(selector: LinkSelector, description: str) -> None:
    assert selector.describe() == description
