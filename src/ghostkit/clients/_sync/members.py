# Generated from clients/_async by scripts/gen_sync.py: edit that, not this.
"""Members: bulk actions and CSV import and export beyond the generic verbs."""

from __future__ import annotations

from typing import Any

from ghostkit.clients._sync.checked import SyncCheckedResource
from ghostkit.clients._sync.posts import _stats, require_filter
from ghostkit.core.errors import ConfigurationError
from ghostkit.core.files import FileSource, file_part
from ghostkit.models import Member

MEMBER_BULK_ACTIONS = ("unsubscribe", "addLabel", "removeLabel")


def _member_scope(filter: str | None, all: bool) -> dict[str, str]:
    if all:
        return {"all": "true"}
    return {"filter": require_filter(filter, "a bulk member action")}


class SyncMembersResource(SyncCheckedResource[Member]):
    """Members. `add(..., send_email=True, email_type="signup")` sends the welcome email."""

    def bulk_edit(
        self,
        filter: str | None,
        action: str,
        meta: dict[str, Any] | None = None,
        *,
        newsletter: str | None = None,
        all: bool = False,
    ) -> dict[str, Any]:
        """`unsubscribe` (from `newsletter`, an id, else from every newsletter), or
        `addLabel` / `removeLabel` (meta `{"label": {"id": ...}}`), for every member that
        matches `filter` (or every member with `all=True`)."""
        if action not in MEMBER_BULK_ACTIONS:
            raise ConfigurationError(
                f"unknown member bulk action {action!r}",
                hint=f"one of: {', '.join(MEMBER_BULK_ACTIONS)}",
            )
        if action != "unsubscribe" and not (meta or {}).get("label", {}).get("id"):
            raise ConfigurationError(f"{action} needs meta={{'label': {{'id': ...}}}}")
        bulk: dict[str, Any] = {"action": action, "meta": meta or {}}
        if action == "unsubscribe":
            bulk["newsletter"] = newsletter
        body = self._client.request(
            "PUT",
            "members/bulk/",
            params=_member_scope(filter, all),
            json={"bulk": bulk},
            key="bulk",
        )
        return _stats(body)

    def bulk_delete(self, filter: str | None, *, all: bool = False) -> dict[str, Any]:
        """Delete every member matching `filter` (or every member with `all=True`)."""
        body = self._client.request(
            "DELETE", "members/", params=_member_scope(filter, all), key=("meta", "bulk")
        )
        return _stats(body)

    def import_csv(
        self,
        source: FileSource,
        *,
        labels: list[str] | None = None,
        mapping: dict[str, str] | None = None,
        filename: str | None = None,
    ) -> dict[str, Any]:
        """Import members from a CSV with Ghost's export columns (email, name, note,
        subscribed_to_emails, labels, ...), or other columns named by `mapping`
        (`{"E-mail address": "email"}`). `labels` are label names given to every row.

        Returns Ghost's import meta: `{"stats": {"imported": n, "invalid": [...]}, ...}`, or
        only `originalImportSize` when Ghost continues a large import in the background.
        """
        data: dict[str, Any] = {"labels": list(labels or [])}
        for header, field in (mapping or {}).items():
            data[f"mapping[{header}]"] = field
        csv_part = file_part(source, filename=filename or "members.csv", content_type="text/csv")
        with csv_part as part:
            body = self._client.request(
                "POST", "members/upload/", files={"membersfile": part}, data=data, key="meta"
            )
        meta = body.get("meta", {}) if isinstance(body, dict) else {}
        return meta if isinstance(meta, dict) else {}

    def export_csv(self, *, filter: str | None = None) -> bytes:
        """Every member (or those matching `filter`) as Ghost's CSV export.

        Ghost sends an empty body, without even the header row, when no member matches.
        """
        response = self._client.send(
            "GET", "members/upload/", params={"filter": filter}, expect=("text/csv",)
        )
        return response.content
