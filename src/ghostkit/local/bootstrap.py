"""The first-run setup of a fresh Ghost, purely over HTTP.

1. `POST authentication/setup/` creates the owner (a second setup answers 403);
2. the owner logs in (a session cookie, with `Origin`);
3. `POST integrations/?include=api_keys` creates a custom integration, whose Admin API key
   and Content API key come back in the response.
"""

from __future__ import annotations

import secrets
import string
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from ghostkit.auth.strategies import SessionAuth
from ghostkit.core.errors import build_api_error, json_or_none
from ghostkit.local.errors import LocalGhostError

ADMIN = "/ghost/api/admin/"
_FORBIDDEN_IN_PASSWORDS = ("password", "ghost", "passw0rd")


@dataclass(frozen=True)
class SiteCredentials:
    url: str
    email: str
    password: str
    admin_key: str
    content_key: str

    def __repr__(self) -> str:
        return f"SiteCredentials(url={self.url!r}, email={self.email!r}, ...)"


def strong_password(length: int = 24) -> str:
    """A random password Ghost accepts (it refuses ones containing 'ghost', 'password'...)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        lowered = candidate.lower()
        if not any(word in lowered for word in _FORBIDDEN_IN_PASSWORDS):
            return candidate


def wait_until_ready(
    url: str, *, timeout: float, is_alive: Callable[[], bool] | None = None
) -> float:
    """Poll the site endpoint until it answers 200; return the seconds waited."""
    started = time.monotonic()
    deadline = started + timeout
    with httpx.Client(timeout=2.0) as client:
        while True:
            if is_alive is not None and not is_alive():
                raise LocalGhostError("Ghost exited while starting")
            try:
                if client.get(url + ADMIN + "site/").status_code == 200:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise LocalGhostError(f"Ghost did not answer at {url} within {timeout:.0f} s")
            time.sleep(0.2)


def is_set_up(url: str) -> bool:
    response = httpx.get(url + ADMIN + "authentication/setup/", timeout=10)
    _check(response)
    return bool(response.json()["setup"][0]["status"])


def run_setup(url: str, *, title: str, email: str, name: str = "Site Owner") -> SiteCredentials:
    """Create the owner and an integration on a fresh site; return everything to save."""
    password = strong_password()
    body = {"setup": [{"name": name, "email": email, "password": password, "blogTitle": title}]}
    with httpx.Client(timeout=30) as anonymous:
        _check(anonymous.post(url + ADMIN + "authentication/setup/", json=body))
    auth = SessionAuth(email, password, admin_root=url + ADMIN, site_url=url)
    with httpx.Client(timeout=30, auth=auth) as session:
        response = session.post(
            url + ADMIN + "integrations/",
            params={"include": "api_keys"},
            json={"integrations": [{"name": "ghostkit", "description": "Created by ghostkit"}]},
        )
        _check(response)
    keys = {k["type"]: k["secret"] for k in response.json()["integrations"][0]["api_keys"]}
    return SiteCredentials(
        url=url,
        email=email,
        password=password,
        admin_key=keys["admin"],
        content_key=keys["content"],
    )


def _check(response: httpx.Response) -> None:
    if response.is_success:
        return
    raise build_api_error(
        response.status_code,
        json_or_none(response),
        method=response.request.method,
        url=str(response.request.url),
    )
