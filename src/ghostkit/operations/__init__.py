"""Bulk changes: planned, previewed, journaled, collision-safe, verified, resumable and
undoable, whatever they change. See docs/changes.md.

    from ghostkit.operations import strip_links

    summary = strip_links("local", external_only=True)

Your own change, with the same guarantees:

    from ghostkit.operations import Change, run

    class PrefixDrafts(Change):
        kind = "prefix-drafts"
        reads = ("title",)

        def plan(self, item):
            if not item["title"].startswith("Draft: "):
                return {"title": "Draft: " + item["title"]}

    run(PrefixDrafts(), "local", filter="status:draft")
"""

from typing import TYPE_CHECKING, Any

# The module `undo` is loaded before the function `undo` takes its name here: loaded
# later (the function imports it), it would replace the function with itself.
import ghostkit.operations.undo as _undo_module  # noqa: F401
from ghostkit.operations.api import replace_text, restore, resume, run, strip_links, undo
from ghostkit.operations.change import Change, Item, Patch, Selection
from ghostkit.operations.engine import Engine
from ghostkit.operations.plan import ItemPlan, Plan
from ghostkit.operations.select import ChangeError
from ghostkit.operations.summary import Outcome, Summary

if TYPE_CHECKING:
    from ghostkit.operations.lint_report import LintReport, lint

__all__ = [
    "Change",
    "ChangeError",
    "Engine",
    "Item",
    "ItemPlan",
    "LintReport",
    "Outcome",
    "Patch",
    "Plan",
    "Selection",
    "Summary",
    "lint",
    "replace_text",
    "restore",
    "resume",
    "run",
    "strip_links",
    "undo",
]


def __getattr__(name: str) -> Any:
    """`lint` and `LintReport`, imported when first named: a bulk run never needs them."""
    if name not in ("lint", "LintReport"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from ghostkit.operations import lint_report

    value = getattr(lint_report, name)
    globals()[name] = value
    return value
