"""Keeping secrets out of what ghostkit prints and writes: URLs, free text, settings."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "••••••••"
"""What Ghost itself shows for a secret setting, and what ghostkit shows for the others."""
SECRET_PARAMS = frozenset({"key", "token", "access_token"})
"""Query parameters whose value is a key or token."""
_SECRET_SETTING = re.compile(r"secret|api_key|private_key|password|^public_hash$")
"""Settings that are secrets: the private site's password and the hash of its private RSS
address, which Ghost returns in clear, and those it masks itself (a `secret`, an `api_key`)
but shows elsewhere (`db/`)."""


def is_secret_setting(key: str) -> bool:
    return bool(_SECRET_SETTING.search(key))


def redact_url(url: str) -> str:
    """Hide what a URL carries that is secret: the password of `user:password@` (basic auth
    in front of a site) and the values of query parameters that carry keys or tokens."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not even a URL: mask what looks secret in it as text
        return redact_text(url)
    if parts.password is not None:
        host = parts.netloc.rpartition("@")[2]
        user = parts.netloc.rpartition("@")[0].partition(":")[0]
        parts = parts._replace(netloc=f"{user}:***@{host}")
    if not parts.query:
        return urlunsplit(parts)
    query = [
        (name, "***" if name.lower() in SECRET_PARAMS else value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*,:+")))


_SECRETISH = re.compile(r"\b[0-9a-f]{24}:[0-9a-f]{64}\b|\b[0-9a-f]{64}\b|\b[0-9a-f]{26}\b")
_USERINFO = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@'\"]*:)[^/\s'\"]*@")
"""`scheme://user:password@`: the password runs to the last `@` before the host, since
people paste passwords that hold an `@` unescaped."""
_SECRET_QUERY = re.compile(r"(?P<head>[?&;](?:key|token|access_token)=)[^&\s'\"#]+", re.I)
_JWT = re.compile(r"\beyJ[\w-]*\.[\w-]+\.[\w-]+")
_COOKIE = re.compile(r"(?P<head>ghost-(?:admin-api-session|members-ssr(?:\.sig)?)=)[^;\s'\"]+")


def redact_text(text: str) -> str:
    """Mask what looks secret in free text (logs, messages): Ghost's key shapes, tokens
    (JWTs), session cookies, `key=` and `token=` query values, basic-auth passwords."""
    text = _USERINFO.sub(r"\g<head>***@", text)
    text = _SECRET_QUERY.sub(r"\g<head>***", text)
    text = _JWT.sub("***", text)
    text = _COOKIE.sub(r"\g<head>***", text)
    return _SECRETISH.sub("***", text)


def mask_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings with every secret one that has a value masked, for printing or saving."""
    return {k: MASK if v and is_secret_setting(k) else v for k, v in settings.items()}


LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "hpack.hpack",
    "hpack.table",
    "ghostkit",
)
"""The loggers that can see a request: httpx logs every URL at INFO (the Content API key is
in its query), httpcore every response header at DEBUG (a session's Set-Cookie among them),
hpack the headers of HTTP/2."""


class RedactingFilter(logging.Filter):
    """Masks secrets in every record of the logger it is attached to, whatever its level or
    its handlers: the record's message is formatted once and replaced by its redacted text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a record whose arguments do not fit: mask as text
            message = f"{record.msg} {record.args}"
        masked = redact_text(message)
        if masked != message or record.args:
            record.msg, record.args = masked, ()
        return True


_FILTER = RedactingFilter()


def redact_logs() -> None:
    """Attach the redacting filter to the loggers that see requests (once; idempotent).

    A filter on a logger runs for the records made there, before any handler, at every
    level, so no secret reaches a handler the application configured."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
