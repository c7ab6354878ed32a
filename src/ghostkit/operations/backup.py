"""A whole-site backup as one JSON file, written as it is read (restoring it:
`ghostkit.operations.restore`).

    {"posts": [...], "pages": [...], "tags": [...], ..., "settings": {...},
     "manifest": {"site": ..., "version": ..., "created_at": ..., "counts": {...}}}

Secret settings are saved masked (Ghost masks most itself; ghostkit masks the private
site's password too). The manifest comes last because the counts are known only at the
end; every list is streamed to the file item by item, so memory stays flat however big the
site is.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from ghostkit.clients._sync.admin import GhostAdmin
from ghostkit.core.errors import PermissionDeniedError
from ghostkit.core.redact import mask_settings

LISTS = ("posts", "pages", "tags", "labels", "tiers", "newsletters", "members", "users")
READ_OPTIONS: dict[str, dict[str, str]] = {
    "posts": {"formats": "lexical,mobiledoc", "include": "tags,authors"},
    "pages": {"formats": "lexical,mobiledoc", "include": "tags,authors"},
    "members": {"include": "labels,newsletters"},
}
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
            settings: dict[str, Any] = mask_settings(admin.settings.get())
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
