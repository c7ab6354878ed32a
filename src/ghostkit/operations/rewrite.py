"""The built-in change `links rewrite`: every URL of a post or page moved by rules.

In the body, every URL is rewritten wherever it lives (inline links, link and media cards,
image and gallery images, HTML and Markdown cards; see `ghostkit.content.urls`), images
included: a domain move moves the images it hosts too. Outside the body, `canonical_url`
is rewritten; the post's own images (`feature_image`, `og_image`, `twitter_image`) only
with `include_images`, and the links and images of its code injection only with
`include_code`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from ghostkit.content import url_edits, urls
from ghostkit.content.url_rules import Prefix, UrlRules
from ghostkit.content.urls import Role
from ghostkit.operations.change import Change, Item, Patch
from ghostkit.operations.transforms import FORMATS

IMAGE_FIELDS = ("feature_image", "og_image", "twitter_image")
CODE_FIELDS = ("codeinjection_head", "codeinjection_foot")
COUNTS: dict[Role, str] = {"link": "links rewritten", "image": "images rewritten"}


@dataclass(frozen=True)
class RewriteLinks(Change):
    rules: UrlRules
    include_images: bool = False
    include_code: bool = False
    site_url: str | None = None
    map_file: str | None = None
    kind: ClassVar[str] = "links-rewrite"
    reads: ClassVar[tuple[str, ...]] = (
        "lexical",
        "mobiledoc",
        "plaintext",
        "canonical_url",
        *IMAGE_FIELDS,
        *CODE_FIELDS,
    )
    keeps: ClassVar[tuple[str, ...]] = ("plaintext",)

    def rewrite(self, item: Item) -> tuple[Patch, dict[str, str]]:
        """The patch for one item, and each URL it rewrites (old to new, as the site
        renders them: `__GHOST_URL__` in its absolute form)."""
        moved: dict[str, str] = {}
        counts = dict.fromkeys(COUNTS.values(), 0)

        def mapper(url: str, role: Role) -> str | None:
            new = self.rules.apply(url)
            if new is not None and new != url:
                moved[url] = new
                counts[COUNTS[role]] += 1
            return new

        fields: dict[str, Any] = {}
        fmt = item.body_format
        if fmt is not None:
            module = FORMATS[fmt]
            document, made = urls.map_urls(
                fmt, module.parse(item[fmt]), mapper, site_url=self.site_url
            )
            if made:
                fields[fmt] = module.serialize(document)
        single: list[tuple[str, Role]] = [("canonical_url", "link")]
        single += [(name, "image") for name in IMAGE_FIELDS if self.include_images]
        for name, role in single:
            value = item.get(name)
            if isinstance(value, str) and value and mapper(value, role) is not None:
                fields[name] = moved[value]
        for name in CODE_FIELDS if self.include_code else ():
            value = item.get(name)
            if isinstance(value, str) and value:
                new, made = url_edits.map_html(value, mapper)
                if made:
                    fields[name] = new
        return Patch(fields, counts=counts), moved

    def plan(self, item: Item) -> Patch:
        return self.rewrite(item)[0]

    def check(self, before: Item, after: Item) -> str | None:
        """No URL the run rewrote is left in the rendered item (its links, images and
        media), and the visible text is unchanged but for URLs shown as text (a Markdown
        card's bare URL)."""
        moved = self.rewrite(before)[1]
        if not moved:
            return None
        rendered = {url for url, _ in url_edits.html_urls(after.get("html") or "")}
        left = sorted(url for url in rendered if url in moved and url not in moved.values())
        if left:
            return f"old URLs left in the rendered item: {left[:3]}"
        text = before.get("plaintext")
        now = after.get("plaintext") or ""
        if text is None or now == text:
            return None
        expected = text
        for old in sorted(moved, key=len, reverse=True):
            expected = expected.replace(old, moved[old])
        return None if now == expected else "the visible text changed"

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "from": [[p.old, p.new] for p in self.rules.prefixes],
            "map": dict(self.rules.pairs),
            "map_file": self.map_file,
            "regex": list(self.rules.regex) if self.rules.regex else None,
            "include_images": self.include_images,
            "include_code": self.include_code,
        }

    @classmethod
    def from_description(cls, description: Mapping[str, Any], site_url: str) -> RewriteLinks:
        """The change `describe()` wrote into a run's journal, for the run's site."""
        prefixes, pairs = description.get("from") or [], description.get("map") or {}
        regex = description.get("regex")
        if not isinstance(prefixes, list) or not isinstance(pairs, dict):
            raise ValueError(f"not a description of links rewrite: {dict(description)}")
        if regex is not None and (not isinstance(regex, list) or len(regex) != 2):
            raise ValueError(f"not a description of links rewrite: {dict(description)}")
        rules = UrlRules(
            pairs={str(k): str(v) for k, v in pairs.items()},
            prefixes=tuple(Prefix(str(old), str(new)) for old, new in prefixes),
            regex=(str(regex[0]), str(regex[1])) if regex else None,
        )
        return cls(
            rules,
            include_images=bool(description.get("include_images")),
            include_code=bool(description.get("include_code")),
            site_url=site_url,
            map_file=description.get("map_file"),
        )
