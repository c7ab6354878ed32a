"""The public site endpoint."""

from __future__ import annotations

from ghostkit.models.base import GhostModel


class Site(GhostModel):
    title: str | None = None
    description: str | None = None
    url: str | None = None
    version: str | None = None
    locale: str | None = None
    timezone: str | None = None
