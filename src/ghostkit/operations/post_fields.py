"""`posts set`: the same metadata on every selected post or page, each field checked
before anything is read. Fields Ghost's bulk endpoint can set (`featured`, `visibility`
and tiers, `status=draft` of published posts) go through it (see
`ghostkit.operations.bulk_endpoint`); the others are edited item by item. Both are
journaled the same way, so `runs undo` puts every item back alike.

Publishing never sends an email: ghostkit sends no `newsletter`, scheduled and sent posts
keep their status, and a run that would publish a post Ghost emails by itself (a draft
that keeps a newsletter whose email failed: Ghost sends it again) is refused before
anything is sent (`check_publishing`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlsplit

from ghostkit.core.errors import UsageError
from ghostkit.operations.change import Change, Item, Patch

TEXT_LIMITS = {
    "meta_title": 300,
    "meta_description": 500,
    "og_title": 300,
    "og_description": 500,
    "twitter_title": 300,
    "twitter_description": 500,
    "custom_excerpt": 300,
    "feature_image_alt": 191,
    "feature_image_caption": 65535,
}
"""Text fields and the length Ghost validates them against."""
URL_FIELDS = ("canonical_url", "feature_image", "og_image", "twitter_image")
CHOICES = {
    "visibility": ("public", "members", "paid", "tiers"),
    "status": ("draft", "published"),
    "featured": ("true", "false"),
}
ALIASES = {"template": "custom_template", "excerpt": "custom_excerpt"}
FIELDS = (*CHOICES, "custom_template", *URL_FIELDS, *TEXT_LIMITS)
"""Every field `posts set` writes (and `template`, `excerpt` for two of them)."""
LEFT_SCHEDULED = "left as they are (scheduled or sent)"


def parse_assignments(
    assignments: Sequence[str], *, tiers: Sequence[Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """FIELD=VALUE words as the fields to write, each value checked (an empty VALUE
    clears a text or URL field). `tiers`: the tiers (resolved, with their ids) that
    `visibility=tiers` needs and nothing else takes."""
    if not assignments:
        raise UsageError(
            "give at least one FIELD=VALUE", hint="such as featured=true or visibility=paid"
        )
    values: dict[str, Any] = {}
    for word in assignments:
        name, sep, value = word.partition("=")
        name = ALIASES.get(name.strip(), name.strip())
        if not sep or not name:
            raise UsageError(f"{word!r} is not FIELD=VALUE", hint="such as featured=true")
        if name not in FIELDS:
            raise UsageError(
                f"posts set cannot write {name!r}",
                hint=f"the fields are: {', '.join(FIELDS)} (and template, excerpt)",
            )
        if name in values:
            raise UsageError(f"{name} is given twice", hint="give each field once")
        values[name] = _value(name, value)
    visibility = values.get("visibility")
    if visibility == "tiers":
        if not tiers:
            raise UsageError(
                "visibility=tiers needs --tiers", hint="name the tiers: --tiers gold,silver"
            )
        values["tiers"] = [{"id": str(tier["id"])} for tier in tiers]
    elif tiers:
        raise UsageError(
            "--tiers is only for visibility=tiers",
            hint="add visibility=tiers, or leave --tiers out",
        )
    return values


def _value(name: str, value: str) -> Any:
    if name in CHOICES:
        if value not in CHOICES[name]:
            raise UsageError(
                f"{name}={value!r} is not one of: {', '.join(CHOICES[name])}",
                hint="to publish later, use `ghostkit posts schedule`"
                if name == "status"
                else f"such as {name}={CHOICES[name][0]}",
            )
        return value == "true" if name == "featured" else value
    if value == "":
        return None
    if name == "custom_template":
        if not value.startswith("custom-") or "/" in value or len(value) > 100:
            raise UsageError(
                f"template {value!r} is not a custom template's name",
                hint="a theme's custom-NAME.hbs is template=custom-NAME; template= clears it",
            )
        return value
    if name in URL_FIELDS:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 2000:
            raise UsageError(
                f"{name} {value!r} is not an http(s) URL",
                hint=f"such as {name}=https://example.com/...; {name}= clears it",
            )
        return value
    limit = TEXT_LIMITS[name]
    if len(value) > limit:
        raise UsageError(
            f"{name} is {len(value)} characters long: Ghost takes at most {limit}",
            hint="shorten it",
        )
    return value


@dataclass(frozen=True)
class SetFields(Change):
    """The same values on every selected item (`values`, as `parse_assignments` makes
    them). A value an item holds already is not written again."""

    values: Mapping[str, Any]
    resources: tuple[str, ...] = ("posts", "pages")
    kind: ClassVar[str] = "set-fields"
    replans: ClassVar[bool] = True
    tier_names: tuple[str, ...] = field(default=())

    @property
    def reads(self) -> tuple[str, ...]:  # type: ignore[override]
        names = [name for name in self.values if name != "tiers"]
        if "visibility" in self.values:
            names.append("tiers")
        return tuple(names)

    def plan(self, item: Item) -> Patch | None:
        patch = Patch(dict(self.values))
        if "status" in patch and item.get("status") in ("scheduled", "sent"):
            del patch["status"]  # `posts unschedule` or Ghost's editor: their email waits
            patch.counts[LEFT_SCHEDULED] = 1
        if patch.get("visibility") is not None and patch["visibility"] != "tiers":
            patch.pop("tiers", None)
        return patch

    def bulk(self, item: Any) -> tuple[str, dict[str, Any]] | None:
        """The bulk action that writes this item's patch, if Ghost has one."""
        return bulk_action(item.patch, item.before, self.values.get("tiers"))

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "values": dict(self.values), "tiers": list(self.tier_names)}

    @classmethod
    def from_description(cls, description: Mapping[str, Any]) -> SetFields:
        values = description.get("values")
        if not isinstance(values, dict) or not values:
            raise ValueError(f"not a description of posts set: {dict(description)}")
        names = description.get("tiers") or ()
        return cls(dict(values), tier_names=tuple(str(n) for n in names))


