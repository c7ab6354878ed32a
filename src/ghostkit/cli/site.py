"""`ghostkit site`: named sites (profiles) with their URL and keys, in one 0600 file."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ghostkit.config import ProfileStore

app = typer.Typer(
    help="Your Ghost sites: add them once, then use --site NAME anywhere.\n\n"
    "Example: ghostkit site add blog --url https://blog.example.com --admin-key -",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _store() -> ProfileStore:
    from ghostkit.cli.context import paths
    from ghostkit.config import ProfileStore

    return ProfileStore(paths().config_file)


def _secret(value: str | None, what: str) -> str | None:
    """A key given as `-` is read from stdin; as `prompt`, asked for without echo."""
    if value == "-":
        return sys.stdin.readline().strip() or None
    if value == "prompt":
        answer: str = typer.prompt(what, hide_input=True)
        return answer
    return value


@app.command("add")
def add(
    name: str = typer.Argument(..., help="A short name, e.g. blog."),
    url: str = typer.Option(..., "--url", help="The site's address."),
    admin_key: str = typer.Option(
        None,
        "--admin-key",
        help="Admin API key (id:secret); '-' reads it from stdin, 'prompt' asks without echo.",
    ),
    content_key: str = typer.Option(None, "--content-key", help="Content API key."),
    staff_token: str = typer.Option(None, "--staff-token", help="A staff access token."),
    version: str = typer.Option(None, "--version", help="API version (default v6.0)."),
    default: bool = typer.Option(False, "--default", help="Make it the default site."),
) -> None:
    """Save a site. Keys are checked for shape now; `site check` tries them on the server.

    Examples:
      ghostkit site add blog --url https://blog.example.com --admin-key prompt
      echo "$KEY" | ghostkit site add shop --url https://shop.example.com --admin-key -
    """
    from ghostkit.auth import AdminKey, ContentKey
    from ghostkit.config import Profile
    from ghostkit.core.urls import ApiVersion, normalize_site_url

    admin = _secret(admin_key, "Admin API key")
    staff = _secret(staff_token, "Staff access token")
    content = _secret(content_key, "Content API key")
    if admin:
        AdminKey.parse(admin)
    if staff:
        AdminKey.parse(staff, what="staff access token")
    if content:
        ContentKey.parse(content)
    if version:
        ApiVersion.parse(version)
    store = _store()
    store.put(
        Profile(
            name=name,
            url=normalize_site_url(url),
            admin_key=admin,
            staff_token=staff,
            content_key=content,
            version=version,
        )
    )
    if default:
        store.set_default(name)
    typer.echo(f"Saved site {name!r} in {store.path}. Check it with: ghostkit site check {name}")


@app.command("list")
def list_sites(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Every saved site; the default is marked with *.

    Example: ghostkit site list
    """
    store = _store()
    default = store.default_name()
    rows = [store.get(name).masked() | {"default": name == default} for name in store.names()]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo("No sites yet. Add one with `ghostkit site add` or `ghostkit local up`.")
    for row in rows:
        creds = [k for k in ("admin_key", "staff_token", "content_key", "password") if row[k]]
        typer.echo(
            f"{'*' if row['default'] else ' '} {row['name']:<14} {row['url']:<40} "
            f"{', '.join(creds) or 'no credentials'}"
        )


@app.command("show")
def show(
    name: str = typer.Argument(...),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """One site, with its keys masked.

    Example: ghostkit site show blog
    """
    shown = _store().get(name).masked()
    if as_json:
        typer.echo(json.dumps(shown, indent=2))
        return
    for key, value in shown.items():
        if value is not None:
            typer.echo(f"{key:<12} {value}")


@app.command("remove")
def remove(
    name: str = typer.Argument(...),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask."),
) -> None:
    """Forget a site (nothing changes on the site itself).

    Example: ghostkit site remove old-blog --yes
    """
    if not yes:
        typer.confirm(f"Forget the site {name!r} and its keys?", abort=True)
    if not _store().remove(name):
        from ghostkit.core.errors import ConfigurationError

        raise ConfigurationError(f"there is no site named {name!r}")
    typer.echo(f"Removed {name!r}.")


@app.command("use")
def use(name: str = typer.Argument(...)) -> None:
    """Make a site the default for every command.

    Example: ghostkit site use blog
    """
    _store().set_default(name)
    typer.echo(f"{name!r} is now the default site.")


@app.command("check")
def check(name: str = typer.Argument(None, help="Default: the default site.")) -> None:
    """Try the URL, the version and each key against the server, and say what is wrong.

    Example: ghostkit site check blog
    """
    from ghostkit.cli.sitecheck import check_profile

    store = _store()
    chosen = name or store.default_name()
    if not chosen:
        from ghostkit.core.errors import ConfigurationError

        raise ConfigurationError(
            "no site given and no default site", hint="ghostkit site check NAME"
        )
    results = check_profile(store.get(chosen))
    for result in results:
        mark = "ok " if result.ok else "FAIL"
        typer.echo(f"{mark} {result.what}: {result.detail}")
        if result.hint:
            typer.echo(f"     hint: {result.hint}")
    if not all(result.ok for result in results):
        raise typer.Exit(4)
