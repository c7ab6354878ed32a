"""Integrations, API keys, webhooks, themes, comments and uploaded files."""

from __future__ import annotations

from typing import Any

from ghostkit.models.base import GhostModel
from ghostkit.models.people import Member


class ApiKey(GhostModel):
    type: str | None = None
    secret: str | None = None
    role_id: str | None = None
    integration_id: str | None = None

    def __repr__(self) -> str:
        return f"ApiKey(id={self.id!r}, type={self.type!r}, secret=***)"


class Webhook(GhostModel):
    event: str | None = None
    target_url: str | None = None
    name: str | None = None
    secret: str | None = None
    api_version: str | None = None
    integration_id: str | None = None
    last_triggered_status: str | None = None

    def __repr__(self) -> str:
        return f"Webhook(id={self.id!r}, event={self.event!r}, target_url={self.target_url!r})"


class Integration(GhostModel):
    name: str | None = None
    slug: str | None = None
    type: str | None = None
    description: str | None = None
    api_keys: list[ApiKey] | None = None
    webhooks: list[Webhook] | None = None


class Theme(GhostModel):
    name: str | None = None
    package: dict[str, Any] | None = None
    active: bool | None = None
    templates: list[Any] | None = None


class Comment(GhostModel):
    html: str | None = None
    status: str | None = None
    post_id: str | None = None
    member: Member | None = None


class Upload(GhostModel):
    """An uploaded image, media file or file: where it is now served."""

    url: str | None = None
    ref: str | None = None
    thumbnail_url: str | None = None
