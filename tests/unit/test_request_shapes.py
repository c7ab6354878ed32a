"""Every verb of every resource, on the sync and the async client: the request it sends.

A mock transport records the request and answers with a plausible envelope; the live
behaviour is proven by the integration tests against a real Ghost.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from ghostkit import AsyncGhostAdmin, AsyncGhostContent, GhostAdmin, GhostContent
from ghostkit.clients._async.snippets import EMPTY_MOBILEDOC
from ghostkit.core.errors import ConfigurationError

URL = "https://site.test"
KEY = "6489d3b9a1c2b40001a1b2c3:" + "ab" * 32
CONTENT = "0123456789abcdef0123456789"
STAMP = "2026-01-01T00:00:00.000Z"
ID = "6489d3b9a1c2b40001a1b2c3"
ITEM_ID = "abc"  # what the recorder answers: an id of another shape than Ghost's


class Recorder:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        parts = [p for p in request.url.path.split("/") if p]
        # /ghost/api/[<version>/]admin/<resource>/...
        api = next(i for i, p in enumerate(parts) if p in ("admin", "content"))
        name = parts[api + 1] if len(parts) > api + 1 else "site"
        if request.method == "DELETE" and "filter" not in request.url.params:
            return httpx.Response(204)
        if name == "users" and parts[-1] == "token":
            return httpx.Response(200, json={"apiKey": {"id": "k", "secret": "s"}})
        if name in ("images", "media", "files"):
            return httpx.Response(
                201, json={name: [{"url": "https://site.test/x.png", "ref": "r"}]}
            )
        if name == "themes":
            return httpx.Response(200, json={"themes": [{"name": "casper", "active": True}]})
        if name == "settings":
            return httpx.Response(200, json={"settings": [{"key": "title", "value": "T"}]})
        if name == "site":
            return httpx.Response(200, json={"site": {"title": "T", "version": "6.65"}})
        if "bulk" in parts or (request.method == "DELETE"):
            return httpx.Response(
                200, json={"bulk": {"meta": {"stats": {"successful": 2, "unsuccessful": 0}}}}
            )
        item = {"id": ITEM_ID, "title": "t", "updated_at": STAMP, "name": "n", "email": "e@x.y"}
        return httpx.Response(
            200,
            json={
                name: [item],
                "meta": {
                    "pagination": {
                        "page": 1,
                        "limit": 15,
                        "pages": 1,
                        "total": 1,
                        "next": None,
                        "prev": None,
                    }
                },
            },
        )


@pytest.fixture(params=["sync", "async"])
def admin(request: pytest.FixtureRequest) -> tuple[Any, Recorder, Callable[..., Any]]:
    recorder = Recorder()
    transport = httpx.MockTransport(recorder)
    if request.param == "sync":
        return GhostAdmin(URL, key=KEY, transport=transport), recorder, _sync_call
    return AsyncGhostAdmin(URL, key=KEY, transport=transport), recorder, _async_call


def _sync_call(target: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    result = target(*args, **kwargs)
    return list(result) if inspect.isgenerator(result) else result


def _async_call(target: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    result = target(*args, **kwargs)
    if inspect.isasyncgen(result):

        async def drain() -> list[Any]:
            return [item async for item in result]

        return asyncio.run(drain())
    return asyncio.run(result)


def _resolve(client: Any, dotted: str) -> Callable[..., Any]:
    target = client
    for part in dotted.split("."):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]


CASES: list[tuple[str, tuple[Any, ...], dict[str, Any], str, str, dict[str, str], Any]] = [
    # method path, args, kwargs, HTTP method, path below admin root, query, json body
    (
        "posts.browse",
        (),
        {"limit": 5, "include": ["tags", "authors"], "filter": "tag:x"},
        "GET",
        "posts/",
        {"limit": "5", "include": "tags,authors", "filter": "tag:x"},
        None,
    ),
    (
        "posts.read",
        (ID,),
        {"formats": "lexical"},
        "GET",
        "posts/ID/",
        {"formats": "lexical"},
        None,
    ),
    ("posts.read", (), {"slug": "hello"}, "GET", "posts/slug/hello/", {}, None),
    (
        "posts.add",
        ({"title": "t"},),
        {"source": "html"},
        "POST",
        "posts/",
        {"source": "html"},
        {"posts": [{"title": "t"}]},
    ),
    (
        "posts.edit",
        (ID, {"title": "u", "updated_at": STAMP}),
        {},
        "PUT",
        "posts/ID/",
        {},
        {"posts": [{"title": "u", "updated_at": STAMP}]},
    ),
    ("posts.delete", (ID,), {}, "DELETE", "posts/ID/", {}, None),
    ("posts.copy", (ID,), {}, "POST", "posts/ID/copy/", {}, None),
    (
        "posts.bulk_edit",
        ("tag:old", "addTag", {"tags": [{"id": "t1"}]}),
        {},
        "PUT",
        "posts/bulk/",
        {"filter": "tag:old"},
        {"bulk": {"action": "addTag", "meta": {"tags": [{"id": "t1"}]}}},
    ),
    ("posts.bulk_delete", ("tag:old",), {}, "DELETE", "posts/", {"filter": "tag:old"}, None),
    ("pages.browse", (), {}, "GET", "pages/", {}, None),
    ("pages.add", ({"title": "p"},), {}, "POST", "pages/", {}, {"pages": [{"title": "p"}]}),
    ("pages.copy", (ID,), {}, "POST", "pages/ID/copy/", {}, None),
    ("tags.browse", (), {"limit": 100}, "GET", "tags/", {"limit": "100"}, None),
    ("tags.read", (), {"slug": "news"}, "GET", "tags/slug/news/", {}, None),
    ("tags.add", ({"name": "n"},), {}, "POST", "tags/", {}, {"tags": [{"name": "n"}]}),
    ("tags.edit", (ID, {"name": "m"}), {}, "PUT", "tags/ID/", {}, {"tags": [{"name": "m"}]}),
    ("tags.delete", (ID,), {}, "DELETE", "tags/ID/", {}, None),
    ("labels.add", ({"name": "vip"},), {}, "POST", "labels/", {}, {"labels": [{"name": "vip"}]}),
    ("labels.read", (), {"slug": "vip"}, "GET", "labels/slug/vip/", {}, None),
    ("tiers.browse", (), {"filter": "type:paid"}, "GET", "tiers/", {"filter": "type:paid"}, None),
    (
        "tiers.edit",
        (ID, {"name": "Gold"}),
        {},
        "PUT",
        "tiers/ID/",
        {},
        {"tiers": [{"name": "Gold"}]},
    ),
    ("offers.add", ({"name": "o"},), {}, "POST", "offers/", {}, {"offers": [{"name": "o"}]}),
    (
        "newsletters.add",
        ({"name": "Weekly"},),
        {"opt_in_existing": True},
        "POST",
        "newsletters/",
        {"opt_in_existing": "true"},
        {"newsletters": [{"name": "Weekly"}]},
    ),
    (
        "members.add",
        ({"email": "a@b.c"},),
        {"send_email": True, "email_type": "signup"},
        "POST",
        "members/",
        {"send_email": "true", "email_type": "signup"},
        {"members": [{"email": "a@b.c"}]},
    ),
    (
        "members.bulk_edit",
        ("label:x", "unsubscribe"),
        {},
        "PUT",
        "members/bulk/",
        {"filter": "label:x"},
        {"bulk": {"action": "unsubscribe", "meta": {}, "newsletter": None}},
    ),
    ("members.bulk_delete", ("label:x",), {}, "DELETE", "members/", {"filter": "label:x"}, None),
    ("users.read", (), {"email": "e@x.y"}, "GET", "users/email/e@x.y/", {}, None),
    ("users.me", (), {}, "GET", "users/me/", {}, None),
    ("users.staff_token", (), {}, "GET", "users/me/token/", {}, None),
    ("users.regenerate_staff_token", (), {}, "PUT", "users/me/token/", {}, None),
    (
        "roles.browse",
        (),
        {"permissions": "assign"},
        "GET",
        "roles/",
        {"permissions": "assign"},
        None,
    ),
    (
        "invites.add",
        ({"email": "x@y.z", "role_id": "r"},),
        {},
        "POST",
        "invites/",
        {},
        {"invites": [{"email": "x@y.z", "role_id": "r"}]},
    ),
    (
        "webhooks.add",
        ({"event": "post.added", "target_url": "https://h.test/"},),
        {},
        "POST",
        "webhooks/",
        {},
        {"webhooks": [{"event": "post.added", "target_url": "https://h.test/"}]},
    ),
    ("webhooks.delete", (ID,), {}, "DELETE", "webhooks/ID/", {}, None),
    (
        "integrations.browse",
        (),
        {"include": "api_keys,webhooks"},
        "GET",
        "integrations/",
        {"include": "api_keys,webhooks"},
        None,
    ),
    (
        "snippets.add",  # Ghost requires mobiledoc on snippets: an empty one goes by default
        ({"name": "s"},),
        {},
        "POST",
        "snippets/",
        {},
        {"snippets": [{"name": "s", "mobiledoc": EMPTY_MOBILEDOC}]},
    ),
    ("settings.get", (), {}, "GET", "settings/", {}, None),
    (
        "settings.edit",
        ({"title": "New"},),
        {},
        "PUT",
        "settings/",
        {},
        {"settings": [{"key": "title", "value": "New"}]},
    ),
    ("site", (), {}, "GET", "site/", {}, None),
    ("themes.activate", ("casper",), {}, "PUT", "themes/casper/activate/", {}, None),
    (
        "images.upload",
        (b"\x89PNG....",),
        {"filename": "a.png", "purpose": "image", "ref": "r"},
        "POST",
        "images/upload/",
        {},
        None,
    ),
]


@pytest.mark.parametrize(
    ("dotted", "args", "kwargs", "method", "path", "query", "body"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_request_shape(
    admin: tuple[Any, Recorder, Callable[..., Any]],
    dotted: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    method: str,
    path: str,
    query: dict[str, str],
    body: Any,
) -> None:
    client, recorder, call = admin
    call(_resolve(client, dotted), *args, **kwargs)
    request = recorder.requests[-1]
    assert request.method == method
    assert request.url.path == "/ghost/api/admin/" + path.replace("ID", ID)
    assert dict(request.url.params) == query
    if body is not None:
        assert json.loads(request.content) == body


def test_upload_is_multipart_with_purpose_and_ref(
    admin: tuple[Any, Recorder, Callable[..., Any]],
) -> None:
    client, recorder, call = admin
    uploaded = call(client.images.upload, b"\x89PNG", filename="a.png", purpose="image", ref="r")
    assert uploaded.url == "https://site.test/x.png"
    request = recorder.requests[-1]
    assert request.headers["content-type"].startswith("multipart/form-data")
    content = request.read()
    assert b'name="file"; filename="a.png"' in content
    assert b"Content-Type: image/png" in content
    assert b'name="purpose"' in content and b'name="ref"' in content


def test_edit_never_changes_the_callers_data(
    admin: tuple[Any, Recorder, Callable[..., Any]],
) -> None:
    client, _, call = admin
    data = {"id": ID, "title": "t", "updated_at": STAMP, "tags": [{"name": "x"}]}
    snapshot = json.dumps(data, sort_keys=True)
    call(client.posts.edit, ID, data)
    assert json.dumps(data, sort_keys=True) == snapshot


def test_post_edit_without_updated_at_fails_before_sending(
    admin: tuple[Any, Recorder, Callable[..., Any]],
) -> None:
    client, recorder, call = admin
    with pytest.raises(ConfigurationError, match="updated_at"):
        call(client.posts.edit, ID, {"title": "x"})
    assert recorder.requests == []


def test_verbs_a_resource_lacks_fail_before_sending(
    admin: tuple[Any, Recorder, Callable[..., Any]],
) -> None:
    client, recorder, call = admin
    with pytest.raises(ConfigurationError, match="cannot delete"):
        call(client.tiers.delete, ID)
    with pytest.raises(ConfigurationError, match="by id"):
        call(client.tiers.read, slug="gold")
    with pytest.raises(ConfigurationError, match="needs a filter"):
        call(client.posts.bulk_delete, "")
    with pytest.raises(ConfigurationError, match="above Ghost's cap"):
        call(client.posts.browse, limit=500)
    assert recorder.requests == []


def test_publish_reads_then_sends_status_with_newsletter(
    admin: tuple[Any, Recorder, Callable[..., Any]],
) -> None:
    client, recorder, call = admin
    call(client.posts.publish, ID, newsletter="weekly", email_segment="status:free")
    read, write = recorder.requests
    assert read.method == "GET" and write.method == "PUT"
    assert dict(write.url.params) == {"newsletter": "weekly", "email_segment": "status:free"}
    assert json.loads(write.content) == {"posts": [{"status": "published", "updated_at": STAMP}]}


def test_schedule_sends_utc_time(admin: tuple[Any, Recorder, Callable[..., Any]]) -> None:
    client, recorder, call = admin
    call(client.posts.schedule, ID, "2030-05-01T09:30:00+02:00")
    sent = json.loads(recorder.requests[-1].content)["posts"][0]
    assert sent["status"] == "scheduled"
    assert sent["published_at"] == "2030-05-01T07:30:00.000Z"


@pytest.fixture(params=["sync", "async"])
def content(request: pytest.FixtureRequest) -> tuple[Any, Recorder, Callable[..., Any]]:
    recorder = Recorder()
    transport = httpx.MockTransport(recorder)
    if request.param == "sync":
        return GhostContent(URL, key=CONTENT, transport=transport), recorder, _sync_call
    return AsyncGhostContent(URL, key=CONTENT, transport=transport), recorder, _async_call


@pytest.mark.parametrize(
    ("dotted", "args", "kwargs", "path"),
    [
        ("posts.browse", (), {}, "posts/"),
        ("posts.read", (), {"slug": "a"}, "posts/slug/a/"),
        ("pages.read", (ID,), {}, "pages/ID/"),
        ("tags.browse", (), {}, "tags/"),
        ("authors.read", (), {"slug": "jo"}, "authors/slug/jo/"),
        ("tiers.browse", (), {}, "tiers/"),
        ("newsletters.browse", (), {}, "newsletters/"),
        ("offers.read", (ID,), {}, "offers/ID/"),
        ("recommendations.browse", (), {}, "recommendations/"),
    ],
)
def test_content_api_shapes(
    content: tuple[Any, Recorder, Callable[..., Any]],
    dotted: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    path: str,
) -> None:
    client, recorder, call = content
    call(_resolve(client, dotted), *args, **kwargs)
    request = recorder.requests[-1]
    assert request.method == "GET"
    assert request.url.path == "/ghost/api/content/" + path.replace("ID", ID)
    assert request.url.params["key"] == CONTENT


def test_models_inside_the_body_are_sent_as_plain_data(
    admin: tuple[Any, Recorder, Callable[..., Any]],
) -> None:
    from ghostkit.models import Tag

    client, recorder, call = admin
    call(client.posts.edit, ID, {"tags": [Tag(name="x"), {"name": "y"}], "updated_at": STAMP})
    assert json.loads(recorder.requests[-1].content)["posts"][0]["tags"] == [
        {"name": "x"},
        {"name": "y"},
    ]


TAG_PATH = "../tags/" + ID


@pytest.mark.parametrize(
    ("dotted", "args", "kwargs"),
    [
        ("posts.read", (TAG_PATH,), {}),
        ("posts.edit", (TAG_PATH, {"title": "x", "updated_at": STAMP}), {}),
        ("posts.update", (TAG_PATH, lambda current: {"title": "x"}), {}),
        ("posts.delete", (TAG_PATH,), {}),
        ("posts.copy", (TAG_PATH,), {}),
        ("posts.publish", (TAG_PATH,), {}),
        ("posts.unpublish", ("hello",), {}),
        ("pages.delete", (ID + "/",), {}),
        ("tags.delete", ("../posts/" + ID,), {}),
        ("tags.edit", (ID + "?x=", {"name": "n"}), {}),
        ("members.read", ("me",), {}),
        ("members.delete", (ID[:-1],), {}),
        ("users.delete", ("",), {}),
        ("snippets.edit", (TAG_PATH, {"name": "s"}), {}),
        ("webhooks.delete", ("../integrations/" + ID,), {}),
        ("posts.read", (), {"slug": ""}),
    ],
)
def test_a_bad_id_is_refused_before_anything_is_sent(
    admin: tuple[Any, Recorder, Callable[..., Any]],
    dotted: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> None:
    client, recorder, call = admin
    with pytest.raises(ConfigurationError) as caught:
        call(_resolve(client, dotted), *args, **kwargs)
    assert recorder.requests == []
    assert "--by slug" in (caught.value.hint or "") or "empty" in caught.value.message


@pytest.mark.parametrize(
    ("dotted", "kwargs", "raw_path"),
    [
        ("posts.read", {"slug": "victim/?"}, "posts/slug/victim%2F%3F/"),
        ("posts.read", {"slug": "victim#x"}, "posts/slug/victim%23x/"),
        ("posts.read", {"slug": ".."}, "posts/slug/%2E%2E/"),
        ("tags.read", {"slug": "../../x"}, "tags/slug/..%2F..%2Fx/"),
        ("users.read", {"email": "e@x.y"}, "users/email/e%40x.y/"),
        ("users.read", {"slug": "a/b"}, "users/slug/a%2Fb/"),
    ],
)
def test_a_slug_or_email_stays_one_path_segment(
    admin: tuple[Any, Recorder, Callable[..., Any]],
    dotted: str,
    kwargs: dict[str, Any],
    raw_path: str,
) -> None:
    client, recorder, call = admin
    call(_resolve(client, dotted), **kwargs)
    (request,) = recorder.requests
    assert request.url.raw_path.decode() == "/ghost/api/admin/" + raw_path
    assert not request.url.query


def test_theme_names_stay_one_path_segment(
    admin: tuple[Any, Recorder, Callable[..., Any]],
) -> None:
    client, recorder, call = admin
    call(client.themes.activate, "../../db")
    assert recorder.requests[-1].url.raw_path == b"/ghost/api/admin/themes/..%2F..%2Fdb/activate/"


def test_ids_from_an_answer_are_checked_before_they_reach_a_filter(
    admin: tuple[Any, Recorder, Callable[..., Any]],
) -> None:
    """iter() reads ids first, then fetches them with an id:[...] filter: an id of another
    shape in the answer must not become part of that filter."""
    client, recorder, call = admin
    with pytest.raises(ConfigurationError, match="not a Ghost id"):
        call(client.posts.iter)  # the recorder answers id "abc"
    assert len(recorder.requests) == 1


def test_a_request_path_may_not_leave_the_api_root(
    admin: tuple[Any, Recorder, Callable[..., Any]],
) -> None:
    client, recorder, call = admin
    for path in ("https://evil.test/steal", "../../members/api/member/", "posts/../../x/"):
        with pytest.raises(ConfigurationError):
            call(client.request, "GET", path)
    assert recorder.requests == []


def _versioned(version: str) -> tuple[GhostAdmin, Recorder]:
    recorder = Recorder()
    return GhostAdmin(URL, key=KEY, version=version, transport=httpx.MockTransport(recorder)), (
        recorder
    )


@pytest.mark.parametrize("version", ["v5.x", "v5.130", "v4", "v3", "v2", "canary"])
def test_before_ghost_6_limit_all_and_big_pages_are_sent(version: str) -> None:
    client, recorder = _versioned(version)
    with client:
        client.posts.browse(limit="all")
        client.posts.browse(limit=150)
    assert [r.url.params["limit"] for r in recorder.requests] == ["all", "150"]


@pytest.mark.parametrize("version", ["v6.0", "v6.65", "v7.0"])
def test_ghost_6_caps_every_page_at_100_limit_all_included(version: str) -> None:
    client, recorder = _versioned(version)
    with client:
        for limit in ("all", 101, 150):
            with pytest.raises(ConfigurationError, match="cap of 100") as caught:
                client.posts.browse(limit=limit)
            assert caught.value.hint and "iter()" in caught.value.hint
        client.posts.browse(limit=100)
    assert [r.url.params["limit"] for r in recorder.requests] == ["100"]


@pytest.mark.parametrize("bad", [0, -1, "abc", "", 1.5, True, "10; drop"])
def test_a_limit_that_is_not_a_page_size_is_refused(bad: object) -> None:
    client, recorder = _versioned("v5.x")
    with client, pytest.raises(ConfigurationError, match="limit"):
        client.posts.browse(limit=bad)
    assert recorder.requests == []


@pytest.mark.parametrize("bad", [0, -2, "x", True])
def test_a_page_that_is_not_a_page_number_is_refused(bad: object) -> None:
    client, recorder = _versioned("v6.0")
    with client, pytest.raises(ConfigurationError, match="page"):
        client.posts.browse(page=bad)
    assert recorder.requests == []


def test_auto_version_learns_the_rule_from_the_site() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/site/"):
            return httpx.Response(200, json={"site": {"version": "5.130"}})
        return httpx.Response(200, json={"posts": [], "meta": {"pagination": {"total": 0}}})

    with GhostAdmin(URL, key=KEY, version="auto", transport=httpx.MockTransport(handle)) as a:
        a.posts.browse(limit="all")
    assert seen[-1].url.params["limit"] == "all"


@pytest.mark.parametrize("fields", ["title", ["title", "slug"], "title,slug", ("slug",)])
def test_iter_with_fields_still_asks_for_the_id(fields: Any) -> None:
    seen: list[httpx.Request] = []
    ident = "6489d3b9a1c2b40001a1b2c3"

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        asked = request.url.params["fields"].split(",")
        item = {k: v for k, v in {"id": ident, "title": "T", "slug": "s"}.items() if k in asked}
        meta = {"pagination": {"page": 1, "pages": 1, "total": 1, "next": None}}
        return httpx.Response(200, json={"posts": [item], "meta": meta})

    with GhostAdmin(URL, key=KEY, transport=httpx.MockTransport(handle)) as admin:
        found = list(admin.posts.iter(fields=fields))
    assert len(found) == 1 and found[0].id == ident
    assert "id" in seen[-1].url.params["fields"].split(",")


def test_iter_walks_the_pages_itself() -> None:
    client, recorder = _versioned("v6.0")
    with client:
        for option in ("limit", "page"):
            with pytest.raises(ConfigurationError, match=option):
                list(client.posts.iter(**{option: 5}))
        with pytest.raises(ConfigurationError, match="page_size"):
            list(client.posts.iter(page_size=0))
    assert recorder.requests == []


def test_iter_in_id_order_pages_by_the_last_id_without_an_id_pass() -> None:
    """In id order, each page starts after the last id seen (ids never change, so no item
    is seen twice or skipped while the loop edits what it walks): the first page of items
    comes with the first request, not after a pass over every id."""
    seen: list[httpx.Request] = []
    ids = [f"6489d3b9a1c2b40001a1b2{n:02x}" for n in range(5)]

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        where = request.url.params.get("filter", "")
        after = re.search(r"id:>'([0-9a-f]+)'", where)
        rest = [i for i in ids if after is None or i > after.group(1)]
        page, more = rest[:2], len(rest) > 2
        meta = {"pagination": {"page": 1, "pages": 2 if more else 1, "next": 2 if more else None}}
        return httpx.Response(
            200, json={"posts": [{"id": i, "title": "T"} for i in page], "meta": meta}
        )

    with GhostAdmin(URL, key=KEY, transport=httpx.MockTransport(handle)) as admin:
        found = [p.id for p in admin.posts.iter(filter="tag:a,tag:b", order="id asc", page_size=2)]
    assert found == ids
    assert all(r.url.params["order"] == "id asc" for r in seen)
    assert "fields" not in seen[0].url.params
    assert [r.url.params["filter"] for r in seen] == [
        "tag:a,tag:b",
        f"(tag:a,tag:b)+id:>'{ids[1]}'",
        f"(tag:a,tag:b)+id:>'{ids[3]}'",
    ]
