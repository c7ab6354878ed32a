"""A small in-memory Ghost behind `httpx.MockTransport`, for the engine's unit tests: posts
and tags, listings by `id:[...]` with `fields`, `include` and `formats`, reads, and edits
that check `updated_at` and answer a stale one with the 409 Ghost sends. Faults a real
server cannot be made to show on purpose are queued per post (`fault`)."""

from __future__ import annotations

import asyncio
import copy
import html
import json
import re
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar
from urllib.parse import parse_qs

import httpx

from ghostkit import AsyncGhostAdmin
from ghostkit.content import lexical
from ghostkit.content.selection import LinkSelector
from ghostkit.core.retry import RetryPolicy
from ghostkit.operations.change import Change, Item
from ghostkit.operations.transforms import ReplaceText, StripLinks

SITE = "https://blog.example.com"
KEY = "a" * 24 + ":" + "b" * 64
API = "/ghost/api/admin/"
START = datetime(2026, 1, 1, tzinfo=timezone.utc)
DEFAULT_FORMATS = ("lexical", "mobiledoc")
FORMATS = ("lexical", "mobiledoc", "html", "plaintext")
Post = dict[str, Any]
T = TypeVar("T")


def post_id(n: int) -> str:
    return f"{n + 1:024x}"


def document(*segments: tuple[str, str | None]) -> str:
    """A Lexical document of one paragraph of text runs, those with a URL as links."""
    root = {
        "children": [lexical.paragraph_of(list(segments))],
        "direction": "ltr",
        "format": "",
        "indent": 0,
        "type": "root",
        "version": 1,
    }
    return lexical.serialize({"root": root})


def add_paragraph(text: str, *segments: tuple[str, str | None]) -> str:
    """The Lexical document `text` with one more paragraph."""
    doc = lexical.parse(text)
    doc["root"]["children"].append(lexical.paragraph_of(list(segments)))
    return lexical.serialize(doc)


def render(post: Post) -> tuple[str, str]:
    """The post's html and plaintext, rendered from its Lexical as Ghost would (simply)."""
    if not post.get("lexical"):
        return "", ""
    blocks = lexical.parse(post["lexical"])["root"].get("children") or []
    return "".join(f"<p>{_inline(b)}</p>" for b in blocks), "\n\n".join(
        lexical.text_of(b) for b in blocks
    )


def _inline(node: dict[str, Any]) -> str:
    if node.get("type") in ("link", "autolink"):
        inner = "".join(_inline(child) for child in node.get("children") or [])
        return f'<a href="{html.escape(node["url"])}">{inner}</a>'
    if "children" in node:
        return "".join(_inline(child) for child in node["children"])
    return html.escape(str(node.get("text", "")))


def error(status: int, kind: str, message: str, **extra: Any) -> httpx.Response:
    body = {
        "message": message,
        "context": extra.pop("context", None),
        "type": kind,
        "details": extra.pop("details", None),
        "property": None,
        "help": None,
        "code": extra.pop("code", None),
        "id": "6a7b8c90-0000-4000-8000-000000000000",
        "ghostErrorCode": None,
    }
    return httpx.Response(status, json={"errors": [body]})


