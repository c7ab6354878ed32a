"""Commands for every resource, built from the same declarations as the library."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import typer

from ghostkit.cli.context import SITE
from ghostkit.cli.output import JSON, JSONL
from ghostkit.core.errors import GhostError
from ghostkit.resources.spec import ResourceSpec

COLUMNS: dict[str, tuple[str, ...]] = {
    "posts": ("id", "status", "updated_at", "title", "slug"),
    "pages": ("id", "status", "updated_at", "title", "slug"),
    "members": ("id", "email", "name", "status", "labels"),
    "users": ("id", "name", "email", "slug", "status"),
    "newsletters": ("id", "name", "slug", "status"),
    "tiers": ("id", "name", "type", "active", "monthly_price"),
    "offers": ("id", "name", "code", "status", "amount"),
    "invites": ("id", "email", "status", "role_id"),
    "integrations": ("id", "name", "type"),
    "comments": ("id", "status", "post_id", "html"),
}
DEFAULT_COLUMNS = ("id", "name", "slug")

EXAMPLES: dict[str, tuple[str, str]] = {
    "posts": ('{"title": "Hello", "html": "<p>Hi there.</p>"}', '{"title": "Hello again"}'),
    "pages": ('{"title": "About", "html": "<p>Who we are.</p>"}', '{"title": "About us"}'),
    "tags": ('{"name": "Gardening"}', '{"description": "Posts about gardens"}'),
    "labels": ('{"name": "Early readers"}', '{"name": "First readers"}'),
    "tiers": (
        '{"name": "Gold", "monthly_price": 500, "yearly_price": 5000, "currency": "usd"}',
        '{"description": "Every post, every week"}',
    ),
    "offers": (
        '{"name": "Spring sale", "code": "spring", "display_title": "Spring sale", '
        '"type": "percent", "amount": 20, "cadence": "month", "duration": "once", '
        '"tier": {"id": "TIER_ID"}}',
        '{"display_title": "Spring sale: 20% off"}',
    ),
    "newsletters": ('{"name": "Weekly digest"}', '{"description": "Every Friday"}'),
    "members": ('{"email": "jamie@example.com", "name": "Jamie"}', '{"note": "Met at the fair"}'),
    "users": ("", '{"bio": "Writes about gardens"}'),
    "invites": ('{"email": "sam@example.com", "role_id": "ROLE_ID"}', ""),
    "webhooks": (
        '{"event": "post.published", "target_url": "https://example.com/hook"}',
        '{"target_url": "https://example.com/new-hook"}',
    ),
    "integrations": ('{"name": "Deploy hook"}', '{"description": "Rebuilds the static site"}'),
    "snippets": ('{"name": "Sign-off"}', '{"name": "Signature"}'),
    "comments": (
        '{"post_id": "POST_ID", "member_id": "MEMBER_ID", "html": "<p>Nice post.</p>"}',
        '{"html": "<p>Nice post, thanks.</p>"}',
    ),
}
"""For each resource, the `--data` of its `create` and `edit` examples (each runs against a
real Ghost in the tests; ID, POST_ID, MEMBER_ID, TIER_ID and ROLE_ID stand for real ids)."""

CREATE_OPTIONS = {"posts": " -p source=html", "pages": " -p source=html"}

STAFF_ONLY = {"integrations", "snippets"}
"""Resources an integration key cannot reach at all (Ghost answers 403)."""
STAFF_VERBS = {"users": {"edit", "delete"}, "invites": {"browse", "read", "delete"}}
"""Verbs of other resources that need a staff token or a login."""
STAFF = " Needs a staff token or login."


def _staff(spec: ResourceSpec, verb: str) -> str:
    """The help's note for a verb only staff can use."""
    return STAFF if spec.name in STAFF_ONLY or verb in STAFF_VERBS.get(spec.name, ()) else ""


def read_data(data: str) -> dict[str, Any]:
    """`--data` as JSON text, or `@file.json`, or `-` for stdin."""
    import sys

    from ghostkit.core.errors import ConfigurationError

    if data == "-":
        text = sys.stdin.read()
    elif data.startswith("@"):
        path = Path(data[1:])
        if not path.is_file():
            raise ConfigurationError(f"no file at {path}")
        text = path.read_text(encoding="utf-8")
    else:
        text = data
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ConfigurationError(
            f"--data is not valid JSON: {exc}", hint="pass a JSON object, @file.json or - for stdin"
        ) from exc
    if not isinstance(value, dict):
        raise ConfigurationError("--data must be a JSON object")
    return value


