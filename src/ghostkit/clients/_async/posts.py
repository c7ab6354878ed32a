"""Posts and pages: publishing, scheduling and bulk actions beyond the generic verbs."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from ghostkit.clients._async.checked import AsyncCheckedResource
from ghostkit.clients._async.files import AsyncUploads
from ghostkit.clients._async.resource import Data, as_body
from ghostkit.content import lexical
from ghostkit.content.post_content import image_files, written_document
from ghostkit.core.errors import ConfigurationError
from ghostkit.models import Post

P = TypeVar("P", bound=Post)

POST_BULK_ACTIONS = ("feature", "unfeature", "access", "addTag", "unpublish", "unschedule")


def require_filter(filter: str | None, what: str) -> str:
    """Bulk actions act on a filter; an empty one would mean every item, so say it."""
    if not filter or not filter.strip():
        raise ConfigurationError(
            f"{what} needs a filter",
            hint="give an NQL filter, e.g. tag:old-news; to act on every item, say so "
            "explicitly with a filter such as id:-null",
        )
    return filter


def iso_utc(moment: datetime | str) -> str:
    """Ghost's timestamp format: ISO 8601 in UTC with milliseconds and a Z."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ConfigurationError(
            "the time has no timezone", hint="pass an aware datetime, e.g. with tzinfo=timezone.utc"
        )
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


class AsyncPostsResource(AsyncCheckedResource[P]):
    """Posts or pages. Publishing can send the post by email (posts only).

    `add`, `edit` and `update` (in the fields its change returns; `images_from` is given to
    `update`) take `markdown` (the post's Markdown source) or `html`, converted
    here into the Lexical document Ghost's editor would hold (rich text and cards, see
    `ghostkit.content.post_content`); `source="html"` sends the HTML to Ghost's own
    converter instead. Images named by a relative path are uploaded from `images_from`
    (a folder; a path leading outside it is refused) and the document points at their
    URLs. Fields Ghost would drop without a word are refused.
    """

    async def add(self, data: Data, *, images_from: str | Path | None = None, **params: Any) -> P:
        body = await self._written(data, images_from, params.get("source"))
        return await super().add(body, **params)

    async def edit(
        self, id: str, data: Data, *, images_from: str | Path | None = None, **params: Any
    ) -> P:
        body = await self._written(data, images_from, params.get("source"))
        return await super().edit(id, body, **params)

    async def _written(
        self, data: Data, images_from: str | Path | None, source: str | None
    ) -> dict[str, Any]:
        """The body with its Markdown or HTML made Lexical, local images uploaded first
        (every path checked before the first upload)."""
        body = as_body(data)
        document = written_document(body, source=source)
        if document is None:
            return body
        files = image_files(document, Path(images_from) if images_from is not None else None)
        uploads = AsyncUploads(self._client, "images")
        urls: dict[Path, str] = {}
        for node, path in files:
            if path not in urls:
                urls[path] = str((await uploads.upload(path, purpose="image")).url)
            node["src"] = urls[path]
        body["lexical"] = lexical.serialize(document)
        return body

    async def publish(
        self,
        id: str,
        *,
        newsletter: str | None = None,
        email_segment: str | None = None,
        email_only: bool = False,
    ) -> P:
        """Publish now; with `newsletter` (a slug), also email it to `email_segment`.

        `email_only=True` sends the email without publishing on the site (status "sent").
        """
        fields: dict[str, Any] = {"status": "published"}
        if email_only:
            if not newsletter:
                raise ConfigurationError("email_only needs a newsletter to send with")
            fields["email_only"] = True
        return await self._status_change(id, fields, newsletter, email_segment)

    async def schedule(
        self,
        id: str,
        at: datetime | str,
        *,
        newsletter: str | None = None,
        email_segment: str | None = None,
    ) -> P:
        """Publish at a future time (an aware datetime or an ISO string with a zone)."""
        fields = {"status": "scheduled", "published_at": iso_utc(at)}
        return await self._status_change(id, fields, newsletter, email_segment)

    async def unpublish(self, id: str) -> P:
        """Back to draft."""
        return await self._status_change(id, {"status": "draft"}, None, None)

    async def _status_change(
        self,
        id: str,
        fields: dict[str, Any],
        newsletter: str | None,
        email_segment: str | None,
    ) -> P:
        if email_segment and not newsletter:
            raise ConfigurationError("email_segment needs a newsletter")
        return await self.update(
            id, lambda _current: fields, newsletter=newsletter, email_segment=email_segment
        )

    async def bulk_edit(
        self, filter: str, action: str, meta: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Apply an action to every match: `feature`, `unfeature`, `unpublish`, `unschedule`,
        `access` (meta `{"visibility": "public|members|paid|tiers", "tiers": [{"id": ...}]}`)
        or `addTag` (meta `{"tags": [{"id": ...} or {"name": ...}]}`).

        Returns Ghost's stats, e.g. `{"successful": 3, "unsuccessful": 0}`.
        """
        if action not in POST_BULK_ACTIONS:
            raise ConfigurationError(
                f"unknown bulk action {action!r}", hint=f"one of: {', '.join(POST_BULK_ACTIONS)}"
            )
        require_filter(filter, "bulk_edit")
        body = await self._client.request(
            "PUT",
            f"{self.spec.url_path}bulk/",
            params={"filter": filter},
            json={"bulk": {"action": action, "meta": meta or {}}},
            key="bulk",
        )
        return _stats(body)

    async def bulk_delete(self, filter: str) -> dict[str, Any]:
        """Delete every item that matches `filter`; returns Ghost's stats."""
        require_filter(filter, "bulk_delete")
        body = await self._client.request(
            "DELETE", self.spec.url_path, params={"filter": filter}, key="bulk"
        )
        return _stats(body)


def _stats(body: Any) -> dict[str, Any]:
    """Ghost's bulk stats: under `bulk.meta` (posts, member edits) or `meta` (member deletes)."""
    if isinstance(body, dict):
        for meta in (body.get("bulk", {}).get("meta"), body.get("meta")):
            if isinstance(meta, dict) and isinstance(meta.get("stats"), dict):
                return dict(meta["stats"])
    return {}
