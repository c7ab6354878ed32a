"""The engine over each resource it changes: tags, members and pages, with small changes of
their own, against the real Ghost. Each run is checked on the server, in its journal
(`ghostkit runs show RUN --json`) and by its verify; a save made by someone else between
the plan and the write is kept (Ghost checks `updated_at` for pages itself, and for tags
and members the engine reads the item again before writing it); and undo puts every item
back exactly."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest

from ghostkit import GhostAdmin
from ghostkit.clients._async.admin import AsyncGhostAdmin
from ghostkit.operations import Change, Engine, Item, Selection, Summary, run, undo
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import unique

VOLATILE = ("updated_at",)
"""What an edit and its undo move on an item, whatever they change."""


class DescribeTags(Change):
    kind = "describe-tags"
    reads = ("description",)

    def plan(self, item: Item) -> dict[str, Any] | None:
        description = item.get("description") or ""
        if description.startswith("Archive: "):
            return None
        return {"description": "Archive: " + description}


class NoteMembers(Change):
    kind = "note-members"
    reads = ("note",)

    def plan(self, item: Item) -> dict[str, Any] | None:
        note = item.get("note") or ""
        if note.endswith("[met at the fair]"):
            return None
        return {"note": (note + " " if note else "") + "[met at the fair]"}


class PrefixPages(Change):
    kind = "prefix-pages"
    reads = ("title",)

    def plan(self, item: Item) -> dict[str, Any] | None:
        if item["title"].startswith("[Old] "):
            return None
        return {"title": "[Old] " + item["title"]}


@dataclass(frozen=True)
class Kind:
    """One resource, how its test items are made and selected, and the change run on it."""

    resource: str
    field: str
    change: Callable[[], Change]
    make: Callable[[GhostAdmin, str, str | None], Any]
    key: str
    """The field the filter selects by (slug, or email for members)."""
    changed: Callable[[str | None], str]
    """What the change makes of the field's value."""

    def filter(self, keys: list[str]) -> str:
        return f"{self.key}:[{','.join(repr(k) if '@' in k else k for k in keys)}]"


def _tag(admin: GhostAdmin, name: str, value: str | None) -> Any:
    return admin.tags.add({"name": name, "description": value})


def _member(admin: GhostAdmin, name: str, value: str | None) -> Any:
    fields = {"email": f"{name}@example.com", "name": name}
    return admin.members.add({**fields, "note": value} if value is not None else fields)


def _page(admin: GhostAdmin, name: str, value: str | None) -> Any:
    return admin.pages.add({"title": value or name, "html": "<p>About us.</p>"}, source="html")


KINDS = [
    Kind(
        "tags",
        "description",
        DescribeTags,
        _tag,
        "slug",
        lambda value: "Archive: " + (value or ""),
    ),
    Kind(
        "members",
        "note",
        NoteMembers,
        _member,
        "email",
        lambda value: (value + " " if value else "") + "[met at the fair]",
    ),
    Kind("pages", "title", PrefixPages, _page, "slug", lambda value: "[Old] " + (value or "")),
]


class Site:
    def __init__(self, ghost: LiveGhost, root: Path) -> None:
        self.ghost = ghost
        self.admin = GhostAdmin(ghost.url, key=ghost.admin_key)
        self.env = {
            **os.environ,
            "GHOST_URL": ghost.url,
            "GHOST_ADMIN_API_KEY": ghost.admin_key,
            "GHOSTKIT_DATA_DIR": str(root / "data"),
            "GHOSTKIT_CONFIG": str(root / "c.toml"),
        }
        self.runs = root / "data" / "runs"
        self.made: list[tuple[str, str]] = []

    def make(self, kind: Kind, value: str | None) -> dict[str, Any]:
        made = kind.make(self.admin, unique(kind.resource[:-1]), value).to_dict()
        self.made.append((kind.resource, str(made["id"])))
        return dict(made)

    def key_of(self, kind: Kind, item: dict[str, Any]) -> str:
        return str(item[kind.key])

    def state(self, kind: Kind) -> dict[str, dict[str, Any]]:
        """Every item of the resource, as the API gives it."""
        resource = getattr(self.admin, kind.resource)
        params: dict[str, Any] = (
            {"formats": "lexical,mobiledoc,html"} if kind.resource == "pages" else {}
        )
        return {str(i.id): i.to_dict() for i in resource.iter(**params)}

    def edit_elsewhere(self, kind: Kind, item_id: str, value: str) -> None:
        """Someone else's save of the field, through the Admin API, a second after the
        plan read it (Ghost's `updated_at` has whole seconds)."""
        time.sleep(1.1)
        resource = getattr(self.admin, kind.resource)
        if kind.resource == "pages":
            resource.update(item_id, lambda _current: {kind.field: value})
        else:
            resource.edit(item_id, {kind.field: value})

    def journal(self, run_id: str) -> dict[str, Any]:
        shown = cli.run(self.env, "runs", "show", run_id, "--json")
        assert shown.returncode == 0, shown.stderr
        document: dict[str, Any] = json.loads(shown.stdout)
        return document

    def close(self) -> None:
        for resource, item_id in reversed(self.made):
            getattr(self.admin, resource).delete(item_id)
        self.admin.close()