DATA = typer.Option(..., "--data", "-d", help="JSON object, @file or -.")
PARAM = typer.Option(
    [], "--param", "-p", help="A query parameter as key=value (e.g. source=html); repeatable."
)


def read_params(pairs: list[str]) -> dict[str, str]:
    """`--param key=value` options as a dict."""
    from ghostkit.core.errors import ConfigurationError

    params: dict[str, str] = {}
    for item in pairs:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ConfigurationError(f"--param {item!r} is not key=value")
        params[key] = value
    return params


def is_id(text: str) -> bool:
    """Whether `text` is a Ghost id, as the client checks ids: 24 hex characters, or the
    owner's `1` on sites older than ObjectIDs (Ghost 5 sites still have it)."""
    from ghostkit.core.errors import ConfigurationError
    from ghostkit.core.urls import check_id

    try:
        check_id(text)
    except ConfigurationError:
        return False
    return True


def key_metavar(spec: ResourceSpec) -> str:
    """How an item is named on the command line: `ID`, or `ID/SLUG` where slugs are read."""
    return "/".join(way.upper() for way in spec.read_by) or "ID"


def read_key(spec: ResourceSpec, key: str, by: str | None = None) -> dict[str, str]:
    """The `read()` argument for `key`: an id; else, where the resource can be read that
    way, an email (a key with `@`) or a slug. `by` names the way outright."""
    from ghostkit.core.errors import UsageError

    if not key.strip():
        raise UsageError(f"an empty {key_metavar(spec)} names none of the {spec.name}")
    if by is not None:
        if by not in spec.read_by:
            ways = ", ".join(spec.read_by) or "nothing"
            raise UsageError(f"{spec.name} can be read by {ways}, not by {by!r}")
        if by == "id" and not is_id(key):
            raise not_an_id(spec, key)
        return {by: key}
    if is_id(key):
        return {"id": key}
    if "email" in spec.read_by and "@" in key:
        return {"email": key}
    if "slug" in spec.read_by:
        return {"slug": key}
    raise not_an_id(spec, key)


def not_an_id(spec: ResourceSpec, key: str) -> Exception:
    from ghostkit.core.errors import UsageError

    if "slug" in spec.read_by:
        hint = "an id is 24 hex characters; for a slug, use --by slug (or leave --by out)"
    elif "@" in key and spec.supports("browse"):
        hint = f"find its id with: ghostkit {spec.name} list --filter \"email:'{key}'\""
    elif spec.supports("browse"):
        hint = f"an id is 24 hex characters; `ghostkit {spec.name} list` shows them"
    else:
        hint = "an id is 24 hex characters: the id Ghost gave it when it was created"
    return UsageError(f"{key!r} is not an id of one of the {spec.name}", hint=hint)


def resolve_id(spec: ResourceSpec, items: Any, key: str) -> str:
    """The id of the item `key` names: an id as given, else the id of the item read by its
    slug (or email), so that a write always goes to an id."""
    how = read_key(spec, key)
    if "id" in how:
        return key
    return str(items.read(**how).id)


def one_site_admin(ctx: typer.Context, site: str | None) -> Any:
    """The Admin client of the one site a command acts on; `--site all` is for listings."""
    from ghostkit.cli.context import admin_client, site_name
    from ghostkit.core.errors import UsageError

    if site_name(ctx, site) == "all":
        raise UsageError(
            "--site all works with listings only (e.g. ghostkit posts list --site all)",
            hint="name the one site to use: --site NAME",
        )
    return admin_client(ctx, site)


def every_profile() -> list[str]:
    """`--site all`: every saved site, for commands that only read."""
    from ghostkit.cli.context import paths
    from ghostkit.config import ProfileStore

    return ProfileStore(paths().config_file).names()


