# Generated from clients/_async by scripts/gen_sync.py: edit that, not this.
"""Site-wide endpoints that are not lists: settings, site, config, and webhooks' listing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghostkit.clients._sync.base import BaseClient
from ghostkit.clients._sync.checked import SyncCheckedResource
from ghostkit.models import Integration, Webhook


class SyncSettings:
    """Settings as a plain mapping of key to value."""

    def __init__(self, client: BaseClient) -> None:
        self._client = client

    def get(self, *keys: str) -> dict[str, Any]:
        """Every setting, or only `keys`."""
        body = self._client.request("GET", "settings/", key="settings")
        values = {item["key"]: item.get("value") for item in body["settings"]}
        return {k: values[k] for k in keys if k in values} if keys else values

    def edit(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Change some settings; returns every setting as saved."""
        body = self._client.request(
            "PUT",
            "settings/",
            json={"settings": [{"key": k, "value": v} for k, v in changes.items()]},
            key="settings",
        )
        return {item["key"]: item.get("value") for item in body["settings"]}


class SyncWebhooksResource(SyncCheckedResource[Webhook]):
    """Webhooks can be added, edited and deleted; Ghost lists them only through their
    integrations, which needs a user (a staff token or a login)."""

    def list(self) -> list[Webhook]:
        body = self._client.request(
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
