"""Reading a backup file: anything but a whole ghostkit backup is one clear error."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ghostkit import ConfigurationError
from ghostkit.operations.backup import backup_path, read_backup

MANIFEST = {"site": "https://x.test", "counts": {}, "format": "ghostkit-backup/1"}
WHOLE = {"posts": [{"slug": "a", "tags": [{"name": "N", "slug": "n"}]}], "manifest": MANIFEST}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[1, 2]", "a list"),
        ('"manifest"', "a str"),
        ("null", "null"),
        ('{"posts": []}', "no manifest"),
        ('{"manifest": []}', "no manifest"),
        (json.dumps(WHOLE)[:40], "cut short"),
        ("{not json", "damaged at line 1, column 2"),
        (json.dumps({**WHOLE, "posts": {"a": 1}}), "posts is a mapping"),
        (json.dumps({**WHOLE, "posts": ["a"]}), "posts[1]"),
        (json.dumps({**WHOLE, "posts": [{"slug": ["a"]}]}), "posts[1].slug"),
        (json.dumps({**WHOLE, "members": [{"email": 5}]}), "members[1].email"),
        (json.dumps({**WHOLE, "posts": [{"slug": "a", "tags": "news"}]}), "posts[1].tags"),
        (json.dumps({**WHOLE, "posts": [{"slug": "a", "tags": [{"slug": "n"}]}]}), "name"),
        (json.dumps({**WHOLE, "members": [{"email": "a@x", "labels": [1]}]}), "labels"),
        (json.dumps({**WHOLE, "settings": []}), "settings"),
        (json.dumps({**WHOLE, "manifest": {**MANIFEST, "format": "other/9"}}), "other/9"),
        ("[" * 100_000, "nested"),
    ],
)
def test_a_file_that_is_not_a_whole_backup_is_one_clear_error(
    tmp_path: Path, text: str, says: str
) -> None:
    path = tmp_path / "b.json"
    path.write_text(text)
    with pytest.raises(ConfigurationError) as caught:
        read_backup(path)
    assert says in caught.value.message and "\n" not in caught.value.message
    assert str(path) in caught.value.message and caught.value.hint


def test_binary_and_whole_backups(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ConfigurationError, match="not UTF-8"):
        read_backup(path)
    path.write_text(json.dumps(WHOLE))
    assert read_backup(path)["posts"][0]["slug"] == "a"


def test_where_backup_out_writes(tmp_path: Path) -> None:
    assert backup_path(tmp_path / "b.json") == tmp_path / "b.json"
    inside = backup_path(tmp_path, now=0)
    assert inside.parent == tmp_path and inside.name.startswith("ghostkit-backup-")
    assert backup_path(f"{tmp_path}/new/", now=0).parent == tmp_path / "new"
    assert backup_path(None, now=0).parent == Path(".")


def test_a_restore_checks_a_document_given_directly() -> None:
    """A document without a backup's shape is refused when the restore is made, before
    any site is involved."""
    from ghostkit.operations.restore import RestoreChange

    for document, says in (
        ([1, 2], "a list"),
        ({**WHOLE, "posts": [{"slug": ["a"]}]}, "posts[1].slug"),
        ({"posts": []}, "no manifest"),
    ):
        with pytest.raises(ConfigurationError, match=re.escape(says)):
            RestoreChange(document)  # type: ignore[arg-type]
