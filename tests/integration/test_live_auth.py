"""Ghost itself accepting (and refusing) ghostkit's credentials."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import jwt
import pytest

from ghostkit import (
    AsyncGhostAdmin,
    AuthenticationError,
    GhostAdmin,
    GhostContent,
    LoginError,
)
from ghostkit.clients._sync.base import BaseClient
from ghostkit.core.urls import ApiVersion
from tests.conftest import LiveGhost
from tests.helpers import lexical_doc, unique


def test_integration_token_creates_a_post_and_reads_it_back(ghost: LiveGhost) -> None:
    title = unique("live post")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        created = admin.posts.add({"title": title, "lexical": lexical_doc("Hello from ghostkit")})
        try:
            assert created.id and created.title == title and created.status == "draft"
            again = admin.posts.read(created.id, formats="lexical,plaintext")
            assert again.title == title
            assert again.plaintext is not None and "Hello from ghostkit" in again.plaintext
            by_slug = admin.posts.read(slug=created.slug)
            assert by_slug.id == created.id
        finally:
            admin.posts.delete(created.id)


@pytest.mark.anyio
async def test_async_client_creates_reads_and_deletes(ghost: LiveGhost) -> None:
    title = unique("async post")
    async with AsyncGhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        created = await admin.posts.add({"title": title})
        assert created.id
        assert (await admin.posts.read(created.id)).title == title
        await admin.posts.delete(created.id)
        listing = await admin.posts.browse(filter=f"id:{created.id}")
        assert listing.items == []


class _HexTextAuth(httpx.Auth):
    """Signs with the secret's hex *text*: the mistake behind "invalid signature"."""

    def __init__(self, key: str) -> None:
        self.kid, self.secret = key.split(":")

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        now = int(time.time())
        token = jwt.encode(
            {"iat": now, "exp": now + 300, "aud": "/admin/"},
            self.secret,
            algorithm="HS256",
            headers={"kid": self.kid},
        )
        request.headers["Authorization"] = f"Ghost {token}"
        yield request


def test_token_signed_with_undecoded_hex_secret_is_refused_with_a_teaching_error(
    ghost: LiveGhost,
) -> None:
    client = BaseClient(
        ghost.url,
        auth=_HexTextAuth(ghost.admin_key),
        version=ApiVersion.parse("v6.0"),
    )
    with client, pytest.raises(AuthenticationError) as caught:
        client.request("GET", "posts/")
    error = caught.value
    assert error.status == 401
    assert error.code == "INVALID_JWT"
    assert "invalid signature" in error.message
    assert error.hint and "hex-decoded" in error.hint
    assert ghost.admin_key.split(":")[1] not in str(error)


def test_session_login_then_a_call_with_its_cookie(ghost: LiveGhost) -> None:
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as admin:
        me = admin.request("GET", "users/me/")
        assert me["users"][0]["email"] == ghost.email
        # an endpoint integrations may not use proves the session, not a token, is in use
        integrations = admin.request("GET", "integrations/")
        assert any(i["name"] == "ghostkit" for i in integrations["integrations"])


def test_wrong_password_is_a_login_error(ghost: LiveGhost) -> None:
    admin = GhostAdmin(ghost.url, email=ghost.email, password="not-the-password-1")
    with admin, pytest.raises(LoginError) as caught:
        admin.request("GET", "users/me/")
    assert isinstance(caught.value, AuthenticationError)
    assert caught.value.status == 422  # what Ghost 6 answers for a wrong password
    assert "not-the-password-1" not in str(caught.value)


def test_content_key_reads_published_posts(ghost: LiveGhost) -> None:
    with GhostContent(ghost.url, key=ghost.content_key) as content:
        page = content.posts.browse(limit=5)
        assert page.pagination.total >= 1  # a new site has its "coming soon" post
        assert all(post.status is None or post.status == "published" for post in page)
