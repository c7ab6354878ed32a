"""Planning: what an operation would change in each post (no I/O)."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any

from ghostkit.content.links import Link
from ghostkit.models import Post
from ghostkit.operations.transforms import FORMATS, Transform


@dataclass
class PostPlan:
    """One post (or page) and what the operation makes of it."""

    id: str
    resource: str
    slug: str
    title: str
    format: str
    updated_at: str
    original: str
    new: str
    removed: int
    cards_changed: int
    link_cards: list[Link]
    plaintext: str | None
    before_links: list[Link] = field(default_factory=list)
    after_links: list[Link] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new != self.original

    def diff(self) -> str:
        """The visible text and the links, before and after, as a unified diff."""
        module = FORMATS[self.format]
        before = module.visible_text(json.loads(self.original)).splitlines()
        after = module.visible_text(json.loads(self.new)).splitlines()
        before += [f"link: {link.url}  ({link.where})" for link in self.before_links]
        after += [f"link: {link.url}  ({link.where})" for link in self.after_links]
        lines = difflib.unified_diff(
            before, after, f"{self.slug} (before)", f"{self.slug} (after)", lineterm="", n=1
        )
        return "\n".join(lines)

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "resource": self.resource,
            "slug": self.slug,
            "title": self.title,
            "format": self.format,
            "links_removed": self.removed,
            "link_cards_changed": self.cards_changed,
            "link_cards_kept": [link.url for link in self.link_cards],
        }


def plan_post(post: Post, resource: str, transform: Transform) -> PostPlan | None:
    """The plan for one post as read from Ghost, or None if it has no document."""
    if post.lexical:
        fmt, original = "lexical", post.lexical
    elif post.mobiledoc:
        fmt, original = "mobiledoc", post.mobiledoc
    else:
        return None
    module = FORMATS[fmt]
    document = module.parse(original)
    result = transform(fmt, document)
    new = module.serialize(result.document) if result.changed else original
    return PostPlan(
        id=str(post.id),
        resource=resource,
        slug=post.slug or "",
        title=post.title or "",
        format=fmt,
        updated_at=post.updated_at or "",
        original=original,
        new=new,
        removed=result.removed,
        cards_changed=result.cards_changed,
        link_cards=result.link_cards,
        plaintext=post.plaintext,
        before_links=module.list_links(document) if result.changed else [],
        after_links=module.list_links(result.document) if result.changed else [],
    )


@dataclass
class Plan:
    """Every post an operation looked at, and the ones it would change."""

    seen: int = 0
    changes: list[PostPlan] = field(default_factory=list)
    unchanged: int = 0
    link_cards_kept: int = 0

    @property
    def links_removed(self) -> int:
        return sum(item.removed for item in self.changes)

    def add(self, item: PostPlan | None) -> None:
        self.seen += 1
        if item is None or not item.changed:
            self.unchanged += 1
        else:
            self.changes.append(item)
        if item is not None:
            self.link_cards_kept += len(item.link_cards)
