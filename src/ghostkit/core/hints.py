"""What the user should do about a failure Ghost answered, judged from the answer (no I/O).

The messages name the fix where it is known ("the token's iat is older than 5 minutes: is
this machine's clock right?"); `errors.build_api_error` attaches them to the errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ghostkit.core.errors import ErrorDetail

__all__ = ["GENERIC_NOT_FOUND", "hint_for"]

GENERIC_NOT_FOUND = "Resource could not be found."
"""Ghost's 404 message when nothing more specific was said; among others, the answer to
any request made with the staff access token of a user who is not active."""


def hint_for(status: int, detail: ErrorDetail | None) -> str | None:
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
                "that returns it (such as lambda: input('Code: ')); the CLI asks for it when "
                "run at a terminal; or use a staff access token"
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
