"""A whole-site backup as one JSON file, written as it is read, and its restore plan.

    {"posts": [...], "pages": [...], "tags": [...], ..., "settings": {...},
     "manifest": {"site": ..., "version": ..., "created_at": ..., "counts": {...}}}

The manifest comes last because the counts are known only at the end; every list is
streamed to the file item by item, so memory stays flat however big the site is.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ghostkit.clients._sync.admin import GhostAdmin
from ghostkit.core.errors import GhostError, PermissionDeniedError

LISTS = ("posts", "pages", "tags", "labels", "tiers", "newsletters", "members", "users")
READ_OPTIONS: dict[str, dict[str, str]] = {
    "posts": {"formats": "lexical,mobiledoc", "include": "tags,authors"},
    "pages": {"formats": "lexical,mobiledoc", "include": "tags,authors"},
    "members": {"include": "labels,newsletters"},
}
MATCH_BY = {"members": "email", "users": "email"}
Progress = Callable[[str, int, int], None]


def write_backup(admin: GhostAdmin, out: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Write the backup to `out` (through a temporary file); return the manifest."""
    tmp = out.with_name(out.name + ".partial")
    counts: dict[str, int] = {}
    skipped: dict[str, str] = {}
    site = admin.site()
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write("{")
        for name in LISTS:
            try:
                counts[name] = _stream_list(handle, name, admin, progress)
            except PermissionDeniedError as error:
                skipped[name] = error.message
                handle.write(f"{json.dumps(name)}: [],\n")
        try:
            settings: dict[str, Any] = admin.settings.get()
        except PermissionDeniedError as error:
            settings, skipped["settings"] = {}, error.message
        handle.write(f'"settings": {json.dumps(settings, ensure_ascii=False)},\n')
        manifest = {
            "site": site.url,
            "title": site.title,
            "version": site.version,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "counts": counts,
            "skipped": skipped,
            "format": "ghostkit-backup/1",
        }
        handle.write(f'"manifest": {json.dumps(manifest, ensure_ascii=False)}}}\n')
    tmp.replace(out)
    return manifest


def _stream_list(handle: IO[str], name: str, admin: GhostAdmin, progress: Progress | None) -> int:
    resource = getattr(admin, name)
    handle.write(f"{json.dumps(name)}: [")
    count = 0
    for item in resource.iter(**READ_OPTIONS.get(name, {})):
        handle.write(("," if count else "") + "\n" + json.dumps(item.to_dict(), ensure_ascii=False))
        count += 1
        if progress:
            progress(name, count, 0)
    handle.write("],\n")
    return count


def read_backup(path: Path) -> dict[str, Any]:
    from ghostkit.core.errors import ConfigurationError

    try:
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"{path} is not a readable backup: {exc}") from exc
    if "manifest" not in document:
        raise ConfigurationError(f"{path} has no manifest: is it a ghostkit backup?")
    return document


@dataclass
class RestorePlan:
    create: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    change: dict[str, list[tuple[dict[str, Any], list[str]]]] = field(default_factory=dict)
    same: dict[str, int] = field(default_factory=dict)

    def rows(self) -> Iterator[tuple[str, str, str, str]]:
        for name, items in self.create.items():
            for item in items:
                yield name, "create", _label(item), ""
        for name, pairs in self.change.items():
            for item, fields in pairs:
                yield name, "change", _label(item), ", ".join(fields)


def _label(item: dict[str, Any]) -> str:
    return str(item.get("slug") or item.get("email") or item.get("name") or item.get("id"))


COMPARED = (
    "title",
    "name",
    "slug",
    "status",
    "lexical",
    "mobiledoc",
    "description",
    "email",
    "note",
    "custom_excerpt",
    "feature_image",
)


def plan_restore(
    admin: GhostAdmin, backup: dict[str, Any], progress: Progress | None = None
) -> RestorePlan:
    """What restoring would create (missing on the site) and change (different there)."""
    plan = RestorePlan()
    for name in LISTS:
        saved = backup.get(name) or []
        if not saved:
            continue
        key = MATCH_BY.get(name, "slug")
        try:
            live = {
                item.to_dict().get(key): item.to_dict()
                for item in getattr(admin, name).iter(**READ_OPTIONS.get(name, {}))
            }
        except GhostError:
            continue
        for index, item in enumerate(saved, 1):
            current = live.get(item.get(key))
            if current is None:
                plan.create.setdefault(name, []).append(item)
            else:
                fields = [f for f in COMPARED if f in item and item.get(f) != current.get(f)]
                if fields:
                    plan.change.setdefault(name, []).append((item, fields))
                else:
                    plan.same[name] = plan.same.get(name, 0) + 1
            if progress:
                progress(f"compare {name}", index, len(saved))
    return plan
