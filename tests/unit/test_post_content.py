"""Markdown and HTML given to posts.add/edit: converted here, local images found inside
their folder only."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghostkit.content.post_content import image_files, written_document
from ghostkit.core.errors import ConfigurationError


def test_markdown_and_html_become_documents_and_source_html_is_left_to_ghost() -> None:
    body = {"title": "t", "markdown": "# Hi"}
    assert written_document(body)["root"]["children"][0]["type"] == "extended-heading"
    assert body == {"title": "t"}
    body = {"html": "<ul><li>a</li></ul>"}
    assert written_document(body)["root"]["children"][0]["type"] == "list"
    body = {"html": "<p>a</p>"}
    assert written_document(body, source="html") is None and body == {"html": "<p>a</p>"}
    assert written_document({"lexical": "{}"}) is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"markdown": "a", "html": "<p>b</p>"}, "not several"),
        ({"markdown": "a", "lexical": "{}"}, "not several"),
        ({"markdown": b"a"}, "must be text"),
    ],
)
def test_bad_bodies_are_refused(body: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        written_document(body)


def test_image_files_stay_inside_their_folder(tmp_path: Path) -> None:
    folder = tmp_path / "post"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "a b.png").write_bytes(b"png")
    (tmp_path / "secret.png").write_bytes(b"no")
    (folder / "link.png").symlink_to(tmp_path / "secret.png")
    document = written_document({"markdown": "![x](<img/a b.png>)\n\n![y](https://x.org/y.png)"})
    assert [(n["src"], p) for n, p in image_files(document, folder)] == [
        ("img/a%20b.png", (folder / "img" / "a b.png").resolve())
    ]
    for markdown, message in [
        ("![x](../secret.png)", "outside the folder"),
        ("![x](link.png)", "outside the folder"),
        ("![x](missing.png)", "does not exist"),
        ("![x](img)", "not a file"),
    ]:
        with pytest.raises(ConfigurationError, match=message):
            image_files(written_document({"markdown": markdown}), folder)
    with pytest.raises(ConfigurationError, match="images_from"):
        image_files(written_document({"markdown": "![x](a.png)"}), None)


def test_a_push_replaces_only_content_markdown_holds() -> None:
    from ghostkit.content import builder, lexical
    from ghostkit.content.markdown_lexical import markdown_to_lexical_str
    from ghostkit.operations.push import markdown_holds

    assert markdown_holds(None) and markdown_holds(lexical.markdown_document("*x*"))
    assert markdown_holds(markdown_to_lexical_str("# Hi\n\n- a\n- b\n\n![x](https://x.org/a.png)"))
    edited = lexical.parse(markdown_to_lexical_str("# Hi"))
    edited["root"]["children"][0]["children"][0]["style"] = "color: red"  # an editor's touch
    assert not markdown_holds(lexical.serialize(edited))
    assert not markdown_holds(lexical.serialize(builder.document(builder.paragraph("a"))) + "x")


def test_html_read_along_with_the_lexical_is_left_for_ghost() -> None:
    """A post read from Ghost carries its rendering as `html` next to its Lexical: sent
    back whole, the Lexical is the body and the HTML is no second one."""
    body = {"title": "T", "lexical": '{"root": {"children": []}}', "html": "<p>Hi</p>"}
    assert written_document(body) is None
    assert body["html"] == "<p>Hi</p>" and body["lexical"]
