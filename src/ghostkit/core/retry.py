"""When to retry a request, and how long to wait first (no I/O).

Ghost has no idempotency keys, so a retried POST can create a second post. The default
policy therefore retries only what is safe: a 429 (the server refused before doing
anything) and connection failures that happened before the request was sent, for every
method; 5xx answers only for GET, HEAD and DELETE.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from time import time

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0
    retry_server_errors_for: frozenset[str] = field(default=IDEMPOTENT)
    jitter: bool = True

    @classmethod
    def none(cls) -> RetryPolicy:
        return cls(max_retries=0)

    def should_retry_status(self, method: str, status: int, attempt: int) -> bool:
        if attempt >= self.max_retries:
            return False
        if status == 429:
            return True
        return status in (502, 503, 504) and method.upper() in self.retry_server_errors_for

    def should_retry_connection(self, method: str, attempt: int, *, sent: bool) -> bool:
        """A failure before sending is always safe to retry; after, only idempotent methods."""
        if attempt >= self.max_retries:
            return False
        return not sent or method.upper() in self.retry_server_errors_for

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number `attempt + 1`."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        base = min(self.backoff * 2.0**attempt, self.max_backoff)
        return base * (0.5 + random.random() / 2) if self.jitter else base  # noqa: S311 - jitter, not crypto


def parse_retry_after(value: str | None) -> float | None:
    """`Retry-After` as seconds: either a number or an HTTP date."""
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time(), 0.0)
