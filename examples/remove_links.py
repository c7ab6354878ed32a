"""Remove every link from every post of a site, keeping the linked text.

This is the job from the forum question ghostkit started from, done with the client library:
read every post's Lexical document, unwrap each link node (its text stays, with its
formatting), and save with the `updated_at` just read, so a concurrent edit is never
overwritten. Run it with GHOST_URL and GHOST_ADMIN_API_KEY set:

    python examples/remove_links.py

For links inside cards, Markdown and HTML cards, mobiledoc posts, a preview, a journal and
undo, use `ghostkit links strip`.
"""

from __future__ import annotations

import json
from typing import Any

from ghostkit import GhostAdmin


def unwrap_links(node: dict[str, Any]) -> dict[str, Any]:
    """A copy of `node` with every link and autolink replaced by its children."""
    if "children" not in node:
        return node
    children: list[dict[str, Any]] = []
    for child in node["children"]:
        child = unwrap_links(child)
        if child.get("type") in ("link", "autolink"):
            children.extend(child.get("children", []))
        else:
            children.append(child)
    return {**node, "children": children}


def strip_links(lexical: str) -> str:
    """The Lexical document (a JSON string) with its links unwrapped."""
    document = json.loads(lexical)
    return json.dumps({**document, "root": unwrap_links(document["root"])})


def main() -> int:
    changed = 0
    with GhostAdmin.from_env() as admin:
        for post in admin.posts.iter(formats="lexical"):
            if not post.lexical or json.loads(strip_links(post.lexical)) == json.loads(
                post.lexical
            ):
                continue  # nothing to change: no write
            admin.posts.update(
                post.id,
                lambda current: {"lexical": strip_links(current.lexical)},
                read={"formats": "lexical"},
            )
            changed += 1
            print(f"removed links from {post.slug}")
    print(f"{changed} posts changed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
