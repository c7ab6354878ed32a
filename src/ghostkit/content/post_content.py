"""A post's content as people write it, Markdown or HTML, made into the Lexical document
Ghost's editor would hold for it, natively (`markdown_lexical`, `html_lexical`): headings,
lists and quotes stay rich text and images become image cards, where Ghost's own
converter (`?source=html`) loses images and a Markdown card is one opaque block.

An image named by a relative path is a file on this machine: `image_files` finds each one
inside the folder given (the Markdown file's folder), symbolic links followed, and refuses
a path that leads outside it, so that a document from elsewhere cannot upload
`../../.ssh/id_rsa`. The caller uploads the files and sets each card's `src`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ghostkit.content.lexical import Node
from ghostkit.content.markdown_lexical import local_images
from ghostkit.core.errors import ConfigurationError
from ghostkit.core.files import kind_of, within

WRITTEN = ("markdown", "html")
_BODIES = ("lexical", "mobiledoc")


def written_document(body: dict[str, Any], *, source: str | None = None) -> Node | None:
    """Take `markdown` or `html` out of `body` (a post's fields, changed in place) and
    return its Lexical document; None when the body holds neither. With
    `source="html"` the HTML stays in the body, for Ghost's own converter."""
    given = [name for name in WRITTEN if body.get(name) is not None]
    if source == "html" or any(body.get(name) is not None for name in _BODIES):
        # for Ghost's converter; or, beside a Lexical or mobiledoc body, Ghost's rendering
        # of it (a post read and sent back whole), which Ghost ignores on a write
        given = [name for name in given if name != "html"]
    if not given:
        return None
    others = [name for name in (*WRITTEN, *_BODIES) if body.get(name) is not None]
    if len(others) > 1:
        raise ConfigurationError(
            f"give one of {' or '.join(others)}, not several",
            hint=f"{given[0]} becomes the whole post (its Lexical document)",
        )
    name = given[0]
    text = body.pop(name)
    if not isinstance(text, str):
        raise ConfigurationError(
            f"{name} must be text, not {type(text).__name__}",
            hint=f"pass the post's {name.capitalize() if name == 'markdown' else 'HTML'} as a str",
        )
    if name == "markdown":
        from ghostkit.content.markdown_lexical import markdown_to_lexical

        return markdown_to_lexical(text)
    from ghostkit.content.html_lexical import html_to_lexical

    return html_to_lexical(text)


def image_files(document: Node, folder: Path | None) -> list[tuple[Node, Path]]:
    """Each image card of `document` whose `src` is a relative path, with the file it
    names inside `folder`; every one is checked before the caller sends anything. A
    ConfigurationError for a path outside the folder, a missing file, or a local image
    when no folder is given."""
    found = []
    for node in local_images(document):
        src = str(node["src"])
        if folder is None:
            raise ConfigurationError(
                f"the image {src!r} is a path on this machine, and no folder was given",
                hint="pass images_from= the folder the paths are relative to (the Markdown "
                "file's), or give the image's URL",
            )
        found.append((node, _image_file(folder, src)))
    return found


def _image_file(folder: Path, src: str) -> Path:
    named = repr(src) if len(src) <= 80 else repr("..." + src[-76:])
    path = within(folder, unquote(src))
    if path is None:
        raise ConfigurationError(
            f"the image {named} is outside the folder {folder}: only images inside it are uploaded",
            hint="copy the image into that folder (or a folder inside it), or give its URL",
        )
    if kind_of(path) is None:
        raise ConfigurationError(
            f"the image {named} does not exist (looked in {folder})",
            hint="image paths are relative to the Markdown file's folder: check the path",
        )
    if not path.is_file():
        raise ConfigurationError(
            f"the image {named} is not a file", hint="name an image file, or give its URL"
        )
    return path
