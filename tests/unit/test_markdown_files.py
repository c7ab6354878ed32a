"""Markdown files with front matter, and Lexical as Markdown."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

from ghostkit import AsyncGhostAdmin, ConfigurationError
from ghostkit.content import lexical
from ghostkit.content.lexical_markdown import is_markdown_only, to_markdown
from ghostkit.operations.engine import Engine
from ghostkit.operations.front_matter import file_name
from ghostkit.operations.markdown_files import PostFile
from ghostkit.operations.push import Pushed, PushFiles, push, upload_local_images
from tests.helpers import tiny_png

PULLED = PostFile({"title": "Hello: world", "slug": "hello", "tags": ["a", "b"]}, "Body.\n")


def test_a_hand_written_file_gets_its_slug_and_title_from_the_name(tmp_path: Path) -> None:
    path = tmp_path / "my-first-post.md"
    path.write_text("Just a body.\n")
    post_file = PostFile.read(path)
    assert post_file.front == {"slug": "my-first-post", "title": "My first post"}
    assert post_file.sync is None and post_file.body_changed and post_file.front_changed


def test_a_pulled_file_reads_back_the_same_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "hello.md"
    text = PULLED.synced("2026-11-25T10:00:00.000Z").render()
    path.write_text(text)
    again = PostFile.read(path)
    assert again.render() == text
    assert again.sync and again.sync["updated_at"] == "2026-11-25T10:00:00.000Z"
    assert not again.body_changed and not again.front_changed


def test_edits_to_the_body_and_to_the_front_matter_are_told_apart(tmp_path: Path) -> None:
    path = tmp_path / "hello.md"
    text = PULLED.synced("2026-11-25T10:00:00.000Z").render()
    path.write_text(text.replace("Body.", "Body, edited."))
    body_edit = PostFile.read(path)
    assert body_edit.body_changed and not body_edit.front_changed
    path.write_text(text.replace("- b\n", "- c\n"))
    tag_edit = PostFile.read(path)
    assert tag_edit.front_changed and not tag_edit.body_changed


def test_only_a_lone_markdown_card_counts_as_markdown_content() -> None:
    assert is_markdown_only(None) and is_markdown_only("")
    assert is_markdown_only(lexical.markdown_document("# Hi"))
    with_empty = json.loads(lexical.markdown_document("# Hi"))
    with_empty["root"]["children"].append({"type": "paragraph", "children": []})
    assert is_markdown_only(json.dumps(with_empty))
    paragraph = {"type": "paragraph", "children": [{"type": "text", "text": "x", "format": 0}]}
    with_text = json.loads(lexical.markdown_document("# Hi"))
    with_text["root"]["children"].append(paragraph)
    assert not is_markdown_only(json.dumps(with_text))


def test_lexical_as_markdown() -> None:
    assert to_markdown(lexical.markdown_document("Exact *as* written\n")) == "Exact *as* written\n"
    text = {"type": "text", "text": "bold", "format": 1}
    link = {"type": "link", "url": "https://example.com", "children": [text]}
    document = {
        "root": {
            "type": "root",
            "children": [
                {"type": "heading", "tag": "h2", "children": [{"type": "text", "text": "Title"}]},
                {"type": "paragraph", "children": [link]},
                {"type": "codeblock", "language": "py", "code": "x = 1"},
                {"type": "bookmark", "url": "https://example.com"},
            ],
        }
    }
    markdown = to_markdown(json.dumps(document))
    assert markdown.startswith("## Title\n\n[**bold**](https://example.com)\n\n```py\nx = 1\n```")
    assert '<!--kg-card {"type": "bookmark", "url": "https://example.com"} -->' in markdown


def _read(tmp_path: Path, text: str, name: str = "post.md") -> PostFile:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return PostFile.read(path)


@pytest.mark.parametrize(
    ("front", "says"),
    [
        ("tags: news", "tags"),
        ("tags: [news, [a, b]]", "tags"),
        ("tags: [news, null]", "tags"),
        ("tags: {a: 1}", "tags"),
        ("title: null", "title"),
        ("title: ''", "title"),
        ("title: [a, b]", "title"),
        ("title: 1.10", "title"),
        ("title: yes", "title"),
        ("slug: null", "slug"),
        ("slug: 12", "slug"),
        ("status: {a: 1}", "status"),
        ("status: publish", "status"),
        ("excerpt: [a]", "excerpt"),
        ("feature_image: 3", "feature_image"),
        ("ghost: 5", "ghost"),
        ("id: nope", "id"),
        ("tilte: Typo", "tilte"),
    ],
)
def test_front_matter_of_the_wrong_type_is_refused_naming_file_and_field(
    tmp_path: Path, front: str, says: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        _read(tmp_path, f"---\n{front}\n---\nBody.\n")
    message = caught.value.message
    assert "post.md" in message and says in message and "\n" not in message
    assert caught.value.hint


@pytest.mark.parametrize(
    "slug",
    ["victim/?", "../../../x", "/etc/passwd", "a b", "a?b", "a#b", "a%2Fb", "Upper", ".", "x\\y"],
)
def test_a_slug_ghost_would_not_keep_is_refused(tmp_path: Path, slug: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        _read(tmp_path, f"---\nslug: {json.dumps(slug)}\n---\nBody.\n")
    assert "slug" in caught.value.message and "\n" not in caught.value.message
    assert caught.value.hint


def test_good_front_matter_is_taken_as_written(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.png").write_bytes(tiny_png())  # an image it names must exist
    post_file = _read(
        tmp_path,
        "---\ntitle: '2024'\nslug: café-über_2\ntags: [news, 'release']\nstatus: published\n"
        "excerpt: null\nfeature_image: img/a.png\nid: 0123456789abcdef01234567\n---\nBody.\n",
    )
    assert post_file.front["title"] == "2024" and post_file.front["tags"] == ["news", "release"]
    assert post_file.front["slug"] == "café-über_2"


def test_a_byte_order_mark_does_not_hide_the_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitle: With a BOM\ntags: [a]\n---\nBody.\n")
    post_file = PostFile.read(path)
    assert post_file.front["title"] == "With a BOM" and post_file.body == "Body.\n"


def test_windows_line_endings_and_a_closing_line_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(b"---\r\ntitle: Windows\r\n---\r\nBody.\r\n")
    assert PostFile.read(path).front["title"] == "Windows"
    assert _read(tmp_path, "---\ntitle: Only front\n---").body == ""
    assert _read(tmp_path, "---\n---\nBody.\n").front["slug"] == "post"


def test_bad_yaml_is_one_line_with_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        _read(tmp_path, "---\ntitle: ok\nexcerpt: a: b\n---\nBody.\n")
    message = caught.value.message
    assert "\n" not in message and "post.md" in message and "line 3" in message
    assert caught.value.hint and "quote" in caught.value.hint


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("hello", "hello.md"),
        ("café", "café.md"),
    ],
)
def test_a_safe_slug_is_its_own_file_name(slug: str, name: str) -> None:
    assert file_name(slug) == name


@pytest.mark.parametrize(
    "slug",
    ["../../../x", "/etc/passwd", "a/?b", "..", ".hidden", "", "x" * 300, "é" * 191, "a\x00b"],
)
def test_a_hostile_slug_gets_a_plain_file_name(slug: str) -> None:
    name = file_name(slug)
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".") and name.endswith(".md")
    assert len(name.encode()) <= 200
    assert file_name(slug) == name  # the same post gets the same file every time


# -- images a body names: only files inside the pushed file's folder are uploaded ---------

SITE = "https://site.test"
KEY = "6489d3b9a1c2b40001a1b2c3:" + "ab" * 32


def _recording_admin(sent: list[httpx.Request]) -> AsyncGhostAdmin:
    """An admin client that answers an upload with a site URL, a list of posts with none
    and a post read with 404, and records every request it is asked to send."""

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path.endswith("/images/upload/"):
            image = {"url": f"{SITE}/content/images/{len(sent)}.png", "ref": None}
            return httpx.Response(200, json={"images": [image]})
        if request.method == "GET" and request.url.path.endswith("/posts/"):
            pages = {"page": 1, "limit": 100, "pages": 1, "total": 0, "next": None, "prev": None}
            return httpx.Response(200, json={"posts": [], "meta": {"pagination": pages}})
        if request.method == "GET":
            error = {"type": "NotFoundError", "message": "Post not found."}
            return httpx.Response(404, json={"errors": [error]})
        post = {"id": "6489d3b9a1c2b40001a1b2c4", "slug": "p", "title": "T", "tags": []}
        post |= {"updated_at": "2026-11-25T10:00:00.000Z", "status": "draft"}
        return httpx.Response(201, json={"posts": [post]})

    return AsyncGhostAdmin(SITE, key=KEY, transport=httpx.MockTransport(handle))


def _push(path: Path, sent: list[httpx.Request]) -> Pushed | None:
    """Push one file, as `ghostkit posts push` does, to the recording admin client."""
    change = PushFiles([(path, PostFile.read(path))])

    async def main() -> None:
        async with _recording_admin(sent) as admin:
            runs = path.parent / "runs"
            await push(Engine(admin, change, runs_dir=runs, selection=change.selection()))

    asyncio.run(main())
    return change.files[0].outcome


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A private file next to (not inside) the folder that is pushed."""
    secret = tmp_path / "private.png"
    secret.write_bytes(tiny_png())
    (tmp_path / "posts").mkdir()
    return secret


