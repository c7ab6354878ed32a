"""ghostkit: a Python toolkit for Ghost sites.

from ghostkit import GhostAdmin

with GhostAdmin.from_profile("local") as admin:
    for post in admin.posts.iter(filter="status:published"):
        print(post.title)
"""

from ghostkit._version import __version__
from ghostkit.clients import AsyncGhostAdmin, AsyncGhostContent, GhostAdmin, GhostContent
from ghostkit.core.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    GhostConnectionError,
    GhostError,
    InvalidKeyError,
    LoginError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TwoFactorRequiredError,
    UnsupportedMediaTypeError,
    UpdateCollisionError,
    ValidationError,
    VersionMismatchError,
)
from ghostkit.core.retry import RetryPolicy
from ghostkit.models import Page

__all__ = [
    "APIError",
    "AsyncGhostAdmin",
    "AsyncGhostContent",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "GhostAdmin",
    "GhostConnectionError",
    "GhostContent",
    "GhostError",
    "InvalidKeyError",
    "LoginError",
    "NotFoundError",
    "Page",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "TwoFactorRequiredError",
    "UnsupportedMediaTypeError",
    "UpdateCollisionError",
    "ValidationError",
    "VersionMismatchError",
    "__version__",
]