def refuse_unknown_fields(spec: ResourceSpec, fields: str, row: dict[str, Any]) -> None:
    """Ghost leaves out a field it does not know without a word: say so instead of printing
    rows without it."""
    from ghostkit.core.errors import UsageError

    unknown = [f for f in (x.strip() for x in fields.split(",")) if f and f not in row]
    if unknown:
        raise UsageError(
            f"{spec.name} have no field {', '.join(repr(f) for f in unknown)}",
            hint=f"the fields are the keys of `ghostkit {spec.name} list --limit 1 --json`",
        )


def raise_site_failures(failed: list[tuple[str, GhostError]], total: int, done: str) -> None:
    """After `--site all` read every site it could: one error naming each site that failed
    and why, with the exit code of the first failure."""
    from ghostkit.cli.exits import exit_code
    from ghostkit.cli.report import CommandFailedError

    each = "".join(f"\n  {name}: {error.message}" for name, error in failed)
    raise CommandFailedError(
        f"{len(failed)} of {total} sites could not be read: "
        f"{', '.join(n for n, _ in failed)} ({done} from the others)",
        hint=f"check each with `ghostkit site check NAME`:{each}",
        exit_status=exit_code(failed[0][1]),
    )


def create_example(spec: ResourceSpec) -> str:
    data = EXAMPLES[spec.name][0]
    return f"ghostkit {spec.name} create --data '{data}'{CREATE_OPTIONS.get(spec.name, '')}"


def group_example(spec: ResourceSpec) -> str:
    """The group's example: a verb the resource has (webhooks cannot be listed)."""
    if spec.supports("browse"):
        return f"ghostkit {spec.name} list --limit 5"
    if spec.name == "webhooks":  # another event than create's own example (each runs)
        return (
            "ghostkit webhooks create --data "
            '\'{"event": "member.added", "target_url": "https://example.com/new-member"}\''
        )
    return create_example(spec)


