"""Admin API tokens, minted exactly as Ghost checks them.

Ghost verifies an HS256 JWT whose header names the key id (`kid`), whose payload has `iat`,
`exp` and an audience matching the API path, signed with the key's secret *hex-decoded*.
It allows at most 5 minutes from `iat` (`maxAge`) with no clock tolerance, so a token is
minted fresh and reused only for a short while.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import jwt

from ghostkit.auth.keys import AdminKey

MAX_LIFETIME = 300
"""Ghost refuses a token whose `iat` is more than this many seconds old."""


def mint_admin_token(
    key: AdminKey, *, audience: str = "/admin/", now: int | None = None, lifetime: int = 300
) -> str:
    """Return a signed Admin API token for `key`.

    `lifetime` is capped at 300 s: Ghost would refuse the token after that anyway.
    """
    issued = int(time.time()) if now is None else now
    payload = {"iat": issued, "exp": issued + min(lifetime, MAX_LIFETIME), "aud": audience}
    return jwt.encode(payload, key.secret, algorithm="HS256", headers={"kid": key.id})


class TokenCache:
    """Reuses one token for `reuse_for` seconds (well inside Ghost's 5 minutes)."""

    def __init__(
        self,
        key: AdminKey,
        audience: str,
        *,
        reuse_for: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not 0 <= reuse_for < MAX_LIFETIME - 30:
            raise ValueError("reuse_for must leave a token at least 30 s of life")
        self._key = key
        self._audience = audience
        self._reuse_for = reuse_for
        self._clock = clock
        self._token: str | None = None
        self._issued = 0.0

    def get(self) -> str:
        now = self._clock()
        if self._token is None or now - self._issued >= self._reuse_for:
            self._token = mint_admin_token(self._key, audience=self._audience, now=int(now))
            self._issued = float(int(now))
        return self._token

    def __repr__(self) -> str:
        return f"TokenCache(kid={self._key.id!r}, audience={self._audience!r})"
