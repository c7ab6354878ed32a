"""Site-wide objects: site, settings, config, newsletters, tiers, offers, snippets."""

from __future__ import annotations

from typing import Any

from ghostkit.models.base import GhostModel


class Site(GhostModel):
    title: str | None = None
    description: str | None = None
    url: str | None = None
    version: str | None = None
    locale: str | None = None
    timezone: str | None = None


class Setting(GhostModel):
    key: str
    value: Any = None


class Newsletter(GhostModel):
    name: str | None = None
    slug: str | None = None
    description: str | None = None
    status: str | None = None
    sender_email: str | None = None
    sender_reply_to: str | None = None
    subscribe_on_signup: bool | None = None
    visibility: str | None = None


class Tier(GhostModel):
    name: str | None = None
    slug: str | None = None
    description: str | None = None
    active: bool | None = None
    type: str | None = None
    visibility: str | None = None
    monthly_price: int | None = None
    yearly_price: int | None = None
    currency: str | None = None
    benefits: list[str] | None = None


class Offer(GhostModel):
    name: str | None = None
    code: str | None = None
    display_title: str | None = None
    type: str | None = None
    cadence: str | None = None
    amount: float | None = None
    duration: str | None = None
    status: str | None = None
    tier: Tier | None = None


class Snippet(GhostModel):
    name: str | None = None
    lexical: str | None = None
    mobiledoc: str | None = None


class Recommendation(GhostModel):
    title: str | None = None
    url: str | None = None
    description: str | None = None
