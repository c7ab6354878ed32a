from __future__ import annotations

import stat
from pathlib import Path

import pytest

from ghostkit.config import Paths, Profile, ProfileStore
from ghostkit.core.errors import ConfigurationError

KEY = "6489d3b9a1c2b40001a1b2c3:" + "ab" * 32


def test_profiles_round_trip_in_a_0600_file(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "sub" / "config.toml")
    store.put(Profile("blog", "https://blog.test", admin_key=KEY, password="hunter2hunter2"))
    store.put(Profile("shop", "https://shop.test", content_key="0123456789abcdef0123456789"))
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.names() == ["blog", "shop"]
    assert store.default_name() == "blog"  # the first one saved
    assert store.get("blog").admin_key == KEY
    store.set_default("shop")
    assert store.default_name() == "shop"
    assert store.remove("shop")
    assert store.default_name() is None
    assert not store.remove("shop")


def test_missing_profile_error_lists_known_ones(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config.toml")
    store.put(Profile("blog", "https://blog.test"))
    with pytest.raises(ConfigurationError) as caught:
        store.get("nope")
    assert "blog" in (caught.value.hint or "")


def test_profile_repr_and_masked_view_hide_secrets() -> None:
    profile = Profile("blog", "https://blog.test", admin_key=KEY, password="hunter2hunter2")
    shown = repr(profile) + str(profile.masked())
    assert KEY not in shown and "hunter2hunter2" not in shown
    assert "https://blog.test" in shown


def test_broken_toml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("this is = = not toml")
    path.chmod(0o600)
    with pytest.raises(ConfigurationError, match="not valid TOML"):
        ProfileStore(path).names()


def test_a_config_others_can_read_is_refused(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config.toml")
    store.put(Profile("blog", "https://blog.test"))
    store.path.chmod(0o644)
    with pytest.raises(ConfigurationError, match="other users") as caught:
        store.names()
    assert caught.value.hint == f"chmod 600 {store.path}"


def test_a_config_that_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    with pytest.raises(ConfigurationError, match="is a directory"):
        ProfileStore(tmp_path / "config.toml").names()


def test_paths_from_env(tmp_path: Path) -> None:
    home = Paths.from_env({"GHOSTKIT_HOME": str(tmp_path)})
    assert home.cache == tmp_path / "cache"
    assert home.config_file == tmp_path / "config.toml"
    assert home.instances == tmp_path / "data" / "instances"
    split = Paths.from_env(
        {
            "GHOSTKIT_HOME": str(tmp_path),
            "GHOSTKIT_DATA_DIR": "/x/d",
            "GHOSTKIT_CONFIG": "/x/c.toml",
        }
    )
    assert split.cache == tmp_path / "cache"
    assert split.data == Path("/x/d") and split.config_file == Path("/x/c.toml")