@pytest.mark.parametrize(
    "reference",
    [
        "![x](../private.png)",
        "![x](images/../../private.png)",
        "![x]({secret})",  # up to the root, and down to the file
        "![x](link.png)",  # a symbolic link in the folder that points outside
        "![x](linked/private.png)",  # a linked folder that points outside
        "---\nfeature_image: ../private.png\n---\nBody.",
    ],
)
def test_an_image_outside_the_folder_is_refused_before_anything_is_sent(
    tmp_path: Path, outside: Path, reference: str
) -> None:
    folder = tmp_path / "posts"
    (folder / "link.png").symlink_to(outside)
    (folder / "linked").symlink_to(tmp_path, target_is_directory=True)
    relative = "../" * 40 + str(outside).lstrip("/")
    path = folder / "post.md"
    path.write_text(f"{reference.format(secret=relative)}\n", encoding="utf-8")
    sent: list[httpx.Request] = []
    with pytest.raises(ConfigurationError) as caught:
        _push(path, sent)
    assert sent == []
    message = caught.value.message
    assert "post.md" in message and "outside" in message and "\n" not in message
    assert ("private.png" in message or "link.png" in message) and caught.value.hint
    with pytest.raises(ConfigurationError):  # and the file itself is refused when read
        PostFile.read(path)


