"""Which images `images rehost` takes, and what it plans for them (no I/O: the uploads are
set by hand)."""

from __future__ import annotations

import json

import pytest

from ghostkit.cli.images_rehost import parse_size
from ghostkit.content import lexical
from ghostkit.core.errors import UsageError
from ghostkit.operations.change import Item
from ghostkit.operations.image_uploads import Uploaded, uploads_in
from ghostkit.operations.rehost import ImageHosts, RehostImages

SITE = "https://blog.example.com"


@pytest.mark.parametrize(
    ("hosts", "url", "taken"),
    [
        ((), "https://cdn.other.example/a.png", True),
        ((), "//cdn.other.example/a.png", True),
        ((), "https://blog.example.com/content/images/a.png", False),
        ((), "__GHOST_URL__/content/images/a.png", False),
        ((), "/content/images/a.png", False),
        ((), "data:image/png;base64,AAAA", False),
        ((), "https://blog.example.com:8443/a.png", True),  # another origin
        (("other.example",), "https://cdn.other.example/a.png", True),
        (("other.example",), "https://notother.example/a.png", False),
        (("cdn.other.example:8080",), "http://cdn.other.example:8080/a.png", True),
        (("cdn.other.example:8080",), "https://cdn.other.example/a.png", False),
        (("https://cdn.other.example/",), "https://cdn.other.example/a.png", True),
    ],
)
def test_which_images_are_taken(hosts: tuple[str, ...], url: str, taken: bool) -> None:
    assert ImageHosts(SITE, hosts).selects(url) is taken


@pytest.mark.parametrize("host", ["blog.example.com", "https://blog.example.com", "a/b", ""])
def test_the_site_itself_or_a_path_is_not_a_host_to_take(host: str) -> None:
    with pytest.raises(UsageError):
        ImageHosts(SITE, (host,))


def _change(uploaded: dict[str, str]) -> RehostImages:
    change = RehostImages(ImageHosts(SITE))
    change.live = True
    change.rehoster.uploaded.update(uploaded)
    change.rehoster.refused["https://x.example/no.png"] = "answered 404"
    return change


def _document(*cards: dict[str, object]) -> str:
    root = {"type": "root", "version": 1, "children": list(cards), "direction": None}
    return json.dumps({"root": {**root, "format": "", "indent": 0}})


def test_every_reference_and_only_images_are_pointed_at_the_upload() -> None:
    old, new = "https://x.example/a.png", f"{SITE}/content/images/2026/12/a.png"
    body = _document(
        {"type": "image", "version": 1, "src": old, "href": old},  # the link stays
        {"type": "html", "version": 1, "html": f'<img src="{old}"><a href="{old}">a</a>'},
        {
            "type": "markdown",
            "version": 1,
            "markdown": f"![a]({old}) ![b](https://x.example/no.png)",
        },
        {"type": "video", "version": 1, "src": "https://x.example/v.mp4"},
    )
    item = Item("posts", {"id": "1", "lexical": body, "feature_image": old, "og_image": None})
    change = _change({old: new})
    assert change.sources(item) == [old, "https://x.example/no.png"]  # not the video file
    patch = change.plan(item)
    assert patch is not None and patch["feature_image"] == new
    document = lexical.parse(patch["lexical"])
    image, html_card, markdown, video = document["root"]["children"]
    assert image["src"] == new and image["href"] == old
    assert html_card["html"] == f'<img src="{new}"><a href="{old}">a</a>'
    assert markdown["markdown"] == f"![a]({new}) ![b](https://x.example/no.png)"
    assert video["src"] == "https://x.example/v.mp4"
    assert patch.counts == {"images re-hosted": 4, "images left (refused)": 1}


def test_a_plan_points_at_a_preview_and_a_post_without_images_is_left() -> None:
    change = RehostImages(ImageHosts(SITE))
    change.rehoster.previews["https://x.example/a.png"] = f"{SITE}/content/images/YYYY/MM/a.png"
    item = Item("posts", {"id": "1", "feature_image": "https://x.example/a.png"})
    patch = change.plan(item)
    assert patch == {"feature_image": f"{SITE}/content/images/YYYY/MM/a.png"}
    assert change.plan(Item("posts", {"id": "2", "feature_image": None})) is None


def test_the_description_makes_the_same_change_again() -> None:
    change = RehostImages(ImageHosts(SITE, ("cdn.example",)), max_size=1000, timeout=5)
    again = RehostImages.from_description(change.describe(), SITE)
    assert again.describe() == change.describe() and again.images == change.images


def test_upload_records_are_read_back_and_others_ignored() -> None:
    upload = Uploaded("https://x.example/a.png", f"{SITE}/a.png", "ab" * 32, 10, "image/png")
    records = [upload.to_json(), {"type": "image-upload", "source": 3}, {"type": "done"}]
    assert uploads_in(records) == [upload]


@pytest.mark.parametrize(("text", "size"), [("100", 100), ("5M", 5 << 20), ("500KiB", 500 << 10)])
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "0", "5 T", "-1", "M"])
def test_what_is_not_a_size(text: str) -> None:
    with pytest.raises(UsageError):
        parse_size(text)
