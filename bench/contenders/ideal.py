"""The floor: raw httpx at ghostkit's concurrency, sending edits computed in advance.

python ideal.py prepare URL ADMIN_KEY EDITS.json   # untimed: read and compute
python ideal.py send URL ADMIN_KEY EDITS.json 4    # timed: only the writes
"""

import asyncio
import json
import os
import sys
import time

import httpx
import jwt


def token(key: str) -> str:
    key_id, secret = key.split(":")
    now = int(time.time())
    return jwt.encode(
        {"iat": now, "exp": now + 300, "aud": "/admin/"},
        bytes.fromhex(secret),
        algorithm="HS256",
        headers={"kid": key_id},
    )


def unwrap(node):
    if "children" not in node:
        return node
    out = []
    for child in node["children"]:
        child = unwrap(child)
        out.extend(child.get("children", []) if child.get("type") == "link" else [child])
    return {**node, "children": out}


def prepare(api: str, key: str, out: str, transform=unwrap) -> None:
    """Every post's document, `transform` applied to its root (untimed)."""
    edits, page = [], 1
    headers = {"Authorization": f"Ghost {token(key)}"}
    with httpx.Client(base_url=api, headers=headers, timeout=120) as client:
        while True:
            body = client.get(
                "posts/", params={"limit": 100, "page": page, "formats": "lexical"}
            ).json()
            for post in body["posts"]:
                document = json.loads(post["lexical"])
                new = {**document, "root": transform(document["root"])}
                if new != document:
                    edits.append(
                        [
                            post["id"],
                            post["updated_at"],
                            json.dumps(new, separators=(",", ":"), ensure_ascii=False),
                        ]
                    )
            if not body["meta"]["pagination"]["next"]:
                break
            page += 1
    with open(out, "w") as handle:
        json.dump(edits, handle)


async def send(api: str, key: str, edits_file: str, concurrency: int) -> None:
    with open(edits_file) as handle:
        edits = json.load(handle)
    headers = {"Authorization": f"Ghost {token(key)}"}
    async with httpx.AsyncClient(base_url=api, headers=headers, timeout=120) as client:
        gate = asyncio.Semaphore(concurrency)

        async def put(post_id: str, stamp: str, lexical: str) -> None:
            async with gate:
                response = await client.put(
                    f"posts/{post_id}/", json={"posts": [{"lexical": lexical, "updated_at": stamp}]}
                )
                response.raise_for_status()

        await asyncio.gather(*(put(*edit) for edit in edits))


if __name__ == "__main__":
    mode, url, path = sys.argv[1:4]
    key = os.environ["GHOST_ADMIN_API_KEY"]
    api = url.rstrip("/") + "/ghost/api/admin/"
    if mode == "prepare":
        prepare(api, key, path)
    else:
        asyncio.run(send(api, key, path, int(sys.argv[4])))
