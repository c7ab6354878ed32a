"""Credentials: Admin API tokens, staff tokens, user sessions and Content API keys."""

from ghostkit.auth.keys import AdminKey, ContentKey, mask
from ghostkit.auth.strategies import (
    AdminTokenAuth,
    ContentKeyAuth,
    SessionAuth,
)
from ghostkit.auth.token import TokenCache, mint_admin_token

__all__ = [
    "AdminKey",
    "AdminTokenAuth",
    "ContentKey",
    "ContentKeyAuth",
    "SessionAuth",
    "TokenCache",
    "mask",
    "mint_admin_token",
]
