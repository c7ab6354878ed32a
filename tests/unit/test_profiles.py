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


WRONG_SHAPES = {
    "sites is a number": "sites = 3\n",
    "sites is a list": "sites = [1, 2]\n",
    "sites is an array of tables": '[[sites]]\nurl = "https://a.test"\n',
    "a site is a string": '[sites]\nx = "https://a.test"\n',
    "a url is a number": "[sites.x]\nurl = 5\n",
    "a key is a list": '[sites.x]\nurl = "https://a.test"\nadmin_key = ["a"]\n',
    "a site without url": '[sites.x]\nemail = "a@b.test"\n',
    "default is a number": 'default = 7\n[sites.x]\nurl = "https://a.test"\n',
    "default is a table": '[default]\nx = 1\n[sites.x]\nurl = "https://a.test"\n',
}


@pytest.mark.parametrize("text", list(WRONG_SHAPES.values()), ids=list(WRONG_SHAPES))
def test_a_config_of_the_wrong_shape_is_a_clear_error_and_is_never_rewritten(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    path.chmod(0o600)
    store = ProfileStore(path)
    attempts = [
        store.names,
        store.default_name,
        lambda: store.get("x"),
        lambda: store.update("x", {"url": "https://b.test"}, replace=True),
        lambda: store.set_default("x"),
    ]
    errors: list[ConfigurationError] = []
    for attempt in attempts:
        try:
            attempt()
        except ConfigurationError as error:
            errors.append(error)
    assert len(errors) >= 3, "the wrong shape went unnoticed"
    for error in errors:
        assert "\n" not in error.message and str(path) in error.message
        assert error.hint
    assert path.read_text() == text


def test_a_binary_config_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe\x00\x01binary")
    path.chmod(0o600)
    with pytest.raises(ConfigurationError, match="not UTF-8 text") as caught:
        ProfileStore(path).names()
    assert caught.value.hint
    with pytest.raises(ConfigurationError):
        ProfileStore(path).update("y", {"url": "https://y.test"})
    assert path.read_bytes() == b"\xff\xfe\x00\x01binary"


def test_one_broken_profile_does_not_hide_the_others(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[sites.bad]\nurl = 5\n\n[sites.good]\nurl = "https://good.test"\n')
    path.chmod(0o600)
    store = ProfileStore(path)
    assert store.names() == ["bad", "good"]
    assert store.get("good").url == "https://good.test"
    with pytest.raises(ConfigurationError, match="bad"):
        store.get("bad")
    with pytest.raises(ConfigurationError, match="bad"):
        store.update("new", {"url": "https://new.test"})
    with pytest.raises(ConfigurationError, match="bad"):
        store.update("bad", {"url": "https://bad.test"}, replace=True)
    assert "url = 5" in path.read_text()  # kept as it was, for the user to mend
    assert store.remove("bad")  # or to forget
    store.update("new", {"url": "https://new.test"})
    assert store.names() == ["good", "new"]


def test_re_adding_a_profile_keeps_every_saved_credential(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config.toml")
    store.put(
        Profile(
            "blog",
            "https://blog.test",
            admin_key=KEY,
            content_key="0123456789abcdef0123456789",
            staff_token="6489d3b9a1c2b40001a1b2c4:" + "cd" * 32,
            email="me@blog.test",
            password="hunter2hunter2",
        )
    )
    before = store.get("blog")
    assert store.update("blog", {"url": "https://blog.test"}) == []
    changes = store.update("blog", {"version": "v5.0"})
    assert [(c.field, c.kind) for c in changes] == [("version", "add")]
    after = store.get("blog")
    assert after == Profile(**{**before.__dict__, "version": "v5.0"})


def test_replacing_a_saved_value_needs_replace_and_says_what_changes(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config.toml")
    store.put(Profile("blog", "https://blog.test", admin_key=KEY, password="hunter2hunter2"))
    other = "6489d3b9a1c2b40001a1b2c5:" + "ef" * 32
    with pytest.raises(ConfigurationError, match="already has") as caught:
        store.update("blog", {"admin_key": other, "url": "https://new.test"})
    assert "--replace" in (caught.value.hint or "")
    assert KEY not in str(caught.value.message) and other not in str(caught.value.message)
    assert store.get("blog").admin_key == KEY
    seen: list[str] = []
    changes = store.update(
        "blog",
        {"admin_key": other},
        replace=True,
        before_saving=lambda found: seen.extend(c.describe() for c in found),
    )
    assert [(c.field, c.kind) for c in changes] == [("admin_key", "replace")]
    assert seen and "admin key" in seen[0] and KEY not in seen[0] and other not in seen[0]
    assert store.get("blog").admin_key == other
    assert store.get("blog").password == "hunter2hunter2"


def test_removing_a_credential_is_explicit(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config.toml")
    store.put(
        Profile("blog", "https://blog.test", admin_key=KEY, email="a@b.test", password="p" * 12)
    )
    changes = store.update("blog", {}, remove=["email", "password"])
    assert sorted((c.field, c.kind) for c in changes) == [
        ("email", "remove"),
        ("password", "remove"),
    ]
    assert store.get("blog") == Profile("blog", "https://blog.test", admin_key=KEY)
    with pytest.raises(ConfigurationError, match="url"):
        store.update("blog", {}, remove=["url"])


def test_a_new_profile_needs_a_url_and_values_are_never_empty(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config.toml")
    with pytest.raises(ConfigurationError, match="--url"):
        store.update("blog", {"admin_key": KEY})
    with pytest.raises(ConfigurationError, match="empty"):
        store.update("blog", {"url": "https://blog.test", "admin_key": ""})
    assert not store.path.exists()


def test_put_never_overwrites_another_site_of_the_same_name(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config.toml")
    store.put(Profile("local", "https://real.example.com", admin_key=KEY))
    with pytest.raises(ConfigurationError, match="already"):
        store.put(Profile("local", "http://127.0.0.1:2368", admin_key=KEY.replace("ab", "cd")))
    assert store.get("local").url == "https://real.example.com"
    store.put(Profile("local", "https://real.example.com", content_key="0" * 26))  # same site
    assert store.get("local").content_key == "0" * 26


def test_the_url_password_is_masked_wherever_a_profile_is_shown() -> None:
    profile = Profile("blog", "https://ann:s3cret-pw@blog.test/sub", admin_key=KEY)
    shown = repr(profile) + str(profile.masked())
    assert "s3cret-pw" not in shown
    assert "https://ann:***@blog.test/sub" in shown


def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProfileStore(tmp_path / "config.toml")
    store.put(Profile("blog", "https://blog.test", admin_key=KEY))
    before = store.path.read_bytes()

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", crash)
    with pytest.raises(ConfigurationError, match="cannot be written: No space left on device"):
        store.update("shop", {"url": "https://shop.test"})
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == [
        "config.toml"
    ]


def test_writes_keep_0600_and_a_symlinked_config(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "ghostkit.toml"
    real.parent.mkdir()
    store = ProfileStore(real)
    store.put(Profile("blog", "https://blog.test"))
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    ProfileStore(link).update("shop", {"url": "https://shop.test"})
    assert link.is_symlink() and ProfileStore(real).names() == ["blog", "shop"]
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    fresh = ProfileStore(tmp_path / "new" / "config.toml")
    fresh.put(Profile("blog", "https://blog.test"))
    assert stat.S_IMODE(fresh.path.parent.stat().st_mode) == 0o700


def test_version_auto_is_a_valid_profile_version(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config.toml")
    store.update("blog", {"url": "https://blog.test", "version": "auto"})
    assert store.get("blog").version == "auto"


def test_a_config_in_a_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    store = ProfileStore(tmp_path / "file" / "config.toml")
    with pytest.raises(ConfigurationError, match="Not a directory"):
        store.names()
    with pytest.raises(ConfigurationError, match="cannot be written") as caught:
        store.update("blog", {"url": "https://blog.test"})
    assert caught.value.hint


def test_a_local_ghost_s_new_keys_are_saved_beside_a_broken_profile(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[sites.bad]\nurl = 5\n")
    path.chmod(0o600)
    store = ProfileStore(path)
    store.put(Profile("local", "http://127.0.0.1:2368", admin_key=KEY))
    assert store.get("local").admin_key == KEY
    assert "url = 5" in path.read_text()


def _add_many(path: str, worker: int) -> None:
    store = ProfileStore(Path(path))
    for number in range(5):
        store.update(f"w{worker}-{number}", {"url": f"https://w{worker}-{number}.test"})


def test_writers_at_the_same_time_lose_no_profile(tmp_path: Path) -> None:
    import multiprocessing

    path = str(tmp_path / "config.toml")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_add_many, args=(path, n)) for n in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert len(ProfileStore(Path(path)).names()) == 30


def test_a_config_that_is_a_device_is_refused_without_a_chmod_hint() -> None:
    with pytest.raises(ConfigurationError, match="not a regular file") as caught:
        ProfileStore(Path("/dev/null")).names()
    assert "chmod" not in (caught.value.hint or "")
