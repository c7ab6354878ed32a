"""`ghostkit site`: named sites (profiles) with their URL and keys, in one 0600 file."""

from __future__ import annotations

import json
import re
import shlex
import sys
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ghostkit.config import ProfileStore
    from ghostkit.config.profiles import Change

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


STDIN_ORDER = ("admin_key", "content_key", "staff_token", "password")
"""The values given as `-` are read from stdin one line each, in this order."""
REMOVABLE = {
    "admin-key": ("admin_key",),
    "content-key": ("content_key",),
    "staff-token": ("staff_token",),
    "login": ("email", "password"),
    "email": ("email",),
    "password": ("password",),
    "version": ("version",),
}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _check_name(name: str) -> None:
    from ghostkit.core.errors import ConfigurationError

    if name == "all":
        raise ConfigurationError(
            "a site cannot be named 'all': `--site all` means every site",
            hint="choose another name",
        )
    if not _NAME.match(name):
        raise ConfigurationError(
            f"the site name {name!r} is not a short name",
            hint="use letters, digits, '.', '-' and '_' (up to 64, starting with a letter "
            "or digit), e.g. blog",
        )


def _read_stdin(wanted: list[str]) -> dict[str, str]:
    """One line of stdin for each value given as `-`, in `STDIN_ORDER`."""
    from ghostkit.config.profiles import LABELS
    from ghostkit.core.errors import ConfigurationError

    if not wanted:
        return {}
    lines = [line.rstrip("\r") for line in sys.stdin.read().splitlines()]
    lines = [line for line in lines if line.strip()]
    order = ", then ".join(LABELS[key] for key in wanted)
    if len(lines) != len(wanted):
        got = f"{len(lines)} line{'s' if len(lines) != 1 else ''}" if lines else "nothing"
        raise ConfigurationError(
            f"stdin holds {got}, and the {len(wanted)} value"
            f"{'s' if len(wanted) != 1 else ''} given as '-' need one line each: {order}",
            hint="put each on its own line (admin key, content key, staff token, password: "
            "that order), or use 'prompt' to be asked",
        )
    return dict(zip(wanted, lines, strict=True))


def _ask(label: str) -> str:
    """Ask without echo on a terminal; without one, read a line of stdin."""
    from ghostkit.core.errors import ConfigurationError

    if sys.stdin.isatty():
        answer: str = typer.prompt(label.capitalize(), hide_input=True)
        return answer.strip()
    line = sys.stdin.readline().rstrip("\r\n")
    if not line.strip():
        raise ConfigurationError(
            f"no terminal to ask for the {label} on, and nothing on stdin",
            hint="run it in a terminal, or pipe the value in",
        )
    return line


