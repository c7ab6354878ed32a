"""Changes of a site's tags, on the run engine: merge tags into one, rename a tag, delete
the tags no post or page carries. Each is journaled, verified and undone like any run;
what a run deletes is journaled whole first (`ghostkit.operations.deletions`), so that
undo recreates it and re-attaches it to exactly the posts and pages that carried it.

    merge = await MergeTags.made(admin, ["updates", "Announcements"], into="news")
    summary = await Engine(admin, merge, runs_dir=..., selection=merge.selection()).apply()
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ghostkit.core.errors import UsageError
from ghostkit.operations.change import Change, Item, Patch, Selection
from ghostkit.operations.records import ITEM_ID
from ghostkit.operations.tag_names import (
    Tag,
    bare,
    check_slug,
    find,
    resolve,
    shown,
    slug_for,
)

Ref = dict[str, str]
"""A tag as a run names it: id (for one that exists), slug and name."""
MERGED = "tags merged"
DELETED = "tags deleted"


async def site_tags(admin: Any, *, counted: bool = False) -> list[Tag]:
    """Every tag of the site (with `counted`, each with `count.posts`: its posts and pages)."""
    params = {"include": "count.posts"} if counted else {}
    return [tag.to_dict() async for tag in admin.tags.iter(**params)]


def ref(tag: Mapping[str, Any]) -> Ref:
    made = {key: str(tag[key]) for key in ("id", "slug", "name") if tag.get(key)}
    if "id" in made and not ITEM_ID.fullmatch(made["id"]):
        raise ValueError(f"{made['id'][:40]!r} is not a Ghost id")
    return made


def _refs(value: Any, what: str) -> list[Ref]:
    if not isinstance(value, list) or not all(isinstance(t, Mapping) for t in value):
        raise ValueError(f"no {what} tags")
    return [ref(t) for t in value]


class MergeTags(Change):
    """Tags `merged` merged into `into`: each post and page carrying one of them (or
    `into`) gets `into` once, in the place of the first of them it carries, the other
    tags keeping their order; then the merged tags are deleted. An `into` without an id
    is added first (undo deletes it again)."""

    kind: ClassVar[str] = "tags-merge"
    reads: ClassVar[tuple[str, ...]] = ("tags",)
    resources: ClassVar[tuple[str, ...]] = ("posts", "pages")

    def __init__(self, merged: Sequence[Ref], into: Ref) -> None:
        self.into = dict(into)
        self.merged = [dict(t) for t in merged if t.get("id") != into.get("id")]
        if not self.merged:
            raise UsageError(
                "there is nothing to merge: every tag named is the target",
                hint="name the tags to merge into it: ghostkit tags merge A B --into C",
            )
        self._ids = {t["id"] for t in self.merged}

    @classmethod
    async def made(cls, admin: Any, words: Sequence[str], *, into: str) -> MergeTags:
        """The merge of the tags `words` name into the tag `into` names (added when the
        site has no such tag), resolved against the site's tags."""
        tags = await site_tags(admin)
        merged = list({t["id"]: ref(t) for t in (resolve(w, tags) for w in words)}.values())
        target = find(into, tags)
        if target is None:
            name = bare(into).strip()
            slug = slug_for(name)
            if not name or not slug:
                raise UsageError(
                    f"no tag is named {into!r}, and no slug can be made from it",
                    hint="create the tag first: ghostkit tags create --data "
                    '\'{"name": "...", "slug": "..."}\'',
                )
            clash = next((t for t in tags if t.get("slug") == slug), None)
            if clash is not None:
                raise UsageError(
                    f"no tag is named {into!r}, and its slug {slug!r} is {shown(clash)}'s",
                    hint=f"merge into that tag (--into slug:{slug}), or choose another name",
                )
            return cls(merged, {"slug": check_slug(slug), "name": name})
        return cls(merged, ref(target))

    @classmethod
    def from_description(cls, description: Mapping[str, Any]) -> MergeTags:
        into = description.get("into")
        if not isinstance(into, Mapping) or not into.get("slug"):
            raise ValueError("no target tag")
        return cls(_refs(description.get("merged"), "merged"), ref(into))

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "merged": self.merged, "into": self.into}

    def selection(self) -> Selection:
        """Every post and page carrying a merged tag."""
        return Selection(self.resources, f"tags.id:[{','.join(sorted(self._ids))}]")

    def _is_into(self, tag: Mapping[str, Any]) -> bool:
        if self.into.get("id"):
            return tag.get("id") == self.into["id"]
        return tag.get("slug") == self.into["slug"]

    def plan(self, item: Item) -> Patch | None:
        tags = list(item.get("tags") or [])
        family = [i for i, t in enumerate(tags) if t.get("id") in self._ids or self._is_into(t)]
        merged = sum(1 for t in tags if t.get("id") in self._ids)
        if not merged:
            return None
        kept: list[Any] = []
        for index, tag in enumerate(tags):
            if index == family[0]:
                kept.append(tag if self._is_into(tag) else dict(self.into))
            elif index not in family:
                kept.append(tag)
        return Patch({"tags": kept}, counts={MERGED: merged})

    def check(self, before: Item, after: Item) -> str | None:
        left = [t.get("slug") for t in after.get("tags") or [] if t.get("id") in self._ids]
        return f"still carries {', '.join(map(str, left))}" if left else None

    def prerequisites(self) -> dict[str, list[dict[str, Any]]]:
        """The target tag, added before any edit when it is new."""
        if self.into.get("id"):
            return {}
        return {"tags": [{"name": self.into["name"], "slug": self.into["slug"]}]}

    def deletions(self) -> list[Ref]:
        return [{"resource": "tags", **t} for t in self.merged]


