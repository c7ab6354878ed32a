# Generated from clients/_async by scripts/gen_sync.py: edit that, not this.
"""Staff users: the current user and staff access tokens beyond the generic verbs."""

from __future__ import annotations

from ghostkit.clients._sync.resource import Resource
from ghostkit.models import ApiKey, User


class SyncUsersResource(Resource[User]):
    def me(self, **params: object) -> User:
        """The user the credentials belong to (a staff token or a login, not a key)."""
        body = self._client.request("GET", "users/me/", params=params, key="users")
        return self._one(body, "GET", "users/me/")

    def staff_token(self) -> str:
        """The current user's staff access token, `id:secret`, ready for `staff_token=`.

        Needs a login (or a staff token): Ghost keeps one per user and creates it on the
        first read.
        """
        body = self._client.request("GET", "users/me/token/", key="apiKey")
        return _as_key(body)

    def regenerate_staff_token(self) -> str:
        """A new staff access token for the current user; the old one stops working."""
        body = self._client.request("PUT", "users/me/token/", key="apiKey")
        return _as_key(body)


def _as_key(body: dict[str, dict[str, str]]) -> str:
    """Ghost answers `{"apiKey": {"id", "secret"}}` with the bare 64-hex secret."""
    key = ApiKey.model_validate(body["apiKey"])
    return f"{key.id}:{key.secret}"
