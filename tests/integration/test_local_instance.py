"""`ghostkit local`: one real Ghost, loopback only, never orphaned."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from ghostkit import GhostAdmin, GhostContent
from ghostkit.config import Paths
from ghostkit.local import Instance
from ghostkit.local.instance import LOG_REDACT, NETGUARD
from ghostkit.local.process import PidRecord
from ghostkit.local.procnet import listeners
from tests import cli
from tests.conftest import LiveGhost


def test_every_listener_is_on_loopback(ghost: LiveGhost) -> None:
    status = ghost.instance.status()
    assert status.state == "running" and status.pid
    assert status.listeners, "Ghost should be listening on its port"
    assert all(item.is_loopback for item in status.listeners), status.listeners
    assert status.port in {item.port for item in status.listeners}


GEOLOCATION = "get.geojs.io:443"
"""Where Ghost looks up the place a sign-in came from (members' and staff's)."""


def test_ghost_attempts_no_connection_beyond_loopback(ghost: LiveGhost) -> None:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:  # some traffic first
        admin.posts.browse(limit=1)
        admin.site()
    records = ghost.instance.netguard_records()
    # Ghost sends webmentions to the hosts that published posts link to (other tests publish
    # posts linking to the reserved example.* domains), and asks get.geojs.io where a sign-in
    # came from (a member's sign-in link, a staff login that emails a code), with no setting
    # to turn either off. The guard refused each attempt, so nothing left loopback, and
    # nothing else was even attempted.
    beyond = [
        r
        for r in records
        if not (r["kind"].startswith("dns") and r["target"].split(".")[-2:-1] == ["example"])
        and not (r["kind"] == "connect" and r["target"] == GEOLOCATION)
    ]
    assert not beyond, beyond[:5]


def test_the_network_guard_records_and_refuses_outside_connections(tmp_path: Path) -> None:
    """The empty record above means something only if the guard catches attempts."""
    from ghostkit.local.install import find_installation

    log = tmp_path / "guard.log"
    install = find_installation(Paths.from_env(), "6.65.0")
    node = str(install.node) if install else "node"
    script = (
        "const net=require('net');"
        "const s=net.connect(443,'93.184.215.14');"
        "s.on('error',e=>{console.log(e.code);"
        "require('dns').lookup('example.com',(err)=>console.log(err.code));});"
    )
    result = subprocess.run(
        [node, "--require", str(NETGUARD), "-e", script],
        env={**os.environ, "GHOSTKIT_NETGUARD_LOG": str(log)},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert result.stdout.split() == ["ECONNREFUSED", "ECONNREFUSED"]
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["kind"] for r in records] == ["connect", "dns.lookup"]
    assert records[0]["target"] == "93.184.215.14:443"


def test_ghost_log_masks_the_content_key_of_each_request(ghost: LiveGhost) -> None:
    with GhostContent(ghost.url, key=ghost.content_key) as content:
        content.posts.browse(limit=1, filter="slug:ghost-log-probe")
    log = ghost.instance.log_file.read_text(errors="replace")
    probe = [line for line in log.splitlines() if "ghost-log-probe" in line]
    assert probe, "Ghost logs each request; the probe request should be there"
    assert all("key=**REDACTED**" in line for line in probe), probe
    assert ghost.content_key not in log


def test_the_log_mask_covers_keys_tokens_and_passwords(tmp_path: Path) -> None:
    script = (
        "console.log('GET /content/posts/?key=0123abcd&limit=1');"
        "process.stdout.write(Buffer.from('GET /x?token=s3cr3t \\n'));"
        "console.error('\"POST /y?a=1&password=hunter2\" 200');"
    )
    result = subprocess.run(
        ["node", "--require", str(LOG_REDACT), "-e", script],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert result.stdout.splitlines() == [
        "GET /content/posts/?key=**REDACTED**&limit=1",
        "GET /x?token=**REDACTED** ",
    ]
    assert result.stderr.strip() == '"POST /y?a=1&password=**REDACTED**" 200'


def test_a_second_up_reports_the_running_instance_and_changes_nothing(ghost: LiveGhost) -> None:
    before = ghost.instance.status()
    config = (ghost.instance.folder / "config.production.json").read_text()
    result = ghost.instance.up()
    assert result.already_running
    assert result.status.pid == before.pid
    assert (ghost.instance.folder / "config.production.json").read_text() == config


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return cli.run(env, *args, timeout=240)


def test_cli_up_twice_status_stale_pid_and_down(tmp_path: Path, ghost: LiveGhost) -> None:
    env = {
        **os.environ,
        "GHOSTKIT_DATA_DIR": str(tmp_path / "data"),
        "GHOSTKIT_CONFIG": str(tmp_path / "config.toml"),
    }
    env.pop("GHOST_URL", None)
    name = "cli-check"
    first = _cli(env, "local", "up", "--name", name)
    assert first.returncode == 0, first.stderr
    assert "Admin:" in first.stdout and "/ghost/" in first.stdout
    config_file = tmp_path / "config.toml"
    assert config_file.stat().st_mode & 0o777 == 0o600
    paths = Paths(cache=Paths.from_env().cache, data=tmp_path / "data", config_file=config_file)
    instance = Instance(name, paths)
    try:
        pid = instance.status().pid
        second = _cli(env, "local", "up", "--name", name)
        assert second.returncode == 0
        assert "already running" in second.stdout
        assert instance.status().pid == pid

        listing = _cli(env, "posts", "list", "--site", name, "--json")
        assert listing.returncode == 0, listing.stderr
        assert any(p["slug"] == "coming-soon" for p in json.loads(listing.stdout))

        status = json.loads(_cli(env, "local", "status", "--name", name, "--json").stdout)
        assert status[0]["state"] == "running" and status[0]["pid"] == pid
        assert status[0]["listeners"] == [f"127.0.0.1:{status[0]['port']}"]

        down = _cli(env, "local", "down", "--name", name)
        assert down.returncode == 0 and "Stopped" in down.stdout
        assert instance.status().state == "stopped"
        assert not PidRecord(pid, None).is_running()  # gone, or a zombie awaiting init
        assert listeners(pid) == []

        # a PID file left by a crash, naming a process that is gone, is seen as stale
        (instance.folder / "ghost.pid").write_text(json.dumps({"pid": pid, "started": 1}))
        assert instance.status().state == "stale"
        assert "stale" in _cli(env, "local", "down", "--name", name).stdout
    finally:
        instance.remove()
