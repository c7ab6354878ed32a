#!/usr/bin/env python3
"""ghostkit's benchmarks, against a real local Ghost, every ratio measured in one run.

    pip install -e '.[bench]' && python bench/run.py --sizes 200 1000 --rounds 3
    python bench/run.py --skip overhead memory startup --contenders ghostkit ideal
    python bench/run.py --skip overhead memory startup --baseline ../old/src  # before/after

1. The headline job: remove the links from N posts, with ghostkit, the seed-000 approach,
   Ghost's JavaScript SDK and the ideal raw-httpx loop (the floor), alternating, on the same
   freshly imported data each time; wall time, requests, client CPU, peak memory; each
   result checked (no link left, text intact).
2. Client overhead: 5,000 `posts.browse(limit=100)` calls against a canned local server.
3. Memory: `members.iter()` over 20,000 imported members: peak RSS growth.
4. CLI start-up.

Writes bench/results.json; `python bench/report.py` turns it into docs/benchmarks.md and
docs/benchmark-headline.png. Never part of the test suite's pass or fail.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from ghostkit import GhostAdmin  # noqa: E402
from ghostkit.config import Paths, ProfileStore  # noqa: E402
from ghostkit.local import Instance  # noqa: E402

CONTENDERS = ("ghostkit", "seed000", "js_sdk", "ideal")


def bench_post(n: int) -> dict[str, Any]:
    """A post with a few inline links (every fifth post has none)."""
    from ghostkit.samples import document, element, link, text

    def paragraph(*children: dict[str, Any]) -> dict[str, Any]:
        return element("paragraph", *children)

    blocks = [
        paragraph(
            text(f"Post {n} opens with plain words and some "), text("bold", 1), text(" text.")
        )
    ]
    if n % 5 != 4:
        blocks += [
            paragraph(
                text("Read "),
                link(f"https://example.com/{n}/a", text("the first")),
                text(" and "),
                link(f"https://example.org/{n}/b", text("the second")),
                text(" link."),
            ),
            paragraph(link(f"https://news.example.net/{n}", text("A whole linked paragraph"))),
        ]
    blocks.append(paragraph(text("The end.")))
    return {
        "title": f"Bench {n}",
        "slug": f"bench-{n}",
        "lexical": document(*blocks),
        "status": "published",
    }


class Site:
    """The benchmark's own local Ghost."""

    def __init__(self, data: Path) -> None:
        self.paths = Paths(
            cache=Paths.from_env().cache, data=data, config_file=data / "config.toml"
        )
        self.instance = Instance("bench", self.paths)
        self.instance.up()
        profile = ProfileStore(self.paths.config_file).get("bench")
        self.url, self.key = profile.url, profile.admin_key or ""
        self.email, self.password = profile.email or "", profile.password or ""

    def reset_posts(self, count: int) -> None:
        """Delete every post, then import `count` fresh ones in one request."""
        with GhostAdmin(self.url, email=self.email, password=self.password) as owner:
            owner.request("DELETE", "posts/", params={"filter": "id:-null"})
            posts = []
            for n in range(count):
                post = bench_post(n)
                posts.append({"id": f"{n + 1:024x}", **post})
            export = {
                "db": [
                    {
                        "meta": {"exported_on": int(time.time() * 1000), "version": "6.65.0"},
                        "data": {"posts": posts},
                    }
                ]
            }
            owner.db.import_(json.dumps(export).encode(), filename="bench.json")
        self.wait_until_idle()

    def wait_until_idle(self) -> None:
        """After an import Ghost is busy for a while (it builds the new posts' URLs and
        sends webmentions for their links; its first listing waits for that): start every
        contender on a quiet server, its first listing already served."""
        with GhostAdmin(self.url, key=self.key, timeout=120) as admin:
            quiet = 0
            deadline = time.monotonic() + 180
            while quiet < 3 and time.monotonic() < deadline:
                started = time.monotonic()
                admin.posts.browse(limit=100, fields="id")
                quiet = quiet + 1 if time.monotonic() - started < 0.1 else 0
                time.sleep(0.2)

    def requests_logged(self) -> int:
        return sum(
            1
            for line in self.instance.log_file.read_text(errors="replace").splitlines()
            if '"GET /ghost/api' in line
            or '"PUT /ghost/api' in line
            or '"POST /ghost/api' in line
            or '"DELETE /ghost/api' in line
        )

    def check(self) -> dict[str, Any]:
        """After a run: links left in rendered posts, and posts whose text changed."""
        left = changed = 0
        with GhostAdmin(self.url, key=self.key) as admin:
            for post in admin.posts.iter(formats="html,plaintext"):
                left += (post.html or "").count("<a ")
                n = int(str(post.slug).split("-")[1])
                expected = bench_plaintext(n)
                changed += " ".join((post.plaintext or "").split()) != expected
        return {"links_left": left, "text_changed": changed}

    def close(self) -> None:
        self.instance.remove()


