"""Ghost itself accepting (and refusing) ghostkit's credentials."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
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
    TwoFactorRequiredError,
)
from ghostkit.clients._sync.base import BaseClient
from ghostkit.config import ProfileStore
from ghostkit.core.errors import ConfigurationError
from ghostkit.core.urls import ApiVersion
from ghostkit.local import Instance
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


# -- staff device verification ------------------------------------------------------------


def emailed_code(instance: Instance) -> str:
    """The sign-in code Ghost has just emailed, computed as Ghost computes it (the mail
    transport is a stub, so no email can be read): a 6-digit TOTP, 60 s steps, HMAC-SHA1
    keyed with the site's `admin_session_secret`, the user's id and the random challenge
    Ghost stored in the login's session."""
    with sqlite3.connect(instance.database) as db:
        (secret,) = db.execute(
            "SELECT value FROM settings WHERE key = 'admin_session_secret'"
        ).fetchone()
        rows = [json.loads(data) for (data,) in db.execute("SELECT session_data FROM sessions")]
    # Ghost 6 binds the code to a random challenge kept in the login's session; Ghost 5
    # has no challenge (the code is the same for every session of the user)
    pending = [row for row in rows if row.get("auth_code_challenge")]
    if pending:
        session = max(pending, key=lambda row: row["auth_code_generated_at"])
    else:
        session = {"user_id": rows[-1]["user_id"], "auth_code_challenge": ""}
    key = f"{secret}{session['user_id']}{session['auth_code_challenge']}".encode("ascii")
    digest = hmac.new(key, int(time.time() // 60).to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


VERIFY_ENV = "security__staffDeviceVerification"  # Ghost's config key, as Ghost spells it


@pytest.fixture(scope="module")
def verifying_ghost(ghost: LiveGhost, ghost_version: str) -> Iterator[LiveGhost]:
    """A second throwaway Ghost with staff device verification on, as in production.

    It is set up with verification off (the first login needs no code), then restarted
    with `security__staffDeviceVerification=true` in its environment, which Ghost's
    configuration reads over its config file."""
    instance = Instance(f"pytest-verify-{os.getpid()}", ghost.paths)
    try:
        instance.up(version=ghost_version)
        instance.down()
        os.environ[VERIFY_ENV] = "true"
        try:
            instance.up(version=ghost_version)
        finally:
            del os.environ[VERIFY_ENV]
        profile = ProfileStore(ghost.paths.config_file).get(instance.name)
        assert profile.admin_key and profile.content_key and profile.email and profile.password
        yield LiveGhost(
            url=profile.url,
            admin_key=profile.admin_key,
            content_key=profile.content_key,
            email=profile.email,
            password=profile.password,
            instance=instance,
            paths=ghost.paths,
        )
    finally:
        instance.remove()


@pytest.fixture
def verifying(verifying_ghost: LiveGhost) -> LiveGhost:
    """The verifying Ghost, its count of code checks set back: Ghost checks at most 5
    codes an hour from one address (its `brute` table), fewer than these tests use."""
    with sqlite3.connect(verifying_ghost.instance.database) as db:
        db.execute("DELETE FROM brute")
    return verifying_ghost


def test_login_from_a_new_device_asks_for_the_emailed_code(verifying: LiveGhost) -> None:
    live = verifying
    asked: list[str] = []

    def code() -> str:
        asked.append(emailed_code(live.instance))
        return asked[-1]

    with (
        GhostAdmin(live.url, email=live.email, password=live.password) as admin,
        pytest.raises(TwoFactorRequiredError) as caught,
    ):
        admin.users.me()
    assert caught.value.code == "2FA_NEW_DEVICE_DETECTED"
    assert caught.value.hint and "two_factor_code" in caught.value.hint
    with GhostAdmin(live.url, email=live.email, password=live.password, two_factor_code=code) as a:
        assert a.users.me().email == live.email
    assert len(asked) == 1


@pytest.mark.anyio
async def test_async_login_with_the_emailed_code(verifying: LiveGhost) -> None:
    live = verifying
    async with AsyncGhostAdmin(
        live.url,
        email=live.email,
        password=live.password,
        two_factor_code=lambda: emailed_code(live.instance),
    ) as admin:
        assert (await admin.users.me()).email == live.email


def test_a_wrong_code_is_a_login_error(verifying: LiveGhost) -> None:
    live = verifying
    wrong: list[str] = []

    def code() -> str:
        right = emailed_code(live.instance)
        wrong.append("000000" if right != "000000" else "111111")
        return wrong[-1]

    with (
        GhostAdmin(live.url, email=live.email, password=live.password, two_factor_code=code) as a,
        pytest.raises(LoginError) as caught,
    ):
        a.users.me()
    assert "verification code" in caught.value.message
    assert len(wrong) == 3  # asked again twice, as a person who mistyped it would be


def test_required_email_code_is_asked_for_too(verifying: LiveGhost) -> None:
    """The site setting `require_email_mfa` makes Ghost answer `2FA_TOKEN_REQUIRED`."""
    live = verifying
    code = lambda: emailed_code(live.instance)  # noqa: E731
    with GhostAdmin(live.url, email=live.email, password=live.password, two_factor_code=code) as a:
        a.settings.edit({"require_email_mfa": True})
        try:
            with (
                GhostAdmin(live.url, email=live.email, password=live.password) as plain,
                pytest.raises(TwoFactorRequiredError) as caught,
            ):
                plain.users.me()
            assert caught.value.code == "2FA_TOKEN_REQUIRED"
            with GhostAdmin(
                live.url, email=live.email, password=live.password, two_factor_code=code
            ) as again:
                assert again.users.me().email == live.email
        finally:
            a.settings.edit({"require_email_mfa": False})


# -- members ------------------------------------------------------------------------------


@pytest.fixture
def signed_in_member(ghost: LiveGhost) -> Iterator[tuple[httpx.Client, str]]:
    """A member signed in the way Ghost signs one in (the admin's sign-in link), a
    members-only post, and the member's identity token from `members/api/session`."""
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        member = admin.members.add({"email": f"{unique('reader')}@example.com"})
        post = admin.posts.add(
            {
                "title": unique("members only"),
                "html": "<p>Only for members</p>",
                "status": "published",
                "visibility": "members",
            },
            source="html",
        )
        try:
            links = admin.request("GET", f"members/{member.id}/signin_urls/")
            with httpx.Client(base_url=ghost.url) as browser:
                landed = browser.get(links["member_signin_urls"][0]["url"])
                assert landed.status_code in (200, 302)
                assert "ghost-members-ssr" in browser.cookies
                identity = browser.get("/members/api/session")
                assert identity.status_code == 200 and identity.text.count(".") == 2
                yield browser, str(post.slug)
        finally:
            admin.posts.delete(str(post.id))
            admin.members.delete(str(member.id))


def test_the_content_api_opens_gated_content_to_no_member_credential_ghost_issues(
    ghost: LiveGhost, signed_in_member: tuple[httpx.Client, str]
) -> None:
    """Why GhostContent takes no member token: the Content API checks a `GhostMembers` JWT
    for the audience `{site origin}`, while every token Ghost issues names
    `{site}/members/api`; and it does not read the members' session cookie."""
    browser, slug = signed_in_member
    token = browser.get("/members/api/session").text
    path = f"/ghost/api/content/posts/slug/{slug}/"
    key = {"key": ghost.content_key}
    assert jwt.decode(token, options={"verify_signature": False})["aud"].endswith("/members/api")
    refused = httpx.get(
        ghost.url + path, params=key, headers={"Authorization": f"GhostMembers {token}"}
    )
    assert refused.status_code == 401 and refused.json()["errors"][0]["code"] == "invalid_token"
    with_cookie = browser.get(path, params=key)
    assert with_cookie.status_code == 200 and with_cookie.json()["posts"][0]["html"] == ""


def test_the_content_client_refuses_a_member_token_and_says_why(
    ghost: LiveGhost, signed_in_member: tuple[httpx.Client, str]
) -> None:
    browser, _slug = signed_in_member
    token = browser.get("/members/api/session").text
    with pytest.raises(ConfigurationError, match="member") as caught:
        GhostContent(ghost.url, key=ghost.content_key, member_token=token)  # type: ignore[arg-type]
    assert caught.value.hint and "GhostAdmin" in caught.value.hint
    assert token not in str(caught.value)
