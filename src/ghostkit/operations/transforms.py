"""What an operation does to one document, whatever its format.

A transform takes the format name ("lexical" or "mobiledoc") and the parsed document and
returns a `StripResult`. The same transforms serve `links strip` and `replace`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ghostkit.content import lexical, mobiledoc
from ghostkit.content.cards import LINK_CARD_MODES, LinkCardMode
from ghostkit.content.lexical import StripResult
from ghostkit.content.selection import LinkSelector
from ghostkit.content.text_replace import TextReplacer

Document = dict[str, Any]
Transform = Callable[[str, Document], StripResult]
FORMATS = {"lexical": lexical, "mobiledoc": mobiledoc}


@dataclass(frozen=True)
class StripLinks:
    selector: LinkSelector
    link_cards: LinkCardMode = "keep"

    def __call__(self, fmt: str, document: Document) -> StripResult:
        result: StripResult = FORMATS[fmt].strip_links(document, self.selector, self.link_cards)
        return result

    def describe(self) -> dict[str, Any]:
        return {
            "kind": "links-strip",
            "selection": self.selector.describe(),
            "external_only": self.selector.external_only,
            "domains": list(self.selector.domains),
            "match": self.selector.pattern,
            "link_cards": self.link_cards,
        }

    @classmethod
    def from_description(cls, description: Mapping[str, Any], site_url: str) -> StripLinks:
        """The transform `describe()` wrote into a run's journal, for the run's site."""
        domains = description.get("domains") or ()
        link_cards = description.get("link_cards", "keep")
        if not isinstance(domains, (list, tuple)) or link_cards not in LINK_CARD_MODES:
            raise ValueError(f"not a description of links strip: {dict(description)}")
        selector = LinkSelector(
            external_only=bool(description.get("external_only")),
            domains=tuple(str(d) for d in domains),
            pattern=description.get("match"),
            site_url=site_url,
        )
        return cls(selector, link_cards)


@dataclass(frozen=True)
class ReplaceText:
    find: str
    replacement: str
    regex: bool = False

    def __post_init__(self) -> None:
        # refuses an empty FIND, a bad expression or template before any post is read
        TextReplacer(self.find, self.replacement, regex=self.regex)

    def __call__(self, fmt: str, document: Document) -> StripResult:
        new, count = FORMATS[fmt].replace_text(
            document, self.find, self.replacement, regex=self.regex
        )
        return StripResult(document=new, removed=count)

    def describe(self) -> dict[str, Any]:
        return {
            "kind": "replace",
            "find": self.find,
            "replacement": self.replacement,
            "regex": self.regex,
        }

    @classmethod
    def from_description(cls, description: Mapping[str, Any]) -> ReplaceText:
        """The transform `describe()` wrote into a run's journal."""
        find, replacement = description.get("find"), description.get("replacement")
        if not isinstance(find, str) or not isinstance(replacement, str):
            raise ValueError(f"not a description of replace: {dict(description)}")
        return cls(find, replacement, bool(description.get("regex")))
