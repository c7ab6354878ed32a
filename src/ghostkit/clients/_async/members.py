"""Members: bulk actions and CSV import and export beyond the generic verbs."""

from __future__ import annotations

from typing import Any

from ghostkit.clients._async.posts import _stats, require_filter
from ghostkit.clients._async.resource import AsyncResource
from ghostkit.core.files import FileSource, file_part
from ghostkit.models import Member

MEMBER_BULK_ACTIONS = ("unsubscribe", "addLabel", "removeLabel")


class AsyncMembersResource(AsyncResource[Member]):
    """Members. `add(..., send_email=True, email_type="signup")` sends the welcome email."""

    async def bulk_edit(
        self, filter: str, action: str, meta: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """`unsubscribe`, `addLabel` or `removeLabel` (meta `{"label": {"id": ...}}`)."""
        require_filter(filter, "bulk_edit")
        body = await self._client.request(
            "PUT",
            "members/bulk/",
            params={"filter": filter},
            json={"bulk": {"action": action, "meta": meta or {}}},
        )
        return _stats(body)

    async def bulk_delete(self, filter: str) -> dict[str, Any]:
        """Delete every member matching `filter`; returns Ghost's stats."""
        require_filter(filter, "bulk_delete")
        body = await self._client.request("DELETE", "members/", params={"filter": filter})
        return _stats(body)

    async def import_csv(
        self,
        source: FileSource,
        *,
        labels: list[str] | None = None,
        filename: str | None = None,
    ) -> dict[str, Any]:
        """Import members from a CSV (columns as Ghost's export: email, name, note, ...).

        Returns Ghost's import meta (counts of imported and invalid rows, or that the
        import continues in the background for large files).
        """
        name, content, _ = file_part(source, filename=filename or "members.csv")
        data: dict[str, Any] = {}
        for index, label in enumerate(labels or []):
            data[f"labels[{index}]"] = label
        body = await self._client.request(
            "POST",
            "members/upload/",
            files={"membersfile": (name, content, "text/csv")},
            data=data,
        )
        meta = body.get("meta", {}) if isinstance(body, dict) else {}
        return meta if isinstance(meta, dict) else {}

    async def export_csv(self, *, filter: str | None = None) -> bytes:
        """Every member (or those matching `filter`) as Ghost's CSV export."""
        response = await self._client.send("GET", "members/upload/", params={"filter": filter})
        return response.content
