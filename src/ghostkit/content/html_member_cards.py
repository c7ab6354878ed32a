"""The member cards' markup read back: signup forms, calls to action, and who may see a card.

Ghost renders a card whose `visibility` hides it from someone inside a gated block,
`<!--kg-gated-block:begin nonMember:false memberSegment:"status:-free" -->` ...
`<!--kg-gated-block:end-->`; the web half of the visibility is read from it (the email half
never reaches the web page, so it stays the editor's default, everyone).
"""

from __future__ import annotations

import re
from typing import Any

from ghostkit.content import builder_cards as card
from ghostkit.content.html_tree import Element
from ghostkit.content.lexical import Node

GATED_BEGIN = re.compile(
    r'^\s*kg-gated-block:begin\s+nonMember:(true|false)\s+memberSegment:"([^"]*)"\s*$'
)
GATED_END = re.compile(r"^\s*kg-gated-block:end\s*$")
PAYWALL = re.compile(r"^\s*members-only\s*$")
VISIBLE_CARDS = frozenset({"html", "call-to-action"})
"""The cards that carry a `visibility` (the others Ghost shows to everyone)."""


def visibility_of(comment: str) -> Node | None:
    """The visibility a gated block's opening comment gives, or None if it is not one."""
    match = GATED_BEGIN.match(comment)
    if match is None:
        return None
    shown = card.visibility(web_nonmembers=match.group(1) == "true")
    shown["web"]["memberSegment"] = match.group(2)
    return shown


def _colour(element: Element | None, prop: str, default: str) -> str:
    """A colour from an inline style, or "accent" for Ghost's accent class."""
    if element is None:
        return default
    if element.has_class("kg-style-accent"):
        return "accent"
    return element.style().get(prop, default)


def signup(div: Element) -> Node:
    button = div.find(".kg-signup-card-button")
    heading = div.find(".kg-signup-card-heading")
    text = div.find(".kg-signup-card-text")
    split = div.has_class("kg-layout-split")
    layout: Any = (
        "split"
        if split
        else next(
            (w for w in ("wide", "full", "regular") if div.has_class(f"kg-width-{w}")), "wide"
        )
    )
    labels = [
        element.attrs.get("value", "")
        for element in div.find_all("input")
        if "data-members-label" in element.attrs
    ]
    return card.signup(
        div.inner_at(".kg-signup-card-heading"),
        div.inner_at(".kg-signup-card-subheading"),
        disclaimer=div.inner_at(".kg-signup-card-disclaimer"),
        button_text=div.text_at(".kg-signup-card-button-default") or "Subscribe",
        alignment="center" if text is not None and text.has_class("kg-align-center") else "left",
        background_color=_colour(div, "background-color", "#F0F0F0"),
        background_image_src=div.attr_at(".kg-signup-card-image", "src"),
        background_size="contain" if split and div.has_class("kg-content-wide") else "cover",
        text_color=_colour(heading, "color", "#000000"),
        button_color=_colour(button, "background-color", "accent"),
        button_text_color=button.style().get("color", "#FFFFFF") if button else "#FFFFFF",
        layout=layout,
        success_message=div.text_at(".kg-signup-card-success"),
        swapped=div.has_class("kg-swapped"),
        labels=labels,
    )


def call_to_action(div: Element) -> Node:
    button = div.find(".kg-cta-button")
    image = div.find(".kg-cta-image-container")
    img = image.find("img") if image is not None else None
    width, _, height = (img.attrs.get("data-image-dimensions", "") if img else "").partition("x")
    label = div.find(".kg-cta-sponsor-label")
    background = next(
        (c[len("kg-cta-bg-") :] for c in div.classes if c.startswith("kg-cta-bg-")), "grey"
    )
    layout: Any = "immersive" if div.attrs.get("data-layout") == "immersive" else "minimal"
    return card.call_to_action(
        div.inner_at(".kg-cta-text"),
        layout=layout,
        alignment="center" if div.has_class("kg-cta-centered") else "left",
        button_text=button.text().strip() if button is not None else "",
        button_url=button.attrs.get("href", "") if button is not None else "",
        show_button=button is not None,
        show_dividers=not div.has_class("kg-cta-no-dividers"),
        button_color=_colour(button, "background-color", "#000000"),
        button_text_color=button.style().get("color", "#ffffff") if button else "#ffffff",
        has_sponsor_label=label is not None,
        # the web rendering drops the label's paragraph, which the card keeps
        sponsor_label=f"<p>{div.inner_at('.kg-cta-sponsor-label')}</p>" if label else "",
        background_color=background,
        link_color="accent" if div.has_class("kg-cta-link-accent") else "text",
        image_url=img.attrs.get("src", "") if img is not None else "",
        image_width=int(width) if width.isdigit() else None,
        image_height=int(height) if height.isdigit() else None,
    )
