"""What a link is, wherever it was found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Where = Literal["inline", "html", "markdown", "card-url", "link-card"]


@dataclass(frozen=True)
class Link:
    """One link in a document.

    `where` says what kind of place it is in: an inline link of the text (`inline`), an
    `<a>` in an HTML-valued card property (`html`), a Markdown card's link (`markdown`), a
    URL that makes a card clickable (`card-url`, such as an image's `href`), or a card whose
    whole purpose is the link (`link-card`: bookmark, button, embed, product, file, the
    buttons of call-to-action, header and email-cta cards). `card` is the card type,
    `field` the property it sits in.
    """

    url: str | None
    text: str
    where: Where
    card: str | None = None
    field: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "url": self.url,
            "text": self.text,
            "where": self.where,
            "card": self.card,
            "field": self.field,
        }
