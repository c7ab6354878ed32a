"""Which TCP ports a process group listens on, read from Linux's /proc.

Used by `ghostkit local status` and by the tests that prove a local Ghost listens on
loopback only. On systems without /proc the answer is an empty list.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

_PROC = Path("/proc")
_LISTEN = "0A"


@dataclass(frozen=True)
class Listener:
    address: str
    port: int

    @property
    def is_loopback(self) -> bool:
        return ipaddress.ip_address(self.address).is_loopback

    def __str__(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{host}:{self.port}"


def group_pids(pgid: int) -> list[int]:
    """Every live process whose process group is `pgid`."""
    pids = []
    for entry in _PROC.glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid:
            pids.append(int(entry.name))
    return pids


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    try:
        for fd in (_PROC / str(pid) / "fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        pass
    return inodes


def _decode(hex_address: str) -> tuple[str, int]:
    host_hex, port_hex = hex_address.split(":")
    raw = bytes.fromhex(host_hex)
    if len(raw) == 4:
        address = str(ipaddress.IPv4Address(raw[::-1]))
    else:
        words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
        v6 = ipaddress.IPv6Address(words)
        address = str(v6.ipv4_mapped or v6)
    return address, int(port_hex, 16)


def listeners(pgid: int) -> list[Listener]:
    """The listening TCP sockets held by any process of the group `pgid`."""
    inodes: set[str] = set()
    for pid in group_pids(pgid):
        inodes |= _socket_inodes(pid)
    found = []
    for table in ("tcp", "tcp6"):
        try:
            lines = (_PROC / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if cols[3] == _LISTEN and cols[9] in inodes:
                found.append(Listener(*_decode(cols[1])))
    return sorted(set(found), key=lambda item: (item.port, item.address))


def check_port(port: int) -> int:
    """`port` if it is a TCP port one can listen on, else a clear error."""
    from ghostkit.local.errors import LocalGhostError

    if not 1 <= port <= 65535:
        raise LocalGhostError(
            f"port {port} is not a TCP port", hint="pass a port from 1 to 65535 with --port"
        )
    return port


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server could listen on `port` now, probed the way Ghost will bind it.

    Node sets SO_REUSEADDR on every TCP server, so a port whose last server stopped a
    moment ago (its connections still in TIME_WAIT for about a minute) is free to it; a
    bind without that option would call it taken. A port someone listens on is not free
    either way.
    """
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, check_port(port)))
        except OSError:
            return False
    return True


INSTANCE_PORTS = range(2369, 9999)
"""Where instance ports come from: below the ephemeral range Linux lends to outgoing
connections (32768-60999 by default), so that while an instance is stopped no connection
elsewhere on the machine can borrow its port."""


def instance_port(name: str, host: str = "127.0.0.1") -> int:
    """A free port for the instance `name`: the first free one from a starting point that
    the name chooses (so that instances made at once rarely try the same port)."""
    import zlib

    start = zlib.crc32(name.encode()) % len(INSTANCE_PORTS)
    for offset in range(len(INSTANCE_PORTS)):
        port = INSTANCE_PORTS[(start + offset) % len(INSTANCE_PORTS)]
        if port_is_free(port, host):
            return port
    return free_port(host)


def free_port(host: str = "127.0.0.1") -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port
