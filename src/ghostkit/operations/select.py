"""Selecting and planning: what the engine asks Ghost for, and what a change makes of one
item (checked before anything is sent)."""

from __future__ import annotations

from typing import Any

from ghostkit.core.errors import ConfigurationError, GhostError
from ghostkit.models.fields import refuse_unknown
from ghostkit.operations.change import RELATIONS, Change, Item, effective, patch_of
from ghostkit.operations.plan import ItemPlan

COLLISION_CHECKED = ("posts", "pages")
"""Where Ghost itself refuses a write with a stale `updated_at`; elsewhere the engine
reads the item again just before writing it."""
ALWAYS_READ = {
    "posts": ("id", "uuid", "slug", "title", "updated_at"),
    "pages": ("id", "uuid", "slug", "title", "updated_at"),
    "tags": ("id", "slug", "name", "updated_at"),
    "members": ("id", "email", "name", "updated_at"),
}
FORMAT_FIELDS = ("lexical", "mobiledoc", "html", "plaintext")
NOT_WRITTEN = {"id", "uuid", "updated_at", "created_at", "url", "count"}
"""Fields Ghost sets itself: a patch that writes one is refused."""


class ChangeError(GhostError):
    """The change itself failed (its `plan` raised, or returned what cannot be written):
    the run stops, and what it wrote so far is journaled (`run_id`, once it has one)."""

    run_id: str | None = None

    def stopped(self, run_id: str) -> ChangeError:
        """This error, for a run that had begun: it says which run, and how to go on."""
        stopped = ChangeError(
            f"run {run_id} stopped: {self.message}",
            hint=f"fix the change, then finish the run with resume({run_id!r}, change=...) "
            f"(a built-in change: `ghostkit runs resume {run_id}`), or take it back with "
            f"`ghostkit runs undo {run_id}`",
        )
        stopped.run_id = run_id
        return stopped


def read_params(change: Change, resource: str) -> dict[str, Any]:
    """What to ask Ghost for: the change's fields and nothing else (a page of posts
    without authors, tags and URLs is read 3x faster)."""
    reads = tuple(getattr(change, "reads", ())) + tuple(getattr(change, "keeps", ()))
    params: dict[str, Any] = {}
    formats = [f for f in FORMAT_FIELDS if f in reads]
    if formats and resource in COLLISION_CHECKED:
        params["formats"] = ",".join(formats)
    include = [r for r in dict.fromkeys(reads) if r in RELATIONS or r.startswith("count.")]
    if include:
        params["include"] = ",".join(include)
    elif resource in ALWAYS_READ:
        params["fields"] = ",".join(dict.fromkeys(ALWAYS_READ[resource] + reads))
    return params


def plan_item(change: Change, kind: str, item: Item) -> ItemPlan:
    """What `change` makes of one item. A change that raises, or asks for a field that
    cannot be written, is `ChangeError` naming the item."""
    where = f"{item.resource} {item.get('slug') or item.get('email') or item.get('id')}"
    try:
        patch = effective(item, patch_of(change.plan(item)))
    except GhostError as error:
        raise ChangeError(
            f"{kind} cannot plan {where}: {error.message}", hint=error.hint
        ) from error
    except Exception as error:
        raise ChangeError(
            f"{kind} failed on {where}: {type(error).__name__}: {error}",
            hint="fix the change and run it again; nothing was sent for that item",
        ) from error
    fixed = sorted(NOT_WRITTEN & set(patch))
    if fixed:
        raise ChangeError(
            f"{kind} asks to write {', '.join(fixed)} of {where}: Ghost sets those",
            hint="a patch holds only fields Ghost lets you edit",
        )
    try:
        refuse_unknown(item.resource, patch)
    except ConfigurationError as error:
        raise ChangeError(f"{kind} cannot plan {where}: {error.message}", hint=error.hint) from None
    return ItemPlan.of(item, patch, tuple(getattr(change, "keeps", ())))