def resource_app(spec: ResourceSpec) -> typer.Typer:
    app = typer.Typer(
        help=f"The site's {spec.name}.{_staff(spec, '')}\n\nExample: " + group_example(spec),
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    columns = COLUMNS.get(spec.name, DEFAULT_COLUMNS)
    key_help = (
        "An id, or a " + " or ".join(spec.read_by[1:]) + " (an argument that is not an id)."
        if len(spec.read_by) > 1
        else "An id (24 hex characters)."
    )

    def resource(ctx: typer.Context, site: str | None) -> Any:
        admin = one_site_admin(ctx, site)
        return admin, getattr(admin, spec.name)

    if spec.supports("browse"):

        @app.command("list")
        def list_items(
            ctx: typer.Context,
            site: str = SITE,
            limit: int = typer.Option(15, "--limit", help="At most 100 per page."),
            every: bool = typer.Option(False, "--all", help="Every item, page after page."),
            filter_: str = typer.Option(None, "--filter", help="NQL filter."),
            order: str = typer.Option(None, "--order", help="e.g. 'created_at desc'."),
            fields: str = typer.Option(None, "--fields", help="Comma-separated fields."),
            include: str = typer.Option(None, "--include", help="e.g. tags,authors."),
            as_json: bool = JSON,
            as_jsonl: bool = JSONL,
        ) -> None:
            from ghostkit.cli.context import site_name
            from ghostkit.cli.output import emit, note, wants_json
            from ghostkit.cli.progress import progress_bar

            params = {"fields": fields, "include": include}
            chosen = site_name(ctx, site)
            names = every_profile() if chosen == "all" else [chosen]
            fmt = wants_json(as_json, as_jsonl)

            failed: list[tuple[str, GhostError]] = []

            def one_site(name: str | None) -> Iterator[Any]:
                admin, items = resource(ctx, name)
                with admin:
                    yield from (
                        items.iter(filter=filter_, order=order, **params)
                        if every
                        else items.browse(limit=limit, filter=filter_, order=order, **params)
                    )

            def rows(progress: Callable[[str, int, int], None]) -> Iterator[dict[str, Any]]:
                count = 0
                for name in names:
                    try:
                        for item in one_site(name):
                            row = item.to_dict()
                            if count == 0 and fields:
                                refuse_unknown_fields(spec, fields, row)
                            count += 1
                            progress(f"Reading {spec.name}", count, 0)
                            yield {"site": name, **row} if chosen == "all" else row
                    except GhostError as exc:
                        if chosen != "all":
                            raise
                        failed.append((str(name), exc))  # the other sites are still read

            # a progress display while a table's rows are read (the table prints at the end)
            with progress_bar(every and fmt is None) as progress:
                shown = emit(
                    rows(progress), fmt, ("site", *columns) if chosen == "all" else columns
                )
            if failed:
                raise_site_failures(failed, len(names), f"{shown} {spec.name} listed")
            note(f"{shown} {spec.name}")

        list_items.__doc__ = (
            f"List {spec.name}.{_staff(spec, 'browse')}\n\n"
            f"Example: ghostkit {spec.name} list --json"
        )

    if spec.supports("read"):

        @app.command("get")
        def get(
            ctx: typer.Context,
            key: str = typer.Argument(..., metavar=key_metavar(spec), help=key_help),
            by: str = typer.Option(
                None, "--by", help=f"Read it by: {', '.join(spec.read_by)} (default: by its shape)."
            ),
            site: str = SITE,
            as_json: bool = JSON,
        ) -> None:
            from ghostkit.cli.output import one

            how = read_key(spec, key, by)
            admin, items = resource(ctx, site)
            with admin:
                item = items.read(**how)
            one(item.to_dict(), as_json)

        get.__doc__ = (
            f"Show one of the {spec.name}.{_staff(spec, 'read')}\n\n"
            f"Example: ghostkit {spec.name} get ID"
        )

    if spec.supports("add"):

        @app.command("create")
        def create(
            ctx: typer.Context,
            data: str = DATA,
            param: list[str] = PARAM,
            site: str = SITE,
            as_json: bool = JSON,
        ) -> None:
            from ghostkit.cli.output import one

            admin, items = resource(ctx, site)
            with admin:
                item = items.add(read_data(data), **read_params(param))
            one(item.to_dict(), as_json)

        create.__doc__ = (
            f"Create one of the {spec.name}.{_staff(spec, 'add')}\n\nExample: "
            + create_example(spec)
        )

    if spec.supports("edit"):

        @app.command("edit")
        def edit(
            ctx: typer.Context,
            item_id: str = typer.Argument(..., metavar=key_metavar(spec), help=key_help),
            data: str = DATA,
            param: list[str] = PARAM,
            site: str = SITE,
            as_json: bool = JSON,
        ) -> None:
            from ghostkit.cli.output import one

            admin, items = resource(ctx, site)
            change, params = read_data(data), read_params(param)
            if not change:
                from ghostkit.core.errors import UsageError

                raise UsageError(
                    "--data is an empty object: there is nothing to change",
                    hint=f"give the fields to change, e.g. --data '{EXAMPLES[spec.name][1]}'",
                )
            read_key(spec, item_id)  # refused before anything is sent
            with admin:
                item_id = resolve_id(spec, items, item_id)
                if spec.edit_needs_updated_at and "updated_at" not in change:
                    item = items.update(item_id, lambda _current: change, **params)
                else:
                    item = items.edit(item_id, change, **params)
            one(item.to_dict(), as_json)

        edit.__doc__ = (
            f"Change one of the {spec.name}"
            + (" (safely: with the latest updated_at)" if spec.edit_needs_updated_at else "")
            + f".{_staff(spec, 'edit')}\n\nExample: ghostkit {spec.name} edit ID "
            f"--data '{EXAMPLES[spec.name][1]}'"
        )

    if spec.supports("delete"):

        @app.command("delete")
        def delete(
            ctx: typer.Context,
            item_id: str = typer.Argument(..., metavar=key_metavar(spec), help=key_help),
            yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask."),
            site: str = SITE,
        ) -> None:
            from ghostkit.cli.confirm import confirm

            read_key(spec, item_id)  # refused before anything is sent
            if not confirm(f"Delete {spec.name} {item_id}?", yes=yes):
                raise typer.Abort()
            admin, items = resource(ctx, site)
            with admin:
                found = resolve_id(spec, items, item_id)
                items.delete(found)
            typer.echo(f"Deleted {item_id}" + (f" ({found})." if found != item_id else "."))

        delete.__doc__ = (
            f"Delete one of the {spec.name}.{_staff(spec, 'delete')}\n\n"
            f"Example: ghostkit {spec.name} delete ID --yes"
        )
    return app