def bench_plaintext(n: int) -> str:
    words = [f"Post {n} opens with plain words and some bold text."]
    if n % 5 != 4:
        words += ["Read the first and the second link.", "A whole linked paragraph"]
    words.append("The end.")
    return " ".join(" ".join(words).split())


def timed(command: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Run a command under /usr/bin/time: wall, user+sys CPU, peak RSS (MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        started = time.monotonic()
        subprocess.run(
            ["/usr/bin/time", "-o", stats.name, "-f", "%U %S %M", *command],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        wall = time.monotonic() - started
        user, system, rss = stats.read().split()[-3:]
    return {"wall": wall, "cpu": float(user) + float(system), "rss_mb": int(rss) / 1024}


def js_sdk_dir() -> Path:
    target = Paths.from_env().cache / "bench" / "js-sdk"
    if not (target / "node_modules" / "@tryghost" / "admin-api").exists():
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(target), "--no-save", "@tryghost/admin-api"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def run_contender(
    name: str, site: Site, count: int, concurrency: int, work: Path, baseline: str | None = None
) -> dict[str, Any]:
    """One timed run of contender `name` on `count` fresh posts. "baseline" is ghostkit
    imported from the source tree `baseline` (another version, for a before and after)."""
    site.reset_posts(count)
    env = {
        **os.environ,
        "GHOST_URL": site.url,
        "GHOST_ADMIN_API_KEY": site.key,
        "GHOSTKIT_DATA_DIR": str(work),
        "GHOSTKIT_CONFIG": str(work / "c.toml"),
    }
    edits = work / "edits.json"
    if name == "ideal":
        subprocess.run(
            [
                sys.executable,
                str(HERE / "contenders" / "ideal.py"),
                "prepare",
                site.url,
                str(edits),
            ],
            check=True,
            env=env,
        )
    before = site.requests_logged()
    if name == "baseline":
        env = {**env, "PYTHONPATH": str(baseline)}
    if name in ("ghostkit", "baseline"):
        result = timed(
            [
                sys.executable,
                "-m",
                "ghostkit",
                "links",
                "strip",
                "--yes",
                "--json",
                "--concurrency",
                str(concurrency),
            ],
            env,
        )
    elif name == "seed000":
        result = timed([sys.executable, str(HERE / "contenders" / "seed000.py"), site.url], env)
    elif name == "js_sdk":
        env_js = {**env, "NODE_PATH": str(js_sdk_dir() / "node_modules")}
        result = timed(["node", str(HERE / "contenders" / "js_sdk.js"), site.url], env_js)
    else:
        result = timed(
            [
                sys.executable,
                str(HERE / "contenders" / "ideal.py"),
                "send",
                site.url,
                str(edits),
                str(concurrency),
            ],
            env,
        )
    time.sleep(0.5)  # let the log catch up
    result["requests"] = site.requests_logged() - before
    result.update(site.check())
    return result


def headline(
    site: Site,
    sizes: list[int],
    rounds: int,
    concurrency: int,
    work: Path,
    contenders: tuple[str, ...] = CONTENDERS,
    baseline: str | None = None,
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for count in sizes:
        samples: dict[str, list[dict[str, Any]]] = {name: [] for name in contenders}
        for round_number in range(rounds):
            shift = round_number % len(contenders)
            order = contenders[shift:] + contenders[:shift]
            for name in order:
                outcome = run_contender(name, site, count, concurrency, work, baseline)
                samples[name].append(outcome)
                print(
                    f"N={count} round {round_number + 1} {name}: "
                    f"{outcome['wall']:.1f} s, {outcome['requests']} requests, "
                    f"links left {outcome['links_left']}, text changed "
                    f"{outcome['text_changed']}",
                    flush=True,
                )
        results[str(count)] = {name: _median(s) for name, s in samples.items()}
        if "ideal" in samples:
            for name, runs in samples.items():
                paired = _paired_ratio(runs, samples["ideal"])
                results[str(count)][name]["paired_ratio"] = paired
                print(f"N={count} {name}: {paired:.3f} x ideal (paired)", flush=True)
    return results


def _paired_ratio(runs: list[dict[str, Any]], ideal: list[dict[str, Any]]) -> float:
    """The median over rounds of a contender's wall over the ideal loop's in the same
    round: on a machine whose speed drifts during the run, a round's contenders run back
    to back, so their ratio drifts less than the ratio of the medians."""
    return statistics.median(r["wall"] / i["wall"] for r, i in zip(runs, ideal, strict=True))


def _median(samples: list[dict[str, Any]]) -> dict[str, Any]:
    keys = samples[0].keys()
    return {k: statistics.median(s[k] for s in samples) for k in keys} | {
        "walls": [s["wall"] for s in samples]
    }


def client_overhead(calls: int, rounds: int) -> dict[str, Any]:
    """browse(limit=100) against a canned page served by Node (not the bottleneck)."""
    page = {
        "posts": [
            {
                "id": f"{i:024x}",
                "title": f"Post {i}",
                "slug": f"post-{i}",
                "updated_at": "2026-01-01T00:00:00.000Z",
            }
            for i in range(100)
        ],
        "meta": {
            "pagination": {
                "page": 1,
                "limit": 100,
                "pages": 1,
                "total": 100,
                "next": None,
                "prev": None,
            }
        },
    }
    body = json.dumps(page)
    server = subprocess.Popen(
        [
            "node",
            "-e",
            "const b=process.argv[1];require('http').createServer((q,s)=>{"
            "s.setHeader('content-type','application/json');s.end(b)}).listen(0,'127.0.0.1',"
            "function(){console.log(this.address().port)})",
            body,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    port = int(server.stdout.readline())
    url = f"http://127.0.0.1:{port}"
    key = "6489d3b9a1c2b40001a1b2c3:" + "ab" * 32
    script = HERE / "contenders" / "overhead.py"
    names = ("ghostkit-sync", "ghostkit-async", "httpx", "httpx-async")
    results: dict[str, list[float]] = {name: [] for name in names}
    try:
        for _ in range(rounds):
            for name in results:
                done = subprocess.run(
                    [sys.executable, str(script), name, url, str(calls)],
                    env={**os.environ, "GHOST_ADMIN_API_KEY": key},
                    capture_output=True,
                    text=True,
                    check=True,
                )
                results[name].append(float(done.stdout))
    finally:
        server.terminate()
    return {name: statistics.median(v) for name, v in results.items()}


def member_memory(site: Site, count: int) -> dict[str, Any]:
    rows = "email,name\n" + "".join(f"member{i}@example.com,Member {i}\n" for i in range(count))
    with GhostAdmin(site.url, key=site.key) as admin:
        admin.members.import_csv(rows.encode())
        deadline = time.monotonic() + 600
        while admin.members.browse(limit=1).pagination.total < count:
            if time.monotonic() > deadline:
                raise RuntimeError("the member import did not finish in 10 minutes")
            time.sleep(2)
    script = HERE / "contenders" / "iterate_members.py"
    done = subprocess.run(
        [sys.executable, str(script), site.url],
        env={**os.environ, "GHOST_ADMIN_API_KEY": site.key},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def startup(rounds: int = 10) -> dict[str, float]:
    def median_of(command: list[str]) -> float:
        walls = []
        for _ in range(rounds):
            started = time.monotonic()
            subprocess.run(
                command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            walls.append(time.monotonic() - started)
        return statistics.median(walls)

    return {
        "help": median_of([sys.executable, "-m", "ghostkit", "--help"]),
        "help_script": median_of(["ghostkit", "--help"]),
    }


def main() -> int:
    # a stopped benchmark still stops its Ghost: SIGTERM runs the `finally` below
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description="ghostkit benchmarks")
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument(
        "--contenders",
        nargs="+",
        default=list(CONTENDERS),
        choices=CONTENDERS,
        metavar="NAME",
        help=f"the headline's contenders, of {', '.join(CONTENDERS)} (default: all)",
    )
    parser.add_argument(
        "--baseline",
        metavar="SRC",
        help="also time ghostkit imported from this source tree (its src folder), as the "
        "contender `baseline`: a before and after measured in one run",
    )
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["headline", "overhead", "memory", "startup"]
    )
    options = parser.parse_args()
    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "command": " ".join(sys.argv),
        "started": time.strftime("%Y-%m-%d %H:%M"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = Site(work / "site")
        try:
            with GhostAdmin(site.url, key=site.key) as admin:
                results["ghost"] = admin.site().version
            if "startup" not in options.skip:
                results["startup"] = startup()
                print("startup", results["startup"], flush=True)
            if "overhead" not in options.skip:
                results["overhead"] = client_overhead(options.calls, options.rounds)
                print("overhead", results["overhead"], flush=True)
            if "headline" not in options.skip:
                contenders = tuple(dict.fromkeys(options.contenders))
                if options.baseline:
                    contenders += ("baseline",)
                results["headline"] = headline(
                    site,
                    options.sizes,
                    options.rounds,
                    options.concurrency,
                    work,
                    contenders,
                    str(Path(options.baseline).resolve()) if options.baseline else None,
                )
            if "memory" not in options.skip:
                results["memory"] = member_memory(site, options.members)
                print("memory", results["memory"], flush=True)
        finally:
            site.close()
    out = HERE / "results.json"
    if options.skip and out.exists():  # a partial run updates only the parts it measured
        measured = {
            k: v for k, v in results.items() if k in ("headline", "overhead", "memory", "startup")
        }
        results = {**json.loads(out.read_text()), **measured}
    out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
