"""The built-in changes of a post's content: `links strip` and `replace`. Each works on
Lexical and mobiledoc alike, through the format's own module; `replace` also works in a
post's other text fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ghostkit.content import card_text, html_links, lexical, mobiledoc
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
        described = {
            "kind": self.kind,
            "selection": self.selector.describe(),
            "external_only": self.selector.external_only,
            "domains": list(self.selector.domains),
            "match": self.selector.pattern,
            "link_cards": self.link_cards,
        }
        if self.selector.urls is not None:  # `--broken`: the exact URLs, for resume
            described["urls"] = sorted(self.selector.urls)
        return described

    @classmethod
    def from_description(cls, description: Mapping[str, Any], site_url: str) -> StripLinks:
        """The change `describe()` wrote into a run's journal, for the run's site."""
        domains = description.get("domains") or ()
        link_cards = description.get("link_cards", "keep")
        urls = description.get("urls")
        if (
            not isinstance(domains, (list, tuple))
            or link_cards not in LINK_CARD_MODES
            or not isinstance(urls, (list, type(None)))
        ):
            raise ValueError(f"not a description of links strip: {dict(description)}")
        selector = LinkSelector(
            external_only=bool(description.get("external_only")),
            domains=tuple(str(d) for d in domains),
            pattern=description.get("match"),
            site_url=site_url,
            urls=None if urls is None else frozenset(str(u) for u in urls),
        )
        return cls(selector, link_cards)


REPLACE_IN: dict[str, tuple[str, ...]] = {
    "body": (),
    "title": ("title",),
    "excerpt": ("custom_excerpt",),
    "meta": (
        "meta_title",
        "meta_description",
        "og_title",
        "og_description",
        "twitter_title",
        "twitter_description",
    ),
    "alt": (),
    "captions": (),
    "codeinjection": ("codeinjection_head", "codeinjection_foot"),
}
"""What `replace --in` can name, and the item fields each is (body, alt and captions are
in the body document: its text, its cards' alt text, its cards' captions)."""
REPLACE_FIELDS = tuple(REPLACE_IN)
IN_DOCUMENT = ("body", "alt", "captions")


def replace_fields(given: Iterable[str]) -> tuple[str, ...]:
    """The fields `--in` names (comma-separated, repeatable; `all`: every one), in one
    order; none given: the body."""
    names = [name.strip() for value in given for name in value.split(",")]
    if "all" in names:
        names = [name for name in names if name != "all"] + list(REPLACE_FIELDS)
    unknown = [name for name in names if name not in REPLACE_IN]
    if unknown:
        from ghostkit.core.errors import ConfigurationError

        raise ConfigurationError(
            f"--in {', '.join(repr(name) for name in unknown)} is not a field replace works in",
            hint=f"give some of {', '.join(REPLACE_FIELDS)}, comma-separated (or all), "
            "such as --in title,meta",
        )
    chosen = set(names) or {"body"}
    return tuple(name for name in REPLACE_FIELDS if name in chosen)


@dataclass(frozen=True)
class ReplaceText(DocumentChange):
    """Find and replace in the `fields` chosen (see `REPLACE_IN`): the body's text (never
    URLs or cards), plain text fields, the cards' alt text and the text of their captions,
    and the raw code of code injection."""

    find: str
    replacement: str
    regex: bool = False
    fields: tuple[str, ...] = ("body",)
    kind: ClassVar[str] = "replace"
    reads: ClassVar[tuple[str, ...]] = DocumentChange.reads + tuple(
        name for names in REPLACE_IN.values() for name in names if name != "title"
    )
    replacer: TextReplacer = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # refuses an empty FIND, a bad expression or template, unknown fields first
        replacer = TextReplacer(self.find, self.replacement, regex=self.regex)
        object.__setattr__(self, "replacer", replacer)
        object.__setattr__(self, "fields", replace_fields(self.fields))

    def transform(self, fmt: str, document: Document) -> StripResult:
        new, counts = self._document(fmt, document)
        return StripResult(document=new, removed=sum(counts.values()))

    def _document(self, fmt: str, document: Document) -> tuple[Document, dict[str, int]]:
        """The document with every part chosen replaced, and the count of each part."""
        counts: dict[str, int] = {}
        if "body" in self.fields:
            document, counts["body"] = FORMATS[fmt].replace_text(
                document, self.find, self.replacement, regex=self.regex
            )
        for part in ("alt", "captions"):
            if part in self.fields:
                document, counts[part] = card_text.replace_in_cards(
                    fmt, document, part, self.replacer
                )
        return document, counts

    def _made(self, item: Item) -> tuple[str, Document, dict[str, int]] | None:
        fmt = item.body_format
        if fmt is None or not set(IN_DOCUMENT) & set(self.fields):
            return None
        return (fmt, *self._document(fmt, FORMATS[fmt].parse(item[fmt])))

    def plan(self, item: Item) -> Patch:
        fields: dict[str, Any] = {}
        counts = dict.fromkeys(self.fields, 0)
        made = self._made(item)
        if made is not None:
            fmt, document, in_document = made
            counts.update(in_document)
            if any(in_document.values()):
                fields[fmt] = FORMATS[fmt].serialize(document)
        for group in self.fields:
            for name in REPLACE_IN[group]:
                value = item.get(name)
                if isinstance(value, str) and value:
                    new, count = self.replacer.subn(value)
                    if count:
                        fields[name] = new
                        counts[group] += count
        return Patch(fields, counts=self._counted(counts))

    def _counted(self, counts: dict[str, int]) -> dict[str, int]:
        """`replacements` in all; with fields besides the body, `replacements in FIELD` too."""
        total = {"replacements": sum(counts.values())}
        if self.fields == ("body",):
            return total
        return total | {f"replacements in {name}": counts[name] for name in self.fields}

    def check(self, before: Item, after: Item) -> str | None:
        """The rendered text holds no more matches than were left unreplaced: those the
        run's text had, less the replacements made, plus those the replacements bring
        (text the rule never touches, such as a link's address shown as its text, stays).
        The cards' alt text and captions as Ghost renders them hold no more matches than
        the document sent. (Every other field is checked to hold what was sent.)"""
        made = self._made(before)
        if made is None:
            return None
        fmt, document, counts = made
        text = before.get("plaintext")
        if "body" in self.fields and text is not None:
            replacements = counts["body"]
            brought = 0 if self.regex else self.replacement.count(self.find)
            allowed = self._matches(text) - replacements + replacements * brought
            left = self._matches(after.get("plaintext") or "")
            if left > max(allowed, 0):
                more = left - max(allowed, 0)
                return f"{more} matches of {self.find!r} left in the rendered text"
        parts: tuple[tuple[card_text.Part, str], ...] = (
            ("alt", "alt text"),
            ("captions", "captions"),
        )
        for part, where in parts:
            if part not in self.fields:
                continue
            sent = sum(self._matches(text) for text in card_text.card_texts(fmt, document, part))
            shown = card_text.rendered_texts(after.get("html") or "", part)
            left = sum(self._matches(text) for text in shown) - sent
            if left > 0:
                matches = "match" if left == 1 else "matches"
                return f"{left} {matches} of {self.find!r} left in the rendered {where}"
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
            "fields": list(self.fields),
        }

    @classmethod
    def from_description(cls, description: Mapping[str, Any]) -> ReplaceText:
        """The change `describe()` wrote into a run's journal (a run without `fields`,
        as ghostkit 0.1 and later releases before `--in` wrote it, replaced in the body)."""
        find, replacement = description.get("find"), description.get("replacement")
        fields = description.get("fields", ["body"])
        if (
            not isinstance(find, str)
            or not isinstance(replacement, str)
            or not isinstance(fields, list)
            or not all(isinstance(name, str) and name in REPLACE_IN for name in fields)
        ):
            raise ValueError(f"not a description of replace: {dict(description)}")
        return cls(find, replacement, bool(description.get("regex")), tuple(fields))
