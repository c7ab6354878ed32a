"""`ghostkit local` across stops, crashes and resets: a port that a stopped Ghost left in
TIME_WAIT is reused at once, and a reset that cannot start the new instance loses nothing."""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ghostkit import GhostAdmin
from ghostkit.config import Paths, Profile, ProfileStore
from ghostkit.local import Instance, LocalGhostError
from ghostkit.local.procnet import listeners
from tests import cli
from tests.conftest import LiveGhost

ADMIN_SHAPE = "0" * 24 + ":" + "1" * 64


@pytest.fixture(scope="module")
def instance(ghost: LiveGhost, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Instance]:
    """An instance of its own (the session's Ghost is left alone), on a fresh port."""
    root = tmp_path_factory.mktemp("lifecycle")
    paths = Paths(cache=ghost.paths.cache, data=root / "data", config_file=root / "config.toml")
    made = Instance("lifecycle", paths)
    made.up()
    yield made
    made.remove()


@pytest.fixture
def running(instance: Instance) -> Instance:
    """The module's instance, up (a test before may have left it stopped)."""
    instance.up()
    return instance


def _port(instance: Instance) -> int:
    port = instance.meta()["port"]
    assert isinstance(port, int)
    return port


def _in_time_wait(port: int) -> bool:
    """Whether a connection of `port` is in TIME_WAIT (state 06 in /proc/net/tcp)."""
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return any(
        int(cols[1].split(":")[1], 16) == port and cols[3] == "06"
        for cols in (line.split() for line in lines)
    )


def _hold_connections_open(url: str) -> httpx.Client:
    """A client whose kept-alive connections Ghost must close as it stops (its end then
    waits in TIME_WAIT)."""
    client = httpx.Client()
    for _ in range(3):
        client.get(f"{url}/ghost/api/admin/site/")
    return client


def test_up_right_after_down_reuses_the_port(running: Instance) -> None:
    instance = running
    url, port = instance.url, _port(instance)
    assert url
    client = _hold_connections_open(url)
    assert instance.down() == "terminated"
    client.close()
    assert _in_time_wait(port), "the stopped Ghost should have left TIME_WAIT sockets"
    result = instance.up()
    assert result.status.state == "running" and result.status.port == port


def test_up_right_after_a_crash_reuses_the_port(running: Instance) -> None:
    instance = running
    url, port = instance.url, _port(instance)
    assert url
    client = _hold_connections_open(url)
    record = instance.pid_file.read()
    assert record is not None
    os.killpg(record.pid, signal.SIGKILL)
    client.close()
    deadline = time.monotonic() + 10
    while (record.is_running() or listeners(record.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert instance.status().state == "stale"
    result = instance.up()
    assert result.status.state == "running" and result.status.port == port


def test_down_stops_ghost_with_a_request_in_flight(running: Instance) -> None:
    instance = running
    """A request Ghost is still reading (here: a body that never comes) holds its graceful
    shutdown for `server.shutdownTimeout`; the instance's config keeps that inside the
    time `down` waits, so Ghost ends the request and exits on SIGTERM, not SIGKILL."""
    port = _port(instance)
    with socket.create_connection(("127.0.0.1", port)) as hanging:
        hanging.sendall(
            b"POST /ghost/api/admin/session/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
        )
        time.sleep(0.5)
        started = time.monotonic()
        how = instance.down()
        took = time.monotonic() - started
    assert how == "terminated", f"Ghost was killed after {took:.1f} s"
    instance.up()


def test_reset_that_cannot_start_keeps_the_site(running: Instance) -> None:
    instance = running
    """Someone else listens on the instance's port: the reset refuses before it deletes
    anything, and the next `up` finds every post and the same keys."""
    profile = ProfileStore(instance.paths.config_file).get(instance.name)
    assert profile.admin_key
    with GhostAdmin(profile.url, key=profile.admin_key) as admin:
        kept = admin.posts.add({"title": "kept through a failed reset"})
    database = instance.folder / "content" / "data" / "ghost.db"
    size = database.stat().st_size
    instance.down()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", _port(instance)))
        squatter.listen()
        with pytest.raises(LocalGhostError, match="in use"):
            instance.reset()
    assert database.exists() and database.stat().st_size >= size
    assert ProfileStore(instance.paths.config_file).get(instance.name) == profile
    instance.up()
    with GhostAdmin(profile.url, key=profile.admin_key) as admin:
        assert admin.posts.read(kept.id).title == "kept through a failed reset"


def test_reset_whose_boot_fails_puts_the_old_site_back(
    running: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new instance starts but never becomes ready (a fault injected in the readiness
    wait): the old database, files and profile come back, and the site boots again."""
    from ghostkit.local import bootstrap

    instance = running

    profile = ProfileStore(instance.paths.config_file).get(instance.name)
    with GhostAdmin(profile.url, key=profile.admin_key) as admin:
        kept = admin.posts.add({"title": "kept through a failed boot"})

    def never_ready(url: str, **_: object) -> float:
        raise LocalGhostError(f"Ghost did not answer at {url}")

    with monkeypatch.context() as patch:
        patch.setattr(bootstrap, "wait_until_ready", never_ready)
        with pytest.raises(LocalGhostError, match="did not answer"):
            instance.reset()
    assert instance.status().state == "stopped"
    assert not (instance.folder / "before-reset").exists()
    assert ProfileStore(instance.paths.config_file).get(instance.name) == profile
    instance.up()
    with GhostAdmin(profile.url, key=profile.admin_key) as admin:
        assert admin.posts.read(kept.id).title == "kept through a failed boot"


def test_reset_gives_a_new_site_and_new_keys(running: Instance) -> None:
    instance = running
    before = ProfileStore(instance.paths.config_file).get(instance.name)
    with GhostAdmin(before.url, key=before.admin_key) as admin:
        doomed = admin.posts.add({"title": "gone after a reset"}).id
    result = instance.reset()
    after = ProfileStore(instance.paths.config_file).get(instance.name)
    assert result.set_up and after.admin_key != before.admin_key
    with GhostAdmin(after.url, key=after.admin_key) as admin:
        assert doomed not in admin.posts.ids()
    assert not (instance.folder / "before-reset").exists()


def test_a_profile_of_the_same_name_for_another_site_is_never_taken(
    ghost: LiveGhost, tmp_path: Path
) -> None:
    """A user re-pointed the profile `mine` at a real site: `local up --name mine` refuses
    before it sets anything up (its new keys would have nowhere to go), and removing or
    resetting the instance never forgets that profile."""
    paths = Paths(cache=ghost.paths.cache, data=tmp_path / "data", config_file=tmp_path / "c")
    store = ProfileStore(paths.config_file)
    theirs = Profile(name="mine", url="https://blog.example.com", admin_key=ADMIN_SHAPE)
    store.put(theirs)
    instance = Instance("mine", paths)
    try:
        with pytest.raises(LocalGhostError, match=r"blog\.example\.com"):
            instance.up()
        assert instance.status().state in ("absent", "stopped")
        assert store.get("mine") == theirs
    finally:
        instance.remove()
    assert store.get("mine") == theirs


def test_cli_refuses_a_port_outside_the_tcp_range(tmp_path: Path) -> None:
    env = {**os.environ, "GHOSTKIT_DATA_DIR": str(tmp_path), "GHOSTKIT_CONFIG": str(tmp_path / "c")}
    done = cli.run(env, "local", "up", "--name", "ranged", "--port", "70000")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "65535" in done.stderr
    assert not (tmp_path / "instances" / "ranged").exists()
