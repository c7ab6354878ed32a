"""What `ghostkit site check` tries, one credential at a time."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from ghostkit.config import Profile
from ghostkit.config.profiles import display_url
from ghostkit.core.errors import GENERIC_NOT_FOUND, GhostError, NotFoundError
from ghostkit.core.redact import redact_text


@dataclass(frozen=True)
class Check:
    what: str
    ok: bool
    detail: str
    hint: str | None = None


def _clean(text: str | None) -> str | None:
    """What is printed: no key, and no password of a `user:password@` URL."""
    return None if text is None else redact_text(text)


def _attempt(what: str, action: Callable[[], str]) -> Check:
    try:
        detail = action()
    except GhostError as error:
        return Check(what, False, _clean(error.message) or "", _clean(error.hint))
    except (httpx.HTTPError, ValueError) as error:
        return Check(what, False, _clean(f"{type(error).__name__}: {error}") or "")
    except Exception as error:  # an answer no one foresaw: one FAIL line, not a traceback
        return Check(
            what,
            False,
            _clean(f"{type(error).__name__}: {error}") or "",
            "the site answered in a way ghostkit does not know; is it a Ghost site?",
        )
    return Check(what, True, _clean(str(detail)) or "")


def check_profile(profile: Profile) -> list[Check]:
    from ghostkit import GhostAdmin, GhostContent
    from ghostkit.clients._sync.base import BaseClient

    def site() -> str:
        with BaseClient(profile.url, auth=None, version="auto") as client:
            found = client.detect_version()
            return f"{display_url(client.site_url)} is Ghost (API {found.name})"

    results = [_attempt("site", site)]
    if not results[0].ok:
        return results
    version = profile.version or "auto"

    def admin_with(**credentials: Any) -> str:
        with GhostAdmin(profile.url, version=version, **credentials) as admin:
            total = admin.posts.browse(limit=1, fields="id").pagination.total
            return f"accepted ({total} posts)"

    if profile.admin_key:
        results.append(_attempt("admin key", lambda: admin_with(key=profile.admin_key or "")))

    def staff() -> str:
        try:
            return admin_with(staff_token=profile.staff_token or "")
        except NotFoundError as error:
            if error.first and error.first.message == GENERIC_NOT_FOUND:
                # Ghost's whole answer to any request made with a non-active user's token
                raise GhostError(
                    "refused: the token's user is not active (suspended or locked)",
                    hint="an owner or administrator can unsuspend the user under Settings > Staff",
                ) from error
            raise

    if profile.staff_token:
        results.append(_attempt("staff token", staff))
    if profile.email and profile.password:
        results.append(
            _attempt(
                "login",
                lambda: admin_with(email=profile.email or "", password=profile.password or ""),
            )
        )

    def content() -> str:
        with GhostContent(profile.url, key=profile.content_key or "", version=version) as api:
            total = api.posts.browse(limit=1, fields="id").pagination.total
            return f"accepted ({total} published posts)"

    if profile.content_key:
        results.append(_attempt("content key", content))
    if len(results) == 1:
        results.append(
            Check(
                "credentials",
                False,
                "the profile holds no key or login",
                f"add one: ghostkit site add {shlex.quote(profile.name)} --admin-key prompt",
            )
        )
    return results
