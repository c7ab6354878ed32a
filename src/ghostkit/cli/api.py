"""`ghostkit api`: any request to the Admin API, with the site's credentials."""

from __future__ import annotations

import json

import typer

from ghostkit.cli.context import SITE
from ghostkit.cli.resources import PARAM


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
    site: str = SITE,
) -> None:
    """Send any request to the Admin API and print the JSON answer.

    Examples:
      ghostkit api GET members/stats/count/
      ghostkit api GET posts/ -p filter=tag:news -p fields=id,title --paginate
      ghostkit api PUT settings/ --data '{"settings": [{"key": "title", "value": "Hi"}]}'
    """
    from ghostkit.cli.context import admin_client
    from ghostkit.cli.resources import read_data, read_params
    from ghostkit.core.errors import ConfigurationError

    params = read_params(param)
    body = read_data(data) if data else None
    verb = method.upper()
    with admin_client(ctx, site) as admin:
        if not paginate:
            answer = admin.request(verb, path, params=params, json=body)
            if isinstance(answer, bytes):
                typer.echo(answer.decode(errors="replace"))
            elif answer is not None:
                typer.echo(json.dumps(answer, indent=2, ensure_ascii=False))
            return
        if verb != "GET":
            raise ConfigurationError("--paginate works with GET only")
        page = 1
        while True:
            answer = admin.request(
                "GET", path, params={**params, "page": page, "limit": params.get("limit", 100)}
            )
            items = next((v for v in answer.values() if isinstance(v, list)), [])
            for item in items:
                typer.echo(json.dumps(item, ensure_ascii=False))
            pagination = answer.get("meta", {}).get("pagination", {})
            if not pagination.get("next"):
                return
            page = pagination["next"]
