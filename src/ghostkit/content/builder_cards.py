"""Ghost's cards for the document builder, with the properties and defaults Koenig's nodes
export (kg-default-nodes, as Ghost 6 ships it) and the values the editor inserts them with.

Each function takes the card's properties as keyword arguments in snake case
(`card_width` for `cardWidth`); every property left out has the editor's default, so a
card built here reads back from Ghost exactly as sent. Properties documented as HTML
(captions, callout text, toggle content, ...) are stored as given: the editor itself writes
text there as `<p><span style="white-space: pre-wrap;">text</span></p>`.

The HTML and call-to-action cards carry member `visibility` (see `visibility`); no other
card Ghost's editor builds has it.
"""

from __future__ import annotations

import posixpath
from typing import Any, Literal
from urllib.parse import urlsplit

Node = dict[str, Any]
Audience = Literal["all", "free", "paid", "none"]

SEGMENTS: dict[str, str] = {
    "all": "status:free,status:-free",
    "free": "status:free",
    "paid": "status:-free",
    "none": "",
}
"""Who sees a card, as the member segment Ghost 6 stores ("paid" includes comped and gift
members, as in Ghost's editor)."""

_KEYS = {
    "image": "src width height title alt caption cardWidth href",
    "video": "src caption fileName mimeType width height duration thumbnailSrc"
    " customThumbnailSrc thumbnailWidth thumbnailHeight cardWidth loop",
    "audio": "duration mimeType src title thumbnailSrc",
    "call-to-action": "layout alignment textValue showButton showDividers buttonText buttonUrl"
    " buttonColor buttonTextColor hasSponsorLabel sponsorLabel backgroundColor linkColor"
    " imageUrl imageWidth imageHeight visibility",
    "html": "html visibility",
    "toggle": "heading content",
    "header": "size style buttonEnabled buttonUrl buttonText header subheader backgroundImageSrc"
    " accentColor alignment backgroundColor backgroundImageWidth backgroundImageHeight"
    " backgroundSize textColor buttonColor buttonTextColor layout swapped",
    "embed": "url embedType html metadata caption",
    "email": "html",
    "signup": "alignment backgroundColor backgroundImageSrc backgroundSize textColor buttonColor"
    " buttonTextColor buttonText disclaimer header layout subheader successMessage swapped labels",
}
"""Each card's properties in the order Koenig exports them (its JSON reads the same)."""

MAX_GALLERY_IMAGES = 9
_ROW = 3  # images per gallery row


def visibility(
    *, web_nonmembers: bool = True, web_members: Audience = "all", email: Audience = "all"
) -> Node:
    """A card's member visibility in Ghost 6's shape: on the web to visitors who are not
    members and to which members, in email to which members. The default shows to all."""
    for name, audience in (("web_members", web_members), ("email", email)):
        if audience not in SEGMENTS:
            raise ValueError(f"{name}={audience!r}: use one of {', '.join(SEGMENTS)}")
    return {
        "web": {"nonMember": web_nonmembers, "memberSegment": SEGMENTS[web_members]},
        "email": {"memberSegment": SEGMENTS[email]},
    }


def image(
    src: str,
    *,
    caption: str = "",
    alt: str = "",
    title: str = "",
    width: int | None = None,
    height: int | None = None,
    href: str = "",
    card_width: Literal["regular", "wide", "full"] = "regular",
) -> Node:
    """An image; `caption` is HTML, `href` makes it a link."""
    return _card("image", locals())


def gallery_image(
    src: str,
    width: int,
    height: int,
    *,
    alt: str | None = None,
    caption: str | None = None,
    file_name: str | None = None,
) -> Node:
    """One image of a gallery (its row is set by `gallery`); `file_name` defaults to the
    last part of the URL's path, as the editor names an uploaded file."""
    entry: Node = {"row": 0, "src": src, "width": width, "height": height}
    if alt is not None:
        entry["alt"] = alt
    if caption is not None:
        entry["caption"] = caption
    entry["fileName"] = file_name or posixpath.basename(urlsplit(src).path)
    return entry


