"""Commands for every resource, built from the same declarations as the library."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import typer

from ghostkit.cli.context import SITE
from ghostkit.cli.output import JSON, JSONL
from ghostkit.cli.resource_help import EXAMPLES, create_example, group_example, staff_note
from ghostkit.cli.resource_input import (
    DATA,
    PARAM,
    key_metavar,
    read_data,
    read_key,
    read_params,
    resolve_id,
)
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


def resource_app(spec: ResourceSpec) -> typer.Typer:
    app = typer.Typer(
        help=f"The site's {spec.name}.{staff_note(spec, '')}\n\nExample: " + group_example(spec),
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
            f"List {spec.name}.{staff_note(spec, 'browse')}\n\n"
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
            f"Show one of the {spec.name}.{staff_note(spec, 'read')}\n\n"
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
            f"Create one of the {spec.name}.{staff_note(spec, 'add')}\n\nExample: "
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
            + f".{staff_note(spec, 'edit')}\n\nExample: ghostkit {spec.name} edit ID "
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
            f"Delete one of the {spec.name}.{staff_note(spec, 'delete')}\n\n"
            f"Example: ghostkit {spec.name} delete ID --yes"
        )
    return app
