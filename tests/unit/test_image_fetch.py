"""The image downloader of `images rehost`, against an image host the test starts on
127.0.0.1: what it takes, what it refuses and why, and what it never sends."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from ghostkit.content.image_types import sniff
from ghostkit.operations.image_fetch import Fetched, ImageFetcher, ImageRefused, web_address
from tests.image_server import GIF, JPEG, PAGE, PNG, ImageServer, image_server


@pytest.fixture(scope="module")
def server() -> Iterator[ImageServer]:
    with image_server() as served:
        yield served


def fetch(url: str, **options: float) -> Fetched:
    async def main() -> Fetched:
        async with ImageFetcher(**options) as fetcher:  # type: ignore[arg-type]
            return await fetcher.fetch(url)

    return asyncio.run(main())


def refused(url: str, **options: float) -> str:
    with pytest.raises(ImageRefused) as caught:
        fetch(url, **options)
    return caught.value.reason


@pytest.mark.parametrize(
    ("path", "data", "kind", "name"),
    [
        ("/a.png", PNG, "image/png", "a.png"),
        ("/b.jpg", JPEG, "image/jpeg", "b.jpg"),
        ("/c.gif", GIF, "image/gif", "c.gif"),
        ("/octet", PNG, "image/png", "octet.png"),  # the bytes decide the type
        ("/moved.png", PNG, "image/png", "a.png"),  # named after where it ends
    ],
)
def test_a_valid_image_is_downloaded_with_its_type_sniffed(
    server: ImageServer, path: str, data: bytes, kind: str, name: str
) -> None:
    got = fetch(server.url + path)
    assert got.data == data and got.content_type == kind and got.filename == name
    assert got.url == server.url + path


@pytest.mark.parametrize(
    ("path", "options", "says"),
    [
        ("/big.png", {"max_size": 100_000}, "more than 100000 bytes"),
        ("/endless.png", {"max_size": 1_000_000}, "more than 1000000 bytes"),
        ("/page.png", {}, "not an image Ghost takes"),
        ("/login?token=s3cret", {}, "the server sends text/html"),
        ("/missing.png", {}, "answered 404"),
        ("/slow.png", {"timeout": 0.5}, "did not arrive within 0.5 s"),
        ("/to-file.png", {}, "redirects to a non-http address (file:)"),
        ("/loop.png", {}, "redirects more than 5 times"),
    ],
)
def test_what_is_not_a_small_enough_image_is_refused_with_why(
    server: ImageServer, path: str, options: dict[str, float], says: str
) -> None:
    reason = refused(server.url + path, **options)
    assert says in reason
    assert "s3cret" not in reason


def test_an_unreachable_host_and_a_non_web_address_are_refused() -> None:
    assert "could not download" in refused("http://127.0.0.1:9/x.png")
    assert "not an http or https address" in refused("data:image/png;base64,AAAA")
    assert "not an http or https address" in refused("/content/images/x.png")


def test_the_downloads_carry_no_credentials(server: ImageServer) -> None:
    fetch(server.url + "/moved.png")
    for _path, headers in server.requests:
        names = {name.lower() for name in headers}
        assert not names & {"authorization", "cookie"}, headers
        assert headers.get("User-Agent", "").startswith("ghostkit/")


def test_protocol_relative_references_are_https() -> None:
    assert web_address("//cdn.example.com/x.png") == "https://cdn.example.com/x.png"
    assert web_address("__GHOST_URL__/content/images/x.png") is None
    assert web_address("mailto:a@example.com") is None


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (GIF, "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x01\x00\x01\x00", "image/x-icon"),
        (b'<?xml version="1.0"?>\n<!-- made by hand -->\n<svg xmlns="x"/>', "image/svg+xml"),
        (b"\xef\xbb\xbf  <svg>", "image/svg+xml"),
        (PAGE, None),
        (b"<html><svg></svg></html>", None),
        (b"%PDF-1.7", None),
        (b"", None),
    ],
)
def test_sniffing_knows_the_types_ghost_takes(data: bytes, kind: str | None) -> None:
    assert sniff(data) == kind