class FakeGhost:
    """The site's state (`posts`, `tags`), every request it was sent (`log`), and per post
    the PUTs it was sent (`puts`) and the ones it applied (`applied`)."""

    def __init__(self, posts: int = 0, make: Callable[[int], Post] | None = None) -> None:
        self.clock = 0
        self.tags: dict[str, dict[str, Any]] = {}
        self.posts: dict[str, Post] = {}
        self.log: list[httpx.Request] = []
        self.puts: Counter[str] = Counter()
        self.applied: Counter[str] = Counter()
        self.bodies: dict[str, list[dict[str, Any]]] = {}
        self.faults: dict[str, list[str]] = {}
        """Per post, what the next PUTs meet, in order: "collide" (someone else saves the
        post just before), "lost" (saved, then the connection breaks), "lost502" (saved,
        then a gateway answers 502), "422" (refused), "stale-render" (saved, but html and
        plaintext stay as they were), "mangle" (saved with its title cut short)."""
        self.slow: set[str] = set()
        """Posts whose edits are answered slowly (50 ms instead of 1)."""
        self.tag("news")
        for n in range(posts):
            self.add((make or link_post)(n))

    # -- state -------------------------------------------------------------------------

    def stamp(self) -> str:
        self.clock += 1
        moment = START + timedelta(seconds=self.clock)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def tag(self, name: str) -> dict[str, Any]:
        for tag in self.tags.values():
            if tag["name"] == name or tag["slug"] == name:
                return tag
        found = {"id": f"{0xFFF000 + len(self.tags):024x}", "name": name, "slug": name}
        self.tags[found["id"]] = found
        return found

    def add(self, post: Post) -> Post:
        news = dict(self.tag("news"))
        post = {"uuid": "u-" + post["id"], "status": "draft", "tags": [news], **post}
        post["updated_at"] = self.stamp()
        post["html"], post["plaintext"] = render(post)
        self.posts[post["id"]] = post
        return post

    def fault(self, item: str, *kinds: str) -> None:
        self.faults.setdefault(item, []).extend(kinds)

    def edit_elsewhere(self, item: str, **fields: Any) -> None:
        """Another person saves the post."""
        post = self.posts[item]
        post.update(fields)
        post["updated_at"] = self.stamp()
        post["html"], post["plaintext"] = render(post)

    def snapshot(self) -> dict[str, Any]:
        return copy.deepcopy(
            {"posts": self.posts, "applied": self.applied, "puts": self.puts, "clock": self.clock}
        )

    def restore(self, snapshot: dict[str, Any]) -> None:
        snapshot = copy.deepcopy(snapshot)
        self.posts, self.applied = snapshot["posts"], snapshot["applied"]
        self.puts, self.clock = snapshot["puts"], snapshot["clock"]

    # -- the API -----------------------------------------------------------------------

    def client(self) -> AsyncGhostAdmin:
        return AsyncGhostAdmin(
            SITE, key=KEY, transport=httpx.MockTransport(self.answer), retry=RetryPolicy.none()
        )

    async def answer(self, request: httpx.Request) -> httpx.Response:
        """`handle`, then the answer takes a moment to come back (as over a network: other
        requests go on meanwhile, and a run stopped then never sees it)."""
        response = self.handle(request)
        slow = request.method == "PUT" and request.url.path.rstrip("/").endswith(tuple(self.slow))
        await asyncio.sleep(0.05 if slow else 0.001)
        return response

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.log.append(request)
        path = request.url.path.removeprefix(API).strip("/").split("/")
        params = {k: v[0] for k, v in parse_qs(request.url.query.decode()).items()}
        if path == ["posts"] and request.method == "GET":
            return self.browse(params)
        if len(path) == 2 and path[0] == "posts" and request.method == "GET":
            if path[1] not in self.posts:
                return error(404, "NotFoundError", "Post not found.")
            return httpx.Response(200, json={"posts": [self.shown(self.posts[path[1]], params)]})
        if len(path) == 2 and path[0] == "posts" and request.method == "PUT":
            return self.edit(path[1], json.loads(request.content)["posts"][0], params)
        if path == ["tags"] and request.method == "GET":
            tags = list(self.tags.values())
            meta = {"page": 1, "limit": 15, "pages": 1, "total": len(tags), "next": None}
            return httpx.Response(200, json={"tags": tags, "meta": {"pagination": meta}})
        return error(404, "NotFoundError", "Resource not found")

    def browse(self, params: dict[str, str]) -> httpx.Response:
        found = list(self.posts.values())
        where = params.get("filter")
        if params.get("order") == "id asc":
            found.sort(key=lambda p: str(p["id"]))
        if where is not None:
            after = re.fullmatch(r"id:>'([0-9a-f]+)'", where)
            match = re.fullmatch(r"id:\[([0-9a-f,]+)\]", where)
            assert after or match, f"the fake understands id filters only, not {where!r}"
            if after:
                found = [p for p in found if str(p["id"]) > after.group(1)]
            else:
                wanted = set(match.group(1).split(",")) if match else set()
                found = [p for p in found if p["id"] in wanted]
        limit = min(int(params.get("limit", 15)), 100)
        page = int(params.get("page", 1))
        pages = max(1, -(-len(found) // limit))
        shown = [self.shown(p, params) for p in found[(page - 1) * limit : page * limit]]
        meta = {
            "page": page,
            "limit": limit,
            "pages": pages,
            "total": len(found),
            "next": page + 1 if page < pages else None,
            "prev": page - 1 if page > 1 else None,
        }
        return httpx.Response(200, json={"posts": shown, "meta": {"pagination": meta}})

    def shown(self, post: Post, params: dict[str, str]) -> Post:
        """A post as Ghost answers with these `fields`, `formats` and `include`."""
        formats = params["formats"].split(",") if "formats" in params else DEFAULT_FORMATS
        include = params.get("include", "").split(",")
        if "fields" in params:
            names = set(params["fields"].split(",")) | set(params.get("formats", "").split(","))
        else:
            names = {k for k in post if k not in FORMATS and k != "tags"} | set(formats)
            names |= {"tags"} & set(include)
        return copy.deepcopy({k: post.get(k) for k in names if k})

    def edit(self, item: str, body: dict[str, Any], params: dict[str, str]) -> httpx.Response:
        self.puts[item] += 1
        self.bodies.setdefault(item, []).append(copy.deepcopy(body))
        post = self.posts.get(item)
        if post is None:
            return error(404, "NotFoundError", "Post not found.")
        fault = (self.faults.get(item) or [""]).pop(0)
        if fault == "collide":
            self.edit_elsewhere(item, title=post["title"] + " (theirs)")
        if fault == "422":
            return error(422, "ValidationError", "Validation error, cannot edit post.")
        if "updated_at" not in body:
            return error(422, "ValidationError", "Validation error, cannot edit post.")
        if body["updated_at"] != post["updated_at"]:
            return error(
                409,
                "UpdateCollisionError",
                "Saving failed! Someone else is editing this post.",
                code="UPDATE_COLLISION",
                details={"changedFields": ["title"]},
            )
        for name, value in body.items():
            if name == "tags":
                value = [self._tag(t) for t in value]
            post[name] = value
        if fault == "mangle":
            post["title"] = post["title"][:4]
        post["updated_at"] = self.stamp()
        if fault != "stale-render":
            post["html"], post["plaintext"] = render(post)
        self.applied[item] += 1
        if fault == "lost":
            raise httpx.ReadError("connection reset by peer")
        if fault == "lost502":
            return httpx.Response(502, html="<html><body>502 Bad Gateway</body></html>")
        return httpx.Response(200, json={"posts": [self.shown(post, params)]})

    def _tag(self, given: Any) -> dict[str, Any]:
        if isinstance(given, str):
            return self.tag(given)
        if given.get("id") in self.tags:
            return self.tags[given["id"]]
        return self.tag(given.get("slug") or given["name"])

    # -- what was sent -----------------------------------------------------------------

    def requests(self, method: str, *parts: str) -> list[int]:
        """Where in `log` the requests of `method` whose URL holds every one of `parts` are."""
        return [
            n
            for n, r in enumerate(self.log)
            if r.method == method and all(p in str(r.url) for p in parts)
        ]


OLD = "https://old.example.com/a"
KEPT = "https://blog.example.com/x"


def link_post(n: int) -> Post:
    """A post with one link to old.example.com (which a strip removes) and one to the site."""
    return {
        "id": post_id(n),
        "slug": f"post-{n}",
        "title": f"Post {n}",
        "lexical": document(("Read ", None), ("the old", OLD), (" and ", None), ("this", KEPT)),
    }


def strip_old() -> StripLinks:
    return StripLinks(LinkSelector(domains=("old.example.com",), site_url=SITE))


def replace_old() -> ReplaceText:
    return ReplaceText("the old", "the new")


class Retire(Change):
    """A change of fields besides the body: prefix the title, add the tag `legacy`."""

    kind = "retire"
    reads = ("title", "tags")

    def plan(self, item: Item) -> dict[str, Any] | None:
        if item["title"].startswith("Old: "):
            return None
        return {"title": "Old: " + item["title"], "tags": [*item["tags"], {"slug": "legacy"}]}


def changes() -> list[Change]:
    """The changes every engine test runs: the two built-in ones and a custom one."""
    return [strip_old(), replace_old(), Retire()]


def run(coro_of: Callable[[AsyncGhostAdmin], Awaitable[T]], fake: FakeGhost) -> T:
    """`coro_of(admin)` run against `fake`."""

    async def main() -> T:
        async with fake.client() as admin:
            return await coro_of(admin)

    return asyncio.run(main())
