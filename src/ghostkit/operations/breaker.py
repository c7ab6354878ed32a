"""When a run stops by itself: after a run of posts that failed for the site's reason, not
the post's. A run against a site that went down would otherwise fail every remaining post,
one slow timeout at a time; stopped, it resumes where it was once the site is back."""

from __future__ import annotations

from ghostkit.core.errors import (
    AuthenticationError,
    GhostConnectionError,
    GhostError,
    PermissionDeniedError,
    ServerError,
)

STOP_AFTER = 5
"""A run stops after this many posts in a row failed because the site did not answer."""


class SiteUnreachableError(GhostConnectionError):
    """A run stopped because the site stopped answering; `ghostkit runs resume` finishes it."""

    def __init__(self, message: str, *, run_id: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.run_id = run_id


def resume_hint(run_id: str) -> str:
    """How to finish, or take back, a run that stopped part-way."""
    return (
        f"finish it with `ghostkit runs resume {run_id}` (no post is changed twice), "
        f"or take it back with `ghostkit runs undo {run_id}`"
    )


class Breaker:
    """Counts posts that failed in a row for a reason that is the site's, not the post's:
    the site does not answer (a connection failure, a gateway's 502/503/504) or refuses the
    key (401/403). At `limit` the run stops instead of failing every post the same way."""

    def __init__(self, limit: int = STOP_AFTER) -> None:
        self.limit = limit
        self.in_a_row = 0
        self.last: GhostError | None = None

    @staticmethod
    def site_wide(error: GhostError) -> bool:
        if isinstance(error, GhostConnectionError):
            return True
        if isinstance(error, ServerError):
            return error.status in (502, 503, 504)
        return isinstance(error, (AuthenticationError, PermissionDeniedError))

    @property
    def tripped(self) -> bool:
        return self.in_a_row >= self.limit

    def success(self) -> None:
        if not self.tripped:
            self.in_a_row = 0

    def failure(self, error: GhostError) -> None:
        if self.site_wide(error):
            self.in_a_row += 1
            self.last = error
        else:
            self.success()

    def error(
        self, run_id: str, changed: int, total: int, *, again: str | None = None
    ) -> GhostError:
        """What to raise once tripped: the site's failure, saying how to finish the run
        (`again`: what to do instead of resuming it, such as running an undo again)."""
        last = self.last
        assert last is not None
        where = (
            f"run {run_id} stopped after {changed} of {total} items "
            f"({self.in_a_row} failed in a row)"
        )
        then = again or resume_hint(run_id)
        if isinstance(last, (AuthenticationError, PermissionDeniedError)):
            last.message = f"{last.message}; {where}"
            last.hint = (last.hint + "; then " if last.hint else "") + then
            return last
        return SiteUnreachableError(
            f"the site stopped answering ({last.message}); {where}",
            run_id=run_id,
            hint="when it answers again, " + then,
        )
