"""Keeping secrets out of what ghostkit prints and writes: URLs, free text, settings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_SECRET_PARAMS = frozenset({"key", "token", "access_token"})
MASK = "••••••••"
"""What Ghost itself shows for a secret setting, and what ghostkit shows for the others."""
SECRET_SETTINGS = frozenset({"password"})
"""Settings Ghost returns in clear that are secrets: the private site's password. (Ghost
masks the ones whose key says `secret` or `api_key` itself.)"""


def redact_url(url: str) -> str:
    """Hide the values of query parameters that carry keys or tokens."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [
        (name, "***" if name.lower() in _SECRET_PARAMS else value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*,:+")))


_SECRETISH = re.compile(r"\b[0-9a-f]{24}:[0-9a-f]{64}\b|\b[0-9a-f]{64}\b|\b[0-9a-f]{26}\b")


def redact_text(text: str) -> str:
    """Mask anything shaped like a Ghost key in free text (logs, messages)."""
    return _SECRETISH.sub("***", text)


def mask_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings with every secret one that has a value masked, for printing or saving."""
    return {k: MASK if k in SECRET_SETTINGS and v else v for k, v in settings.items()}
