"""Upload parts: a path is streamed from an open file and closed afterwards."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ghostkit import ConfigurationError
from ghostkit.core.files import file_part


def test_a_path_is_streamed_and_closed(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8" + b"0" * 100)
    with file_part(path) as (name, content, kind):
        assert (name, kind) == ("photo.jpg", "image/jpeg")
        assert not isinstance(content, bytes), "a path must not be read into memory"
        handle = content
    assert handle.closed


def test_bytes_need_a_filename_and_file_objects_a_name() -> None:
    with pytest.raises(ConfigurationError, match="filename="), file_part(b"data"):
        pass
    with file_part(b"data", filename="a.csv") as part:
        assert part == ("a.csv", b"data", "text/csv")
    with pytest.raises(ConfigurationError, match="no name"), file_part(io.BytesIO(b"data")):
        pass


def test_a_missing_path_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="no file at"), file_part(tmp_path / "nope.png"):
        pass


def test_a_written_path_stays_inside_its_folder(tmp_path: Path) -> None:
    from ghostkit.core.files import contained

    assert contained(tmp_path, "a.md") == (tmp_path / "a.md").resolve()
    (tmp_path / "out.md").symlink_to("/etc/hostname")
    for name in ("../x.md", "/etc/passwd", "a/../../x", "", ".", "out.md"):
        with pytest.raises(ConfigurationError, match="outside"):
            contained(tmp_path, name)


def test_a_file_is_written_whole_with_its_mode_or_not_at_all(tmp_path: Path) -> None:
    import stat

    from ghostkit.core.files import PRIVATE, open_for_writing, write_file

    path = tmp_path / "data.json"
    path.write_text("old")

    def interrupted() -> None:
        with open_for_writing(path, mode=PRIVATE) as out:
            out.write("half")
            (partial,) = [p for p in tmp_path.iterdir() if p != path]
            assert stat.S_IMODE(partial.stat().st_mode) == 0o600
            raise RuntimeError

    with pytest.raises(RuntimeError):
        interrupted()
    assert path.read_text() == "old" and list(tmp_path.iterdir()) == [path]
    path.chmod(0o640)
    write_file(path, "new")  # a rewrite keeps the file's mode
    assert path.read_text() == "new" and stat.S_IMODE(path.stat().st_mode) == 0o640
    write_file(path, b"private", mode=PRIVATE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_write_errors_are_one_clear_line(tmp_path: Path) -> None:
    import errno

    from ghostkit.core.files import _write_error, make_folder, write_file

    with pytest.raises(ConfigurationError, match="does not exist"):
        write_file(tmp_path / "missing" / "x.json", "x")
    (tmp_path / "file").write_text("")
    with pytest.raises(ConfigurationError, match="is a file"):
        make_folder(tmp_path / "file")
    with pytest.raises(ConfigurationError, match="a part of that path is a file"):
        make_folder(tmp_path / "file" / "sub")
    full = _write_error(tmp_path / "x", OSError(errno.ENOSPC, "No space left on device"))
    assert "disk is full" in full.message and full.hint
    made = make_folder(tmp_path / "a" / "b", private=True)
    assert oct((tmp_path / "a").stat().st_mode & 0o777) == oct(0o700) and made.is_dir()


def test_a_path_too_long_to_look_at_is_a_clear_error(tmp_path: Path) -> None:
    from ghostkit.core.files import kind_of, make_folder, write_file

    long = tmp_path / ("x" * 300)
    for attempt in (
        lambda: kind_of(long),
        lambda: make_folder(long / "sub"),
        lambda: write_file(long / "a.json", "x"),
    ):
        with pytest.raises(ConfigurationError, match="File name too long") as caught:
            attempt()
        assert "\n" not in caught.value.message and len(caught.value.message) < 200
    assert kind_of(tmp_path) == "folder" and kind_of(tmp_path / "none") is None


def test_modes_are_never_wider_than_the_umask_allows(tmp_path: Path) -> None:
    import os
    import stat

    from ghostkit.core.files import PRIVATE, make_folder, write_file

    old = os.umask(0o277)
    try:
        write_file(tmp_path / "private", "x", mode=PRIVATE)
        write_file(tmp_path / "plain", "x")
        make_folder(tmp_path / "folder", private=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) == 0o400
    assert stat.S_IMODE((tmp_path / "plain").stat().st_mode) == 0o400
    assert stat.S_IMODE((tmp_path / "folder").stat().st_mode) == 0o500
