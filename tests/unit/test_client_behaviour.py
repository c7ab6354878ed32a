"""Client behaviour beyond request shapes: version detection, bulk guards, staff tokens."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from ghostkit import ConfigurationError, GhostAdmin

URL = "https://site.test"
KEY = "6489d3b9a1c2b40001a1b2c3:" + "ab" * 32
EMPTY = {"posts": [], "meta": {"pagination": {"total": 0}}}


def _aud(request: httpx.Request) -> str:
    payload = request.headers["Authorization"].split()[1].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return str(claims["aud"])


def test_auto_version_on_a_modern_site_sends_its_version() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/ghost/api/admin/site/":
            return httpx.Response(200, json={"site": {"version": "6.65"}})
        return httpx.Response(200, json=EMPTY)

    with GhostAdmin(URL, key=KEY, version="auto", transport=httpx.MockTransport(handle)) as a:
        assert a.version is None
        a.posts.browse()
        assert a.version is not None and a.version.name == "v6.65"
    probe, call = seen
    assert "Authorization" not in probe.headers  # the site endpoint is public
    assert call.headers["Accept-Version"] == "v6.65"
    assert _aud(call) == "/admin/"


def test_auto_version_on_a_ghost_4_site_uses_the_versioned_path_and_audience() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/ghost/api/v4/admin/site/":
            return httpx.Response(200, json={"site": {"version": "4.48"}})
        if request.url.path == "/ghost/api/v4/admin/posts/":
            return httpx.Response(200, json=EMPTY)
        return httpx.Response(404)

    with GhostAdmin(URL, key=KEY, version="auto", transport=httpx.MockTransport(handle)) as a:
        a.posts.browse()
        assert a.version is not None and a.version.name == "v4"


def test_auto_version_on_something_that_is_not_ghost() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(404))
    with (
        GhostAdmin(URL, key=KEY, version="auto", transport=transport) as admin,
        pytest.raises(ConfigurationError, match="does not answer like a Ghost site"),
    ):
        admin.posts.browse()


def test_member_bulk_actions_are_checked_before_sending() -> None:
    transport = httpx.MockTransport(lambda request: pytest.fail("nothing may be sent"))
    with GhostAdmin(URL, key=KEY, transport=transport) as admin:
        with pytest.raises(ConfigurationError, match="unknown member bulk action"):
            admin.members.bulk_edit("label:x", "delete")
        with pytest.raises(ConfigurationError, match="label"):
            admin.members.bulk_edit("label:x", "addLabel", {})
        with pytest.raises(ConfigurationError, match="needs a filter"):
            admin.members.bulk_delete(None)


def test_member_bulk_delete_of_everyone_must_say_all() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"bulk": {"meta": {"stats": {"successful": 3}}}})

    with GhostAdmin(URL, key=KEY, transport=httpx.MockTransport(handle)) as admin:
        assert admin.members.bulk_delete(None, all=True) == {"successful": 3}
    assert dict(seen[0].url.params) == {"all": "true"}


def test_member_import_sends_file_labels_and_mapping() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"meta": {"stats": {"imported": 1, "invalid": []}}})

    with GhostAdmin(URL, key=KEY, transport=httpx.MockTransport(handle)) as admin:
        meta = admin.members.import_csv(
            b"Mail\na@b.c\n", labels=["vip", "2026"], mapping={"Mail": "email"}
        )
    assert meta["stats"]["imported"] == 1
    body = seen[0].read()
    assert b'name="membersfile"; filename="members.csv"' in body
    assert body.count(b'name="labels"') == 2
    assert b'name="mapping[Mail]"' in body


def test_staff_token_comes_back_as_id_colon_secret() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"apiKey": {"id": "a" * 24, "secret": "b" * 64}})

    with GhostAdmin(URL, key=KEY, transport=httpx.MockTransport(handle)) as admin:
        assert admin.users.staff_token() == "a" * 24 + ":" + "b" * 64
