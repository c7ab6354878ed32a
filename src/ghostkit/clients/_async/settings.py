"""Site-wide endpoints that are not lists: settings, site, config, and webhooks' listing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghostkit.clients._async.base import AsyncBaseClient
from ghostkit.clients._async.checked import AsyncCheckedResource
from ghostkit.models import Integration, Webhook


class AsyncSettings:
    """Settings as a plain mapping of key to value."""

    def __init__(self, client: AsyncBaseClient) -> None:
        self._client = client

    async def get(self, *keys: str) -> dict[str, Any]:
        """Every setting, or only `keys`."""
        body = await self._client.request("GET", "settings/", key="settings")
        values = {item["key"]: item.get("value") for item in body["settings"]}
        return {k: values[k] for k in keys if k in values} if keys else values

    async def edit(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Change some settings; returns every setting as saved."""
        body = await self._client.request(
            "PUT",
            "settings/",
            json={"settings": [{"key": k, "value": v} for k, v in changes.items()]},
            key="settings",
        )
        return {item["key"]: item.get("value") for item in body["settings"]}


class AsyncWebhooksResource(AsyncCheckedResource[Webhook]):
    """Webhooks can be added, edited and deleted; Ghost lists them only through their
    integrations, which needs a user (a staff token or a login)."""

    async def list(self) -> list[Webhook]:
        body = await self._client.request(
            "GET",
            "integrations/",
            params={"include": "webhooks", "limit": "100"},
            key="integrations",
        )
        found: list[Webhook] = []
        for item in body.get("integrations", []):
            integration = Integration.model_validate(item)
            found.extend(integration.webhooks or [])
        return found