class RenameTag(Change):
    """One tag's name (and, when given, slug) changed."""

    kind: ClassVar[str] = "tags-rename"
    reads: ClassVar[tuple[str, ...]] = ("name", "slug")
    resources: ClassVar[tuple[str, ...]] = ("tags",)
    replans: ClassVar[bool] = False
    """A tag renamed by someone else meanwhile is left as they made it."""

    def __init__(self, tag: Ref, name: str, slug: str | None = None) -> None:
        if not name.strip():
            raise UsageError("the new name is empty", hint="give the tag's new name")
        self.tag = ref(tag)
        self.name = name
        self.slug = check_slug(slug) if slug is not None else None

    @classmethod
    async def made(cls, admin: Any, word: str, name: str, *, slug: str | None = None) -> RenameTag:
        """The rename of the tag `word` names, refused when another tag has the new name
        or slug (say to merge them instead)."""
        tags = await site_tags(admin)
        tag = resolve(word, tags)
        for other in tags:
            if other["id"] == tag["id"]:
                continue
            taken = str(other.get("name") or "").casefold() == name.casefold()
            if taken or (slug is not None and other.get("slug") == slug):
                raise UsageError(
                    f"{shown(other)} has that {'name' if taken else 'slug'} already",
                    hint=f"merge the two instead: ghostkit tags merge slug:{tag['slug']} "
                    f"--into slug:{other['slug']}",
                )
        return cls(ref(tag), name, slug)

    @classmethod
    def from_description(cls, description: Mapping[str, Any]) -> RenameTag:
        to = description.get("to")
        tag = description.get("tag")
        if not isinstance(to, Mapping) or not isinstance(tag, Mapping):
            raise ValueError("no tag or new name")
        slug = to.get("slug")
        return cls(ref(tag), str(to.get("name") or ""), slug if isinstance(slug, str) else None)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "tag": self.tag, "to": {"name": self.name, "slug": self.slug}}

    def selection(self) -> Selection:
        return Selection(self.resources, f"id:{self.tag['id']}")

    def plan(self, item: Item) -> dict[str, Any] | None:
        if item.get("id") != self.tag["id"]:
            return None
        return {"name": self.name, **({"slug": self.slug} if self.slug else {})}


class DeleteUnusedTags(Change):
    """Every selected tag that no post or page carries, deleted. Internal tags (`#...`)
    are left unless `internal`."""

    kind: ClassVar[str] = "tags-delete-unused"
    reads: ClassVar[tuple[str, ...]] = ("count.posts", "visibility")
    resources: ClassVar[tuple[str, ...]] = ("tags",)

    def __init__(self, *, internal: bool = False, filter: str | None = None) -> None:
        self.internal = internal
        self.filter = filter
        self.unused: dict[str, Ref] = {}

    @classmethod
    def from_description(cls, description: Mapping[str, Any]) -> DeleteUnusedTags:
        filter_ = description.get("filter")
        return cls(
            internal=description.get("internal") is True,
            filter=filter_ if isinstance(filter_, str) else None,
        )

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "internal": self.internal, "filter": self.filter}

    def selection(self) -> Selection:
        """The tags to look at: public ones only unless `internal`, within `filter`."""
        parts = ([] if self.internal else ["visibility:public"]) + (
            [f"({self.filter})"] if self.filter else []
        )
        return Selection(self.resources, "+".join(parts) or None)

    def plan(self, item: Item) -> None:
        count = (item.get("count") or {}).get("posts")
        public = item.get("visibility") != "internal"
        if count == 0 and (public or self.internal):
            self.unused[str(item["id"])] = ref(item)
        else:
            self.unused.pop(str(item["id"]), None)

    def deletions(self) -> list[Ref]:
        return [{"resource": "tags", **t} for t in self.unused.values()]
