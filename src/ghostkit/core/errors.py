"""The one error tree of ghostkit.

Every failure a caller can act on is a `GhostError`. Errors from the server are `APIError`s,
chosen first by HTTP status and then by Ghost's own `type`/`code` in the body, and carry the
whole error list, the method and the URL (with any key redacted, never the token). Where the
fix is known, the message says what to do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ghostkit.core.hints import GENERIC_NOT_FOUND as GENERIC_NOT_FOUND
from ghostkit.core.hints import hint_for
from ghostkit.core.redact import redact_url

if TYPE_CHECKING:
    import httpx


class GhostError(Exception):
    """Base class of every error ghostkit raises on purpose."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n  hint: {self.hint}"
        return self.message


class ConfigurationError(GhostError):
    """Bad input found before any request was sent (URL, version, options)."""


class InvalidKeyError(ConfigurationError):
    """A key or token does not have the shape Ghost gives them."""


class UsageError(GhostError):
    """The command cannot run as asked: options that contradict each other or the run they
    resume, or a change that needs a confirmation where nobody can give one."""


class SiteBusyError(GhostError):
    """Another bulk run holds the site: one run changes a site at a time."""


class GhostConnectionError(GhostError):
    """The server could not be reached, or the connection broke."""


class OutcomeUnknownError(GhostConnectionError):
    """A write (POST, PUT, DELETE) was sent but no answer came: it may have landed."""

    def __init__(self, message: str, *, method: str, url: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.method = method
        self.url = redact_url(url)


class NotGhostError(GhostConnectionError):
    """Something answered with success, but not Ghost's API: an HTML page (a login wall, a
    captive portal, another web server), or JSON of another shape. Exit code 8, like a
    connection failure: what answered is not the site's Ghost."""

    def __init__(
        self, message: str, *, status: int, method: str, url: str, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.method = method
        self.url = redact_url(url)

    def __repr__(self) -> str:
        return f"NotGhostError(status={self.status}, method={self.method!r}, url={self.url!r})"


@dataclass(frozen=True)
class ErrorDetail:
    """One entry of Ghost's `errors` list."""

    message: str
    type: str | None = None
    code: str | None = None
    context: str | None = None
    help: str | None = None
    property: str | None = None
    details: Any = None
    id: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_body(cls, item: Mapping[str, Any]) -> ErrorDetail:
        def text(name: str) -> str | None:
            value = item.get(name)
            return None if value is None else str(value)

        return cls(
            message=str(item.get("message") or ""),
            type=text("type"),
            code=text("code"),
            context=text("context"),
            help=text("help"),
            property=text("property"),
            details=item.get("details"),
            id=text("id"),
            raw=dict(item),
        )


class APIError(GhostError):
    """The server answered with an error status."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        method: str,
        url: str,
        errors: Sequence[ErrorDetail] = (),
        hint: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.method = method
        self.url = redact_url(url)
        self.errors = tuple(errors)
        self.retry_after = retry_after

    @property
    def first(self) -> ErrorDetail | None:
        return self.errors[0] if self.errors else None

    @property
    def type(self) -> str | None:
        return self.first.type if self.first else None

    @property
    def code(self) -> str | None:
        return self.first.code if self.first else None

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status}, type={self.type!r}, "
            f"code={self.code!r}, method={self.method!r}, url={self.url!r})"
        )


class RedirectError(APIError, ConfigurationError):
    """3xx: the site answers at another URL (http to https, a www host, a moved site).
    ghostkit does not follow it (a write sent again elsewhere could land twice, and the
    credentials would go along): use the URL it names. Exit code 3."""

    def __init__(self, message: str, *, location: str | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.location = redact_url(location) if location else None


class BadRequestError(APIError):
    """400: the request was malformed (a bad filter, a body that is not JSON, a bad token)."""


class AuthenticationError(APIError):
    """401: the credentials were refused."""


class LoginError(AuthenticationError):
    """The email and password were refused at login (Ghost answers 422 or 404 for these)."""


class PermissionDeniedError(APIError):
    """403: the credentials are valid but may not do this."""


class TwoFactorRequiredError(PermissionDeniedError):
    """403 `2FA_NEW_DEVICE_DETECTED` (staff device verification) or `2FA_TOKEN_REQUIRED`
    (the site requires email codes): the login needs the code Ghost emailed to the user."""


class NotFoundError(APIError):
    """404: no such resource."""


class VersionMismatchError(APIError):
    """406 `UPDATE_CLIENT`: usually a wrong site URL or API version, not an old client."""


class ConflictError(APIError):
    """409: the change conflicts with the server's state."""


class UpdateCollisionError(ConflictError):
    """409 `UPDATE_COLLISION`: someone saved the object after you read it."""

    @property
    def changed_fields(self) -> list[str]:
        details = self.first.details if self.first else None
        if isinstance(details, Mapping):
            fields = details.get("changedFields")
            if isinstance(fields, list):
                return [str(f) for f in fields]
        return []


class RequestTooLargeError(APIError):
    """413: the body was larger than the server (or a proxy in front of it) accepts."""


class UnsupportedMediaTypeError(APIError):
    """415: the uploaded file's type is not accepted by this endpoint."""


class ValidationError(APIError):
    """422: the body failed Ghost's validation."""


class RateLimitError(APIError):
    """429: too many requests (or too many failed logins)."""


class ServerError(APIError):
    """5xx: the server failed."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    406: VersionMismatchError,
    409: ConflictError,
    413: RequestTooLargeError,
    415: UnsupportedMediaTypeError,
    422: ValidationError,
    429: RateLimitError,
}

_BY_CODE: dict[str, type[APIError]] = {
    "UPDATE_COLLISION": UpdateCollisionError,
    "2FA_TOKEN_REQUIRED": TwoFactorRequiredError,
    "2FA_NEW_DEVICE_DETECTED": TwoFactorRequiredError,
}


def error_class(status: int, code: str | None, type_: str | None = None) -> type[APIError]:
    """Pick the most specific class for a status and Ghost's error code and type."""
    if code and code in _BY_CODE:
        return _BY_CODE[code]
    if status == 501 and type_ == "NotImplementedError":
        return PermissionDeniedError  # Ghost 5's answer to a key on a staff-only endpoint
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, APIError)


def json_or_none(response: httpx.Response) -> Any:
    """A response's decoded JSON, or None when it has none (such as a proxy's HTML page)."""
    try:
        return response.json()
    except ValueError:
        return None


def parse_error_body(body: Any) -> list[ErrorDetail]:
    """Read Ghost's `{"errors": [...]}` envelope; anything else gives an empty list."""
    if isinstance(body, Mapping):
        items = body.get("errors")
        if isinstance(items, list):
            return [ErrorDetail.from_body(i) for i in items if isinstance(i, Mapping)]
    return []


def build_api_error(
    status: int,
    body: Any,
    *,
    method: str,
    url: str,
    retry_after: float | None = None,
    location: str | None = None,
) -> APIError:
    """Turn an error response into the right `APIError` subclass, with a hint where known.
    A redirect (`location` is its `Location` header) becomes a `RedirectError`."""
    if 300 <= status < 400:
        return redirect_error(status, method=method, url=url, location=location)
    errors = parse_error_body(body)
    first = errors[0] if errors else None
    cls = error_class(status, first.code if first else None, first.type if first else None)
    if first:
        summary = first.message
        if first.context and first.context not in summary:
            summary = f"{summary} ({first.context})"
        label = first.type or cls.__name__
    else:
        summary = "the server gave no error details"
        label = cls.__name__
    message = f"{status} {label}: {summary} [{method} {redact_url(url)}]"
    return cls(
        message,
        status=status,
        method=method,
        url=url,
        errors=errors,
        hint=hint_for(status, first),
        retry_after=retry_after,
    )


def redirect_error(status: int, *, method: str, url: str, location: str | None) -> RedirectError:
    """A redirect, reported with where it goes and the site URL to use instead."""
    from urllib.parse import urljoin

    shown = redact_url(url)
    if not location:
        return RedirectError(
            f"{status} redirect without a Location [{method} {shown}]",
            status=status,
            method=method,
            url=url,
            hint="the site URL is not where Ghost answers: check it in a browser",
        )
    target = urljoin(url, location)
    site = target.split("/ghost/", 1)[0].rstrip("/") if "/ghost/" in target else None
    where = redact_url(target)
    use = (
        f"use that URL as the site URL: {redact_url(site)}"
        if site
        else "it leads away from Ghost's API (a login page or another site in front of it?): "
        "check the site URL, and that the API is let through"
    )
    return RedirectError(
        f"{status} redirect to {where} [{method} {shown}]: ghostkit does not follow redirects",
        status=status,
        method=method,
        url=url,
        location=target,
        hint=f"{use} (for a saved site: `ghostkit site add NAME --url URL --replace`)",
    )
