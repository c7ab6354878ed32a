"""HTML in one canonical form: how the CommonMark measurement (tests/commonmark.py) compares
what Ghost renders with the HTML the spec expects. docs/commonmark.md explains each rule and
why none of them hides a difference a reader of the page would see."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from html.parser import HTMLParser


def _words(text: str) -> list[str]:
    return text.split()


VOID = frozenset(_words("area base br col embed hr img input link meta param source track wbr"))
BLOCK = frozenset(
    _words(
        """address article aside blockquote body details dialog dd div dl dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 head header hr html iframe li main nav ol p pre
    section summary table tbody td tfoot th thead tr ul"""
    )
)
INLINE = frozenset(
    _words("a abbr b cite code del em i ins kbd mark q s samp small span strong sub sup u")
)
"""Tags that format text: their nesting is put in one canonical order (see `_inline`)."""
PRESERVE = frozenset({"pre", "code", "script", "style", "textarea"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CARD_COMMENT = re.compile(r"^kg-card-(begin|end): [a-z-]+$")
_EMPTY_COMMENT = re.compile(r"<!--->|<!-->")
"""An empty comment as HTML5 reads it and Python's parser does not (it reads on to the next
`-->`, past the text in between)."""
_IMAGE_RENDERING = {("class", "kg-image"), ("loading", "lazy")}

Attrs = tuple[tuple[str, str], ...]
Token = tuple[str, str, Attrs]


class _Tokens(HTMLParser):
    """HTML as a flat list of (kind, tag or text, attributes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.tokens.append(("end", tag, ()))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.tokens.append(("end", tag, ()))

    def handle_data(self, data: str) -> None:
        self.tokens.append(("text", data, ()))

    def handle_comment(self, data: str) -> None:
        self.tokens.append(("raw", f"<!--{data}-->", ()))

    def handle_decl(self, decl: str) -> None:
        self.tokens.append(("raw", f"<!{decl}>", ()))

    def unknown_decl(self, data: str) -> None:
        self.tokens.append(("raw", f"<![{data}]>", ()))

    def handle_pi(self, data: str) -> None:
        self.tokens.append(("raw", f"<?{data}>", ()))


def normalise(markup: str, site: str | None = None) -> str:
    """HTML in one canonical form, so that two renderings of the same content compare equal.

    Each rule is explained in docs/commonmark.md, with why it hides nothing a reader of the
    page would see: markup re-serialised (attributes sorted and quoted, `<br />` as `<br>`,
    entities decoded, only `&`, `<`, `>` and `"` escaped); Ghost's card comments dropped and
    its card figures unwrapped (an image card reads as the paragraph with an image it was
    made from, its caption as the image's title); headings' `id` dropped; `<tbody>` tags
    dropped and a newline just after `<pre>` or before `</pre>` dropped (an HTML parser
    and a browser do both); `<!-->` read as the empty comment HTML5 makes it; links to
    `site` made relative; a quote holding only text gets its paragraph; nested text formats
    in one order; whitespace outside `pre` and `code` collapsed, none kept at a block's edge.
    """
    parser = _Tokens()
    parser.feed(_EMPTY_COMMENT.sub("<!---->", markup))
    parser.close()
    tokens = [
        _relative(t, site)
        for t in parser.tokens
        if not (t[0] == "raw" and _is_card_comment(t[1])) and t[1] != "tbody"
    ]
    tokens = _quote_paragraphs(_inline(_whitespace(_unwrap_cards(tokens))))
    return "".join(_serialise(_merge_text(tokens)))


def _is_card_comment(raw: str) -> bool:
    return raw.startswith("<!--") and bool(_CARD_COMMENT.match(raw[4:-3].strip()))


def _relative(token: Token, site: str | None) -> Token:
    """Ghost renders a link or image on its own site with the site's address in front."""
    kind, tag, attrs = token
    if kind != "start" or not site:
        return token
    base = site.rstrip("/")
    changed = tuple(
        (k, v[len(base) :] if k in ("href", "src") and v.startswith(base + "/") else v)
        for k, v in attrs
    )
    return (kind, tag, changed)


def _unwrap_cards(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    stack: list[str | None] = []  # for each open figure: its card kind, or None
    in_caption = False
    for kind, value, attrs in tokens:
        classes = dict(attrs).get("class", "").split()
        if kind == "start" and value == "figure":
            card = "kg-card" in classes
            stack.append("image" if "kg-image-card" in classes else "card" if card else None)
            if not card:
                out.append((kind, value, attrs))
            elif stack[-1] == "image":
                out.append(("start", "p", ()))
            continue
        if kind == "end" and value == "figure" and stack:
            card_kind = stack.pop()
            if card_kind == "image":
                out.append(("end", "p", ()))
            elif card_kind is None:
                out.append((kind, value, attrs))
            continue
        in_image = bool(stack) and stack[-1] == "image"
        if in_image and kind == "start" and value == "img":
            out.append((kind, value, tuple(a for a in attrs if a not in _IMAGE_RENDERING)))
        elif in_image and value == "figcaption":
            in_caption = kind == "start"
        elif in_caption and kind == "text":
            _add_title(out, value)
        elif not in_caption:
            out.append((kind, value, attrs))
    return out


def _add_title(out: list[Token], caption: str) -> None:
    """An image card's caption back on its image, as the `title` it was made from. A
    caption other than the image's own title stays as text after the image."""
    for index in range(len(out) - 1, -1, -1):
        kind, value, attrs = out[index]
        if kind == "start" and value == "img":
            title = dict(attrs).get("title")
            if title is None:
                out[index] = (kind, value, tuple(sorted((*attrs, ("title", caption)))))
            elif title != caption:
                out.append(("text", caption, ()))
            return


def _merge_text(tokens: list[Token]) -> list[Token]:
    merged: list[Token] = []
    for token in tokens:
        if token[0] == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + token[1], ())
        else:
            merged.append(token)
    return merged


def _whitespace(tokens: list[Token]) -> list[Token]:
    merged = _merge_text(tokens)
    out: list[Token] = []
    depth = 0
    for index, (kind, value, attrs) in enumerate(merged):
        if kind in ("start", "end") and value in PRESERVE:
            depth = depth + 1 if kind == "start" else max(depth - 1, 0)
        if kind == "text" and depth and index and merged[index - 1][:2] == ("start", "pre"):
            value = value.removeprefix("\n")
        if kind == "text" and depth and index + 1 < len(merged) and _ends_pre(merged, index + 1):
            value = value.removesuffix("\n")
        if kind != "text" or depth:
            if value or kind != "text":
                out.append((kind, value, attrs))
            continue
        text = re.sub(r"[ \t\n\r\f]+", " ", value)
        if index == 0 or _breaks(merged[index - 1]):
            text = text.lstrip(" ")
        if index == len(merged) - 1 or _breaks(merged[index + 1]):
            text = text.rstrip(" ")
        if text:
            out.append(("text", text, ()))
    return out


def _ends_pre(tokens: list[Token], index: int) -> bool:
    """Whether only end tags, the last of them `</pre>`, follow up to the end of a `pre`."""
    while index < len(tokens) and tokens[index][0] == "end":
        if tokens[index][1] == "pre":
            return True
        index += 1
    return False


def _breaks(token: Token) -> bool:
    kind, value, _ = token
    return kind in ("start", "end") and (value in BLOCK or value == "br")


def _inline(tokens: list[Token]) -> list[Token]:
    """Each run of text formatting in one canonical nesting: a link outermost, then the
    other formats by name. `<em>a <a>b</a></em>` and `<em>a </em><a><em>b</em></a>` (how
    Lexical, which formats text rather than wrapping it, renders it) both become the latter;
    a format nested in itself (`<em>a <em>b</em></em>`) keeps its two levels. A run that
    opens or closes a tag it does not hold both ends of is left as it is."""
    out: list[Token] = []
    run: list[Token] = []
    for token in [*tokens, ("end", "", ())]:
        kind, value = token[0], token[1]
        if kind in ("text", "raw") or value in INLINE or (value in ("br", "img")):
            run.append(token)
            continue
        out.extend(_canonical_run(run))
        run = []
        if value:
            out.append(token)
    return out


def _canonical_run(run: list[Token]) -> list[Token]:
    leaves: list[tuple[tuple[tuple[str, Attrs], ...], Token]] = []
    open_tags: list[tuple[str, Attrs]] = []
    for at, (kind, value, attrs) in enumerate(run):
        if kind == "start" and value in INLINE:
            if run[at + 1 : at + 2] == [("end", value, ())]:
                return run  # an empty element: nothing to reorder, and nothing to lose
            open_tags.append((value, attrs))
        elif kind == "end" and value in INLINE:
            if not open_tags or open_tags[-1][0] != value:
                return run
            open_tags.pop()
        else:
            key = sorted(open_tags, key=lambda tag: (tag[0] != "a", tag))
            leaves.append((tuple(key), (kind, value, attrs)))
    if open_tags:
        return run
    out: list[Token] = []
    current: list[tuple[str, Attrs]] = []
    for wanted, leaf in leaves:
        keep = 0
        while keep < min(len(current), len(wanted)) and current[keep] == wanted[keep]:
            keep += 1
        out.extend(("end", tag, ()) for tag, _ in reversed(current[keep:]))
        out.extend(("start", tag, attrs) for tag, attrs in wanted[keep:])
        current = list(wanted)
        out.append(leaf)
    out.extend(("end", tag, ()) for tag, _ in reversed(current))
    return out


def _quote_paragraphs(tokens: list[Token]) -> list[Token]:
    """A quote whose content is only text reads as the one paragraph it stands for: Ghost's
    quote holds its text directly (`<blockquote>text</blockquote>`)."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        out.append(token)
        index += 1
        if token[:2] != ("start", "blockquote"):
            continue
        end = index
        while end < len(tokens) and not (tokens[end][0] != "text" and _is_block(tokens[end])):
            end += 1
        if end > index and end < len(tokens) and tokens[end][:2] == ("end", "blockquote"):
            out += [("start", "p", ()), *tokens[index:end], ("end", "p", ())]
            index = end
    return out


def _is_block(token: Token) -> bool:
    return token[0] in ("start", "end") and token[1] in BLOCK


def _serialise(tokens: Iterable[Token]) -> Iterable[str]:
    for kind, value, attrs in tokens:
        if kind == "start":
            if value in HEADINGS:
                attrs = tuple(a for a in attrs if a[0] != "id")
            rendered = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs)
            yield f"<{value}{rendered.replace('&#x27;', chr(39))}>"
        elif kind == "end":
            yield f"</{value}>"
        elif kind == "text":
            yield html.escape(value, quote=False)
        else:
            yield value
