"""Staff users: the current user and staff access tokens beyond the generic verbs."""

from __future__ import annotations

from ghostkit.clients._async.resource import AsyncResource
from ghostkit.models import ApiKey, User


class AsyncUsersResource(AsyncResource[User]):
    async def me(self, **params: object) -> User:
        """The user the credentials belong to (a staff token or a login, not a key)."""
        body = await self._client.request("GET", "users/me/", params=params)
        return self._one(body, "GET", "users/me/")

    async def token(self) -> ApiKey:
        """The current user's staff access token (`secret` is `id:secret`)."""
        body = await self._client.request("GET", "users/me/token/")
        return ApiKey.model_validate(body["apiKey"])

    async def regenerate_token(self) -> ApiKey:
        """A new staff access token for the current user; the old one stops working."""
        body = await self._client.request("PUT", "users/me/token/")
        return ApiKey.model_validate(body["apiKey"])
