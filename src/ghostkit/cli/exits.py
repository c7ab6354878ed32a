"""Exit codes by error class, so scripts can tell failures apart."""

from __future__ import annotations

from ghostkit.core import errors

OK = 0
FAILURE = 1
USAGE = 2
CONFIGURATION = 3
AUTHENTICATION = 4
NOT_FOUND = 5
CONFLICT = 6
INVALID = 7
CONNECTION = 8
RATE_LIMITED = 9
SERVER = 10
LOCAL = 11
INTERRUPTED = 130
"""Ctrl-C, as shells report SIGINT; a bulk run names itself first, to resume or undo."""

_ORDER: list[tuple[type[BaseException], int]] = [
    (errors.UsageError, USAGE),
    (errors.ConfigurationError, CONFIGURATION),
    (errors.SiteBusyError, CONFLICT),
    (errors.AuthenticationError, AUTHENTICATION),
    (errors.PermissionDeniedError, AUTHENTICATION),
    (errors.NotFoundError, NOT_FOUND),
    (errors.ConflictError, CONFLICT),
    (errors.ValidationError, INVALID),
    (errors.BadRequestError, INVALID),
    (errors.UnsupportedMediaTypeError, INVALID),
    (errors.RequestTooLargeError, INVALID),
    (errors.VersionMismatchError, CONFIGURATION),
    (errors.GhostConnectionError, CONNECTION),
    (errors.RateLimitError, RATE_LIMITED),
    (errors.ServerError, SERVER),
]

EPILOG = """Exit codes: 0 ok, 1 other failure, 2 usage, 3 configuration (URL, key shape, version),
4 authentication or permission, 5 not found, 6 conflict (someone else's newer edit, or
another run on the site),
7 invalid input (400/413/415/422), 8 connection, 9 rate limited, 10 server error, 11 local Ghost,
130 interrupted (Ctrl-C)."""


def exit_code(error: BaseException) -> int:
    from ghostkit.local.errors import LocalGhostError

    if isinstance(error, LocalGhostError):
        return LOCAL
    for cls, code in _ORDER:
        if isinstance(error, cls):
            return code
    return FAILURE
