"""ghostkit: a Python toolkit for Ghost sites.

from ghostkit import GhostAdmin

with GhostAdmin.from_profile("local") as admin:
    for post in admin.posts.iter(filter="status:published"):
        print(post.title)
"""

from typing import TYPE_CHECKING, Any

from ghostkit._version import __version__

if TYPE_CHECKING:
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
        NotGhostError,
        OutcomeUnknownError,
        PermissionDeniedError,
        RateLimitError,
        RedirectError,
        RequestTooLargeError,
        ServerError,
        SiteBusyError,
        TwoFactorRequiredError,
        UnsupportedMediaTypeError,
        UpdateCollisionError,
        UsageError,
        ValidationError,
        VersionMismatchError,
    )
    from ghostkit.core.retry import RetryPolicy
    from ghostkit.models import AsyncPage, Page, SyncPage

_EXPORTS = {
    "APIError": "ghostkit.core.errors",
    "AsyncGhostAdmin": "ghostkit.clients._async.admin",
    "AsyncGhostContent": "ghostkit.clients._async.content",
    "AsyncPage": "ghostkit.models",
    "AuthenticationError": "ghostkit.core.errors",
    "BadRequestError": "ghostkit.core.errors",
    "ConfigurationError": "ghostkit.core.errors",
    "ConflictError": "ghostkit.core.errors",
    "GhostAdmin": "ghostkit.clients._sync.admin",
    "GhostConnectionError": "ghostkit.core.errors",
    "GhostContent": "ghostkit.clients._sync.content",
    "GhostError": "ghostkit.core.errors",
    "InvalidKeyError": "ghostkit.core.errors",
    "LoginError": "ghostkit.core.errors",
    "NotFoundError": "ghostkit.core.errors",
    "NotGhostError": "ghostkit.core.errors",
    "OutcomeUnknownError": "ghostkit.core.errors",
    "Page": "ghostkit.models",
    "PermissionDeniedError": "ghostkit.core.errors",
    "RateLimitError": "ghostkit.core.errors",
    "RedirectError": "ghostkit.core.errors",
    "RequestTooLargeError": "ghostkit.core.errors",
    "RetryPolicy": "ghostkit.core.retry",
    "ServerError": "ghostkit.core.errors",
    "SiteBusyError": "ghostkit.core.errors",
    "SyncPage": "ghostkit.models",
    "TwoFactorRequiredError": "ghostkit.core.errors",
    "UnsupportedMediaTypeError": "ghostkit.core.errors",
    "UpdateCollisionError": "ghostkit.core.errors",
    "UsageError": "ghostkit.core.errors",
    "ValidationError": "ghostkit.core.errors",
    "VersionMismatchError": "ghostkit.core.errors",
}


def __getattr__(name: str) -> Any:
    """Import on first use, so that `import ghostkit` (and the CLI) start fast."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ghostkit' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "APIError",
    "AsyncGhostAdmin",
    "AsyncGhostContent",
    "AsyncPage",
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
    "NotGhostError",
    "OutcomeUnknownError",
    "Page",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "RequestTooLargeError",
    "RetryPolicy",
    "ServerError",
    "SiteBusyError",
    "SyncPage",
    "TwoFactorRequiredError",
    "UnsupportedMediaTypeError",
    "UpdateCollisionError",
    "UsageError",
    "ValidationError",
    "VersionMismatchError",
    "__version__",
]