@app.command("add")
def add(
    name: str = typer.Argument(..., help="A short name, e.g. blog."),
    url: str = typer.Option(
        None, "--url", help="The site's address (needed for a new site; kept when left out)."
    ),
    admin_key: str = typer.Option(
        None,
        "--admin-key",
        help="Admin API key (id:secret); '-' reads it from stdin, 'prompt' asks without echo.",
    ),
    content_key: str = typer.Option(
        None, "--content-key", help="Content API key; '-' or 'prompt' as for --admin-key."
    ),
    staff_token: str = typer.Option(
        None, "--staff-token", help="A staff access token; '-' or 'prompt' as for --admin-key."
    ),
    email: str = typer.Option(None, "--email", help="A staff user's email, for a login."),
    password: str = typer.Option(
        None, "--password", help="That user's password; '-' reads it from stdin, 'prompt' asks."
    ),
    version: str = typer.Option(
        None, "--version", help="API version: v6.0 (the default), v5.x, v4... or auto."
    ),
    default: bool = typer.Option(False, "--default", help="Make it the default site."),
    replace: bool = typer.Option(
        False, "--replace", help="Replace saved values that differ from the ones given."
    ),
    remove: list[str] = typer.Option(
        [],
        "--remove",
        help="Forget a saved value: admin-key, content-key, staff-token, login, email, "
        "password or version (repeatable).",
    ),
) -> None:
    """Save a site, or add to a saved one. Keys are checked for shape now; `site check`
    tries them on the server.

    On a saved site only what is given changes, and each change is printed before it is
    saved: a saved value is replaced only with --replace, and forgotten only with --remove.
    Values given as '-' are read from stdin, one line each, in this order: admin key,
    content key, staff token, password.

    Examples:
      ghostkit site add blog --url https://blog.example.com --admin-key prompt
      echo "$KEY" | ghostkit site add shop --url https://shop.example.com --admin-key -
      printf '%s\\n%s\\n' "$ADMIN" "$CONTENT" | ghostkit site add blog --admin-key - --content-key -
      ghostkit site add blog --admin-key prompt --replace
      ghostkit site add blog --remove staff-token
    """
    from ghostkit.auth import AdminKey, ContentKey
    from ghostkit.config.profiles import LABELS
    from ghostkit.core.errors import ConfigurationError
    from ghostkit.core.urls import AUTO, ApiVersion, normalize_site_url

    store = _store()
    if not store.exists(name):
        _check_name(name)
    given = {
        "admin_key": admin_key,
        "content_key": content_key,
        "staff_token": staff_token,
        "password": password,
    }
    for key, value in given.items():
        if value is not None and not value.strip():
            raise ConfigurationError(
                f"--{key.replace('_', '-')} is empty",
                hint="give the value, '-' to read it from stdin or 'prompt' to be asked; "
                "leave the option out to keep what is saved",
            )
    values: dict[str, str] = {}
    from_stdin = _read_stdin([key for key in STDIN_ORDER if given[key] == "-"])
    for key in STDIN_ORDER:
        value = given[key]
        if value == "-":
            values[key] = from_stdin[key]
        elif value == "prompt":
            values[key] = _ask(LABELS[key])
        elif value is not None:
            values[key] = value
        if key in values and key != "password":  # a password is kept as typed
            values[key] = values[key].strip()
    if url is not None:
        values["url"] = normalize_site_url(url)
    if "admin_key" in values:
        AdminKey.parse(values["admin_key"])
    if "staff_token" in values:
        AdminKey.parse(values["staff_token"], what="staff access token")
    if "content_key" in values:
        ContentKey.parse(values["content_key"])
    if email is not None:
        if "@" not in email.strip() or len(email.strip()) < 3:
            raise ConfigurationError(
                f"--email {email!r} is not an email address",
                hint="the email a staff user signs in with",
            )
        values["email"] = email.strip()
    if version is not None:
        wanted = version.strip().lower()
        values["version"] = AUTO if wanted == AUTO else ApiVersion.parse(version).name
    dropped: list[str] = []
    for item in remove:
        if item not in REMOVABLE:
            raise ConfigurationError(
                f"--remove {item!r} is not a saved value",
                hint="one of: " + ", ".join(REMOVABLE),
            )
        dropped.extend(REMOVABLE[item])
    saved = store.find(name) if store.exists(name) else None
    login = {**(saved.to_toml() if saved else {}), **values}
    for key in dropped:
        login.pop(key, None)
    if login.get("password") and not login.get("email"):
        raise ConfigurationError("a login needs the user's email too", hint="add --email EMAIL")

    def say(changes: list[Change]) -> None:
        verb = "Updating" if saved else "Saving"
        typer.echo(f"{verb} site {name!r} in {store.path}:")
        for change in changes:
            typer.echo(f"  {change.describe()}")

    changes = store.update(name, values, remove=dropped, replace=replace, before_saving=say)
    if default:
        store.set_default(name)
        typer.echo(f"{name!r} is now the default site.")
    if not changes:
        typer.echo(f"Site {name!r} is unchanged: everything given was already saved.")
        return
    typer.echo(f"Saved. Check it with: ghostkit site check {shlex.quote(name)}")


@app.command("list")
def list_sites(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Every saved site; the default is marked with *.

    Example: ghostkit site list
    """
    from ghostkit.core.errors import ConfigurationError

    store = _store()
    default = store.default_name()
    rows, broken = [], []
    for name in store.names():
        try:
            rows.append(store.get(name).masked() | {"default": name == default})
        except ConfigurationError as error:
            broken.append((name, error))
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
    elif not rows and not broken:
        typer.echo("No sites yet. Add one with `ghostkit site add` or `ghostkit local up`.")
    for row in rows if not as_json else []:
        creds = [k for k in ("admin_key", "staff_token", "content_key", "password") if row[k]]
        typer.echo(
            f"{'*' if row['default'] else ' '} {row['name']:<14} {row['url']:<40} "
            f"{', '.join(creds) or 'no credentials'}"
        )
    if broken:
        first = broken[0][1]
        more = f" (and {len(broken) - 1} more: {', '.join(n for n, _ in broken[1:])})"
        raise ConfigurationError(first.message + (more if len(broken) > 1 else ""), hint=first.hint)


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
    from ghostkit.core.errors import ConfigurationError

    store = _store()
    if not store.exists(name):
        known = ", ".join(store.names()) or "none yet"
        raise ConfigurationError(
            f"there is no site named {name!r} in {store.path}", hint=f"known sites: {known}"
        )
    from ghostkit.cli.context import paths

    local = (paths().instances / name).is_dir()
    warning = (
        f"{name!r} is the profile of the local Ghost {name!r}: its keys and login are saved "
        "nowhere else, and without them the instance can only be started afresh "
        f"(`ghostkit local reset --name {name}` deletes its content)"
    )
    if not yes:
        question = f"Forget the site {name!r} and the keys saved for it?"
        _confirm(question, warning if local else None)
    store.remove(name)
    typer.echo(f"Removed {name!r}.")
    if local:
        typer.echo(
            f"note: the local Ghost {name!r} is untouched; its keys were saved only in this "
            f"profile, so it can now only be started afresh (`ghostkit local reset --name "
            f"{name}` deletes its content)",
            err=True,
        )


def _confirm(question: str, warning: str | None = None) -> None:
    """Ask on a terminal, after the warning; without one, refuse rather than guess."""
    if not sys.stdin.isatty():
        from ghostkit.core.errors import UsageError

        raise UsageError(
            f"{question.rstrip('?')}: no terminal to ask on", hint="pass --yes to confirm"
        )
    if warning:
        typer.echo(f"Warning: {warning}.", err=True)
    typer.confirm(question, abort=True)


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
