"""Is it Ghost answering? What a success answer must be before it is believed (no I/O).

A URL can answer 200 without being Ghost's API: a login wall or an access proxy in front of
the site, a captive portal, another web server on that host. Ghost's API answers JSON
(`application/json`) holding the envelope of what was asked (`{"posts": [...]}`), a 204
with no body to a delete, and CSV or a zip for its file exports. Anything else is a
`NotGhostError`, never an empty list or a "Deleted".
"""

from __future__ import annotations

import json
import re
from typing import Any

from ghostkit.core.errors import (
    ConfigurationError,
    GhostConnectionError,
    NotGhostError,
    OutcomeUnknownError,
)
from ghostkit.core.redact import redact_text, redact_url
from ghostkit.core.urls import check_id

JSON = "application/json"
FILE_TYPES = ("text/csv", "application/zip", "application/octet-stream")
"""What Ghost sends for its file answers (members export, theme download)."""
READS = frozenset({"GET", "HEAD", "OPTIONS"})

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def media_type(content_type: str | None) -> str:
    """`text/html` of `text/html; charset=utf-8`."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def check_answer(
    *,
    status: int,
    content_type: str | None,
    content: bytes,
    method: str,
    url: str,
    expect: tuple[str, ...] = (JSON,),
) -> None:
    """Raise `NotGhostError` unless a success answer is of a type Ghost gives (`expect`).

    A 204 is Ghost's answer to a delete, with no body; a read is never answered so.
    """
    if status == 204:
        if method.upper() in READS or content:
            raise not_ghost(status, method, url, "204 with no content to a read", content)
        return
    kind = media_type(content_type)
    is_json = kind == JSON or kind.endswith("+json")
    if not (kind in expect or (is_json and JSON in expect)):
        raise not_ghost(status, method, url, kind or "no content type", content)
    if is_json and not content:
        raise not_ghost(status, method, url, "an empty body", content)


def ghost_json(
    content: bytes,
    *,
    status: int,
    method: str,
    url: str,
    key: str | tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """The JSON object of an answer, holding `key` (or one of the keys) if given; else
    `NotGhostError`."""
    try:
        body = json.loads(content)
    except ValueError:
        raise not_ghost(status, method, url, "a body that is not JSON", content) from None
    if not isinstance(body, dict):
        raise not_ghost(status, method, url, "JSON that is not a JSON object", content)
    keys = (key,) if isinstance(key, str) else key
    if keys and not any(k in body for k in keys):
        found = ", ".join(sorted(map(str, body))[:5]) or "nothing"
        wanted = " or ".join(keys)
        raise not_ghost(status, method, url, f"JSON with no {wanted} (it holds {found})", content)
    return body


def first_item(body: dict[str, Any], key: str, *, method: str, url: str) -> dict[str, Any]:
    """The one item Ghost answers a write or a single read with (`{"themes": [{...}]}`);
    an empty list, or a list of something else, is `NotGhostError`."""
    items = body.get(key)
    if not isinstance(items, list) or not items or not isinstance(items[0], dict):
        raise not_ghost(200, method, url, f"no {key} in its {key} list")
    return items[0]


def not_ghost(status: int, method: str, url: str, why: str, content: bytes = b"") -> NotGhostError:
    """The error for an answer that is not Ghost's: what came, and what to check."""
    title = _TITLE.search(content[:65536])
    page = ""
    if title:
        text = " ".join(title.group(1).decode("utf-8", "replace").split())[:80]
        page = f', a page titled "{redact_text(text)}"' if text else ""
    shown = redact_url(url)
    return NotGhostError(
        f"not Ghost's API: {method} {shown} answered {status} with {why}{page}",
        status=status,
        method=method,
        url=url,
        hint="check the site URL, and anything in front of the site that answers in its "
        "place (a login page, an access proxy, a captive portal): Ghost answers "
        "/ghost/api/admin/site/ with JSON",
    )


def outcome_unknown(method: str, url: str, path: str, failure: str) -> OutcomeUnknownError:
    """A write was sent and no answer came: say it may have landed and how to check.

    `path` is the request's path below the API root, such as `posts/` or `posts/<id>/`.
    """
    method = method.upper()
    parts = [p for p in path.split("?", 1)[0].split("/") if p]
    resource = parts[0] if parts else "the item"
    item = parts[1] if len(parts) > 1 and _is_id(parts[1]) else None
    if method == "POST" and len(parts) == 1:
        check = (
            f"it may have been created: before sending it again, look at the newest {resource} "
            f"(`ghostkit {resource} list --order 'created_at desc' --limit 5`)"
        )
    elif item:
        done = "deleted" if method == "DELETE" else "saved"
        check = (
            f"it may have been {done}: before sending it again, read it back "
            f"(`ghostkit {resource} get {item}`; a delete that landed answers 404)"
        )
    else:
        check = "before sending it again, check on the site whether it landed"
    return OutcomeUnknownError(
        f"{method} {redact_url(url)} was sent but no answer came ({failure}): "
        "the change may have landed on the site",
        method=method,
        url=url,
        hint=check,
    )


def _is_id(segment: str) -> bool:
    try:
        check_id(segment)
    except ConfigurationError:
        return False
    return True


def transport_failure(
    method: str, url: str, path: str, failure: str, *, sent: bool, timed_out: bool
) -> GhostConnectionError:
    """The error for a request that got no answer. Before anything was sent, the site could
    not be reached; after a write was sent, it may have landed (`OutcomeUnknownError`); a
    read that was sent timed out or lost its connection."""
    shown = redact_url(url)
    if not sent:
        return GhostConnectionError(
            f"could not reach {shown}: {failure}",
            hint="check the site URL and that the site is up",
        )
    if method.upper() not in READS:
        return outcome_unknown(method, url, path, failure)
    if timed_out:
        return GhostConnectionError(
            f"the site did not answer {method.upper()} {shown} in time ({failure})",
            hint="the site is slow or busy: try again later, or give a longer timeout",
        )
    return GhostConnectionError(
        f"the connection broke before the site answered {method.upper()} {shown} ({failure})",
        hint="check that the site is up, then try again",
    )
