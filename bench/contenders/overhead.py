"""One contender of the client-overhead benchmark; prints its wall time for N calls.

python overhead.py ghostkit-sync|ghostkit-async|httpx URL KEY N
"""

import asyncio
import json
import os
import sys
import time

import httpx

name, url, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
key = os.environ["GHOST_ADMIN_API_KEY"]


def ghostkit_sync() -> None:
    from ghostkit import GhostAdmin

    with GhostAdmin(url, key=key) as admin:
        for _ in range(count):
            admin.posts.browse(limit=100)


def ghostkit_async() -> None:
    from ghostkit import AsyncGhostAdmin

    async def run() -> None:
        async with AsyncGhostAdmin(url, key=key) as admin:
            for _ in range(count):
                await admin.posts.browse(limit=100)

    asyncio.run(run())


def raw_httpx() -> None:
    with httpx.Client(
        base_url=url + "/ghost/api/admin/", headers={"Authorization": "Ghost token"}
    ) as client:
        for _ in range(count):
            json.loads(client.get("posts/", params={"limit": 100}).content)


started = time.perf_counter()
{"ghostkit-sync": ghostkit_sync, "ghostkit-async": ghostkit_async, "httpx": raw_httpx}[name]()
print(time.perf_counter() - started)
