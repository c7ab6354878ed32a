"""`posts tags add|remove` and `posts authors add|set|remove`: tags and authors of every
selected post or page, edited item by item (Ghost's bulk `addTag` puts a tag in no
definite place, and it has no bulk action for authors), each post keeping the order of
what it already had.

The tags and authors are found on the site before anything is read (by slug or name,
by email or slug): a name the site lacks is refused, or, for tags with `create`, added
once before the first edit (journaled: `runs undo` deletes it again). A removal that
would leave a post without authors (Ghost refuses those) is refused before anything is
sent, naming the posts (`left_without_authors`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ghostkit.core.errors import GhostError, UsageError
from ghostkit.operations import tag_names
from ghostkit.operations.change import Change, Item, Patch

Named = dict[str, Any]
TAG_ACTIONS = ("add", "remove")
TAG_KEYS = ("id", "slug", "name")
AUTHOR_ACTIONS = ("add", "set", "remove")
AUTHOR_ROLES = ("Author", "Contributor")
"""Roles whose edits of a post's authors Ghost drops without a word."""


def _same(one: Mapping[str, Any], other: Mapping[str, Any], keys: Sequence[str]) -> bool:
    for key in keys:
        if one.get(key) and other.get(key):
            return str(one[key]).lower() == str(other[key]).lower()
    return False


@dataclass(frozen=True)
class EditTags(Change):
    """Add (`first`: in front, the primary tag) or remove `tags` ({id, slug, name}; one
    to be made has no id) on every selected item."""

    action: str
    tags: tuple[Named, ...]
    first: bool = False
    resources: tuple[str, ...] = ("posts", "pages")
    kind: ClassVar[str] = "post-tags"
    reads: ClassVar[tuple[str, ...]] = ("tags",)

    def __post_init__(self) -> None:
        if self.action not in TAG_ACTIONS or not self.tags:
            raise ValueError(f"not a tags change: {self.action!r} {self.tags!r}")

    def _given(self, tag: Mapping[str, Any]) -> bool:
        return any(_same(tag, named, TAG_KEYS) for named in self.tags)

    def plan(self, item: Item) -> Patch | None:
        current = list(item.get("tags") or [])
        others = [tag for tag in current if not self._given(tag)]
        if self.action == "remove":
            return Patch({"tags": others}, counts={"tags removed": len(current) - len(others)})
        missing = [dict(t) for t in self.tags if not any(_same(c, t, TAG_KEYS) for c in current)]
        counts = {"tags added": len(missing)}
        if self.first:
            return Patch({"tags": [dict(t) for t in self.tags] + others}, counts=counts)
        return Patch({"tags": current + missing}, counts=counts)

    def prerequisites(self) -> dict[str, list[Named]]:
        """The tags to add to the site before the first edit: the ones without an id."""
        made = [{"name": t["name"], "slug": t["slug"]} for t in self.tags if not t.get("id")]
        return {"tags": made} if made and self.action == "add" else {}

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "action": self.action,
            "tags": list(self.tags),
            "first": self.first,
        }

    @classmethod
    def from_description(cls, description: Mapping[str, Any]) -> EditTags:
        tags = description.get("tags")
        if not isinstance(tags, list) or not all(isinstance(t, dict) for t in tags):
            raise ValueError(f"not a description of posts tags: {dict(description)}")
        return cls(str(description.get("action")), tuple(tags), bool(description.get("first")))


@dataclass(frozen=True)
class EditAuthors(Change):
    """Add, set (exactly these, in this order) or remove `authors` ({id, email, slug})."""

    action: str
    authors: tuple[Named, ...]
    resources: tuple[str, ...] = ("posts", "pages")
    kind: ClassVar[str] = "post-authors"
    reads: ClassVar[tuple[str, ...]] = ("authors",)

    def __post_init__(self) -> None:
        if self.action not in AUTHOR_ACTIONS or not self.authors:
            raise ValueError(f"not an authors change: {self.action!r} {self.authors!r}")

    def plan(self, item: Item) -> Patch | None:
        current = list(item.get("authors") or [])
        given = [{"id": a["id"]} for a in self.authors]
        keep = [a for a in current if not any(a.get("id") == g["id"] for g in given)]
        if self.action == "set":
            return Patch({"authors": given}, counts={"authors set": 1})
        if self.action == "add":
            have = {a.get("id") for a in current}
            missing = [g for g in given if g["id"] not in have]
            return Patch({"authors": current + missing}, counts={"authors added": len(missing)})
        if not keep:
            raise UsageError(
                f"removing them would leave {item.get('slug')} without authors",
                hint="Ghost needs one author on every post: add another first",
            )
        return Patch({"authors": keep}, counts={"authors removed": len(current) - len(keep)})

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "action": self.action, "authors": list(self.authors)}

    @classmethod
    def from_description(cls, description: Mapping[str, Any]) -> EditAuthors:
        authors = description.get("authors")
        if not isinstance(authors, list) or not all(
            isinstance(a, dict) and a.get("id") for a in authors
        ):
            raise ValueError(f"not a description of posts authors: {dict(description)}")
        return cls(str(description.get("action")), tuple(authors))