def bulk_action(
    patch: Mapping[str, Any],
    before: Mapping[str, Any],
    tiers: Sequence[Mapping[str, Any]] | None = None,
) -> tuple[str, dict[str, Any]] | None:
    """Ghost's bulk action (and its meta) that writes exactly `patch`, or None. Ghost 5
    and 6 have feature, unfeature, access (visibility and tiers), unpublish (published
    posts only), unschedule and addTag; addTag puts the tag in no definite place, so
    tags are always edited item by item. `tiers`: those of `visibility=tiers`, for a
    patch that lost them (a post's tiers are those already when it is paid-only and
    they are all the paid ones), since Ghost keeps no tiers of a post that had none."""
    names = set(patch)
    if names == {"featured"}:
        return ("feature" if patch["featured"] else "unfeature"), {}
    if names and names <= {"visibility", "tiers"} and patch.get("visibility", "x") is not None:
        visibility = patch.get("visibility") or before.get("visibility")
        meta: dict[str, Any] = {"visibility": visibility}
        if visibility == "tiers":
            chosen = patch.get("tiers") or tiers
            if not chosen:
                return None
            meta["tiers"] = [{"id": tier["id"]} for tier in chosen]
        elif "tiers" in patch:
            return None
        return "access", meta
    if names == {"status"} and patch["status"] == "draft" and before.get("status") == "published":
        return "unpublish", {}
    return None


async def check_publishing(resource: Any, filter: str | None) -> None:
    """Refuse to publish drafts Ghost would email by itself: a draft keeps its newsletter
    only once an email was made for it, and Ghost sends that email again when it had
    failed (ghostkit never asks for an email)."""
    drafts = "status:draft" + (f"+({filter})" if filter else "")
    emailed = []
    async for post in resource.iter(filter=drafts, include="newsletter,email"):
        data = post.to_dict()
        email = data.get("email") if isinstance(data.get("email"), Mapping) else None
        if data.get("newsletter") and (email is None or email.get("status") == "failed"):
            emailed.append(str(data.get("slug")))
    if emailed:
        raise UsageError(
            f"publishing would make Ghost email {len(emailed)} of these posts again (their "
            f"newsletter email failed): {', '.join(emailed[:10])}",
            hint="leave them out of --filter, and publish each in Ghost's editor",
        )
