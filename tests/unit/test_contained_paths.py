"""A path ghostkit writes or uploads stays inside the folder it was given, and a path that
cannot even be resolved is one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghostkit import ConfigurationError
from ghostkit.core.files import contained, within


def test_a_path_inside_its_folder_is_resolved_and_one_outside_is_not(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.png").write_bytes(b"x")
    (tmp_path / "in" / "alias.png").symlink_to(tmp_path / "in" / "a.png")
    (tmp_path / "in" / "out.png").symlink_to(tmp_path / "secret")
    folder = tmp_path / "in"
    assert within(folder, "alias.png") == (folder / "a.png").resolve()
    assert within(folder, "sub/../a.png") == (folder / "a.png").resolve()
    for name in ("../secret", "out.png", "/etc/passwd", ".", ""):
        assert within(folder, name) is None
        with pytest.raises(ConfigurationError, match="outside"):
            contained(folder, name)


@pytest.mark.parametrize(("name", "says"), [("loop.md", "loop"), ("a\x00b.md", "NUL")])
def test_a_path_that_cannot_be_resolved_is_one_clear_error(
    tmp_path: Path, name: str, says: str
) -> None:
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    for check in (within, contained):
        with pytest.raises(ConfigurationError) as caught:
            check(tmp_path, name)
        assert says in caught.value.message and "\n" not in caught.value.message
        assert caught.value.hint