@pytest.fixture
def site(ghost: LiveGhost, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    made = Site(ghost, tmp_path)
    for name in ("GHOST_URL", "GHOST_ADMIN_API_KEY", "GHOSTKIT_DATA_DIR", "GHOSTKIT_CONFIG"):
        monkeypatch.setenv(name, made.env[name])
    yield made
    made.close()


def without(item: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in (*VOLATILE, *names)}


def assert_back(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> None:
    """Every item holds again exactly what it held before the run."""
    assert set(after) == set(before)
    for item_id, item in after.items():
        assert without(item) == without(before[item_id]), item_id


@pytest.mark.parametrize("kind", KINDS, ids=[k.resource for k in KINDS])
def test_a_change_runs_verifies_and_undoes(site: Site, kind: Kind) -> None:
    chosen = [site.make(kind, None), site.make(kind, "Kept words")]
    site.make(kind, "Not chosen")
    before = site.state(kind)
    keys = [site.key_of(kind, item) for item in chosen]

    summary = run(kind.change(), resources=[kind.resource], filter=kind.filter(keys))

    assert isinstance(summary, Summary)
    assert (summary.changed, summary.failed, summary.seen) == (2, 0, 2), summary.failures
    assert summary.verify is not None and summary.verify["ok"] is True, summary.verify
    assert summary.verify["checked"] == 2
    after = site.state(kind)
    assert set(after) == set(before)
    ids = {str(item["id"]) for item in chosen}
    for item_id, item in after.items():
        if item_id in ids:
            assert item[kind.field] == kind.changed(before[item_id][kind.field]), item
            assert without(item, kind.field) == without(before[item_id], kind.field)
        else:
            assert item == before[item_id]

    journal = site.journal(summary.run_id)
    assert journal["run"]["change"] == {"kind": kind.change().kind}
    assert journal["run"]["selection"] == {
        "resources": [kind.resource],
        "filter": kind.filter(keys),
    }
    assert {p["id"] for p in journal["posts"]} == ids
    assert all(p["resource"] == kind.resource for p in journal["posts"])
    assert all(p["status"] == "done" for p in journal["posts"])
    assert all(p["fields"] == [kind.field] for p in journal["posts"])
    assert journal["summaries"][-1]["verify"]["ok"] is True

    again = run(kind.change(), resources=[kind.resource], filter=kind.filter(keys))
    assert isinstance(again, Summary) and again.changed == 0 and again.unchanged == 2

    assert undo(summary.run_id) == {"run_id": summary.run_id, "restored": 2, "skipped": {}}
    assert_back(before, site.state(kind))


async def _plan_then_apply(
    site: Site, kind: Kind, filter: str, between: Callable[[], None]
) -> Summary:
    """The run in two steps, with `between` done after the plan and before the writes."""
    async with AsyncGhostAdmin(site.ghost.url, key=site.ghost.admin_key) as admin:
        engine = Engine(
            admin, kind.change(), runs_dir=site.runs, selection=Selection((kind.resource,), filter)
        )
        with engine.holding_site():
            plan = await engine.plan()
            assert len(plan.changes) == 1
            await asyncio.to_thread(between)
            return await engine.apply(plan)


@pytest.mark.parametrize("kind", KINDS, ids=[k.resource for k in KINDS])
def test_an_edit_made_between_plan_and_write_is_kept(site: Site, kind: Kind) -> None:
    item = site.make(kind, "Theirs before")
    item_id = str(item["id"])
    before = site.state(kind)

    summary = asyncio.run(
        _plan_then_apply(
            site,
            kind,
            kind.filter([site.key_of(kind, item)]),
            lambda: site.edit_elsewhere(kind, item_id, "Their newer words"),
        )
    )

    assert (summary.changed, summary.failed) == (1, 0), summary.failures
    assert summary.verify is not None and summary.verify["ok"] is True, summary.verify
    now = site.state(kind)[item_id]
    assert now[kind.field] == kind.changed("Their newer words"), "their edit was overwritten"

    assert undo(summary.run_id)["restored"] == 1
    back = site.state(kind)
    assert back[item_id][kind.field] == "Their newer words"
    assert without(back[item_id], kind.field) == without(before[item_id], kind.field)


class LabelMembers(Change):
    """Adds a label to each member, after the labels they have."""

    kind: ClassVar[str] = "label-members"
    reads: ClassVar[tuple[str, ...]] = ("labels",)

    def __init__(self, label: str) -> None:
        self.label = label

    def plan(self, item: Item) -> dict[str, Any] | None:
        names = [label["name"] for label in item.get("labels") or []]
        if self.label in names:
            return None
        return {"labels": [*({"name": n} for n in names), {"name": self.label}]}


def test_a_label_is_added_to_members_and_taken_back(site: Site) -> None:
    kind = KINDS[1]
    label = unique("fair")
    first = site.admin.members.add(
        {"email": unique("m") + "@example.com", "labels": [{"name": unique("had")}]}
    ).to_dict()
    second = site.admin.members.add({"email": unique("m") + "@example.com"}).to_dict()
    site.made += [("members", str(first["id"])), ("members", str(second["id"]))]
    before = site.state(kind)

    summary = run(
        LabelMembers(label),
        resources=["members"],
        filter=kind.filter([first["email"], second["email"]]),
    )

    assert isinstance(summary, Summary)
    assert (summary.changed, summary.failed) == (2, 0), summary.failures
    assert summary.verify is not None and summary.verify["ok"] is True, summary.verify
    after = site.state(kind)
    for member in (first, second):
        had = [x["name"] for x in before[str(member["id"])]["labels"]]
        assert [x["name"] for x in after[str(member["id"])]["labels"]] == [*had, label]
    journal = site.journal(summary.run_id)
    assert all(p["fields"] == ["labels"] for p in journal["posts"])

    assert undo(summary.run_id)["restored"] == 2
    back = site.state(kind)
    for member in (first, second):
        assert without(back[str(member["id"])]) == without(before[str(member["id"])])
    made_label = next(x for x in site.admin.labels.iter() if x.name == label)
    site.admin.labels.delete(made_label.id)