def test_images_inside_the_folder_are_uploaded_and_links_inside_it_are_followed(
    tmp_path: Path, outside: Path
) -> None:
    folder = tmp_path / "posts"
    (folder / "img").mkdir()
    (folder / "img" / "a.png").write_bytes(tiny_png())
    (folder / "alias.png").symlink_to(folder / "img" / "a.png")
    path = folder / "post.md"
    path.write_text(
        "---\nfeature_image: img/a.png\n---\n![a](img/a.png) ![b](alias.png 'B') "
        "![c](https://elsewhere.test/c.png) ![d](/content/images/d.png) "
        "![e](HTTPS://ELSEWHERE.TEST/E.PNG) ![f](__GHOST_URL__/content/images/f.png)\n",
        encoding="utf-8",
    )
    sent: list[httpx.Request] = []
    pushed = _push(path, sent)
    assert pushed is not None and pushed.action == "created"
    uploads = [r for r in sent if r.url.path.endswith("/images/upload/")]
    assert len(uploads) == 2  # img/a.png once (body and feature image), alias.png once
    created = json.loads(sent[-1].content)["posts"][0]
    markdown = created["lexical"]
    assert "img/a.png" not in markdown and "alias.png" not in markdown
    assert f"{SITE}/content/images/" in created["feature_image"]
    for kept in ("https://elsewhere.test/c.png", "/content/images/d.png", "HTTPS://ELSEWHERE"):
        assert kept in markdown


def test_a_pulled_body_left_as_pulled_is_not_checked_for_images(tmp_path: Path) -> None:
    """Nothing of a body left as pulled is sent, so the images it names are not read."""
    path = tmp_path / "pulled.md"
    pulled = PostFile({"title": "T", "slug": "t"}, "![x](../../../etc/passwd)\n")
    path.write_text(pulled.synced("2026-11-25T10:00:00.000Z", "6489d3b9a1c2b40001a1b2c4").render())
    assert not PostFile.read(path).body_changed


@pytest.mark.parametrize(
    ("reference", "says"),
    [
        ("![x](missing.png)", "does not exist"),
        ("![x](sub)", "not a file"),
        ("![x](.)", "not a file"),
        ("![x](loop.png)", "loop"),
        ("![x](" + "x" * 300 + ".png)", "too long"),
        ("![x](a\x00b.png)", "cannot be used"),
    ],
)
def test_an_image_that_cannot_be_uploaded_is_one_clear_error(
    tmp_path: Path, reference: str, says: str
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "loop.png").symlink_to(tmp_path / "loop.png")
    path = tmp_path / "post.md"
    path.write_text(f"{reference}\n", encoding="utf-8")
    sent: list[httpx.Request] = []
    with pytest.raises(ConfigurationError) as caught:
        _push(path, sent)
    assert sent == []
    message = caught.value.message
    assert "post.md" in message and says in message and "\n" not in message
    assert caught.value.hint


def test_every_image_is_checked_before_the_first_is_uploaded(tmp_path: Path, outside: Path) -> None:
    folder = tmp_path / "posts"
    (folder / "a.png").write_bytes(tiny_png())
    post_file = PostFile({"title": "T", "slug": "t"}, "![a](a.png)\n![b](../private.png)\n")
    sent: list[httpx.Request] = []
    with pytest.raises(ConfigurationError):
        asyncio.run(upload_local_images(_recording_admin(sent), post_file, folder))
    assert sent == []
