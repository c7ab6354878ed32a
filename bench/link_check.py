#!/usr/bin/env python3
"""`links check` over N unique URLs served on loopback with a fixed latency, against a raw
httpx loop at the same concurrency. Prints each contender's wall time and the ratios.

    python bench/link_check.py --urls 1000 --latency 0.05 --concurrency 16 --rounds 3

The URLs are spread over 8 loopback hosts (127.0.0.1 to 127.0.0.8), served by a separate
process that answers every request after `--latency` seconds. The contenders, alternated
round by round:

- `ghostkit links check` as a person runs it (a new process, reading the posts that hold
  the URLs, tagged `bench`, from a fresh local Ghost it boots, `--concurrency C --per-host C/8`);
- the checker alone (`Checker.check_all` in a process of its own, timed around that
  call only: no start-up, no posts to read);
- with `--baseline-src DIR`, the checker alone again from the `src` folder of another
  version, for a before and after in one run:
  `mkdir -p /tmp/before && git archive REV src | tar -x -C /tmp/before` then
  `--baseline-src /tmp/before/src`;
- a raw httpx loop: one AsyncClient, a semaphore of C, a HEAD per URL.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HOSTS = [f"127.0.0.{n}" for n in range(1, 9)]


async def serve(latency: float, ready: Path) -> None:
    """Answer every request with 200 after `latency` s (HTTP/1.1 keep-alive)."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                await asyncio.sleep(latency)
                body = b"" if head.startswith(b"HEAD") else b"ok"
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                    b"Content-Length: 2\r\n\r\n" + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            writer.close()

    servers = [await asyncio.start_server(handle, host, 0, backlog=512) for host in HOSTS]
    ports = [s.sockets[0].getsockname()[1] for s in servers]
    ready.write_text(json.dumps(dict(zip(HOSTS, ports, strict=True))))
    await asyncio.Event().wait()


def urls_of(ports: dict[str, int], count: int) -> list[str]:
    hosts = list(ports.items())
    return [
        f"http://{hosts[n % len(hosts)][0]}:{hosts[n % len(hosts)][1]}/page/{n}"
        for n in range(count)
    ]


async def raw_loop(urls: list[str], concurrency: int) -> float:
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    started = time.monotonic()
    async with httpx.AsyncClient(limits=limits, trust_env=False) as client:

        async def one(url: str) -> int:
            async with gate:
                return (await client.head(url)).status_code

        statuses = await asyncio.gather(*(one(url) for url in urls))
    assert all(status == 200 for status in statuses)
    return time.monotonic() - started


async def checker_alone(urls: list[str], concurrency: int) -> float:
    from ghostkit.operations.link_probe import Checker, CheckOptions

    options = CheckOptions(concurrency=concurrency, per_host=max(1, concurrency // len(HOSTS)))
    started = time.monotonic()
    found = await Checker(options).check_all(urls)
    assert all(probe.state == "ok" for probe in found.values())
    return time.monotonic() - started


def checker_from(src: Path, ports: Path, count: int, concurrency: int) -> float:
    """The checker alone, imported from `src`, in a process of its own."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, __file__, "--time-checker", str(ports), "--urls", str(count),
         "--concurrency", str(concurrency)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout)


def seed_site(urls: list[str]) -> tuple[object, dict[str, str], tempfile.TemporaryDirectory[str]]:
    """A fresh local Ghost holding the URLs in posts of 100 links each."""
    from ghostkit import GhostAdmin
    from ghostkit.config import Paths, ProfileStore
    from ghostkit.local import Instance
    from ghostkit.samples import document, element, link, text

    tmp = tempfile.TemporaryDirectory()
    paths = Paths(
        cache=Paths.from_env().cache, data=Path(tmp.name), config_file=Path(tmp.name) / "c.toml"
    )
    instance = Instance("bench-linkcheck", paths)
    instance.up()
    profile = ProfileStore(paths.config_file).get(instance.name)
    with GhostAdmin(profile.url, key=profile.admin_key) as admin:
        for start in range(0, len(urls), 100):
            blocks = [
                element("paragraph", link(u, text("a link"))) for u in urls[start : start + 100]
            ]
            admin.posts.add(
                {"title": f"Links {start}", "tags": ["bench"], "lexical": document(*blocks)}
            )
    env = {
        **os.environ,
        "GHOST_URL": profile.url,
        "GHOST_ADMIN_API_KEY": profile.admin_key or "",
        "GHOSTKIT_DATA_DIR": tmp.name,
        "GHOSTKIT_CONFIG": str(paths.config_file),
    }
    return instance, env, tmp


def command(env: dict[str, str], count: int, concurrency: int) -> float:
    per_host = str(max(1, concurrency // len(HOSTS)))
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "ghostkit", "links", "check", "--json", "--filter", "tag:bench",
         "--concurrency", str(concurrency), "--per-host", per_host],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    took = time.monotonic() - started
    counts = json.loads(done.stdout)["counts"]
    assert done.returncode == 0 and counts["ok"] == count, (counts, done.stderr[-500:])
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline-src", type=Path, help="another version's src folder")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--time-checker", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve:
        asyncio.run(serve(options.latency, options.serve))
        return 0
    if options.time_checker:
        urls = urls_of(json.loads(options.time_checker.read_text()), options.urls)
        print(asyncio.run(checker_alone(urls, options.concurrency)))
        return 0
    here = Path(__file__).resolve().parent.parent / "src"
    with tempfile.TemporaryDirectory() as scratch:
        ready = Path(scratch) / "ports.json"
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(ready), "--latency", str(options.latency)]
        )
        instance = None
        try:
            while not ready.exists() or not ready.read_text():
                time.sleep(0.05)
            urls = urls_of(json.loads(ready.read_text()), options.urls)
            instance, env, tmp = seed_site(urls)
            checkers = {"checker alone": here}
            if options.baseline_src:
                checkers["checker alone, baseline"] = options.baseline_src.resolve()
            walls: dict[str, list[float]] = {"links check": [], **{n: [] for n in checkers}}
            walls["raw httpx"] = []
            for _ in range(options.rounds):
                walls["links check"].append(command(env, options.urls, options.concurrency))
                for name, src in checkers.items():
                    walls[name].append(checker_from(src, ready, options.urls, options.concurrency))
                walls["raw httpx"].append(asyncio.run(raw_loop(urls, options.concurrency)))
            floor = options.urls * options.latency / options.concurrency
            raw = statistics.median(walls["raw httpx"])
            print(
                f"{options.urls} URLs, {options.latency * 1000:.0f} ms each, concurrency "
                f"{options.concurrency}, {options.rounds} rounds (medians); floor {floor:.2f} s"
            )
            print("| contender | wall (s) | × raw httpx |\n|---|---|---|")
            for name, times in walls.items():
                wall = statistics.median(times)
                print(f"| {name} | {wall:.2f} | {wall / raw:.2f} |")
        finally:
            if instance is not None:
                instance.remove()  # type: ignore[attr-defined]
                tmp.cleanup()
            server.terminate()
            server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
