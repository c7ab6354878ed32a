"""Markdown files with front matter, and Lexical as Markdown."""

from __future__ import annotations

import json
from pathlib import Path

from ghostkit.content import lexical
from ghostkit.content.lexical_markdown import is_markdown_only, to_markdown
from ghostkit.operations.markdown_files import PostFile

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
    assert "<!-- bookmark card:" in markdown
