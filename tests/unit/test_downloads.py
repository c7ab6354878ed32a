"""Uploads from a URL: the checks made before and while downloading (no I/O here)."""

from __future__ import annotations

import pytest

from ghostkit.clients.downloads import Spool, check_answer, file_name, is_url, max_bytes_for
from ghostkit.core.errors import ConfigurationError


@pytest.mark.parametrize(
    ("url", "kind", "disposition", "name"),
    [
        ("https://x.test/a/sunset.png", "image/png", None, "sunset.png"),
        ("https://x.test/render?id=3", "image/jpeg", None, "render.jpg"),
        ("https://x.test/photo.png", "image/jpeg", None, "photo.jpg"),
        ("https://x.test/dl", "image/png", 'attachment; filename="My Pic.png"', "My-Pic.png"),
        ("https://x.test/../../etc/passwd", "image/png", None, "passwd.png"),
        ("https://x.test/", "image/webp", None, "download.webp"),
        ("https://x.test/%2e%2e%2fx.gif", "image/gif", None, "x.gif"),
    ],
)
def test_the_file_name_is_safe_and_matches_the_type(
    url: str, kind: str, disposition: str | None, name: str
) -> None:
    assert file_name(url, kind, disposition) == name


def test_only_http_urls_are_urls() -> None:
    assert is_url("https://x.test/a.png") and is_url(" HTTP://x.test/a.png")
    assert not is_url("photos/https.png") and not is_url(b"https://x") and not is_url(None)


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "10"])
def test_max_bytes_must_be_a_size(bad: object) -> None:
    with pytest.raises(ConfigurationError, match="max_bytes"):
        max_bytes_for("images", bad)  # type: ignore[arg-type]


def test_a_declared_length_beyond_the_limit_is_refused_before_reading() -> None:
    headers = {"content-type": "image/png", "content-length": "5000"}
    with pytest.raises(ConfigurationError, match="more than 100 bytes"):
        check_answer("https://x.test/a.png", status=200, headers=headers, kind="images", limit=100)


def test_a_page_is_never_taken_for_a_file() -> None:
    for kind in ("images", "media", "files"):
        with pytest.raises(ConfigurationError, match="text/html") as caught:
            check_answer(
                "https://u:s3cr3t@x.test/a?token=t0k3n",
                status=200,
                headers={"content-type": "text/html"},
                kind=kind,
                limit=100,
            )
        assert "s3cr3t" not in str(caught.value) and "t0k3n" not in str(caught.value)


def test_the_spool_refuses_a_chunk_beyond_the_limit() -> None:
    spool = Spool("https://x.test/a.png", 10)
    spool.write(b"12345")
    with pytest.raises(ConfigurationError, match="more than 10 bytes"):
        spool.write(b"123456")
    assert spool.file.closed
