"""The Admin token, exactly as Ghost checks it, and the key shape checks."""

from __future__ import annotations

import base64
import json

import jwt
import pytest

from ghostkit.auth import AdminKey, ContentKey, TokenCache, mint_admin_token
from ghostkit.core.errors import InvalidKeyError

KEY_ID = "6489d3b9a1c2b40001a1b2c3"
SECRET_HEX = "a" * 16 + "0123456789abcdef" * 3
KEY = f"{KEY_ID}:{SECRET_HEX}"


def _segments(token: str) -> tuple[dict[str, object], dict[str, object]]:
    def decode(part: str) -> dict[str, object]:
        padded = part + "=" * (-len(part) % 4)
        return json.loads(base64.urlsafe_b64decode(padded))  # type: ignore[no-any-return]

    header, payload, _ = token.split(".")
    return decode(header), decode(payload)


def test_token_header_and_claims() -> None:
    token = mint_admin_token(AdminKey.parse(KEY), now=1_700_000_000)
    header, payload = _segments(token)
    assert header == {"alg": "HS256", "typ": "JWT", "kid": KEY_ID}
    assert payload == {"iat": 1_700_000_000, "exp": 1_700_000_300, "aud": "/admin/"}


def test_token_is_signed_with_the_hex_decoded_secret() -> None:
    token = mint_admin_token(AdminKey.parse(KEY))
    decoded = jwt.decode(token, bytes.fromhex(SECRET_HEX), algorithms=["HS256"], audience="/admin/")
    assert decoded["aud"] == "/admin/"
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, SECRET_HEX, algorithms=["HS256"], audience="/admin/")


def test_legacy_audience_and_capped_lifetime() -> None:
    token = mint_admin_token(AdminKey.parse(KEY), audience="/v4/admin/", now=10, lifetime=900)
    _, payload = _segments(token)
    assert payload["aud"] == "/v4/admin/"
    assert payload["exp"] == 310  # never more than Ghost's 5 minutes


def test_token_cache_reuses_then_refreshes() -> None:
    now = [1000.0]
    cache = TokenCache(AdminKey.parse(KEY), "/admin/", reuse_for=60, clock=lambda: now[0])
    first = cache.get()
    now[0] += 59
    assert cache.get() == first
    now[0] += 2
    refreshed = cache.get()
    assert refreshed != first
    assert _segments(refreshed)[1]["iat"] == 1061


def test_token_cache_refuses_reuse_close_to_ghost_limit() -> None:
    with pytest.raises(ValueError, match="30 s"):
        TokenCache(AdminKey.parse(KEY), "/admin/", reuse_for=290)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("0123456789abcdef01234567", "no ':'"),
        ("abcdef0123456789abcdef0123", "Content API key"),
        (f"{KEY_ID}:{SECRET_HEX[:-2]}", "secret part has 62"),
        (f"{KEY_ID[:-1]}:{SECRET_HEX}", "id part has 23"),
        (f"{KEY_ID}:{'z' * 64}", "not 64 hex"),
    ],
)
def test_bad_admin_keys_are_refused_without_echoing_them(text: str, says: str) -> None:
    with pytest.raises(InvalidKeyError) as caught:
        AdminKey.parse(text)
    assert says in str(caught.value)
    if len(text) > 30:
        assert text.split(":")[-1] not in str(caught.value)


def test_keys_never_show_in_repr() -> None:
    key = AdminKey.parse(f"  {KEY}\n")
    assert SECRET_HEX not in repr(key) and KEY_ID in repr(key)
    content = ContentKey.parse("ABCDEF0123456789abcdef0123")
    assert "abcdef" not in repr(content).lower()


def test_content_key_shape() -> None:
    with pytest.raises(InvalidKeyError, match="Admin API key"):
        ContentKey.parse(KEY)
    with pytest.raises(InvalidKeyError, match="25 characters"):
        ContentKey.parse("a" * 25)
