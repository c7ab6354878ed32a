"""The in-memory Ghost of `fake_ghost`, with pages and whole tags: tags listed (with
`include=count.posts`, a tag's posts and pages), read by id or slug, added, edited and
deleted (a deleted tag leaves every post and page, as in Ghost, without touching their
`updated_at`). Posts and pages are filtered by `tags.id:[...]`. Per tag, `faults` queue
what its next DELETE meets: "lost" (deleted, then the connection breaks)."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import httpx

from tests.unit.fake_ghost import API, FakeGhost, Post, document, error, post_id

Tag = dict[str, Any]
TAG_FIELDS = {
    "description": None,
    "feature_image": None,
    "visibility": "public",
    "meta_title": None,
    "meta_description": None,
    "og_image": None,
    "accent_color": None,
}


class TagSite(FakeGhost):
    def __init__(self) -> None:
        super().__init__(0)
        self.tags.clear()
        self.deletes: list[str] = []

    # -- state -------------------------------------------------------------------------

    def tag(self, name: str, **fields: Any) -> Tag:
        for tag in self.tags.values():
            if tag["name"] == name or tag["slug"] == name:
                return tag
        slug = fields.pop("slug", None) or name.lower().replace(" ", "-").replace("#", "hash-")
        made = {
            "id": f"{0xFFF000 + self.clock * 7 + len(self.tags) + 1:024x}",
            "name": name,
            "slug": slug,
            **TAG_FIELDS,
            **fields,
        }
        made["visibility"] = "internal" if name.startswith("#") else made["visibility"]
        made["updated_at"] = self.stamp()
        self.tags[made["id"]] = made
        return made

    def item(self, n: int, tags: list[str], *, page: bool = False) -> Post:
        """A post (or page) carrying `tags`, in that order."""
        post = {
            "id": post_id(n),
            "slug": f"{'page' if page else 'post'}-{n}",
            "title": f"Item {n}",
            "type": "page" if page else "post",
            "lexical": document(("Text", None)),
            "tags": [self.tag(t) for t in tags],
        }
        return self.add(post)

    def add(self, post: Post) -> Post:
        post = {"uuid": "u-" + post["id"], "status": "published", "type": "post", **post}
        post["updated_at"] = self.stamp()
        self.posts[post["id"]] = post
        return post

    def tag_slugs(self, item: str) -> list[str]:
        return [t["slug"] for t in self._tags_of(self.posts[item])]

    def _tags_of(self, post: Post) -> list[Tag]:
        return [self.tags[t["id"]] for t in post.get("tags") or [] if t["id"] in self.tags]

    def count(self, tag_id: str) -> int:
        return sum(1 for p in self.posts.values() if any(t["id"] == tag_id for t in p["tags"]))

    def snapshot(self) -> dict[str, Any]:
        return {**super().snapshot(), "tags": copy.deepcopy(self.tags)}

    def restore(self, snapshot: dict[str, Any]) -> None:
        super().restore(snapshot)
        self.tags = copy.deepcopy(snapshot["tags"])

    # -- the API -----------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix(API).strip("/").split("/")
        if path[0] == "tags":
            self.log.append(request)
            return self.tag_answer(request, path)
        self.log.append(request)
        kind, params = path[0][:-1], dict(request.url.params)
        if request.method == "GET" and len(path) == 1:
            return self._rekeyed(self.listing(kind, params), path[0])
        post = self.posts.get(path[1]) if len(path) == 2 else None
        if post is None or post["type"] != kind:
            return error(404, "NotFoundError", "Resource not found.")
        if request.method == "GET":
            return httpx.Response(200, json={path[0]: [self.shown(post, params)]})
        body = json.loads(request.content)[path[0]][0]
        return self._rekeyed(self.edit(path[1], body, params), path[0])

    def listing(self, kind: str, params: dict[str, str]) -> httpx.Response:
        where = params.pop("filter", None) or ""
        found = [p for p in self.posts.values() if p["type"] == kind]
        match = re.fullmatch(r"(tags\.)?id:\[([0-9a-f,]+)\]", where)
        assert match or not where, f"the fake does not understand {where!r}"
        if match:
            wanted = set(match.group(2).split(","))
            if match.group(1):
                found = [p for p in found if wanted & {t["id"] for t in p["tags"]}]
            else:
                found = [p for p in found if p["id"] in wanted]
        limit = int(params.get("limit", 15))
        shown = [self.shown(p, params) for p in found[:limit]]
        meta = {"page": 1, "limit": limit, "pages": 1, "total": len(found), "next": None}
        return httpx.Response(200, json={"posts": shown, "meta": {"pagination": meta}})

    def shown(self, post: Post, params: dict[str, str]) -> Post:
        out = super().shown(post, params)
        if "tags" in out:
            out["tags"] = copy.deepcopy(self._tags_of(post))
        return out

    def _rekeyed(self, response: httpx.Response, key: str) -> httpx.Response:
        body = json.loads(response.content)
        if "posts" in body and key != "posts":
            body[key] = body.pop("posts")
        return httpx.Response(response.status_code, json=body)

    def tag_answer(self, request: httpx.Request, path: list[str]) -> httpx.Response:
        params = dict(request.url.params)
        counted = "count.posts" in params.get("include", "")
        if len(path) == 1 and request.method == "GET":
            tags = self._filtered(params.get("filter"))
            return httpx.Response(
                200,
                json={
                    "tags": [self.shown_tag(t, counted, params) for t in tags],
                    "meta": {
                        "pagination": {
                            "page": 1,
                            "limit": 100,
                            "pages": 1,
                            "total": len(tags),
                            "next": None,
                        }
                    },
                },
            )
        if len(path) == 1 and request.method == "POST":
            body = json.loads(request.content)["tags"][0]
            body.pop("id", None)
            slug = body.get("slug") or body["name"].lower().replace(" ", "-")
            while any(t["slug"] == slug for t in self.tags.values()):
                slug += "-2"
            made = self.tag(body.pop("name"), **{**body, "slug": slug})
            return httpx.Response(201, json={"tags": [self.shown_tag(made, False, params)]})
        tag = self._found(path)
        if tag is None:
            return error(404, "NotFoundError", "Resource not found error, cannot read tag.")
        if request.method == "GET":
            return httpx.Response(200, json={"tags": [self.shown_tag(tag, counted, params)]})
        if request.method == "PUT":
            tag.update(json.loads(request.content)["tags"][0])
            tag["updated_at"] = self.stamp()
            return httpx.Response(200, json={"tags": [self.shown_tag(tag, False, params)]})
        assert request.method == "DELETE"
        self.deletes.append(tag["id"])
        fault = (self.faults.get(tag["id"]) or [""]).pop(0)
        del self.tags[tag["id"]]
        for post in self.posts.values():
            post["tags"] = [t for t in post["tags"] if t["id"] != tag["id"]]
        if fault == "lost":
            raise httpx.ReadError("connection reset by peer")
        return httpx.Response(204)

    def _found(self, path: list[str]) -> Tag | None:
        if len(path) == 3 and path[1] == "slug":
            return next((t for t in self.tags.values() if t["slug"] == path[2]), None)
        return self.tags.get(path[1]) if len(path) == 2 else None

    def _filtered(self, where: str | None) -> list[Tag]:
        tags = list(self.tags.values())
        for part in (where or "").split("+"):
            if part == "visibility:public":
                tags = [t for t in tags if t["visibility"] == "public"]
            elif match := re.fullmatch(r"id:\[?([0-9a-f,]+)\]?", part):
                tags = [t for t in tags if t["id"] in match.group(1).split(",")]
            else:
                assert not part, f"the fake does not understand {part!r}"
        return tags

    def shown_tag(self, tag: Tag, counted: bool, params: dict[str, str]) -> Tag:
        out = copy.deepcopy(tag)
        if "fields" in params:
            out = {k: v for k, v in out.items() if k in params["fields"].split(",")}
        if counted:
            out["count"] = {"posts": self.count(tag["id"])}
        return out