def gallery(*images: Node, caption: str = "") -> Node:
    """Up to nine images from `gallery_image`, three a row as the editor lays them out."""
    if len(images) > MAX_GALLERY_IMAGES:
        raise ValueError(f"a gallery holds at most {MAX_GALLERY_IMAGES} images, not {len(images)}")
    rows = [{**entry, "row": index // _ROW} for index, entry in enumerate(images)]
    return {"type": "gallery", "version": 1, "images": rows, "caption": caption}


def bookmark(
    url: str,
    *,
    title: str = "",
    description: str = "",
    icon: str = "",
    author: str = "",
    publisher: str = "",
    thumbnail: str = "",
    caption: str = "",
) -> Node:
    """A link preview; the editor fills the metadata from the page, here it is given."""
    metadata = {
        "icon": icon,
        "title": title,
        "description": description,
        "author": author,
        "publisher": publisher,
        "thumbnail": thumbnail,
    }
    return {"type": "bookmark", "version": 1, "url": url, "metadata": metadata, "caption": caption}


def embed(
    url: str,
    html: str,
    *,
    embed_type: str = "",
    metadata: dict[str, Any] | None = None,
    caption: str = "",
) -> Node:
    """An embedded player or post: `html` is the oEmbed HTML, `embed_type` its type
    ("video", "rich", "twitter"...), `metadata` the oEmbed answer."""
    return _card("embed", {**locals(), "metadata": dict(metadata or {})})


def button(text: str, url: str, *, alignment: Literal["center", "left"] = "center") -> Node:
    return {
        "type": "button",
        "version": 1,
        "buttonText": text,
        "alignment": alignment,
        "buttonUrl": url,
    }


def callout(text: str, *, emoji: str = "\U0001f4a1", color: str = "blue") -> Node:
    """A callout; `text` is HTML, `emoji` "" for none; colours: white, grey, blue, green,
    yellow, red, pink, purple, accent."""
    return {
        "type": "callout",
        "version": 1,
        "calloutText": text,
        "calloutEmoji": emoji,
        "backgroundColor": color,
    }


def toggle(heading: str, content: str) -> Node:
    """A collapsible section; both are HTML."""
    return _card("toggle", locals())


def header(
    header: str = "",
    subheader: str = "",
    *,
    size: Literal["small", "medium", "large"] = "small",
    style: str = "dark",
    button_enabled: bool = False,
    button_url: str = "",
    button_text: str = "",
    background_image_src: str = "",
    accent_color: str = "#FF1A75",
    alignment: Literal["center", "left"] = "center",
    background_color: str = "#000000",
    background_image_width: int | None = None,
    background_image_height: int | None = None,
    background_size: Literal["cover", "contain"] = "cover",
    text_color: str = "#FFFFFF",
    button_color: str = "#ffffff",
    button_text_color: str = "#000000",
    layout: Literal["full", "wide", "regular", "split"] = "full",
    swapped: bool = False,
) -> Node:
    """The header card as the editor inserts it today (version 2); `header` and
    `subheader` are HTML."""
    node = _card("header", locals())
    node["version"] = 2
    return node


def html(html: str, *, visibility: Node | None = None) -> Node:
    """Raw HTML, shown as written; `visibility` from `visibility()`."""
    return _card("html", locals())


def markdown(markdown: str) -> Node:
    return {"type": "markdown", "version": 1, "markdown": markdown}


def video(
    src: str,
    *,
    caption: str = "",
    file_name: str = "",
    mime_type: str = "",
    width: int | None = None,
    height: int | None = None,
    duration: float = 0,
    thumbnail_src: str = "",
    custom_thumbnail_src: str = "",
    thumbnail_width: int | None = None,
    thumbnail_height: int | None = None,
    card_width: Literal["regular", "wide", "full"] = "regular",
    loop: bool = False,
) -> Node:
    """An uploaded video; `duration` in seconds, `caption` HTML."""
    return _card("video", locals())


def audio(
    src: str,
    *,
    title: str = "",
    duration: float = 0,
    mime_type: str = "",
    thumbnail_src: str = "",
) -> Node:
    return _card("audio", locals())


def file(
    src: str, *, title: str = "", caption: str = "", file_name: str = "", file_size: int = 0
) -> Node:
    """A downloadable file; `file_size` in bytes, `file_name` defaults to the URL's last
    part."""
    return {
        "type": "file",
        "version": 1,
        "src": src,
        "fileTitle": title,
        "fileCaption": caption,
        "fileName": file_name or posixpath.basename(urlsplit(src).path),
        "fileSize": file_size,
    }


def product(
    title: str = "",
    description: str = "",
    *,
    image_src: str = "",
    image_width: int | None = None,
    image_height: int | None = None,
    rating: int | None = None,
    button_text: str = "",
    button_url: str = "",
) -> Node:
    """A product: `title` and `description` HTML, `rating` 1-5 stars (none by default),
    a button when `button_text` is given."""
    if rating is not None and rating not in range(1, 6):
        raise ValueError(f"rating={rating!r}: use 1 to 5 stars")
    return {
        "type": "product",
        "version": 1,
        "productImageSrc": image_src,
        "productImageWidth": image_width,
        "productImageHeight": image_height,
        "productTitle": title,
        "productDescription": description,
        "productRatingEnabled": rating is not None,
        "productStarRating": 5 if rating is None else rating,
        "productButtonEnabled": bool(button_text),
        "productButton": button_text,
        "productUrl": button_url,
    }


def signup(
    header: str = "",
    subheader: str = "",
    *,
    disclaimer: str = "No spam. Unsubscribe anytime.",
    button_text: str = "Subscribe",
    alignment: Literal["left", "center"] = "left",
    background_color: str = "#F0F0F0",
    background_image_src: str = "",
    background_size: Literal["cover", "contain"] = "cover",
    text_color: str = "#000000",
    button_color: str = "accent",
    button_text_color: str = "#FFFFFF",
    layout: Literal["wide", "full", "regular", "split"] = "wide",
    success_message: str = "Email sent! Check your inbox to complete your signup.",
    swapped: bool = False,
    labels: list[str] | None = None,
) -> Node:
    """A signup form; `header`, `subheader` and `disclaimer` are HTML; `labels` are given
    to the members who sign up through it. (The editor starts `header` as "Sign up for
    <site title>" and `subheader` as the site's description; here they are given.)"""
    return _card("signup", {**locals(), "labels": list(labels or [])})


def email(html: str) -> Node:
    """Content only in the email of a post sent as a newsletter (HTML)."""
    return _card("email", locals())


def email_cta(
    html: str,
    *,
    segment: Literal["status:free", "status:-free"] = "status:free",
    button_text: str = "",
    button_url: str = "",
    alignment: Literal["left", "center"] = "left",
    show_dividers: bool = True,
) -> Node:
    """A call to action only in the email, to free (`status:free`) or paid members."""
    return {
        "type": "email-cta",
        "version": 1,
        "alignment": alignment,
        "buttonText": button_text,
        "buttonUrl": button_url,
        "html": html,
        "segment": segment,
        "showButton": bool(button_text and button_url),
        "showDividers": show_dividers,
    }


def call_to_action(
    text: str,
    *,
    layout: Literal["minimal", "immersive"] = "minimal",
    alignment: Literal["left", "center"] = "left",
    button_text: str = "Learn more",
    button_url: str = "",
    show_button: bool = True,
    show_dividers: bool = True,
    button_color: str = "#000000",
    button_text_color: str = "#ffffff",
    has_sponsor_label: bool = True,
    sponsor_label: str = '<p><span style="white-space: pre-wrap;">SPONSORED</span></p>',
    background_color: str = "grey",
    link_color: str = "text",
    image_url: str = "",
    image_width: int | None = None,
    image_height: int | None = None,
    visibility: Node | None = None,
) -> Node:
    """A call to action on the web and in email; `text` (as `textValue`) and
    `sponsor_label` are HTML."""
    props = dict(locals())
    props["textValue"] = props.pop("text")
    return _card("call-to-action", props)


def paywall() -> Node:
    """Where a members-only post's free preview ends."""
    return {"type": "paywall", "version": 1}


def _card(kind: str, props: dict[str, Any]) -> Node:
    given = {_camel(name): value for name, value in props.items()}
    if "visibility" in given and given["visibility"] is None:
        given["visibility"] = visibility()
    return {"type": kind, "version": 1, **{key: given[key] for key in _KEYS[kind].split()}}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
