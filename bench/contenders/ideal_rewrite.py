"""The floor for `links rewrite`: raw httpx at ghostkit's concurrency, sending documents
with every link to https://example.com moved to https://example.net, computed in advance.

python ideal_rewrite.py prepare URL EDITS.json   # untimed: read and compute
python ideal_rewrite.py send URL EDITS.json 4    # timed: only the writes
"""

import asyncio
import os
import sys

from ideal import prepare, send

OLD, NEW = "https://example.com/", "https://example.net/"


def moved(node):
    if node.get("type") == "link" and str(node.get("url", "")).startswith(OLD):
        node = {**node, "url": NEW + node["url"][len(OLD) :]}
    if "children" in node:
        node = {**node, "children": [moved(child) for child in node["children"]]}
    return node


if __name__ == "__main__":
    mode, url, path = sys.argv[1:4]
    key = os.environ["GHOST_ADMIN_API_KEY"]
    api = url.rstrip("/") + "/ghost/api/admin/"
    if mode == "prepare":
        prepare(api, key, path, moved)
    else:
        asyncio.run(send(api, key, path, int(sys.argv[4])))
