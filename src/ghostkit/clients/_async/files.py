"""Uploads (images, media, files), themes and the database export and import."""

from __future__ import annotations

from contextlib import ExitStack
from typing import IO, Any, cast

import httpx

from ghostkit.clients._async.base import USER_AGENT, AsyncBaseClient
from ghostkit.clients.downloads import (
    DOWNLOAD_TIMEOUT,
    Spool,
    check_answer,
    download_error,
    file_name,
    is_url,
    max_bytes_for,
)
from ghostkit.core.answers import FILE_TYPES, first_item
from ghostkit.core.errors import NotFoundError
from ghostkit.core.files import FileSource, file_part
from ghostkit.core.urls import item_path
from ghostkit.models import Theme, Upload


class AsyncUploads:
    """`images`, `media` or `files` uploads: `upload()` returns where Ghost serves the file."""

    def __init__(self, client: AsyncBaseClient, kind: str) -> None:
        self._client = client
        self.kind = kind

    async def upload(
        self,
        source: FileSource,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        purpose: str | None = None,
        ref: str | None = None,
        thumbnail: FileSource | None = None,
        thumbnail_filename: str | None = None,
        max_bytes: int | None = None,
    ) -> Upload:
        """Upload from a path, bytes (with `filename`), a file object, or an `http(s)://` URL.

        `purpose` (images: `image`, `profile_image`, `icon`) makes Ghost check the image's
        size and type; `ref` comes back unchanged; `thumbnail` goes with a media upload.

        A URL is downloaded first (streamed, without the site's credentials, following
        redirects), and refused with a `ConfigurationError` when it answers other than 200,
        sends a type this upload does not take (images: `image/*`, media: `video/*` or
        `audio/*`, never an HTML page), or holds more than `max_bytes` (default 20 MiB for
        images, 500 MiB for media and files). The file name comes from the answer or the URL.
        """
        if is_url(source) or is_url(thumbnail):
            return await self._upload_downloaded(
                source,
                filename=filename,
                content_type=content_type,
                purpose=purpose,
                ref=ref,
                thumbnail=thumbnail,
                thumbnail_filename=thumbnail_filename,
                max_bytes=max_bytes,
            )
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
            body = await self._client.request(
                "POST", f"{self.kind}/upload/", files=files, data=data, key=self.kind
            )
        return Upload.model_validate(
            first_item(body, self.kind, method="POST", url=f"{self.kind}/upload/")
        )

    async def _upload_downloaded(
        self,
        source: FileSource,
        *,
        filename: str | None,
        content_type: str | None,
        purpose: str | None,
        ref: str | None,
        thumbnail: FileSource | None,
        thumbnail_filename: str | None,
        max_bytes: int | None,
    ) -> Upload:
        fetched: list[IO[bytes]] = []
        try:
            if isinstance(source, str) and is_url(source):
                file, name, kind = await self._download(source, self.kind, max_bytes)
                fetched.append(file)
                source, filename, content_type = file, filename or name, content_type or kind
            if isinstance(thumbnail, str) and is_url(thumbnail):
                file, name, _kind = await self._download(thumbnail, "images", None)
                fetched.append(file)
                thumbnail, thumbnail_filename = file, thumbnail_filename or name
            return await self.upload(
                source,
                filename=filename,
                content_type=content_type,
                purpose=purpose,
                ref=ref,
                thumbnail=thumbnail,
                thumbnail_filename=thumbnail_filename,
            )
        finally:
            for file in fetched:
                file.close()

    async def _download(
        self, url: str, kind: str, max_bytes: int | None
    ) -> tuple[IO[bytes], str, str]:
        """Stream `url` into a spool: (the file, a file name, its content type)."""
        limit = max_bytes_for(kind, max_bytes)
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        spool: Spool | None = None
        try:
            async with (
                httpx.AsyncClient(
                    follow_redirects=True, timeout=DOWNLOAD_TIMEOUT, headers=headers
                ) as web,
                web.stream("GET", url.strip()) as answer,
            ):
                content_type, _size = check_answer(
                    url, status=answer.status_code, headers=answer.headers, kind=kind, limit=limit
                )
                spool = Spool(url, limit)
                async for chunk in cast(httpx.AsyncByteStream, answer.stream):
                    spool.write(chunk)
                disposition = answer.headers.get("content-disposition")
                name = file_name(str(answer.url), content_type, disposition)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            if spool is not None:
                spool.close()
            raise download_error(
                url, type(exc).__name__, "check the URL and that its server is up"
            ) from None
        return spool.done(), name, content_type

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind}>"


class AsyncThemes:
    """Themes: upload a zip, activate, list, download and delete (the last three need a
    user: a staff token or a login)."""

    def __init__(self, client: AsyncBaseClient) -> None:
        self._client = client

    async def browse(self) -> list[Theme]:
        body = await self._client.request("GET", "themes/", key="themes")
        return [Theme.model_validate(t) for t in body["themes"]]

    async def active(self) -> Theme:
        body = await self._client.request("GET", "themes/active/", key="themes")
        return Theme.model_validate(first_item(body, "themes", method="GET", url="themes/active/"))

    async def upload(self, source: FileSource, *, filename: str | None = None) -> Theme:
        with file_part(source, filename=filename, content_type="application/zip") as part:
            body = await self._client.request(
                "POST", "themes/upload/", files={"file": part}, key="themes"
            )
        return Theme.model_validate(first_item(body, "themes", method="POST", url="themes/upload/"))

    async def activate(self, name: str) -> Theme:
        path = item_path("themes/", name, by="name", action="activate")
        body = await self._client.request("PUT", path, key="themes")
        return Theme.model_validate(first_item(body, "themes", method="PUT", url=path))

    async def download(self, name: str) -> bytes:
        """The theme as a zip archive."""
        response = await self._client.send(
            "GET", item_path("themes/", name, by="name", action="download"), expect=FILE_TYPES
        )
        return response.content

    async def delete(self, name: str) -> None:
        await self._client.request("DELETE", item_path("themes/", name, by="name"))


class AsyncDatabase:
    """The whole site's content as Ghost's JSON export, and its import."""

    def __init__(self, client: AsyncBaseClient) -> None:
        self._client = client

    async def export(self) -> dict[str, Any]:
        body = await self._client.request("GET", "db/", key="db")
        if not isinstance(body, dict):
            raise NotFoundError("the export was empty", status=404, method="GET", url="db/")
        return body

    async def import_(self, source: FileSource, *, filename: str | None = None) -> Any:
        """Import a Ghost JSON export (or a zip of one with images)."""
        with file_part(source, filename=filename) as part:
            return await self._client.request("POST", "db/", files={"importfile": part})
