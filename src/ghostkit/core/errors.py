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


GENERIC_NOT_FOUND = "Resource could not be found."
"""Ghost's 404 message when nothing more specific was said; among others, the answer to
any request made with the staff access token of a user who is not active."""


def _hint(status: int, detail: ErrorDetail | None) -> str | None:
    """What the user should do about a known failure, judged from Ghost's answer."""
    message = (detail.message if detail else "").lower()
    context = (detail.context or "").lower() if detail else ""
    code = detail.code if detail else None
    both = f"{message} {context}"
    if status == 401:
        if "invalid signature" in both:
            return (
                "the token's signature does not match: sign it with the key's secret "
                "hex-decoded (bytes.fromhex(secret)), not the hex text, and check that the "
                "Admin API key is this site's"
            )
        if "maxage exceeded" in both:
            return (
                "the token's iat is older than 5 minutes (Ghost allows no more): "
                "is this machine's clock right?"
            )
        if "jwt expired" in both:
            return "the token expired (they live 5 minutes): is this machine's clock right?"
        if "audience" in both:
            return (
                "the token's aud does not match the API path: /ghost/api/admin/ needs aud "
                "/admin/, a legacy /ghost/api/v4/admin/ needs /v4/admin/ (set version= to match)"
            )
        if code == "UNKNOWN_ADMIN_API_KEY":
            return (
                "this site does not know the key's id: copy the Admin API key from "
                "Settings > Integrations of this site"
            )
        if code == "UNKNOWN_CONTENT_API_KEY":
            return (
                "this site does not know the Content API key: copy it from Settings > Integrations"
            )
        return "check the credentials for this site"
    if status == 400 and code == "MISSING_ADMIN_API_KID":
        return "the token has no kid header: it must carry the key's id"
    if status == 400 and code == "INVALID_JWT":
        return "the Authorization header does not hold a JWT: send 'Ghost <token>'"
    if status == 400 and "filter" in both:
        return "check the filter's NQL syntax, for example tag:news+status:published"
    if status == 501 and detail is not None and detail.type == "NotImplementedError":
        return (
            "integration keys cannot use this endpoint (Ghost 5 answers 501 here): use a "
            "staff access token or log in with email and password"
        )
    if status == 403:
        if "api tokens do not have permission" in both:
            return (
                "integration keys cannot use this endpoint: use a staff access token or "
                "log in with email and password"
            )
        if code in ("2FA_TOKEN_REQUIRED", "2FA_NEW_DEVICE_DETECTED"):
            return (
                "Ghost emailed the user a sign-in code: pass two_factor_code=, a function "
                "that returns it (such as lambda: input('Code: ')), or use a staff access token"
            )
        return "these credentials may not do this: check the user's role or the key"
    if status == 404 and message == GENERIC_NOT_FOUND.lower() and not context:
        return (
            "Ghost gave its generic not-found answer: the object may not exist, or, when the "
            "credentials are a staff access token, its user is suspended or locked (Ghost "
            "answers every request of such a token like this): check the user under "
            "Settings > Staff"
        )
    if status == 413:
        return (
            "the request is larger than the server accepts: the limit is usually set by a "
            "proxy in front of Ghost (nginx: client_max_body_size); raise it or send a "
            "smaller file"
        )
    if status == 406 and code == "UPDATE_GHOST":
        return (
            "the site runs an older Ghost than the client's version says, and it has no such "
            "endpoint: pass version='auto' (or the site's version, such as 'v5.x')"
        )
    if status == 406:
        return (
            "check the site URL (a wrong path answers like this) and the API version; "
            "the site URL is the address of the site, such as https://example.com"
        )
    if status == 409 and code == "UPDATE_COLLISION":
        fields = ""
        if detail and isinstance(detail.details, Mapping):
            changed = detail.details.get("changedFields")
            if changed:
                fields = f" (changed: {', '.join(map(str, changed))})"
        return (
            f"someone saved this after you read it{fields}: read it again and re-apply your "
            "change, or use update(), which does that for you"
        )
    if status == 415:
        return "this endpoint does not accept that file type"
    if status == 422:
        where = _validation_field(detail)
        prop = detail.property if detail and detail.property else None
        if where or (prop and not prop.isdigit()):
            return f"check the field {where or prop}"
        return None
    if status == 429:
        if "login" in both or "sign" in both:
            return "too many failed logins: Ghost locks logins for 10 minutes"
        return "too many requests: slow down and retry later"
    return None


def _validation_field(detail: ErrorDetail | None) -> str | None:
    """The field a JSON-schema validation entry points at, e.g. `posts.0.title`."""
    if detail is None or not isinstance(detail.details, list):
        return None
    for entry in detail.details:
        if not isinstance(entry, Mapping):
            continue
        path = str(entry.get("instancePath") or entry.get("dataPath") or "")
        parts = [p for p in path.split("/") if p]
        params = entry.get("params")
        missing = params.get("missingProperty") if isinstance(params, Mapping) else None
        if missing:
            return ".".join([*parts, str(missing)]) + " (it is required)"
        if parts:
            reason = entry.get("message")
            return ".".join(parts) + (f": {reason}" if reason else "")
    return None


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
) -> APIError:
    """Turn an error response into the right `APIError` subclass, with a hint where known."""
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
        hint=_hint(status, first),
        retry_after=retry_after,
    )
