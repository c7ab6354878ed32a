"""The CommonMark measurement's own parts: the normalisation it compares with (each rule makes
two renderings of the same content equal, and leaves renderings that differ for a reader
different), the reading of the spec, and the pinned download of it."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests import commonmark
from tests.commonmark import parse_spec
from tests.normalise_html import normalise

SITE = "http://127.0.0.1:2368"


@pytest.mark.parametrize(
    ("expected", "rendered"),
    [
        # markup: attribute order and quoting, void tags, entity forms
        ('<p><a title="t" href="/u">x</a></p>', "<p><a href='/u' title=\"t\">x</a></p>"),
        ("<p>a<br />\nb</p>", "<p>a<br>b</p>"),
        ("<hr />", "<hr>"),
        ("<p>&quot;&#35;&amp;&lt;</p>", '<p>"#&amp;&lt;</p>'),
        ('<input type="checkbox" disabled="" />', "<input disabled type=checkbox>"),
        # Ghost's card markup
        ("<pre><code>x\n</code></pre>", "<!--kg-card-begin: html--><pre><code>x\n</code></pre>"),
        (
            '<p><img src="/a.png" alt="A" title="T" /></p>',
            '<figure class="kg-card kg-image-card kg-card-hascaption"><img src="/a.png" '
            'class="kg-image" alt="A" loading="lazy"><figcaption>T</figcaption></figure>',
        ),
        (
            '<p><img src="/a.png" alt="A" title="T" /></p>',
            '<figure class="kg-card kg-image-card"><img src="/a.png" class="kg-image" alt="A" '
            'title="T" loading="lazy"><figcaption>T</figcaption></figure>',
        ),
        (
            "<pre><code>x</code></pre>",
            '<figure class="kg-card kg-code-card"><pre><code>x</code></pre></figure>',
        ),
        ("<h2>Title</h2>", '<h2 id="title">Title</h2>'),
        ('<p><a href="/url">x</a></p>', f'<p><a href="{SITE}/url">x</a></p>'),
        ("<blockquote>\n<p>quoted</p>\n</blockquote>", "<blockquote>quoted</blockquote>"),
        # what an HTML parser does anyway
        ("<table><tr><td>x</td></tr></table>", "<table><tbody><tr><td>x</td></tr></tbody></table>"),
        ("<pre>\nx</pre>", "<pre>x</pre>"),
        ("<pre><code>x\n</code></pre>", "<pre><code>x</code></pre>"),
        (
            "<p>a <!--> b --&gt;</p>",
            "<!--kg-card-begin: html--><p>a <!--> b --&gt;</p>\n<!--kg-card-end: html-->",
        ),
        # whitespace a browser collapses
        ("<ul>\n<li>a</li>\n</ul>\n", "<ul><li>a</li></ul>"),
        ("<p>foo\nbar</p>", "<p>foo bar</p>"),
        # one set of formats on every character, in another nesting
        ("<p><em><strong>x</strong></em></p>", "<p><strong><em>x</em></strong></p>"),
        (
            '<p><em>foo <a href="/u">bar</a></em></p>',
            '<p><em>foo </em><a href="/u"><em>bar</em></a></p>',
        ),
        ("<p><em>a</em><em>b</em></p>", "<p><em>ab</em></p>"),
    ],
)
def test_renderings_of_the_same_content_compare_equal(expected: str, rendered: str) -> None:
    assert normalise(rendered, SITE) == normalise(expected)


@pytest.mark.parametrize(
    ("expected", "rendered"),
    [
        ("<ul><li><p>a</p></li></ul>", "<ul><li>a</li></ul>"),  # a loose list is not tight
        ("<p><em>(<em>a</em>)</em></p>", "<p><em>(a)</em></p>"),  # nested emphasis
        ('<p><a href="/u" title="t">x</a></p>', '<p><a href="/u">x</a></p>'),  # a lost title
        ("<p><code>a  b</code></p>", "<p><code>a b</code></p>"),  # spaces in code
        ("<pre><code>a\n\n</code></pre>", "<pre><code>a</code></pre>"),  # a line in code
        ("<pre><code></code></pre>", ""),  # an empty code block
        ('<p><a href=""></a></p>', "<p></p>"),  # an empty link
        ('<p><a href="">x</a></p>', "<p><a>x</a></p>"),
        ("<!-- note -->", ""),  # a comment of the author's own
        ("<blockquote><p>a</p><p>b</p></blockquote>", "<blockquote>a<br><br>b</blockquote>"),
        ('<p><img src="/a.png" alt="A" title="T" /></p>', '<p><img src="/a.png" alt="A"></p>'),
        (
            '<p><img src="/a.png" alt="A" title="T" /></p>',
            '<figure class="kg-card kg-image-card"><img src="/a.png" alt="A" title="T">'
            "<figcaption>other</figcaption></figure>",
        ),
        ('<p><a href="/url">x</a></p>', '<p><a href="http://elsewhere.example/url">x</a></p>'),
        ("<h2>Title</h2>", "<h3>Title</h3>"),
        ("<p><del><em>a</em></del></p>", "<del><p><em>a</em></p></del>"),
        ('<ol start="3"><li>a</li></ol>', "<ol><li>a</li></ol>"),
    ],
)
def test_renderings_that_differ_stay_different(expected: str, rendered: str) -> None:
    assert normalise(rendered, SITE) != normalise(expected)


def test_the_spec_is_read_as_its_package_reads_it() -> None:
    spec = (
        "# Intro\n\nsome words\n\n## Tabs\n\n"
        + "`" * 32
        + " example\n→foo\n.\n<pre><code>foo\n</code></pre>\n"
        + "`" * 32
        + "\n\n## Emphasis\n\n"
        + "`" * 32
        + " example\n*a*\n.\n<p><em>a</em></p>\n"
        + "`" * 32
        + "\n\n<!-- END TESTS -->\n\n## Appendix\n\n"
        + "`" * 32
        + " example\nnot a case\n.\nnot a case\n"
        + "`" * 32
        + "\n"
    )
    cases = parse_spec(spec)
    assert [(c.number, c.section, c.markdown, c.html) for c in cases] == [
        (1, "Tabs", "\tfoo\n", "<pre><code>foo\n</code></pre>\n"),
        (2, "Emphasis", "*a*\n", "<p><em>a</em></p>\n"),
    ]


def _fake_npm_pack(monkeypatch: pytest.MonkeyPatch, spec_text: bytes) -> None:
    """`npm pack` answered by a tarball made here, holding `package/spec.txt`."""

    def run(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        folder = Path(command[command.index("--pack-destination") + 1])
        with tarfile.open(folder / "commonmark-spec-0.31.2.tgz", "w:gz") as archive:
            info = tarfile.TarInfo("package/spec.txt")
            info.size = len(spec_text)
            archive.addfile(info, io.BytesIO(spec_text))
        return subprocess.CompletedProcess(command, 0, "commonmark-spec-0.31.2.tgz\n", "")

    monkeypatch.setattr(commonmark.subprocess, "run", run)


def test_a_tarball_that_is_not_the_pinned_one_is_refused_and_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_npm_pack(monkeypatch, b"not the spec\n")
    with pytest.raises(RuntimeError, match="does not match the pinned integrity"):
        commonmark.spec_file(tmp_path)
    assert not (tmp_path / "commonmark-spec" / "0.31.2" / "spec.txt").exists()


def test_the_cached_spec_is_read_without_npm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached = tmp_path / "commonmark-spec" / "0.31.2" / "spec.txt"
    cached.parent.mkdir(parents=True)
    cached.write_text("cached")
    monkeypatch.setattr(commonmark.subprocess, "run", None)  # any call would fail
    assert commonmark.spec_file(tmp_path) == cached
