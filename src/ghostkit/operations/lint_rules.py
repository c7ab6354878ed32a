"""The lint rules, as data: each one an id, a default severity, what it checks, why it
matters, what it reads, and its check. docs/lint.md lists them (a test keeps the two in
step). A check is given one post or page and the site index, and yields problems."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from ghostkit.content.urls import FoundUrl
from ghostkit.operations.change import Item
from ghostkit.operations.lint_content import Body, gated_cards, images_without_alt, is_empty, links
from ghostkit.operations.site_index import SiteIndex

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")
TITLE_LIMIT = 60
"""Characters of a title that search results show (they cut it at about 600 pixels);
Ghost's post settings count the meta title against the same 60."""
BODY = ("lexical", "mobiledoc")


@dataclass(frozen=True)
class Problem:
    message: str
    where: str | None = None


@dataclass(frozen=True)
class Subject:
    """What a check is given: the item's fields and its parsed body."""

    item: Item
    body: Body


Check = Callable[[Subject, SiteIndex], Iterator[Problem]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    description: str
    reason: str
    check: Check
    reads: tuple[str, ...] = ()
    """The fields the check needs (`lexical` and `mobiledoc` for the body, `tags`)."""
    resources: tuple[str, ...] = ("posts", "pages")
    needs_index: bool = False


def _image_alt(subject: Subject, _site: SiteIndex) -> Iterator[Problem]:
    item = subject.item
    if item.get("feature_image") and not str(item.get("feature_image_alt") or "").strip():
        yield Problem(
            f"the feature image has no alt text ({item['feature_image']})", "feature image"
        )
    for image in images_without_alt(subject.body):
        yield Problem(f"image without alt text ({image.src or 'no src'})", image.where)


def _meta_description(subject: Subject, _site: SiteIndex) -> Iterator[Problem]:
    item = subject.item
    if (
        not str(item.get("meta_description") or "").strip()
        and not str(item.get("custom_excerpt") or "").strip()
    ):
        yield Problem("no meta description and no excerpt: search engines pick their own snippet")


def _title_length(subject: Subject, _site: SiteIndex) -> Iterator[Problem]:
    meta_title = str(subject.item.get("meta_title") or "").strip()
    field, title = ("meta title", meta_title) if meta_title else ("title", subject.item["title"])
    title = " ".join(str(title or "").split())
    if len(title) > TITLE_LIMIT:
        cut = title[: TITLE_LIMIT - 1].rstrip() + "…"
        yield Problem(
            f"the {field} has {len(title)} characters; search results show about "
            f"{TITLE_LIMIT}: {cut!r}",
            field,
        )


def _duplicate_title(subject: Subject, site: SiteIndex) -> Iterator[Problem]:
    item = subject.item
    title = str(item.get("meta_title") or "").strip() or str(item.get("title") or "")
    others = site.same_titles(title, str(item.get("slug") or ""))
    if others:
        names = ", ".join(f"{e.resource[:-1]} {e.slug}" for e in others[:3])
        more = f" and {len(others) - 3} more" if len(others) > 3 else ""
        yield Problem(f"the title {title!r} is also the title of {names}{more}", "title")


def _where(link: FoundUrl) -> str:
    return "inline link" if link.field is None else f"{link.where} ({link.field})"


def _internal_links(subject: Subject, site: SiteIndex, kind: str) -> Iterator[Problem]:
    for link in links(subject.body):
        target = site.target(link.url or "")
        if target is None or target.kind != kind:
            continue
        if target.entry is not None:
            message = f"links to {target.what}, which visitors cannot open: {link.url}"
        else:
            message = f"links to {target.path}, which is no post or page of the site: {link.url}"
        yield Problem(message, _where(link))


def _link_to_draft(subject: Subject, site: SiteIndex) -> Iterator[Problem]:
    return _internal_links(subject, site, "unpublished")


def _link_to_missing(subject: Subject, site: SiteIndex) -> Iterator[Problem]:
    return _internal_links(subject, site, "missing")


def _empty(subject: Subject, _site: SiteIndex) -> Iterator[Problem]:
    if is_empty(subject.body):
        yield Problem("no text and no cards: the post shows only its title")


def _no_tags(subject: Subject, _site: SiteIndex) -> Iterator[Problem]:
    if subject.item.get("status") == "published" and not subject.item.get("tags"):
        yield Problem("published without tags: it is on no tag page and in no tag's feed")


LOSES = {
    "html": "saving the post from HTML (?source=html), pulling it to Markdown or turning "
    "it into mobiledoc shows it to everyone",
    "call-to-action": "`links strip --link-cards text|remove`, saving the post from HTML "
    "or turning it into mobiledoc (which has no such card) drops it or its visibility",
    "transistor": "saving the post from HTML or turning it into mobiledoc (which has no "
    "such card) drops it",
}


def _card_visibility(subject: Subject, _site: SiteIndex) -> Iterator[Problem]:
    for card, visibility in gated_cards(subject.body):
        if subject.body.fmt == "mobiledoc":
            message = (
                f"shown to everyone, though its payload says {visibility.describe()}: Ghost "
                "applies no visibility to mobiledoc cards; the next save (Ghost 6 turns the "
                "post into Lexical) starts applying it"
            )
        else:
            message = f"shown {visibility.describe()}; {LOSES.get(card.kind, LOSES['html'])}"
        yield Problem(message, card.where)


RULES: tuple[Rule, ...] = (
    Rule(
        "image-alt",
        "warning",
        "Images without alt text: the feature image, image and gallery cards, <img> in "
        "HTML cards, Markdown images.",
        "Screen readers read the alt text instead of the image, and search engines index "
        "images by it; an image without one is skipped or read out as its file name.",
        _image_alt,
        reads=("feature_image", "feature_image_alt", *BODY),
    ),
    Rule(
        "meta-description",
        "warning",
        "Posts and pages with neither a meta description nor an excerpt.",
        "Search results and link previews show the meta description, else the excerpt; "
        "without either they show whatever text the search engine picks from the page.",
        _meta_description,
        reads=("meta_description", "custom_excerpt"),
    ),
    Rule(
        "title-length",
        "warning",
        f"Titles longer than {TITLE_LIMIT} characters (the meta title when one is set).",
        f"Search results show about {TITLE_LIMIT} characters of a title (they cut at about "
        "600 pixels) and end the rest with an ellipsis; Ghost uses the meta title there when "
        "one is set, and its post settings count it against the same limit.",
        _title_length,
        reads=("meta_title",),
    ),
    Rule(
        "duplicate-title",
        "warning",
        "Titles (meta titles when set) that a published post or page of the site already "
        "has, case and spacing ignored.",
        "Search engines show one of two pages with the same title, or both side by side, "
        "and readers cannot tell them apart.",
        _duplicate_title,
        reads=("meta_title",),
        needs_index=True,
    ),
    Rule(
        "link-to-draft",
        "error",
        "Links to a post or page of the site that is not published (draft, scheduled, "
        "email only), or to a draft's preview.",
        "Visitors who follow the link get a 404 until it is published; a preview link shows "
        "an unfinished draft.",
        _link_to_draft,
        reads=BODY,
        needs_index=True,
    ),
    Rule(
        "link-to-missing",
        "error",
        "Links to /slug/ of the site where no post or page has that slug (only when the "
        "site's posts sit at /slug/; tags, authors and Ghost's own paths are not judged).",
        "A renamed or deleted post leaves its old links answering 404; a redirect set up "
        "in Ghost's redirects file is not visible to the API, so check those by hand.",
        _link_to_missing,
        reads=BODY,
        needs_index=True,
    ),
    Rule(
        "empty",
        "error",
        "Posts and pages with no visible text and no cards.",
        "Published, it is a page with a title and nothing else; often a post made by a "
        "script or an import that lost its content.",
        _empty,
        reads=BODY,
    ),
    Rule(
        "no-tags",
        "warning",
        "Published posts without tags.",
        "A post without tags is on no tag page, in no tag's RSS feed and in no collection "
        "or related-posts list filtered by tag.",
        _no_tags,
        reads=("tags",),
        resources=("posts",),
    ),
    Rule(
        "card-visibility",
        "warning",
        "Cards shown only to some readers (member visibility on HTML, call-to-action and "
        "Transistor cards) that a change of the post would drop, and mobiledoc cards whose "
        "visibility Ghost does not apply.",
        "Only Lexical keeps a card's visibility: saving from HTML, turning a card into text "
        "or the post into mobiledoc or Markdown shows members-only content to everyone.",
        _card_visibility,
        reads=BODY,
    ),
)

BY_ID = {rule.id: rule for rule in RULES}
