"""The local server's parts that need no Ghost: config, PID files, /proc parsing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ghostkit.local import bootstrap
from ghostkit.local.config import STOP_TIMEOUT, ghost_config
from ghostkit.local.process import PidFile, PidRecord, spawn, stop_group
from ghostkit.local.procnet import _decode, free_port, listeners, port_is_free


def test_ghost_config_is_loopback_only_and_phones_nowhere(tmp_path: Path) -> None:
    config = ghost_config(2400, tmp_path / "content")
    assert config["url"] == "http://127.0.0.1:2400"
    assert config["server"]["host"] == "127.0.0.1" and config["server"]["port"] == 2400
    assert config["server"]["shutdownTimeout"] < STOP_TIMEOUT * 1000
    assert config["database"]["client"] == "sqlite3"
    assert config["mail"]["transport"] == "stub"
    assert config["privacy"]["useTinfoil"] is True
    assert config["explore"]["update_url"] == ""
    assert config["updateCheck"]["url"].startswith("http://127.0.0.1:")


def test_generated_passwords_pass_ghost_rules() -> None:
    for _ in range(200):
        password = bootstrap.strong_password()
        assert len(password) >= 10
        assert not any(w in password.lower() for w in ("password", "ghost", "passw0rd"))


def test_pid_file_detects_a_stale_record(tmp_path: Path) -> None:
    pid_file = PidFile(tmp_path / "x.pid")
    assert pid_file.read() is None
    pid_file.write(os.getpid())
    record = pid_file.read()
    assert record is not None and record.is_running()
    # the same PID with another start time: the PID was reused by another program
    assert not PidRecord(os.getpid(), (record.started or 0) + 1).is_running()
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert not PidRecord(int(done.stdout), None).is_running()


def test_spawn_and_stop_group_terminates_then_kills(tmp_path: Path) -> None:
    stubborn = (
        "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "print('ready', flush=True)\ntime.sleep(60)\n"
    )
    process = spawn(
        [sys.executable, "-c", stubborn],
        cwd=tmp_path,
        env=dict(os.environ),
        log=tmp_path / "out.log",
    )
    deadline = 50
    while "ready" not in (tmp_path / "out.log").read_text() and deadline:
        subprocess.run(["sleep", "0.1"], check=True)
        deadline -= 1
    assert stop_group(process.pid, timeout=0.5) == "killed"
    assert not PidRecord(process.pid, None).is_running()

    polite = spawn(
        [sys.executable, "-c", "import time; time.sleep(60)"],
        cwd=tmp_path,
        env=dict(os.environ),
        log=tmp_path / "out2.log",
    )
    assert stop_group(polite.pid, timeout=5) == "terminated"


def test_listeners_of_a_process_group(tmp_path: Path) -> None:
    port = free_port()
    server = (
        f"import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', {port}))\n"
        "s.listen()\nprint('ready', flush=True)\ntime.sleep(60)\n"
    )
    log = tmp_path / "server.log"
    process = spawn([sys.executable, "-c", server], cwd=tmp_path, env=dict(os.environ), log=log)
    try:
        for _ in range(50):
            if "ready" in log.read_text():
                break
            subprocess.run(["sleep", "0.1"], check=True)
        found = listeners(process.pid)
        assert [str(item) for item in found] == [f"127.0.0.1:{port}"]
        assert found[0].is_loopback
        assert not port_is_free(port)
    finally:
        stop_group(process.pid)
    assert listeners(process.pid) == []


def test_proc_net_address_decoding() -> None:
    assert _decode("0100007F:0940") == ("127.0.0.1", 2368)
    assert _decode("00000000000000000000000001000000:0940") == ("::1", 2368)
    assert _decode("0000000000000000FFFF00000100007F:1F90") == ("127.0.0.1", 8080)
    assert _decode("00000000:0050")[0] == "0.0.0.0"


def test_pid_file_content_is_json(tmp_path: Path) -> None:
    pid_file = PidFile(tmp_path / "x.pid")
    pid_file.write(os.getpid())
    assert json.loads(pid_file.path.read_text())["pid"] == os.getpid()


def _time_wait_port() -> int:
    """A port with a socket in TIME_WAIT and nothing listening: the server side closed a
    connection first, then stopped listening (what a stopped Ghost leaves for ~60 s). The
    server sets SO_REUSEADDR, as Node does for every server it starts."""
    import socket

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen()
    port: int = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = server.accept()
    accepted.close()  # the server closes first: its end goes to TIME_WAIT
    client.recv(1)
    client.close()
    server.close()
    return port


def test_a_port_in_time_wait_is_free_for_a_server_that_reuses_addresses() -> None:
    import socket

    port = _time_wait_port()
    plain = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        plain.bind(("127.0.0.1", port))
        time_wait = False
    except OSError:
        time_wait = True
    finally:
        plain.close()
    assert time_wait, "the test should have left the port in TIME_WAIT"
    assert port_is_free(port)


def test_a_port_someone_listens_on_is_not_free() -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen()
        assert not port_is_free(server.getsockname()[1])


def test_ports_outside_the_tcp_range_are_refused() -> None:
    import pytest

    from ghostkit.local import LocalGhostError
    from ghostkit.local.procnet import check_port

    for bad in (0, -1, 65536, 70000):
        with pytest.raises(LocalGhostError, match="1 to 65535"):
            check_port(bad)
    assert check_port(2368) == 2368


def test_an_instance_port_is_never_one_the_system_lends_to_outgoing_connections() -> None:
    """While an instance is stopped, any outgoing connection on the machine may borrow a
    port of the system's ephemeral range, and `local up` would then find its port taken:
    instance ports come from below that range, spread by the instance's name."""
    from ghostkit.local.procnet import instance_port

    low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    ports = {instance_port(f"pytest-{n}") for n in range(50)}
    assert all(port < low or port > high for port in ports), sorted(ports)
    assert len(ports) > 25  # different names start from different ports
    assert all(port_is_free(port) for port in ports)
    assert instance_port("same") == instance_port("same")
