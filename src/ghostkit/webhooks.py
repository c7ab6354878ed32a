"""Check that a webhook delivery really comes from your Ghost site.

When a webhook has a secret, Ghost signs each delivery and sends the signature in the
`X-Ghost-Signature` header::

    X-Ghost-Signature: sha256=<hex>, t=<timestamp>

where `<timestamp>` is the time of signing in milliseconds since the epoch (JavaScript's
`Date.now()`) and `<hex>` is the lowercase hex HMAC-SHA256, keyed with the webhook's secret
(UTF-8), of the request body followed directly by the timestamp's decimal digits:
`HMAC-SHA256(secret, body + str(t))`. A webhook without a secret gets no header at all.

`verify` recomputes the HMAC over the raw body exactly as received (not over JSON parsed and
dumped again, whose bytes differ), compares it in constant time, and rejects timestamps further
than `tolerance` seconds from now, which limits replays. `sign` builds the header the same way
Ghost does, for tests and for trying out a receiver.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import time

from ghostkit.core.errors import ConfigurationError, GhostError

__all__ = [
    "EVENTS",
    "HEADER",
    "WebhookSignatureError",
    "is_valid",
    "sign",
    "verify",
]

HEADER = "X-Ghost-Signature"
"""The name of the header Ghost puts the signature in."""

_OBJECT_EVENTS = (
    "added",
    "deleted",
    "edited",
    "published",
    "published.edited",
    "unpublished",
    "scheduled",
    "unscheduled",
    "rescheduled",
)

EVENTS: tuple[str, ...] = (
    "site.changed",
    *(f"post.{e}" for e in _OBJECT_EVENTS),
    *(f"page.{e}" for e in _OBJECT_EVENTS),
    "tag.added",
    "tag.edited",
    "tag.deleted",
    "member.added",
    "member.edited",
    "member.deleted",
    "post.tag.attached",
    "post.tag.detached",
    "page.tag.attached",
    "page.tag.detached",
)
"""The events a Ghost webhook can subscribe to."""

_HEX_DIGEST = re.compile(r"[0-9a-fA-F]{64}")
_DIGITS = re.compile(r"[0-9]{1,20}")
_SHAPE = "Ghost sends 'sha256=<64 hex digits>, t=<milliseconds>'"


class WebhookSignatureError(GhostError):
    """A webhook delivery's signature is missing, malformed, wrong or too old."""


def _secret_bytes(secret: str | bytes) -> bytes:
    if isinstance(secret, str):
        key = secret.encode("utf-8")
    elif isinstance(secret, (bytes, bytearray, memoryview)):
        key = bytes(secret)
    else:  # bytes(42) would be 42 zero bytes: a key nobody set
        raise ConfigurationError(
            f"the webhook secret must be str or bytes, not {type(secret).__name__}",
            hint="pass the secret set on the webhook in Ghost, as text",
        )
    if not key:
        raise ConfigurationError(
            "the webhook secret is empty",
            hint="Ghost signs deliveries only for webhooks that have a secret: set one on the "
            "webhook in Ghost and pass the same value here",
        )
    return key


def _body_bytes(body: bytes | str) -> bytes:
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    raise ConfigurationError(
        f"the webhook body must be bytes or str, not {type(body).__name__}",
        hint="pass the raw request body exactly as received (such as request.get_data() "
        "or await request.body()), not the parsed JSON",
    )


def _header_text(signature_header: str | bytes | None) -> str | None:
    """A header value as text: servers hand it over as str, some as bytes (ASGI)."""
    if signature_header is None or isinstance(signature_header, str):
        return signature_header
    if isinstance(signature_header, (bytes, bytearray, memoryview)):
        try:
            return bytes(signature_header).decode("ascii")
        except UnicodeDecodeError:
            raise WebhookSignatureError(
                f"the {HEADER} header is malformed: it is not ASCII", hint=_SHAPE
            ) from None
    raise ConfigurationError(
        f"the {HEADER} header must be str or bytes, not {type(signature_header).__name__}",
        hint=f"pass the header's value as received, such as request.headers.get({HEADER!r})",
    )


