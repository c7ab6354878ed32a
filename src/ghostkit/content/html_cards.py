"""Ghost's card markup read back into cards: the HTML each Koenig card renders (its `kg-card`
classes), with the properties that markup carries.

Each reader takes the element Ghost renders for a card and gives the card's properties; what
the markup does not carry (a video's thumbnail size, an embed's oEmbed metadata, a product
button's colour) takes the editor's default. An element with a `kg-card` class of a card not
known here is kept whole as an HTML card.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from ghostkit.content import builder, html_member_cards
from ghostkit.content import builder_cards as card
from ghostkit.content.html_tree import Comment, Element, Text, inner_html, outer_html
from ghostkit.content.lexical import Node

_LANGUAGE = re.compile(r"^lang(?:uage)?-(.+)$", re.IGNORECASE)
_SIZE_UNITS = ("Bytes", "KB", "MB", "GB", "TB")
_IMAGE_WRAPPERS = frozenset({"a", "picture", "source", "span", "div"})


def card_of(element: Element, href: str | None = None) -> Node | None:
    """The card an element is, or None when it is not one. `href` is the link the element
    stands in (an image inside `<a>`)."""
    tag = element.tag
    if tag == "img":
        return card.image(**_image(element, href))
    if tag == "pre":
        return builder.code_block(**_code(element))
    if tag == "figure":
        return _figure(element)
    if tag == "div":
        reader = next((read for name, read in _DIV_CARDS.items() if element.has_class(name)), None)
        if reader is not None:
            return reader(element)
        if element.has_class("kg-card"):
            return card.html(outer_html(element))
    return None


def _figure(figure: Element) -> Node | None:
    if figure.has_class("kg-gallery-card"):
        return _gallery(figure)
    if figure.has_class("kg-bookmark-card"):
        return card.bookmark(**_bookmark(figure))
    if figure.has_class("kg-video-card"):
        return card.video(**_video(figure))
    pre = figure.find("pre")
    if pre is not None:
        return builder.code_block(**_code(pre), caption=figure.inner_at("figcaption"))
    if figure.has_class("kg-embed-card") or _embeds(figure):
        return card.embed(**_embed(figure))
    img = _only_image(figure)
    if img is not None:
        link = figure.find("a")
        props = _image(img, link.attrs.get("href") if link else None)
        props["caption"] = figure.inner_at("figcaption")
        props["card_width"] = _width(figure, ("wide", "full"), "regular")
        return card.image(**props)
    return None


def _only_image(figure: Element) -> Element | None:
    """The image of a figure that holds one image and nothing else to show but its caption
    (a figure with more is read element by element, so that nothing is lost)."""
    images: list[Element] = []

    def visit(element: Element) -> bool:
        for child in element.children:
            if isinstance(child, Text) and child.value.strip():
                return False
            if isinstance(child, Element) and child.tag != "figcaption":
                if child.tag == "img":
                    images.append(child)
                elif child.tag not in _IMAGE_WRAPPERS or not visit(child):
                    return False
        return True

    return images[0] if visit(figure) and len(images) == 1 else None


def _embeds(figure: Element) -> bool:
    """A figure of a player or a quoted post (a blockquote citing a page) from elsewhere."""
    if figure.find("iframe") is not None:
        return True
    link = figure.find("a")
    return (
        figure.find("blockquote") is not None
        and link is not None
        and re.match(r"https?://", link.attrs.get("href", ""), re.IGNORECASE) is not None
    )


def _width(element: Element, widths: tuple[str, ...], default: str) -> Any:
    """The card width its `kg-width-*` class gives."""
    return next((w for w in widths if element.has_class(f"kg-width-{w}")), default)


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _image(img: Element, href: str | None) -> dict[str, Any]:
    attrs = img.attrs
    src = attrs.get("src", "")
    width, height = _size(img)
    return {
        "src": src,
        "width": width,
        "height": height,
        "alt": attrs.get("alt", ""),
        "title": attrs.get("title", ""),
        "href": href if href and href != src else "",
    }


def _size(img: Element) -> tuple[int | None, int | None]:
    """An image's own size. Ghost renders a large image of its own at a smaller width and
    height (2,000 wide at most), but its `srcset` names the file itself at its real width."""
    width, height = _number(img.attrs.get("width")), _number(img.attrs.get("height"))
    src = img.attrs.get("src", "")
    for entry in img.attrs.get("srcset", "").split(","):
        url, _, size = entry.strip().rpartition(" ")
        real = _number(size[:-1]) if url == src and size.endswith("w") else None
        if real and width and height and real > width:
            return real, round(height * real / width)
    return width, height


def _code(pre: Element) -> dict[str, Any]:
    first = pre.children[0] if pre.children else None
    if isinstance(first, Text) and first.value.startswith("\n"):  # as a browser reads <pre>
        pre = Element(pre.tag, pre.attrs, [Text(first.value[1:]), *pre.children[1:]])
    children = [c for c in pre.children if not (isinstance(c, Text) and not c.value.strip())]
    code = children[0] if len(children) == 1 and isinstance(children[0], Element) else None
    code = code if code is not None and code.tag == "code" else None
    text = _code_text(code or pre)
    language = ""
    for element in (pre, code):
        for name in element.classes if element is not None else ():
            if match := _LANGUAGE.match(name):
                language = language or match.group(1).lower()
    return {"code": text, "language": language}


def _code_text(element: Element) -> str:
    """The text of code as shown: a `<br>` in it is a new line."""
    return "".join(
        child.value if isinstance(child, Text) else "\n" if child.tag == "br" else _code_text(child)
        for child in element.children
        if not isinstance(child, Comment)
    )


def _gallery(figure: Element) -> Node:
    """A gallery; one of more images than the editor allows is kept whole as an HTML card."""
    if len(figure.find_all("img")) > card.MAX_GALLERY_IMAGES:
        return card.html(outer_html(figure))
    images = []
    for img in figure.find_all("img"):
        props = _image(img, None)
        images.append(
            card.gallery_image(
                props["src"], props["width"] or 0, props["height"] or 0, alt=props["alt"] or None
            )
        )
    return card.gallery(*images, caption=figure.inner_at("figcaption"))


def _bookmark(figure: Element) -> dict[str, Any]:
    thumbnail = figure.find(".kg-bookmark-thumbnail")
    return {
        "url": figure.attr_at(".kg-bookmark-container", "href"),
        "title": figure.text_at(".kg-bookmark-title"),
        "description": figure.text_at(".kg-bookmark-description"),
        "icon": figure.attr_at(".kg-bookmark-icon", "src"),
        # Ghost renders the author in .kg-bookmark-publisher and the publisher in
        # .kg-bookmark-author (kept so for older themes)
        "author": figure.text_at(".kg-bookmark-publisher"),
        "publisher": figure.text_at(".kg-bookmark-author"),
        "thumbnail": thumbnail.attr_at("img", "src") if thumbnail is not None else "",
        "caption": figure.inner_at("figcaption"),
    }


def _embed(figure: Element) -> dict[str, Any]:
    content = [c for c in figure.children if not (isinstance(c, Element) and c.tag == "figcaption")]
    iframe = figure.find("iframe")
    link = figure.find("a")
    url = iframe.attrs.get("src", "") if iframe is not None else ""
    if not url and link is not None:
        url = link.attrs.get("href", "")
    if url.startswith("//"):
        url = "https:" + url
    return {
        "url": url,
        "html": "".join(outer_html(c) for c in content).strip(),
        "caption": figure.inner_at("figcaption"),
    }


def _duration(element: Element, selector: str) -> float:
    """Seconds from the duration a card shows: `m:ss` (video) or a bare number of seconds
    (Ghost renders an audio card's duration so)."""
    text = element.text_at(selector)
    if not re.fullmatch(r"\d+(\.\d+)?(:\d+(\.\d+)?)*", text):
        return 0
    seconds = 0.0
    for part in text.split(":"):
        seconds = seconds * 60 + float(part)
    return int(seconds) if seconds.is_integer() else seconds


def _video(figure: Element) -> dict[str, Any]:
    video = figure.find("video")
    attrs = video.attrs if video is not None else {}
    return {
        "src": attrs.get("src", ""),
        "width": _number(attrs.get("width")),
        "height": _number(attrs.get("height")),
        "duration": _duration(figure, ".kg-video-duration"),
        "loop": "loop" in attrs,
        "thumbnail_src": figure.attrs.get("data-kg-thumbnail", ""),
        "custom_thumbnail_src": figure.attrs.get("data-kg-custom-thumbnail", ""),
        "card_width": _width(figure, ("wide", "full"), "regular"),
        "caption": figure.inner_at("figcaption"),
    }


def _audio(div: Element) -> Node:
    return card.audio(
        src=div.attr_at("audio", "src"),
        title=div.text_at(".kg-audio-title"),
        duration=_duration(div, ".kg-audio-duration"),
        thumbnail_src=div.attr_at(".kg-audio-thumbnail", "src"),
    )


def _file(div: Element) -> Node:
    size_text = div.text_at(".kg-file-card-filesize").split()
    size = 0
    if len(size_text) == 2 and size_text[1] in _SIZE_UNITS:
        number = float(size_text[0]) if re.fullmatch(r"\d+(\.\d+)?", size_text[0]) else 0.0
        size = round(number * 1024 ** _SIZE_UNITS.index(size_text[1]))
    return card.file(
        src=div.attr_at("a", "href"),
        title=div.text_at(".kg-file-card-title"),
        caption=div.text_at(".kg-file-card-caption"),
        file_name=div.text_at(".kg-file-card-filename"),
        file_size=size,
    )


def _button(div: Element) -> Node:
    alignment: Literal["center", "left"] = "center" if div.has_class("kg-align-center") else "left"
    return card.button(div.text_at(".kg-btn"), div.attr_at(".kg-btn", "href"), alignment=alignment)


def _callout(div: Element) -> Node:
    colour = next(
        (c[len("kg-callout-card-") :] for c in div.classes if c.startswith("kg-callout-card-")),
        "white",
    )
    text = div.find(".kg-callout-text")
    return card.callout(
        inner_html(text).strip() if text is not None else "",
        emoji=div.text_at(".kg-callout-emoji"),
        color=colour,
    )


def _toggle(div: Element) -> Node:
    heading = div.find(".kg-toggle-heading-text")
    content = div.find(".kg-toggle-content")
    return card.toggle(
        inner_html(heading).strip() if heading is not None else "",
        inner_html(content).strip() if content is not None else "",
    )


def _header(div: Element) -> Node:
    """A header card; the first version's markup (no `kg-v2`) is read into the second's."""
    button = div.find(".kg-header-card-button")
    heading = div.find(".kg-header-card-heading") or div.find(".kg-header-card-header")
    text = div.find(".kg-header-card-text")
    image = div.attr_at(".kg-header-card-image", "src") or div.attrs.get(
        "data-kg-background-image", ""
    )
    split = div.has_class("kg-layout-split")
    layout: Any = "split" if split else _width(div, ("full", "wide", "regular"), "full")
    colours: dict[str, Any] = {}
    if background := div.attrs.get("data-background-color"):
        colours["background_color"] = background
    if heading is not None and (text_colour := heading.attrs.get("data-text-color")):
        colours["text_color"] = text_colour
    if button is not None:
        for key, attr in (
            ("button_color", "data-button-color"),
            ("button_text_color", "data-button-text-color"),
        ):
            if value := button.attrs.get(attr):
                colours[key] = value
    return card.header(
        header=inner_html(heading).strip() if heading is not None else "",
        subheader=div.inner_at(".kg-header-card-subheading")
        or div.inner_at(".kg-header-card-subheader"),
        button_enabled=button is not None,
        button_text=inner_html(button).strip() if button is not None else "",
        button_url=button.attrs.get("href", "") if button is not None else "",
        alignment="center" if text is not None and text.has_class("kg-align-center") else "left",
        background_image_src=image,
        layout=layout,
        swapped=div.has_class("kg-swapped"),
        background_size="contain" if split and div.has_class("kg-content-wide") else "cover",
        **colours,
    )


def _product(div: Element) -> Node:
    image = div.find(".kg-product-card-image")
    button = div.find(".kg-product-card-button") or div.find("a")
    stars = len(div.find_all(".kg-product-card-rating-active"))
    return card.product(
        title=div.inner_at(".kg-product-card-title"),
        description=div.inner_at(".kg-product-card-description"),
        image_src=image.attrs.get("src", "") if image is not None else "",
        image_width=_number(image.attrs.get("width")) if image is not None else None,
        image_height=_number(image.attrs.get("height")) if image is not None else None,
        rating=min(stars, 5) or None,
        button_text=" ".join(button.text().split()) if button is not None else "",
        button_url=button.attrs.get("href", "") if button is not None else "",
    )


_DIV_CARDS = {
    "kg-button-card": _button,
    "kg-callout-card": _callout,
    "kg-toggle-card": _toggle,
    "kg-header-card": _header,
    "kg-audio-card": _audio,
    "kg-file-card": _file,
    "kg-product-card": _product,
    "kg-signup-card": html_member_cards.signup,
    "kg-cta-card": html_member_cards.call_to_action,
}
