"""Ghost's keys, checked for shape before any request, and never shown.

An Admin API key (from a custom integration) and a staff access token (from a user's
profile) share one shape: `id:secret`, a 24-hex id and a 64-hex secret. A Content API key
is 26 hex characters. A key that has another shape fails here with a message that says
what it looks like instead; the key itself is never part of any message or repr.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ghostkit.core.errors import InvalidKeyError

_ADMIN = re.compile(r"^(?P<id>[0-9a-fA-F]{24}):(?P<secret>[0-9a-fA-F]{64})$")
_CONTENT = re.compile(r"^[0-9a-fA-F]{26}$")


def mask(secret: str, keep: int = 4) -> str:
    """Show the first few characters of a key and hide the rest."""
    if len(secret) <= keep * 2:
        return "***"
    return secret[:keep] + "…" + "*" * 6


@dataclass(frozen=True)
class AdminKey:
    """An Admin API key or staff access token: `id` (the JWT's kid) and the secret bytes."""

    id: str
    secret: bytes = field(repr=False)

    @classmethod
    def parse(cls, text: str, *, what: str = "Admin API key") -> AdminKey:
        value = text.strip()
        match = _ADMIN.match(value)
        if match:
            return cls(id=match["id"].lower(), secret=bytes.fromhex(match["secret"]))
        raise InvalidKeyError(
            f"the {what} is not valid: {_describe_admin_shape(value)}",
            hint="copy it again from Ghost Admin: it looks like "
            "<24 hex characters>:<64 hex characters>",
        )

    def __repr__(self) -> str:
        return f"AdminKey(id={self.id!r}, secret=***)"


def _describe_admin_shape(value: str) -> str:
    if not value:
        return "it is empty"
    if _CONTENT.match(value):
        return "this looks like a Content API key (26 characters); the Admin API key has a ':'"
    if ":" not in value:
        return "it has no ':' between the id and the secret"
    key_id, _, secret = value.partition(":")
    problems = []
    if not re.fullmatch(r"[0-9a-fA-F]{24}", key_id):
        problems.append(f"the id part has {len(key_id)} characters, not 24 hex characters")
    if not re.fullmatch(r"[0-9a-fA-F]{64}", secret):
        problems.append(f"the secret part has {len(secret)} characters, not 64 hex characters")
    return "; ".join(problems) or "it does not look like id:secret"


@dataclass(frozen=True)
class ContentKey:
    """A Content API key (26 hex characters), sent as the `key` query parameter."""

    value: str = field(repr=False)

    @classmethod
    def parse(cls, text: str) -> ContentKey:
        value = text.strip()
        if _CONTENT.match(value):
            return cls(value.lower())
        if _ADMIN.match(value):
            problem = "this looks like an Admin API key (id:secret), not a Content API key"
        elif not value:
            problem = "it is empty"
        else:
            problem = f"it has {len(value)} characters, not 26 hex characters"
        raise InvalidKeyError(
            f"the Content API key is not valid: {problem}",
            hint="copy it from Settings > Integrations of your site",
        )

    def __repr__(self) -> str:
        return "ContentKey(***)"
