# Generated from clients/_async by scripts/gen_sync.py: edit that, not this.
"""Uploads (images, media, files), themes and the database export and import."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from ghostkit.clients._sync.base import BaseClient
from ghostkit.core.answers import FILE_TYPES
from ghostkit.core.errors import NotFoundError
from ghostkit.core.files import FileSource, file_part
from ghostkit.core.urls import item_path
from ghostkit.models import Theme, Upload


class SyncUploads:
    """`images`, `media` or `files` uploads: `upload()` returns where Ghost serves the file."""

    def __init__(self, client: BaseClient, kind: str) -> None:
        self._client = client
        self.kind = kind

    def upload(
        self,
        source: FileSource,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        purpose: str | None = None,
        ref: str | None = None,
        thumbnail: FileSource | None = None,
        thumbnail_filename: str | None = None,
    ) -> Upload:
        """Upload from a path, bytes (with `filename`) or a file object.

        `purpose` (images: `image`, `profile_image`, `icon`) makes Ghost check the image's
        size and type; `ref` comes back unchanged; `thumbnail` goes with a media upload.
        """
        data = {k: v for k, v in (("purpose", purpose), ("ref", ref)) if v is not None}
        with ExitStack() as parts:
            files: dict[str, Any] = {
                "file": parts.enter_context(
                    file_part(source, filename=filename, content_type=content_type)
                )
            }
            if thumbnail is not None:
                files["thumbnail"] = parts.enter_context(
                    file_part(thumbnail, filename=thumbnail_filename)
                )
            body = self._client.request(
                "POST", f"{self.kind}/upload/", files=files, data=data, key=self.kind
            )
        return Upload.model_validate(body[self.kind][0])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind}>"


class SyncThemes:
    """Themes: upload a zip, activate, list, download and delete (the last three need a
    user: a staff token or a login)."""

    def __init__(self, client: BaseClient) -> None:
        self._client = client

    def browse(self) -> list[Theme]:
        body = self._client.request("GET", "themes/", key="themes")
        return [Theme.model_validate(t) for t in body["themes"]]

    def active(self) -> Theme:
        body = self._client.request("GET", "themes/active/", key="themes")
        return Theme.model_validate(body["themes"][0])

    def upload(self, source: FileSource, *, filename: str | None = None) -> Theme:
        with file_part(source, filename=filename, content_type="application/zip") as part:
            body = self._client.request(
                "POST", "themes/upload/", files={"file": part}, key="themes"
            )
        return Theme.model_validate(body["themes"][0])

    def activate(self, name: str) -> Theme:
        body = self._client.request(
            "PUT", item_path("themes/", name, by="name", action="activate"), key="themes"
        )
        return Theme.model_validate(body["themes"][0])

    def download(self, name: str) -> bytes:
        """The theme as a zip archive."""
        response = self._client.send(
            "GET", item_path("themes/", name, by="name", action="download"), expect=FILE_TYPES
        )
        return response.content

    def delete(self, name: str) -> None:
        self._client.request("DELETE", item_path("themes/", name, by="name"))


class SyncDatabase:
    """The whole site's content as Ghost's JSON export, and its import."""

    def __init__(self, client: BaseClient) -> None:
        self._client = client

    def export(self) -> dict[str, Any]:
        body = self._client.request("GET", "db/", key="db")
        if not isinstance(body, dict):
            raise NotFoundError("the export was empty", status=404, method="GET", url="db/")
        return body

    def import_(self, source: FileSource, *, filename: str | None = None) -> Any:
        """Import a Ghost JSON export (or a zip of one with images)."""
        with file_part(source, filename=filename) as part:
            return self._client.request("POST", "db/", files={"importfile": part})
