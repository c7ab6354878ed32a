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