async def find_tags(admin: Any, words: Sequence[str], *, create: bool) -> tuple[Named, ...]:
    """The site's tags that `words` name (as `tag_names.find` reads them: by slug, else
    by name, case aside; `slug:` or `name:` to say which), each once, in order; with
    `create`, one the site lacks is to be made ({name, slug}); without, refused."""
    tags = [t.to_dict() async for t in admin.tags.iter(fields="id,slug,name")]
    found: dict[str, Named] = {}
    for word in (w.strip() for w in words):
        if not tag_names.bare(word):
            raise UsageError("a TAG is empty", hint="name each tag by its name or slug")
        tag = tag_names.find(word, tags)
        if tag is not None:
            found[tag["id"]] = {"id": tag["id"], "slug": tag["slug"], "name": tag["name"]}
            continue
        if not create:
            error = tag_names.unknown(word, tags)
            raise UsageError(error.message, hint=f"{error.hint}; or add --create to make it")
        name = tag_names.bare(word)
        slug = tag_names.slug_for(name)
        if not slug:
            raise UsageError(
                f"no slug can be made of {name!r}",
                hint="make the tag first, with a slug: `ghostkit tags create --help`",
            )
        found.setdefault(f"new:{slug}", {"name": name, "slug": slug})
    return tuple(found.values())


async def find_authors(admin: Any, words: Sequence[str]) -> tuple[Named, ...]:
    """The staff users that `words` name, by email or slug, in order."""
    users = [u.to_dict() async for u in admin.users.iter()]
    found: list[Named] = []
    for word in dict.fromkeys(w.strip() for w in words):
        user = next(
            (
                u
                for u in users
                if word.lower() in (str(u.get("email") or "").lower(), u.get("slug"))
            ),
            None,
        )
        if user is None:
            raise UsageError(
                f"the site has no staff user {word!r}",
                hint="name authors by email or slug: see `ghostkit users list`",
            )
        found.append({"id": user["id"], "email": user.get("email"), "slug": user["slug"]})
    return tuple(found)


async def check_may_edit_authors(admin: Any) -> None:
    """Refuse a run whose credentials Ghost would not let change authors: as an Author
    or a Contributor, Ghost drops the authors of every edit without a word (it checks
    only that the primary author stays). An integration key may."""
    try:
        me = await admin.users.me(include="roles")
    except GhostError:
        return  # an integration key: no user, Ghost lets it
    roles = [r.get("name") for r in (me.to_dict().get("roles") or []) if isinstance(r, Mapping)]
    held = [role for role in roles if role in AUTHOR_ROLES]
    if held:
        raise UsageError(
            f"you are signed in as an {held[0]}: Ghost ignores the authors an {held[0]} sends",
            hint="run it as an Editor or Administrator, or with an integration's Admin API key",
        )


async def check_removal(
    admin: Any, resources: Sequence[str], filter: str | None, authors: Sequence[Named]
) -> None:
    """Refuse, before anything is sent, a removal that would leave a selected item
    without authors (Ghost refuses those), naming the items."""
    ids = {a["id"] for a in authors}
    left = []
    for name in resources:
        found = getattr(admin, name).iter(filter=filter, include="authors", fields="id,slug")
        async for item in found:
            data = item.to_dict()
            if all(a.get("id") in ids for a in data.get("authors") or []):
                left.append(f"{name[:-1]} {data.get('slug')}")
    if left:
        shown = ", ".join(left[:10]) + (f" and {len(left) - 10} more" if len(left) > 10 else "")
        raise UsageError(
            f"Ghost refuses a post without authors, and this would leave {len(left)}: {shown}",
            hint="add another author to those first, or leave them out of --filter",
        )
