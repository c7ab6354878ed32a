from __future__ import annotations

import pytest

from ghostkit.core.errors import ConfigurationError
from ghostkit.core.urls import (
    ApiVersion,
    api_root,
    check_id,
    check_request_path,
    encode_segment,
    item_path,
    normalize_site_url,
)


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("https://example.com", "https://example.com"),
        ("https://example.com/", "https://example.com"),
        ("https://example.com/ghost", "https://example.com"),
        ("https://example.com/ghost/", "https://example.com"),
        ("https://example.com/ghost/#/dashboard", "https://example.com"),
        ("https://example.com/ghost/api/admin/posts/?limit=5", "https://example.com"),
        ("https://example.com/blog/", "https://example.com/blog"),
        ("https://example.com/blog/ghost/api/v4/admin/", "https://example.com/blog"),
        ("  http://127.0.0.1:2368/  ", "http://127.0.0.1:2368"),
    ],
)
def test_site_url_is_normalised(pasted: str, expected: str) -> None:
    assert normalize_site_url(pasted) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "example.com",
        "ftp://example.com",
        "https://",
        "http://[::1",
        "http://[::1]:99999",
        "http://example.com:port",
        "http://exa mple.com",
        "http://:80",
        "http://[not-ip]/",
        "http://example.com\n/x",
    ],
)
def test_bad_site_urls_fail_with_a_hint(bad: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        normalize_site_url(bad)
    assert caught.value.hint


@pytest.mark.parametrize(
    ("version", "path", "audience", "accept"),
    [
        ("v6.0", "/ghost/api/admin/", "/admin/", "v6.0"),
        ("v5.x", "/ghost/api/admin/", "/admin/", "v5.x"),
        ("v6", "/ghost/api/admin/", "/admin/", "v6.0"),
        ("v4", "/ghost/api/v4/admin/", "/v4/admin/", None),
        ("v4.48", "/ghost/api/v4/admin/", "/v4/admin/", None),
        ("v3", "/ghost/api/v3/admin/", "/v3/admin/", None),
        ("v2", "/ghost/api/v2/admin/", "/v2/admin/", None),
        ("canary", "/ghost/api/canary/admin/", "/canary/admin/", None),
    ],
)
def test_versions_shape_path_audience_and_header(
    version: str, path: str, audience: str, accept: str | None
) -> None:
    parsed = ApiVersion.parse(version)
    assert parsed.base_path("admin") == path
    assert parsed.audience == audience
    assert parsed.accept_version == accept


def test_content_api_root_follows_the_version() -> None:
    assert (
        api_root("https://x.test/", "content", ApiVersion.parse("v6.0"))
        == "https://x.test/ghost/api/content/"
    )
    assert (
        api_root("https://x.test/", "content", ApiVersion.parse("v3"))
        == "https://x.test/ghost/api/v3/content/"
    )


@pytest.mark.parametrize("bad", ["6", "v1", "latest", "v6.0.1"])
def test_unknown_versions_are_refused(bad: str) -> None:
    with pytest.raises(ConfigurationError):
        ApiVersion.parse(bad)


# -- ids and other values that become part of a request path -----------------------------


@pytest.mark.parametrize("good", ["6489d3b9a1c2b40001a1b2c3", "6489D3B9A1C2B40001A1B2C3", "1"])
def test_ghost_ids_are_taken(good: str) -> None:
    assert check_id(good) == good


@pytest.mark.parametrize(
    "bad",
    [
        "../tags/6489d3b9a1c2b40001a1b2c3",
        "6489d3b9a1c2b40001a1b2c3/",
        "6489d3b9a1c2b40001a1b2c",
        "6489d3b9a1c2b40001a1b2c3?x=1",
        "hello",
        "",
        "me",
        " 6489d3b9a1c2b40001a1b2c3",
        "6489d3b9a1c2b40001a1b2cz",
        "٦489d3b9a1c2b40001a1b2c3",
        None,
        123,
    ],
)
def test_anything_else_is_refused_as_an_id(bad: object) -> None:
    with pytest.raises(ConfigurationError) as caught:
        check_id(bad)  # type: ignore[arg-type]
    assert repr(bad) in caught.value.message
    assert caught.value.hint and "--by slug" in caught.value.hint


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("hello-world", "hello-world"),
        ("victim/?", "victim%2F%3F"),
        ("a#b", "a%23b"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("../../x", "..%2F..%2Fx"),
        ("e@x.y", "e%40x.y"),
        ("a b%", "a%20b%25"),
        ("café", "caf%C3%A9"),
        ("a\\b", "a%5Cb"),
        ("?", "%3F"),
    ],
)
def test_other_segments_are_percent_encoded_whole(value: str, encoded: str) -> None:
    assert encode_segment(value) == encoded


@pytest.mark.parametrize("bad", ["", None, 5])
def test_an_empty_or_non_text_segment_is_refused(bad: object) -> None:
    with pytest.raises(ConfigurationError):
        encode_segment(bad)  # type: ignore[arg-type]


def test_item_paths() -> None:
    ident = "6489d3b9a1c2b40001a1b2c3"
    assert item_path("posts/", ident) == f"posts/{ident}/"
    assert item_path("posts/", ident, action="copy") == f"posts/{ident}/copy/"
    assert item_path("posts/", "victim/?", by="slug") == "posts/slug/victim%2F%3F/"
    assert item_path("users/", "e@x.y", by="email") == "users/email/e%40x.y/"
    assert item_path("themes/", "../x", by="name", action="activate") == ("themes/..%2Fx/activate/")
    with pytest.raises(ConfigurationError):
        item_path("tags/", "../posts/" + ident)


@pytest.mark.parametrize(
    "bad", ["https://evil.test/x", "../../members/api/", "posts/../../x", "./a"]
)
def test_a_request_path_stays_below_the_api_root(bad: str) -> None:
    with pytest.raises(ConfigurationError):
        check_request_path(bad)


@pytest.mark.parametrize("good", ["posts/", "/posts/", "members/stats/count/", "posts/?limit=1"])
def test_ordinary_request_paths_pass(good: str) -> None:
    assert check_request_path(good) == good.lstrip("/")
