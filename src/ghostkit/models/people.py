"""Members, staff users, roles and invites."""

from __future__ import annotations

from typing import Any

from ghostkit.models.base import GhostModel
from ghostkit.models.content import Label
from ghostkit.models.site import Newsletter, Tier


class Member(GhostModel):
    uuid: str | None = None
    email: str | None = None
    name: str | None = None
    note: str | None = None
    status: str | None = None
    subscribed: bool | None = None
    labels: list[Label] | None = None
    newsletters: list[Newsletter] | None = None
    tiers: list[Tier] | None = None
    subscriptions: list[dict[str, Any]] | None = None
    created_at: str | None = None
    updated_at: str | None = None


class Role(GhostModel):
    name: str | None = None
    description: str | None = None


class User(GhostModel):
    name: str | None = None
    slug: str | None = None
    email: str | None = None
    status: str | None = None
    bio: str | None = None
    profile_image: str | None = None
    roles: list[Role] | None = None
    updated_at: str | None = None


class Invite(GhostModel):
    email: str | None = None
    role_id: str | None = None
    status: str | None = None
    expires: int | None = None
