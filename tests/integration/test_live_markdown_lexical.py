"""Markdown converted natively and saved to a real Ghost renders the elements it was written
with: rich text as HTML elements, and each card as Ghost's card markup."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ghostkit import GhostAdmin
from ghostkit.content.markdown_lexical import markdown_to_lexical, markdown_to_lexical_str
from ghostkit.local.install import find_installation
from tests.conftest import LiveGhost
from tests.integration.test_live_builder import THROUGH_LEXICAL

CORPUS = Path(__file__).parents[1] / "unit" / "markdown_corpus.md"

MARKDOWN = """\
Release notes
=============

## What *changed*

Text in **bold**, *italic*, ~~struck~~ and `code`, a [link](https://example.com/a),
an autolink <https://example.com/b>, &copy; entities and \\*escapes\\*,
a hard break\\
and the next line.

> Quoted
>
> twice

- one
  1. inner
- two

4. four
5. five

---

![A photo](https://images.example.com/p.jpg "The *caption*")

```python
print("hi")
```

<div class="mine">raw</div>

Press <kbd>K</kbd>

https://example.com/bare

:::callout 💡 green
A **callout**
:::

:::toggle The question
The answer
:::

:::button
[Subscribe](https://example.com/signup)
:::
"""


@pytest.fixture(scope="module")
def saved(ghost: LiveGhost) -> tuple[dict[str, Any], Any]:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add(
            {"title": "From Markdown", "lexical": markdown_to_lexical_str(MARKDOWN)}
        )
        return markdown_to_lexical(MARKDOWN), admin.posts.read(post.id, formats="html,lexical")


def test_ghost_keeps_the_converted_document_as_sent(saved: tuple[dict[str, Any], Any]) -> None:
    document, post = saved
    assert json.loads(post.lexical) == document


RENDERED = [
    '<h1 id="release-notes">Release notes</h1>',
    "<h2",
    "<em>changed</em>",
    "<strong>bold</strong>",
    "<s>struck</s>",
    "<code>code</code>",
    '<a href="https://example.com/a">link</a>',
    '<a href="https://example.com/b">https://example.com/b</a>',
    "© entities and *escapes*",
    "a hard break<br>and the next line.",
    "<blockquote>",
    "Quoted<br><br>twice",
    "<ul><li>one<ol><li>inner</li></ol></li><li>two</li></ul>",
    '<ol start="4"><li>four</li><li>five</li></ol>',
    "<hr>",
    'class="kg-card kg-image-card kg-card-hascaption"',
    'alt="A photo"',
    "<figcaption>The <em>caption</em></figcaption>",
    '<pre><code class="language-python">print("hi")</code></pre>',
    '<div class="mine">raw</div>',
    "<p>Press <kbd>K</kbd></p>",
    '<a href="https://example.com/bare">https://example.com/bare</a>',
    "kg-callout-card-green",
    "A <strong>callout</strong>",
    "kg-toggle-card",
    "The answer",
    'class="kg-card kg-button-card kg-align-center"',
    'href="https://example.com/signup"',
]


@pytest.mark.parametrize("markup", RENDERED)
def test_ghost_renders_each_element(saved: tuple[dict[str, Any], Any], markup: str) -> None:
    assert markup in saved[1].html


def test_a_bare_url_as_a_bookmark_renders_with_the_url_as_its_title(ghost: LiveGhost) -> None:
    url = "https://example.com/post"
    lexical = markdown_to_lexical_str(f"{url}\n", bare_urls="bookmark")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add({"title": "Bookmark", "lexical": lexical})
        html = admin.posts.read(post.id, formats="html").html
    assert 'class="kg-card kg-bookmark-card"' in html
    assert f'<div class="kg-bookmark-title">{url}</div>' in html


@pytest.mark.parametrize("source", ["this page's", "the unit corpus"])
def test_ghosts_own_lexical_loads_and_exports_it_unchanged(ghost: LiveGhost, source: str) -> None:
    """Ghost's Lexical (the nodes its renderer registers) takes the document, normalises
    every node as an edit would, and gives back exactly what was converted."""
    installation = find_installation(ghost.paths, ghost.instance.meta()["version"])
    assert installation is not None
    markdown = MARKDOWN if source == "this page's" else CORPUS.read_text(encoding="utf-8")
    done = subprocess.run(
        [str(installation.node), "-e", THROUGH_LEXICAL],
        input=markdown_to_lexical_str(markdown),
        capture_output=True,
        text=True,
        cwd=installation.root,
        check=True,
        timeout=60,
    )
    assert json.loads(done.stdout) == markdown_to_lexical(markdown)
