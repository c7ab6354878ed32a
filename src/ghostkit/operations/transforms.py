"""The built-in changes of a post's content: `links strip` and `replace`. Each works on
Lexical and mobiledoc alike, through the format's own module.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from ghostkit.content import html_links, lexical, mobiledoc
from ghostkit.content.cards import LINK_CARD_MODES, LinkCardMode
from ghostkit.content.lexical import StripResult
from ghostkit.content.selection import LinkSelector
from ghostkit.content.text_replace import TextReplacer
from ghostkit.operations.change import Change, Item, Patch

Document = dict[str, Any]
FORMATS = {"lexical": lexical, "mobiledoc": mobiledoc}


class DocumentChange(Change):
    """A change of the body document: `transform` turns the parsed document into a
    `StripResult`; the patch is the new document, in the format the post is in."""

    reads: ClassVar[tuple[str, ...]] = ("lexical", "mobiledoc", "plaintext")
    keeps: ClassVar[tuple[str, ...]] = ("plaintext",)

    def transform(self, fmt: str, document: Document) -> StripResult:
        raise NotImplementedError

    def counts(self, result: StripResult) -> dict[str, int]:
        raise NotImplementedError

    def result(self, item: Item) -> tuple[str, StripResult] | None:
        """The item's format and what the transform makes of its document."""
        fmt = item.body_format
        if fmt is None:
            return None
        return fmt, self.transform(fmt, FORMATS[fmt].parse(item[fmt]))

    def plan(self, item: Item) -> Patch | None:
        made = self.result(item)
        if made is None:
            return None
        fmt, result = made
        counts = self.counts(result)
        if not result.changed:
            return Patch(counts=counts)
        return Patch({fmt: FORMATS[fmt].serialize(result.document)}, counts=counts)


@dataclass(frozen=True)
class StripLinks(DocumentChange):
    selector: LinkSelector
    link_cards: LinkCardMode = "keep"
    kind: ClassVar[str] = "links-strip"

    def transform(self, fmt: str, document: Document) -> StripResult:
        result: StripResult = FORMATS[fmt].strip_links(document, self.selector, self.link_cards)
        return result

    def counts(self, result: StripResult) -> dict[str, int]:
        return {"links removed": result.removed, "link cards kept": len(result.link_cards)}

    def check(self, before: Item, after: Item) -> str | None:
        """No selected link is left in the rendered post (apart from link cards kept on
        purpose), and the visible text is unchanged (unless cards were turned into text)."""
        made = self.result(before)
        if made is None:
            return None
        result = made[1]
        kept = {link.url for link in result.link_cards}
        left = [
            link.href
            for link in html_links.find_links(after.get("html") or "")
            if self.selector.selects(link.href)
            and link.href not in kept
            and not str(link.href).startswith("#fn")
        ]
        if left:
            return f"links left in the rendered post: {left[:3]}"
        text = before.get("plaintext")
        if not result.cards_changed and text is not None and (after.get("plaintext") or "") != text:
            return "the visible text changed"
        return None

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "selection": self.selector.describe(),
            "external_only": self.selector.external_only,
            "domains": list(self.selector.domains),
            "match": self.selector.pattern,
            "link_cards": self.link_cards,
        }

    @classmethod
    def from_description(cls, description: Mapping[str, Any], site_url: str) -> StripLinks:
        """The change `describe()` wrote into a run's journal, for the run's site."""
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
class ReplaceText(DocumentChange):
    find: str
    replacement: str
    regex: bool = False
    kind: ClassVar[str] = "replace"

    def __post_init__(self) -> None:
        # refuses an empty FIND, a bad expression or template before any post is read
        TextReplacer(self.find, self.replacement, regex=self.regex)

    def transform(self, fmt: str, document: Document) -> StripResult:
        new, count = FORMATS[fmt].replace_text(
            document, self.find, self.replacement, regex=self.regex
        )
        return StripResult(document=new, removed=count)

    def counts(self, result: StripResult) -> dict[str, int]:
        return {"replacements": result.removed}

    def check(self, before: Item, after: Item) -> str | None:
        """The rendered text holds no more matches than were left unreplaced: those the
        run's text had, less the replacements made, plus those the replacements bring
        (text the rule never touches, such as a link's address shown as its text, stays)."""
        text, made = before.get("plaintext"), self.result(before)
        if text is None or made is None:
            return None
        replacements = made[1].removed
        brought = 0 if self.regex else self.replacement.count(self.find)
        allowed = self._matches(text) - replacements + replacements * brought
        left = self._matches(after.get("plaintext") or "")
        if left > max(allowed, 0):
            return f"{left - max(allowed, 0)} matches of {self.find!r} left in the rendered text"
        return None

    def _matches(self, text: str) -> int:
        if self.regex:
            return sum(1 for _ in re.finditer(self.find, text))
        return text.count(self.find)

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "find": self.find,
            "replacement": self.replacement,
            "regex": self.regex,
        }

    @classmethod
    def from_description(cls, description: Mapping[str, Any]) -> ReplaceText:
        """The change `describe()` wrote into a run's journal."""
        find, replacement = description.get("find"), description.get("replacement")
        if not isinstance(find, str) or not isinstance(replacement, str):
            raise ValueError(f"not a description of replace: {dict(description)}")
        return cls(find, replacement, bool(description.get("regex")))
