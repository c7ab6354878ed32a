"""The failures Ghost really produces, surfaced as the right typed errors with hints."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import jwt
import pytest

from ghostkit import (
    AuthenticationError,
    BadRequestError,
    GhostAdmin,
    PermissionDeniedError,
    UnsupportedMediaTypeError,
    UpdateCollisionError,
    ValidationError,
    VersionMismatchError,
)
from ghostkit.clients._sync.base import BaseClient
from tests.conftest import LiveGhost
from tests.helpers import lexical_doc, unique


class _ClaimsAuth(httpx.Auth):
    """A token with hand-picked claims and header, signed with the right secret."""

    def __init__(self, key: str, claims: dict[str, Any], kid: str | None = "same") -> None:
        self.kid, secret = key.split(":")
        self.secret = bytes.fromhex(secret)
        self.claims = claims
        self.header_kid = self.kid if kid == "same" else kid

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        headers = {"kid": self.header_kid} if self.header_kid else {}
        token = jwt.encode(self.claims, self.secret, algorithm="HS256", headers=headers)
        request.headers["Authorization"] = f"Ghost {token}"
        yield request


def _call_with(ghost: LiveGhost, auth: httpx.Auth) -> None:
    with BaseClient(ghost.url, auth=auth) as client:
        client.request("GET", "posts/")


def test_token_older_than_five_minutes_is_refused_with_a_clock_hint(ghost: LiveGhost) -> None:
    now = int(time.time())
    claims = {"iat": now - 360, "exp": now + 600, "aud": "/admin/"}
    with pytest.raises(AuthenticationError) as caught:
        _call_with(ghost, _ClaimsAuth(ghost.admin_key, claims))
    assert "maxAge" in str(caught.value) or "maxage" in str(caught.value).lower()
    assert caught.value.hint and "clock" in caught.value.hint


def test_expired_token(ghost: LiveGhost) -> None:
    now = int(time.time())
    claims = {"iat": now - 200, "exp": now - 100, "aud": "/admin/"}
    with pytest.raises(AuthenticationError) as caught:
        _call_with(ghost, _ClaimsAuth(ghost.admin_key, claims))
    assert "expired" in str(caught.value)
    assert caught.value.hint and "clock" in caught.value.hint


def test_wrong_audience(ghost: LiveGhost) -> None:
    now = int(time.time())
    claims = {"iat": now, "exp": now + 300, "aud": "/content/"}
    with pytest.raises(AuthenticationError) as caught:
        _call_with(ghost, _ClaimsAuth(ghost.admin_key, claims))
    assert "audience" in str(caught.value)
    assert caught.value.hint and "aud" in caught.value.hint


def test_unknown_kid(ghost: LiveGhost) -> None:
    now = int(time.time())
    claims = {"iat": now, "exp": now + 300, "aud": "/admin/"}
    with pytest.raises(AuthenticationError) as caught:
        _call_with(ghost, _ClaimsAuth(ghost.admin_key, claims, kid="0" * 24))
    assert caught.value.code == "UNKNOWN_ADMIN_API_KEY"
    assert caught.value.hint and "Integrations" in caught.value.hint


def test_missing_kid(ghost: LiveGhost) -> None:
    now = int(time.time())
    claims = {"iat": now, "exp": now + 300, "aud": "/admin/"}
    with pytest.raises(BadRequestError) as caught:
        _call_with(ghost, _ClaimsAuth(ghost.admin_key, claims, kid=None))
    assert caught.value.code == "MISSING_ADMIN_API_KID"


def test_integration_on_a_staff_only_endpoint(ghost: LiveGhost, ghost_major: int) -> None:
    with (
        GhostAdmin(ghost.url, key=ghost.admin_key) as admin,
        pytest.raises(PermissionDeniedError) as caught,
    ):
        admin.integrations.browse()
    assert caught.value.status == (403 if ghost_major >= 6 else 501)
    assert caught.value.hint and "staff access token" in caught.value.hint


def test_unknown_endpoint_with_accept_version_is_406_pointing_at_the_url(
    ghost: LiveGhost, ghost_major: int
) -> None:
    with (
        GhostAdmin(ghost.url, key=ghost.admin_key) as admin,
        pytest.raises(VersionMismatchError) as caught,
    ):
        admin.request("GET", "no-such-endpoint/")
    assert caught.value.status == 406
    if ghost_major >= 6:  # the client's v6.0 is behind the server
        assert caught.value.code == "UPDATE_CLIENT"
        assert caught.value.hint and "site URL" in caught.value.hint
    else:  # the client's v6.0 is ahead of Ghost 5
        assert caught.value.code == "UPDATE_GHOST"
        assert caught.value.hint and "version='auto'" in caught.value.hint


def test_stale_updated_at_is_a_collision_naming_the_changed_fields(ghost: LiveGhost) -> None:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add({"title": unique("collide"), "lexical": lexical_doc("a")})
        try:
            time.sleep(1.1)  # updated_at has one-second resolution
            admin.posts.edit(post.id, {"title": "first", "updated_at": post.updated_at})
            with pytest.raises(UpdateCollisionError) as caught:
                admin.posts.edit(post.id, {"title": "second", "updated_at": post.updated_at})
            assert caught.value.status == 409
            assert "title" in caught.value.changed_fields
            assert caught.value.hint and "update()" in caught.value.hint
            # update() reads the latest and succeeds where the stale edit failed
            saved = admin.posts.update(post.id, lambda p: {"title": p.title + " + second"})
            assert saved.title == "first + second"
        finally:
            admin.posts.delete(post.id)


def test_validation_error_names_the_field(ghost: LiveGhost) -> None:
    with (
        GhostAdmin(ghost.url, key=ghost.admin_key) as admin,
        pytest.raises(ValidationError) as caught,
    ):
        admin.tags.add({"name": "x" * 300})
    assert caught.value.status == 422
    assert caught.value.hint and "name" in caught.value.hint


def test_wrong_upload_type_is_415(ghost: LiveGhost) -> None:
    with (
        GhostAdmin(ghost.url, key=ghost.admin_key) as admin,
        pytest.raises(UnsupportedMediaTypeError) as caught,
    ):
        admin.images.upload(b"just text", filename="notes.txt")
    assert caught.value.status == 415


def test_bad_filter_is_a_bad_request(ghost: LiveGhost) -> None:
    with (
        GhostAdmin(ghost.url, key=ghost.admin_key) as admin,
        pytest.raises(BadRequestError) as caught,
    ):
        admin.posts.browse(filter="title:~'unclosed")
    assert caught.value.hint and "NQL" in caught.value.hint
