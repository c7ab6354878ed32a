"""One contender of the client-overhead benchmark; prints its wall time for N calls.

python overhead.py ghostkit-sync|ghostkit-async|httpx|httpx-async URL N

Each contender first imports what it needs, builds its client and makes one call (for
ghostkit that is about 0.2 s of importing pydantic and the models, once per process);
only the N calls after that are timed, so the ratio is the cost per call.
"""

import asyncio
import json
import os
import sys
import time

import httpx

name, url, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
key = os.environ["GHOST_ADMIN_API_KEY"]


def timed(call):
    call()  # the warm-up call
    started = time.perf_counter()
    for _ in range(count):
        call()
    return time.perf_counter() - started


def ghostkit_sync() -> float:
    from ghostkit import GhostAdmin

    with GhostAdmin(url, key=key) as admin:
        return timed(lambda: admin.posts.browse(limit=100))


def ghostkit_async() -> float:
    from ghostkit import AsyncGhostAdmin

    async def run() -> float:
        async with AsyncGhostAdmin(url, key=key) as admin:
            await admin.posts.browse(limit=100)
            started = time.perf_counter()
            for _ in range(count):
                await admin.posts.browse(limit=100)
            return time.perf_counter() - started

    return asyncio.run(run())


def raw_httpx() -> float:
    with httpx.Client(
        base_url=url + "/ghost/api/admin/", headers={"Authorization": "Ghost token"}
    ) as client:
        return timed(lambda: json.loads(client.get("posts/", params={"limit": 100}).content))


def raw_httpx_async() -> float:
    async def run() -> float:
        async with httpx.AsyncClient(
            base_url=url + "/ghost/api/admin/", headers={"Authorization": "Ghost token"}
        ) as client:
            await client.get("posts/", params={"limit": 100})
            started = time.perf_counter()
            for _ in range(count):
                json.loads((await client.get("posts/", params={"limit": 100})).content)
            return time.perf_counter() - started

    return asyncio.run(run())


contenders = {
    "ghostkit-sync": ghostkit_sync,
    "ghostkit-async": ghostkit_async,
    "httpx": raw_httpx,
    "httpx-async": raw_httpx_async,
}
print(contenders[name]())
