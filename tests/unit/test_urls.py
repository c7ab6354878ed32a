from __future__ import annotations

import pytest

from ghostkit.core.errors import ConfigurationError
from ghostkit.core.urls import ApiVersion, api_root, normalize_site_url


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


@pytest.mark.parametrize("bad", ["", "example.com", "ftp://example.com", "https://"])
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
