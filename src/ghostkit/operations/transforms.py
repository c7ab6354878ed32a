"""What an operation does to one document, whatever its format.

A transform takes the format name ("lexical" or "mobiledoc") and the parsed document and
returns a `StripResult`. The same transforms serve `links strip` and `replace`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ghostkit.content import lexical, mobiledoc
from ghostkit.content.cards import LinkCardMode
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
