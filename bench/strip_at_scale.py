#!/usr/bin/env python3
"""Remove every link from N sample posts on a fresh local Ghost, check the result through
Ghost's own rendering, undo, and check the undo byte for byte. Prints counts and times.

    python bench/strip_at_scale.py --posts 500

It boots (and at the end removes) its own local instance, `bench-strip`, on a free port.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from typing import Any

from ghostkit import AsyncGhostAdmin
from ghostkit.config import Paths, ProfileStore
from ghostkit.content import html_links
from ghostkit.local import Instance
from ghostkit.operations.journal import Journal
from ghostkit.samples import sample_post


async def seed(admin: AsyncGhostAdmin, count: int) -> None:
    gate = asyncio.Semaphore(4)

    async def one(n: int) -> None:
        async with gate:
            await admin.posts.add({**sample_post(n), "status": "published"})

    await asyncio.gather(*(one(n) for n in range(count)))


async def snapshot(admin: AsyncGhostAdmin) -> dict[str, Any]:
    return {str(p.id): p async for p in admin.posts.iter(formats="lexical,html,plaintext")}


def ghostkit(env: dict[str, str], *args: str) -> tuple[float, dict[str, Any]]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "ghostkit", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.monotonic() - started, json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--link-cards", default="keep", choices=["keep", "text", "remove"])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(
            cache=Paths.from_env().cache,
            data=__import__("pathlib").Path(tmp),
            config_file=__import__("pathlib").Path(tmp) / "config.toml",
        )
        instance = Instance("bench-strip", paths)
        instance.up()
        try:
            profile = ProfileStore(paths.config_file).get(instance.name)
            env = {
                **os.environ,
                "GHOST_URL": profile.url,
                "GHOST_ADMIN_API_KEY": profile.admin_key or "",
                "GHOSTKIT_DATA_DIR": tmp,
                "GHOSTKIT_CONFIG": str(paths.config_file),
            }

            async def prepare() -> dict[str, Any]:
                async with AsyncGhostAdmin(profile.url, key=profile.admin_key) as admin:
                    started = time.monotonic()
                    await seed(admin, options.posts)
                    print(f"seeded {options.posts} posts in {time.monotonic() - started:.1f} s")
                    return await snapshot(admin)

            before = asyncio.run(prepare())
            took, summary = ghostkit(
                env, "links", "strip", "--yes", "--json", "--link-cards", options.link_cards
            )
            print(
                f"links strip --yes: {took:.1f} s; "
                + json.dumps(
                    {
                        k: summary[k]
                        for k in (
                            "seen",
                            "changed",
                            "unchanged",
                            "failed",
                            "links_removed",
                            "link_cards_kept",
                        )
                    }
                )
            )
            print(f"verify: ok={summary['verify']['ok']}, checked {summary['verify']['checked']}")
            after = asyncio.run(_snapshot(profile.url, profile.admin_key or ""))
            state = Journal.open(paths.data / "runs", summary["run_id"]).state()
            left = plain_changed = rewritten = 0
            for post_id, post in after.items():
                entry = state.posts.get(post_id)
                kept = kept_cards(entry, options.link_cards)
                left += sum(
                    1 for link in html_links.find_links(post.html or "") if link.href not in kept
                )
                plain_changed += post.plaintext != before[post_id].plaintext
                if entry is None:
                    rewritten += post.updated_at != before[post_id].updated_at
            print(
                f"links left outside kept link cards: {left}; plaintext changed: "
                f"{plain_changed}; posts without links that were written: {rewritten}"
            )
            took, undone = ghostkit(env, "runs", "undo", summary["run_id"], "--yes", "--json")
            restored = asyncio.run(_snapshot(profile.url, profile.admin_key or ""))
            same = sum(restored[i].lexical == before[i].lexical for i in before)
            print(
                f"runs undo: {took:.1f} s; restored {undone['restored']}; "
                f"lexical identical to before: {same}/{len(before)}"
            )
        finally:
            instance.remove()
    return 0


def kept_cards(entry: Any, mode: str) -> set[str]:
    """The link cards the run kept on purpose in one post (found again from the document
    its journal holds)."""
    from ghostkit.content.selection import LinkSelector
    from ghostkit.operations.change import Item
    from ghostkit.operations.transforms import StripLinks

    if entry is None or entry.before is None:
        return set()
    made = StripLinks(LinkSelector(), mode).result(Item("posts", entry.before.fields))  # type: ignore[arg-type]
    return {link.url for link in made[1].link_cards} if made else set()


async def _snapshot(url: str, key: str) -> dict[str, Any]:
    async with AsyncGhostAdmin(url, key=key) as admin:
        return await snapshot(admin)


if __name__ == "__main__":
    raise SystemExit(main())