def _seconds(value: object, name: str, *, allow_negative: bool = False) -> float:
    """A finite number of seconds: NaN or infinity would switch the age check off."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigurationError(
            f"{name} must be a number of seconds, not {type(value).__name__}",
            hint="pass seconds since the epoch as a number, such as time.time()"
            if name == "now"
            else "pass a number of seconds, or tolerance=None to skip the age check",
        )
    number = float(value)
    if not math.isfinite(number) or (number < 0 and not allow_negative):
        kind = "a finite" if allow_negative else "a finite, non-negative"
        raise ConfigurationError(
            f"{name} must be {kind} number of seconds, not {value!r}",
            hint="pass seconds since the epoch, such as time.time()"
            if name == "now"
            else "pass a number of seconds, or tolerance=None to skip the age check",
        )
    return number


def _digest(key: bytes, body: bytes, timestamp: str) -> str:
    return hmac.new(key, body + timestamp.encode("ascii"), hashlib.sha256).hexdigest()


def sign(secret: str | bytes, body: bytes | str, *, timestamp_ms: int | None = None) -> str:
    """Return the `X-Ghost-Signature` value Ghost would send for `body` at `timestamp_ms`.

    `timestamp_ms` defaults to now. A `str` body is encoded as UTF-8, as Ghost sends it.
    """
    if timestamp_ms is None:
        timestamp_ms = int(time.time() * 1000)
    if isinstance(timestamp_ms, bool) or not isinstance(timestamp_ms, int) or timestamp_ms < 0:
        raise ConfigurationError(
            f"timestamp_ms must be a non-negative int, not {timestamp_ms!r}",
            hint="pass milliseconds since the epoch, such as int(time.time() * 1000)",
        )
    stamp = str(timestamp_ms)
    return f"sha256={_digest(_secret_bytes(secret), _body_bytes(body), stamp)}, t={stamp}"


def _parse(raw_header: str | bytes | None) -> tuple[str, str]:
    """Split a header value into its hex signature and its timestamp digits."""
    signature_header = _header_text(raw_header)
    if signature_header is None or not signature_header.strip():
        raise WebhookSignatureError(
            f"the request has no {HEADER} header",
            hint="Ghost signs deliveries only when the webhook has a secret: set one in Ghost, "
            "and check that no proxy drops the header",
        )
    fields: dict[str, str] = {}
    for part in signature_header.split(","):
        name, sep, value = part.strip().partition("=")
        name = name.strip().lower()
        if not sep or not name or name in fields:
            raise WebhookSignatureError(
                f"the {HEADER} header is malformed", hint=f"{_SHAPE}, separated by ', '"
            )
        fields[name] = value.strip()
    signature = fields.get("sha256")
    if signature is None:
        raise WebhookSignatureError(f"the {HEADER} header has no sha256= part", hint=_SHAPE)
    if not _HEX_DIGEST.fullmatch(signature):
        raise WebhookSignatureError(
            f"the {HEADER} header's sha256= part is not 64 hex digits", hint=_SHAPE
        )
    timestamp = fields.get("t")
    if timestamp is None:
        raise WebhookSignatureError(f"the {HEADER} header has no t= part", hint=_SHAPE)
    if not _DIGITS.fullmatch(timestamp):
        raise WebhookSignatureError(
            f"the {HEADER} header's t= part is not a whole number of milliseconds", hint=_SHAPE
        )
    return signature.lower(), timestamp


def verify(
    secret: str | bytes,
    body: bytes | str,
    signature_header: str | bytes | None,
    *,
    tolerance: float | None = 300,
    now: float | None = None,
) -> None:
    """Raise `WebhookSignatureError` unless `signature_header` is Ghost's signature of `body`.

    `body` must be the raw request body as received; the header may be `str` or `bytes`.
    `tolerance` is how far, in seconds, the signed timestamp may be from `now` (seconds
    since the epoch, default the current time), in either direction; `None` skips that
    check. A `now` or `tolerance` that is not a finite number (NaN, infinity, a string)
    raises `ConfigurationError`, as does an empty secret (Ghost does not sign for webhooks
    without one).
    """
    key = _secret_bytes(secret)
    current = time.time() if now is None else _seconds(now, "now", allow_negative=True)
    limit = None if tolerance is None else _seconds(tolerance, "tolerance")
    signature, timestamp = _parse(signature_header)
    expected = _digest(key, _body_bytes(body), timestamp)
    if not hmac.compare_digest(expected, signature):
        raise WebhookSignatureError(
            "the webhook signature does not match the body",
            hint="use the raw request body exactly as received (not JSON parsed and dumped "
            "again) and the secret set on this webhook in Ghost",
        )
    if limit is None:
        return
    age = current - int(timestamp) / 1000
    if abs(age) > limit:
        when = f"{age:.0f} s old" if age > 0 else f"{-age:.0f} s in the future"
        raise WebhookSignatureError(
            f"the webhook signature's timestamp is {when}, beyond the {limit:g} s allowed",
            hint="a replayed delivery, or a clock that is wrong here or on the Ghost server; "
            "pass a larger tolerance= or tolerance=None to skip this check",
        )


def is_valid(
    secret: str | bytes,
    body: bytes | str,
    signature_header: str | bytes | None,
    *,
    tolerance: float | None = 300,
    now: float | None = None,
) -> bool:
    """Like `verify`, but answer True or False instead of raising `WebhookSignatureError`."""
    try:
        verify(secret, body, signature_header, tolerance=tolerance, now=now)
    except WebhookSignatureError:
        return False
    return True
