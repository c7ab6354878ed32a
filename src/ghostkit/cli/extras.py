"""Commands beyond the generic verbs: uploads, themes, settings, site info, member CSVs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ghostkit import GhostAdmin

from ghostkit.cli.context import SITE
from ghostkit.cli.output import JSON


def _admin(ctx: typer.Context, site: str | None) -> GhostAdmin:
    from ghostkit.cli.resources import one_site_admin

    admin: GhostAdmin = one_site_admin(ctx, site)
    return admin


PURPOSES = ("image", "profile_image", "icon")
UPLOAD_EXAMPLES = {"images": "photo.png", "media": "clip.mp4", "files": "report.pdf"}


def upload_app(kind: str) -> typer.Typer:
    app = typer.Typer(
        help=f"Upload {kind}.\n\nExample: ghostkit {kind} upload {UPLOAD_EXAMPLES[kind]}",
        no_args_is_help=True,
        rich_markup_mode=None,
    )

    @app.command("upload")
    def upload(
        ctx: typer.Context,
        path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
        purpose: str = typer.Option(
            None, "--purpose", help="Images only: image, profile_image or icon."
        ),
        ref: str = typer.Option(None, "--ref", help="Returned with the answer."),
        thumbnail: Path = typer.Option(
            None, "--thumbnail", exists=True, dir_okay=False, help="A poster image (media only)."
        ),
        site: str = SITE,
        as_json: bool = JSON,
    ) -> None:
        from ghostkit.core.errors import UsageError

        if thumbnail is not None and kind != "media":  # Ghost would drop it without a word
            raise UsageError(
                "--thumbnail goes with media uploads only", hint="ghostkit media upload ..."
            )
        if purpose is not None and (kind != "images" or purpose not in PURPOSES):
            raise UsageError(
                f"--purpose {purpose!r} is not one of {', '.join(PURPOSES)}"
                if kind == "images"
                else "--purpose goes with image uploads only",
                hint="--purpose tells Ghost which image checks to make: " + ", ".join(PURPOSES),
            )
        with _admin(ctx, site) as admin:
            done = getattr(admin, kind).upload(path, purpose=purpose, ref=ref, thumbnail=thumbnail)
        if as_json:
            typer.echo(json.dumps(done.to_dict()))
        else:
            typer.echo(done.url)

    upload.__doc__ = (
        f"Upload a file to the site's {kind}; print where Ghost serves it.\n\n"
        f"Example: ghostkit {kind} upload {UPLOAD_EXAMPLES[kind]}"
    )
    return app


themes = typer.Typer(
    help="Themes.\n\nExample: ghostkit themes upload my-theme.zip --activate",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@themes.command("list")
def themes_list(ctx: typer.Context, site: str = SITE, as_json: bool = JSON) -> None:
    """Installed themes (needs a staff token or login).

    Example: ghostkit themes list
    """
    with _admin(ctx, site) as admin:
        found = admin.themes.browse()
    if as_json:
        typer.echo(json.dumps([t.to_dict() for t in found]))
        return
    for theme in found:
        typer.echo(f"{'*' if theme.active else ' '} {theme.name}")


@themes.command("upload")
def themes_upload(
    ctx: typer.Context,
    path: Path = typer.Argument(..., exists=True, dir_okay=False),
    activate: bool = typer.Option(False, "--activate", help="Activate it too."),
    site: str = SITE,
) -> None:
    """Upload a theme zip.

    Example: ghostkit themes upload my-theme.zip --activate
    """
    with _admin(ctx, site) as admin:
        theme = admin.themes.upload(path)
        if activate:
            admin.themes.activate(theme.name or path.stem)
    typer.echo(f"Uploaded {theme.name}" + (" and activated it." if activate else "."))


@themes.command("activate")
def themes_activate(ctx: typer.Context, name: str = typer.Argument(...), site: str = SITE) -> None:
    """Make a theme the active one.

    Example: ghostkit themes activate casper
    """
    with _admin(ctx, site) as admin:
        admin.themes.activate(name)
    typer.echo(f"{name} is active.")


settings = typer.Typer(
    help="Site settings.\n\nExample: ghostkit settings get title timezone",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@settings.command("get")
def settings_get(
    ctx: typer.Context,
    keys: list[str] = typer.Argument(None),
    site: str = SITE,
    as_json: bool = JSON,
) -> None:
    """Print settings (all, or the KEYS given). The private site's password is masked, as
    Ghost masks its other secrets.

    Example: ghostkit settings get title description
    """
    from ghostkit.core.redact import mask_settings

    with _admin(ctx, site) as admin:
        values = mask_settings(admin.settings.get(*(keys or [])))
    _refuse_unknown_settings(keys or [], values)
    if as_json:
        typer.echo(json.dumps(values, indent=2, ensure_ascii=False))
        return
    for key, value in values.items():
        typer.echo(f"{key:<32} {json.dumps(value, ensure_ascii=False)[:120]}")


@settings.command("set")
def settings_set(
    ctx: typer.Context,
    pairs: list[str] = typer.Argument(..., help="KEY=VALUE (VALUE as JSON or text)."),
    site: str = SITE,
) -> None:
    """Change settings (needs a staff token or login).

    Example: ghostkit settings set title="My blog" accent_color="#ff0000"
    """
    from ghostkit.core.errors import ConfigurationError

    changes: dict[str, object] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep:
            raise ConfigurationError(f"{pair!r} is not KEY=VALUE")
        try:
            changes[key] = json.loads(raw)
        except ValueError:
            changes[key] = raw
    with _admin(ctx, site) as admin:
        _refuse_unknown_settings(list(changes), admin.settings.get())  # before any change
        saved = admin.settings.edit(changes)
    ignored = [k for k in changes if saved.get(k) != changes[k]]
    typer.echo(f"Saved {len(changes) - len(ignored)} settings.")
    if ignored:
        typer.echo(
            f"Ghost did not change: {', '.join(ignored)} (not editable, or refused)", err=True
        )


def _refuse_unknown_settings(keys: list[str], known: dict[str, object]) -> None:
    from ghostkit.cli.exits import NOT_FOUND
    from ghostkit.cli.report import CommandFailedError

    unknown = [key for key in keys if key not in known]
    if unknown:
        raise CommandFailedError(
            f"the site has no setting {', '.join(repr(k) for k in unknown)}",
            hint="`ghostkit settings get` lists every setting's key",
            exit_status=NOT_FOUND,
        )


def site_info(ctx: typer.Context, site: str = SITE, as_json: bool = JSON) -> None:
    """The site's title, URL and Ghost version.

    Example: ghostkit site info --site blog
    """
    with _admin(ctx, site) as admin:
        info = admin.site()
    if as_json:
        typer.echo(json.dumps(info.to_dict()))
        return
    typer.echo(f"{info.title} — {info.url} — Ghost {info.version}")


def members_import(
    ctx: typer.Context,
    path: Path = typer.Argument(..., exists=True, dir_okay=False),
    label: list[str] = typer.Option([], "--label", help="A label for every member."),
    site: str = SITE,
) -> None:
    """Import members from a CSV file with an `email` column (Ghost's export columns:
    email, name, note, subscribed_to_emails, labels, ...). The file is checked before it is
    sent; rows Ghost refuses are listed and make the command fail (exit 7).

    Example: ghostkit members import members.csv --label imported
    """
    from ghostkit.cli.exits import INVALID
    from ghostkit.cli.report import CommandFailedError

    rows = check_members_csv(path)
    with _admin(ctx, site) as admin:
        meta = admin.members.import_csv(path, labels=label)
    stats = meta.get("stats") or {}
    if not stats:
        typer.echo(f"Ghost is importing {rows} rows in the background; it emails the result.")
        return
    imported, invalid = stats.get("imported", 0), stats.get("invalid") or []
    typer.echo(f"Imported {imported}; invalid {len(invalid)}.")
    if invalid:
        shown = [_refused_row(row) for row in invalid[:10]]
        more = f"\n  ... and {len(invalid) - 10} more" if len(invalid) > 10 else ""
        raise CommandFailedError(
            f"Ghost refused {len(invalid)} of {imported + len(invalid)} rows of {path}",
            hint="mend these rows and import them again (the others are imported):\n  "
            + "\n  ".join(shown)
            + more,
            exit_status=INVALID,
        )


def _refused_row(row: object) -> str:
    """One refused row of an import and why: Ghost 6 lists `errors` as text, Ghost 5 as
    error objects, and both may give one `error`."""
    if not isinstance(row, dict):
        return str(row)
    reasons = [
        str(e.get("message") or e.get("context") or e) if isinstance(e, dict) else str(e)
        for e in (row.get("errors") or [])
    ] or [str(row.get("error") or "refused")]
    return f"{row.get('email') or '(no email)'}: {', '.join(reasons)}"


def check_members_csv(path: Path) -> int:
    """The number of member rows in a CSV that Ghost can import, or an error saying why it
    cannot: not text, no header, no `email` column (Ghost reads only that name), no rows."""
    import csv

    from ghostkit.core.errors import ConfigurationError

    data = path.read_bytes()
    hint = "give a CSV file whose first line names the columns, one of them email"
    if b"\x00" in data:
        raise ConfigurationError(f"{path} is not a CSV file: it holds binary data", hint=hint)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigurationError(
            f"{path} is not UTF-8 text (byte {exc.start})", hint="save it as a UTF-8 CSV file"
        ) from exc
    try:
        table = list(csv.reader(text.splitlines()))
    except csv.Error as exc:
        raise ConfigurationError(f"{path} is not a CSV file: {exc}", hint=hint) from exc
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise ConfigurationError(f"{path} is empty", hint=hint)
    header = [cell.strip() for cell in table[0]]
    if "email" not in header:
        near = [cell for cell in header if cell.lower().replace("-", "") in ("email", "e mail")]
        raise ConfigurationError(
            f"{path} has no email column (its columns: {', '.join(header)[:200]})",
            hint=f"rename the column {near[0]!r} to 'email' (Ghost reads only that name)"
            if near
            else hint,
        )
    if len(table) < 2:
        raise ConfigurationError(f"{path} has a header but no members", hint=hint)
    return len(table) - 1


def members_export(
    ctx: typer.Context,
    out: Path = typer.Option(None, "--out", "-o", help="A file (default: stdout)."),
    filter_: str = typer.Option(None, "--filter", help="NQL filter."),
    site: str = SITE,
) -> None:
    """Export members as CSV.

    Example: ghostkit members export --filter label:vip --out vip.csv
    """
    import csv

    from ghostkit.cli.output import note

    with _admin(ctx, site) as admin:
        data = admin.members.export_csv(filter=filter_)
    text = data.decode("utf-8-sig")
    count = max(len(list(csv.reader(text.splitlines()))) - 1, 0)
    if out:
        from ghostkit.core.files import PRIVATE, write_file

        write_file(out, data, mode=PRIVATE)  # members' emails: the owner's alone, whole
        note(f"Wrote {count} members to {out}")
    else:
        typer.echo(text, nl=False)
        note(f"{count} members")
