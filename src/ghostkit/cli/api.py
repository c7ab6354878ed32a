"""`ghostkit api`: any request to the Admin API, with the site's credentials."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import typer

from ghostkit.cli.context import SITE
from ghostkit.cli.resource_input import PARAM
from ghostkit.core.redact import SECRET_PARAMS, is_secret_setting

METHODS = ("GET", "POST", "PUT", "DELETE")
SECRET_FIELDS = frozenset({"secret", "password", "token"})
"""Fields whose value is a secret wherever they appear: an API key's or a webhook's secret
(integrations, `users/me/token/`), a staff user's password hash (`db/`), an identity token."""


def mask_secrets(value: Any) -> tuple[Any, int]:
    """The answer with every secret replaced by Ghost's own mask, and how many there were.

    Secrets: the fields in `SECRET_FIELDS`, secret settings (`{"key": ..., "value": ...}`),
    and the token or key in a URL's query or the password in its `user:password@` part
    (members' sign-in and unsubscribe links).
    """
    from ghostkit.core.redact import MASK

    count = 0

    def walk(item: Any) -> Any:
        nonlocal count
        if isinstance(item, dict):
            setting = isinstance(item.get("key"), str) and "value" in item
            shown: dict[str, Any] = {}
            for name, inner in item.items():
                secret = name in SECRET_FIELDS or (
                    setting and name == "value" and is_secret_setting(item["key"])
                )
                if secret and isinstance(inner, str) and inner and inner != MASK:
                    count += 1
                    shown[name] = MASK
                else:
                    shown[name] = walk(inner)
            return shown
        if isinstance(item, list):
            return [walk(inner) for inner in item]
        if isinstance(item, str) and "://" in item:
            masked = _mask_url(item, MASK)
            if masked != item:
                count += 1
            return masked
        return item

    return walk(value), count


def _mask_url(text: str, mask: str) -> str:
    """A URL with its basic-auth password and its secret query values masked; any other
    URL exactly as it was."""
    try:
        parts = urlsplit(text)
        password = parts.password
    except ValueError:
        return text
    if parts.scheme not in ("http", "https"):
        return text
    if password is not None:
        host = parts.netloc.rpartition("@")[2]
        parts = parts._replace(netloc=f"{parts.username or ''}:{mask}@{host}")
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(name.lower() in SECRET_PARAMS for name, _ in query):
        parts = parts._replace(
            query="&".join(
                f"{name}={mask if name.lower() in SECRET_PARAMS else value}"
                for name, value in query
            )
        )
    return parts.geturl() if password is not None or parts.query != urlsplit(text).query else text


def api(
    ctx: typer.Context,
    method: str = typer.Argument(..., help="GET, POST, PUT or DELETE."),
    path: str = typer.Argument(
        ..., help="Below /ghost/api/admin/, e.g. posts/ or members/stats/count/."
    ),
    data: str = typer.Option(None, "--data", "-d", help="JSON body, @file or -."),
    param: list[str] = PARAM,
    paginate: bool = typer.Option(
        False, "--paginate", help="Follow every page of a listing; print one JSON object per item."
    ),
    show_secrets: bool = typer.Option(
        False,
        "--show-secrets",
        help="Print secrets in the answer as they are (API key and webhook secrets, tokens, "
        "the private site's password, sign-in links); masked by default.",
    ),
    site: str = SITE,
) -> None:
    """Send any request to the Admin API and print the JSON answer.

    Secrets in the answer (an integration's keys, a webhook's secret, a staff token, the
    private site's password, a member's sign-in link) are masked with ••••••••, and a note
    on stderr says how many; --show-secrets prints them.

    Examples:
      ghostkit api GET members/stats/count/
      ghostkit api GET posts/ -p filter=tag:news -p fields=id,title --paginate
      ghostkit api PUT settings/ --data '{"settings": [{"key": "title", "value": "Hi"}]}'
    """
    from ghostkit.cli.context import admin_client
    from ghostkit.cli.output import note
    from ghostkit.cli.resource_input import read_data, read_params
    from ghostkit.core.errors import ConfigurationError

    verb = method.upper()
    if verb not in METHODS:
        raise ConfigurationError(
            f"{method!r} is not a method the Admin API takes", hint="use GET, POST, PUT or DELETE"
        )
    if paginate and verb != "GET":
        raise ConfigurationError("--paginate works with GET only", hint="leave out --paginate")
    params = read_params(param)
    body = read_data(data) if data else None
    masked = 0

    def shown(value: Any) -> Any:
        nonlocal masked
        if show_secrets:
            return value
        value, count = mask_secrets(value)
        masked += count
        return value

    with admin_client(ctx, site) as admin:
        if not paginate:
            answer = admin.request(verb, path, params=params, json=body)
            if isinstance(answer, bytes):
                typer.echo(answer.decode(errors="replace"))
            elif answer is not None:
                typer.echo(json.dumps(shown(answer), indent=2, ensure_ascii=False))
        else:
            page = 1
            while True:
                answer = admin.request(
                    "GET", path, params={**params, "page": page, "limit": params.get("limit", 100)}
                )
                if not isinstance(answer, dict):
                    raise ConfigurationError(
                        f"{path} did not answer with a JSON listing",
                        hint="--paginate follows listings such as posts/; leave it out here",
                    )
                items = next((v for v in answer.values() if isinstance(v, list)), [])
                for item in items:
                    typer.echo(json.dumps(shown(item), ensure_ascii=False))
                pagination = (answer.get("meta") or {}).get("pagination") or {}
                following = pagination.get("next")
                if not isinstance(following, int) or following <= page:
                    break
                page = following
    if masked:
        note(
            f"{masked} secret value{'s' if masked != 1 else ''} masked; --show-secrets prints them"
        )
