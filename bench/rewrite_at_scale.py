#!/usr/bin/env python3
"""`links rewrite` on N posts against the ideal loop, alternated on the same fresh data.

    python bench/rewrite_at_scale.py --posts 1000 --rounds 2

Every link to https://example.com in the benchmark's posts (four posts in five have one)
moves to https://example.net: `ghostkit links rewrite --from https://example.com --to
https://example.net --yes` (plan, journal, collision-safe writes, verify), against raw
httpx sending documents computed in an untimed step first. Each result is checked: no
link to example.com left in what Ghost renders, every post's text as it was. Prints the
walls and the ratio. Boots (and at the end removes) its own local instance, `bench`.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import Site, bench_plaintext, timed  # noqa: E402

from ghostkit import GhostAdmin  # noqa: E402

CONTENDERS = ("ghostkit", "ideal")
IDEAL = HERE / "contenders" / "ideal_rewrite.py"


def check(site: Site) -> dict[str, int]:
    """Posts that still link to example.com, and posts whose text changed."""
    left = changed = 0
    with GhostAdmin(site.url, key=site.key) as admin:
        for post in admin.posts.iter(formats="html,plaintext"):
            left += "https://example.com/" in (post.html or "")
            n = int(str(post.slug).split("-")[1])
            changed += " ".join((post.plaintext or "").split()) != bench_plaintext(n)
    return {"posts_left": left, "text_changed": changed}


def run_once(name: str, site: Site, count: int, concurrency: int, work: Path) -> dict[str, Any]:
    site.reset_posts(count)
    env = {
        **os.environ,
        "GHOST_URL": site.url,
        "GHOST_ADMIN_API_KEY": site.key,
        "GHOSTKIT_DATA_DIR": str(work),
        "GHOSTKIT_CONFIG": str(work / "c.toml"),
    }
    edits = work / "rewrite-edits.json"
    if name == "ideal":
        timed([sys.executable, str(IDEAL), "prepare", site.url, str(edits)], env)
        command = [sys.executable, str(IDEAL), "send", site.url, str(edits), str(concurrency)]
    else:
        command = [
            sys.executable,
            "-m",
            "ghostkit",
            "links",
            "rewrite",
            "--from",
            "https://example.com",
            "--to",
            "https://example.net",
            "--yes",
            "--json",
            "--concurrency",
            str(concurrency),
        ]
    before = site.requests_logged()
    result = timed(command, env)
    result["requests"] = site.requests_logged() - before
    result.update(check(site))
    return result


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    options = parser.parse_args()
    walls: dict[str, list[float]] = {name: [] for name in CONTENDERS}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = Site(work / "site")
        try:
            for round_number in range(options.rounds):
                shift = round_number % len(CONTENDERS)
                for name in CONTENDERS[shift:] + CONTENDERS[:shift]:
                    outcome = run_once(name, site, options.posts, options.concurrency, work)
                    walls[name].append(outcome["wall"])
                    print(
                        f"N={options.posts} round {round_number + 1} {name}: "
                        f"{outcome['wall']:.1f} s, {outcome['requests']} requests, "
                        f"CPU {outcome['cpu']:.1f} s, RSS {outcome['rss_mb']:.0f} MB, "
                        f"posts left {outcome['posts_left']}, "
                        f"text changed {outcome['text_changed']}",
                        flush=True,
                    )
        finally:
            site.close()
    medians = {name: statistics.median(values) for name, values in walls.items()}
    print(
        f"links rewrite, {options.posts} posts: ghostkit {medians['ghostkit']:.1f} s, "
        f"ideal {medians['ideal']:.1f} s, ratio {medians['ghostkit'] / medians['ideal']:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
