"""A whole-site backup as one JSON file, written as it is read (restoring it:
`ghostkit.operations.restore`).

    {"posts": [...], "pages": [...], "tags": [...], ..., "settings": {...},
     "manifest": {"site": ..., "version": ..., "created_at": ..., "counts": {...}}}

Secret settings are saved masked (Ghost masks most itself; ghostkit masks the private
site's password too). The manifest comes last because the counts are known only at the
end; every list is streamed to the file item by item, so memory stays flat however big the
site is.

A backup is written with the sync client: it is one read-only stream, every page written
to the file as it comes, so nothing would run beside it; the writes of a restore go through
the run engine (async, journaled) like every other bulk change.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import IO, Any

from ghostkit.clients._sync.admin import GhostAdmin
from ghostkit.core.errors import ConfigurationError, PermissionDeniedError
from ghostkit.core.files import PRIVATE, kind_of, make_folder, open_for_writing
from ghostkit.core.redact import mask_settings
from ghostkit.operations.pool import Progress

LISTS = ("posts", "pages", "tags", "labels", "tiers", "newsletters", "members", "users")
READ_OPTIONS: dict[str, dict[str, str]] = {
    "posts": {"formats": "lexical,mobiledoc", "include": "tags,authors"},
    "pages": {"formats": "lexical,mobiledoc", "include": "tags,authors"},
    "members": {"include": "labels,newsletters"},
}
FORMAT = "ghostkit-backup/1"


def write_backup(admin: GhostAdmin, out: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Write the backup to `out`; return the manifest.

    The backup holds members' emails and unpublished drafts, so it is the owner's alone
    (0600), and so is the temporary file it is written through, beside `out`, renamed over
    it only when the backup is complete: an interrupted backup leaves `out` as it was. A
    folder that does not exist yet is created 0700 (`backup_path` picks the file).
    """
    if kind_of(out) == "folder":
        raise ConfigurationError(
            f"{out} is a folder", hint="give a file name (backup_path picks one in a folder)"
        )
    make_folder(out.parent, private=True)
    counts: dict[str, int] = {}
    skipped: dict[str, str] = {}
    site = admin.site()
    with open_for_writing(out, mode=PRIVATE) as handle:
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
            "format": FORMAT,
        }
        handle.write(f'"manifest": {json.dumps(manifest, ensure_ascii=False)}}}\n')
    return manifest


def backup_path(out: str | Path | None, now: float | None = None) -> Path:
    """Where `ghostkit backup --out OUT` writes: OUT, or a file named for the time inside
    OUT when it is a folder (or ends with a slash), or that file here without OUT."""
    name = time.strftime("ghostkit-backup-%Y%m%d-%H%M%S.json", time.localtime(now))
    if out is None:
        return Path(name)
    if kind_of(Path(out)) == "folder" or str(out).endswith(("/", os.sep)) or str(out) == "":
        return Path(out) / name
    return Path(out)


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
    """The backup at `path`, its shape checked: a file that is not a ghostkit backup,
    is cut short, or holds lists and items of the wrong types is one clear error, before
    anything is compared or sent."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _not_backup(path, "it is not UTF-8 text") from exc
    except OSError as exc:
        raise ConfigurationError(
            f"cannot read {path}: {exc.strerror or exc}", hint="check the path"
        ) from exc
    try:
        document = json.loads(text)
    except RecursionError as exc:
        raise _not_backup(path, "it is nested too deeply") from exc
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise _not_backup(path, f"its JSON is cut short or damaged at {where}") from exc
    except ValueError as exc:
        raise _not_backup(path, "its JSON is damaged") from exc
    return check_backup(document, path)


def check_backup(document: object, source: str | Path = "the backup") -> dict[str, Any]:
    """`document` if it has a backup's shape (what `write_backup` writes), else a
    ConfigurationError naming `source` and what is wrong."""
    if not isinstance(document, dict):
        raise _not_backup(source, f"it holds {_kind(document)}, not a backup's fields")
    manifest = document.get("manifest")
    if not isinstance(manifest, dict):
        raise _not_backup(source, "it has no manifest")
    version = manifest.get("format", FORMAT)
    if version != FORMAT:
        raise ConfigurationError(
            f"{source} is a backup in the format {str(version)[:40]!r}, not {FORMAT}",
            hint="restore it with the ghostkit version that wrote it",
        )
    for name in LISTS:
        _check_list(source, name, document.get(name))
    if not isinstance(document.get("settings", {}), dict):
        raise _damaged(source, "settings", f"is {_kind(document['settings'])}, not settings")
    return document


RELATED = {
    "posts": ("tags", "authors"),
    "pages": ("tags", "authors"),
    "members": ("labels", "newsletters"),
}
MATCHED_BY = {"members": "email", "users": "email"}
NAMED = {"tags": ("name", "slug"), "labels": ("name", "slug")}
"""What each related item needs in a backup for a restore to point at this site's own."""


def _check_list(path: str | Path, name: str, items: object) -> None:
    if items is None:
        return
    if not isinstance(items, list):
        raise _damaged(path, name, f"is {_kind(items)}, not a list")
    key = MATCHED_BY.get(name, "slug")
    for number, item in enumerate(items, 1):
        where = f"{name}[{number}]"
        if not isinstance(item, dict):
            raise _damaged(path, where, f"is {_kind(item)}, not an item")
        if item.get(key) is not None and not isinstance(item[key], str):
            raise _damaged(path, f"{where}.{key}", f"is {_kind(item[key])}, not text")
        for relation in RELATED.get(name, ()):
            related = item.get(relation)
            if related is None:
                continue
            if not isinstance(related, list) or not all(isinstance(r, dict) for r in related):
                raise _damaged(path, f"{where}.{relation}", "is not a list of items")
            for field in NAMED.get(relation, ()):
                if not all(isinstance(r.get(field), str) for r in related):
                    raise _damaged(path, f"{where}.{relation}", f"has an item without a {field}")


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "null"
    return f"a {type(value).__name__}"


def _not_backup(path: str | Path, why: str) -> ConfigurationError:
    return ConfigurationError(
        f"{path} is not a readable ghostkit backup: {why}",
        hint="give a file written by ghostkit backup; an interrupted backup never replaces one",
    )


def _damaged(path: str | Path, where: str, why: str) -> ConfigurationError:
    return ConfigurationError(
        f"{path} is damaged: {where} {why}",
        hint="restore from another backup, or fix that entry by hand",
    )
