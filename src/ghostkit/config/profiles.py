"""Site profiles: named sites with their URL and credentials, in one TOML file of mode 0600.

```toml
default = "local"

[sites.local]
url = "http://127.0.0.1:2368"
admin_key = "..."
content_key = "..."
email = "owner@example.com"
password = "..."
```

A file ghostkit cannot read (not TOML, not UTF-8, or of another shape) is an error that says
where, and is never rewritten. A profile is updated field by field: a saved value is replaced
or removed only when asked, and the change is said before it is saved.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import tomli_w

from ghostkit.auth.keys import mask
from ghostkit.core.errors import ConfigurationError
from ghostkit.core.redact import redact_url

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

SECRET_FIELDS = ("admin_key", "staff_token", "content_key", "password")
FIELDS = ("url", "admin_key", "staff_token", "content_key", "email", "password", "version")
"""Every value a profile can hold, in the order they are shown."""
LABELS = {
    "url": "URL",
    "admin_key": "admin key",
    "staff_token": "staff token",
    "content_key": "content key",
    "email": "login email",
    "password": "login password",
    "version": "API version",
}
SHAPE_HINT = (
    'the file holds `default = "NAME"` and one `[sites.NAME]` table per site with `url = "..."` '
    "and quoted keys; fix it by hand (ghostkit does not rewrite a file it cannot read)"
)


def display_url(url: str) -> str:
    """The URL with the password of a `user:password@` part masked, for printing."""
    return redact_url(url)


_KEY_ID = re.compile(r"^[0-9a-f]{24}$")


def _shown(name: str, value: object) -> str:
    """One saved value as it may be printed."""
    if not isinstance(value, str):
        return f"(a {type(value).__name__}, not a string)"
    if name == "password":
        return "***"
    key_id, colon, _ = value.partition(":")
    if name in ("admin_key", "staff_token") and colon and _KEY_ID.match(key_id):
        return f"{key_id}:…******"  # the id is in every token's header; the secret is not
    if name in SECRET_FIELDS:
        return mask(value)
    if name == "url":
        return display_url(value)
    return value


@dataclass(frozen=True)
class Profile:
    """One site: its URL and whichever credentials the user saved for it."""

    name: str
    url: str
    admin_key: str | None = None
    staff_token: str | None = None
    content_key: str | None = None
    email: str | None = None
    password: str | None = None
    version: str | None = None

    def to_toml(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if k != "name" and v is not None}

    def masked(self) -> dict[str, str | None]:
        """The profile as a dict safe to print: secrets shortened to a recognisable stub,
        the password of a `user:password@` URL hidden."""
        shown: dict[str, str | None] = {"name": self.name}
        for name in FIELDS:
            value = getattr(self, name)
            shown[name] = _shown(name, value) if value else value
        return shown

    def __repr__(self) -> str:
        body = ", ".join(f"{k}={v!r}" for k, v in self.masked().items() if v is not None)
        return f"Profile({body})"


@dataclass(frozen=True)
class Change:
    """One value of a profile that an update adds, replaces or removes."""

    field: str
    old: object
    new: str | None

    @property
    def kind(self) -> Literal["add", "replace", "remove"]:
        if self.old is None:
            return "add"
        return "remove" if self.new is None else "replace"

    def describe(self) -> str:
        label = LABELS.get(self.field, self.field)
        if self.kind == "add":
            return f"{label} added: {_shown(self.field, self.new)}"
        if self.kind == "remove":
            return f"{label} removed (was {_shown(self.field, self.old)})"
        return f"{label} replaced: {_shown(self.field, self.old)} -> {_shown(self.field, self.new)}"


class ProfileStore:
    """Reads and writes the config file; every write is atomic, durable and leaves mode 0600."""

    def __init__(self, path: Path) -> None:
        self.path = path

    # -- reading

    def _error(self, what: str, hint: str = SHAPE_HINT) -> ConfigurationError:
        return ConfigurationError(f"the config file {self.path} {what}", hint=hint)

    def _load(self) -> dict[str, Any]:
        """The whole document, its top level checked: `sites` a table, `default` a string."""
        try:
            mode = self.path.stat().st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError(str(self.path))
            if not stat.S_ISREG(mode):
                raise self._error(
                    "is not a regular file (a device, a pipe or a socket)",
                    hint="point GHOSTKIT_CONFIG at a file, or leave it unset",
                )
            if mode & 0o077:
                raise ConfigurationError(
                    f"the config file {self.path} can be read by other users, and it holds keys",
                    hint=f"chmod 600 {self.path}",
                )
            with self.path.open("rb") as handle:
                document: dict[str, Any] = tomllib.load(handle)
        except FileNotFoundError:
            return {}
        except IsADirectoryError as exc:
            raise self._error("is a directory", hint="move it away or remove it") from exc
        except PermissionError as exc:
            raise self._error("cannot be read", hint="check its owner and permissions") from exc
        except UnicodeDecodeError as exc:
            raise self._error(
                "is not UTF-8 text (is it a binary file?)",
                hint="fix it by hand or move it away; ghostkit does not rewrite a file it "
                "cannot read",
            ) from exc
        except tomllib.TOMLDecodeError as exc:
            raise self._error(
                f"is not valid TOML: {' '.join(str(exc).split())}",
                hint="fix or move away the file; ghostkit does not rewrite a file it cannot read",
            ) from exc
        except OSError as exc:
            raise self._error(
                f"cannot be read: {exc.strerror or exc}", hint="check the path"
            ) from exc
        sites = document.get("sites", {})
        if not isinstance(sites, dict):
            raise self._error(
                f"has `sites` as a {_kind(sites)}, where a table of `[sites.NAME]` is expected"
            )
        default = document.get("default")
        if default is not None and not isinstance(default, str):
            raise self._error(
                f"has `default` as a {_kind(default)}, where the quoted name of a site is "
                'expected (default = "NAME")'
            )
        return document

    def _entry(self, name: str, entry: object) -> dict[str, str]:
        """One site's table, checked: a table with a string `url` and string values."""
        if not isinstance(entry, dict):
            raise self._error(
                f"has the site {name!r} as a {_kind(entry)}, where a table "
                f'`[sites.{name}]` with `url = "..."` is expected'
            )
        for key in FIELDS:
            value = entry.get(key)
            if value is not None and not isinstance(value, str):
                raise self._error(
                    f"has `{key}` of site {name!r} as a {_kind(value)}, where a quoted string "
                    "is expected"
                )
        if not entry.get("url"):
            raise self._error(f'has no `url = "..."` for the site {name!r}')
        return {key: entry[key] for key in FIELDS if entry.get(key) is not None}

    def _check_others(self, sites: Mapping[str, object], name: str) -> None:
        """Before a write: every other profile is readable, so the file is one ghostkit can
        rewrite without changing what the user wrote (a broken one can still be removed)."""
        for other, entry in sites.items():
            if other != name:
                self._entry(other, entry)

    def names(self) -> list[str]:
        return sorted(self._load().get("sites", {}))

    def default_name(self) -> str | None:
        value = self._load().get("default")
        return str(value) if value else None

    def get(self, name: str) -> Profile:
        sites = self._load().get("sites", {})
        if name not in sites:
            known = ", ".join(sorted(sites)) or "none yet"
            raise ConfigurationError(
                f"no site profile named {name!r} in {self.path}",
                hint=f"known profiles: {known}; add one with `ghostkit site add` "
                "or start a local Ghost with `ghostkit local up`",
            )
        return Profile(name=name, **self._entry(name, sites[name]))

    def find(self, name: str) -> Profile | None:
        try:
            return self.get(name)
        except ConfigurationError:
            return None

    def exists(self, name: str) -> bool:
        """Whether a profile of this name is saved, readable or not."""
        return name in self._load().get("sites", {})

    # -- writing

    def update(
        self,
        name: str,
        values: Mapping[str, str],
        *,
        remove: Iterable[str] = (),
        replace: bool = False,
        before_saving: Callable[[list[Change]], None] | None = None,
    ) -> list[Change]:
        """Add or update the profile `name` with `values`, keeping every value not named.

        A saved value that would change is replaced only with `replace`; `remove` names the
        fields to drop. `before_saving` sees the changes before the file is written. Returns
        the changes (none when everything given was already saved).
        """
        removing = list(dict.fromkeys(remove))
        for key in [*values, *removing]:
            if key not in FIELDS:
                raise ConfigurationError(f"a site profile has no field {key!r}")
        for key, value in values.items():
            if not isinstance(value, str) or not value.strip():
                raise ConfigurationError(
                    f"the {LABELS[key]} for site {name!r} is empty",
                    hint="give a value, or leave the option out to keep what is saved",
                )
        if "url" in removing:
            raise ConfigurationError(
                "a site profile cannot be without its url",
                hint=f"forget the whole site with `ghostkit site remove {name}`",
            )
        both = [key for key in removing if key in values]
        if both:
            raise ConfigurationError(f"{LABELS[both[0]]} is both given and removed")
        with self._locked():
            document = self._load()
            sites = document.setdefault("sites", {})
            self._check_others(sites, name)
            existing = sites.get(name)
            if existing is not None:
                self._entry(name, existing)  # a broken one is mended by hand, or removed
            entry: dict[str, Any] = dict(existing or {})
            if existing is None and "url" not in values:
                raise ConfigurationError(
                    f"there is no site named {name!r} yet, and a new one needs its URL",
                    hint=f"ghostkit site add {name} --url https://... --admin-key prompt",
                )
            changes: list[Change] = []
            for key, value in values.items():
                if entry.get(key) != value:
                    changes.append(Change(key, entry.get(key), value))
                    entry[key] = value
            for key in removing:
                if key in entry:
                    changes.append(Change(key, entry.pop(key), None))
            replaced = [c for c in changes if c.kind == "replace"]
            if replaced and not replace:
                said = "; ".join(f"{LABELS[c.field]} {_shown(c.field, c.old)}" for c in replaced)
                raise ConfigurationError(
                    f"site {name!r} already has another {said}; nothing was changed",
                    hint="pass --replace to replace what is saved, or choose another name",
                )
            self._entry(name, entry)
            if not changes:
                return []
            changes.sort(key=lambda c: FIELDS.index(c.field))
            if before_saving is not None:
                before_saving(changes)
            sites[name] = entry
            if not document.get("default"):
                document["default"] = name
            self._save(document)
            return changes

    def put(self, profile: Profile, *, make_default_if_first: bool = True) -> None:
        """Save a whole profile, replacing the one of the same name for the same site.

        A saved profile of that name for another URL is never overwritten. The other
        profiles are written back as they were, even one ghostkit cannot read: this saves
        what cannot be made again (a local Ghost's new keys).
        """
        with self._locked():
            document = self._load()
            sites = document.setdefault("sites", {})
            existing = sites.get(profile.name)
            if existing is not None:
                old = self._entry(profile.name, existing)
                if old["url"].rstrip("/") != profile.url.rstrip("/"):
                    raise ConfigurationError(
                        f"a site profile named {profile.name!r} already exists in {self.path} "
                        f"for {display_url(old['url'])}, and would be overwritten",
                        hint=f"keep it and use another name, or forget it first with "
                        f"`ghostkit site remove {profile.name}`",
                    )
            sites[profile.name] = profile.to_toml()
            if make_default_if_first and not document.get("default"):
                document["default"] = profile.name
            self._save(document)

    def remove(self, name: str) -> bool:
        with self._locked():
            document = self._load()
            sites = document.get("sites", {})
            if name not in sites:
                return False
            self._check_others(sites, name)
            del sites[name]
            if document.get("default") == name:
                document.pop("default")
            self._save(document)
            return True

    def set_default(self, name: str) -> None:
        with self._locked():
            document = self._load()
            self.get(name)  # raises the helpful error for a missing or broken profile
            self._check_others(document.get("sites", {}), name)
            document["default"] = name
            self._save(document)

    def _target(self) -> Path:
        """The file to write: the one a symlinked config points to, so the link stays."""
        return Path(os.path.realpath(self.path))

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer at a time (two `site add` at once must not lose either profile); a
        write that fails is a clear error, and the file is as it was."""
        try:
            target = self._target()
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(f"{target}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise self._unwritable(exc) from exc
        try:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - Windows
                pass
            else:
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        except ConfigurationError:
            raise
        except OSError as exc:
            raise self._unwritable(exc) from exc
        finally:
            os.close(fd)

    def _unwritable(self, exc: OSError) -> ConfigurationError:
        return self._error(
            f"cannot be written: {exc.strerror or exc}; it is as it was",
            hint="check that its folder exists, is writable and has free space",
        )

    def _save(self, document: dict[str, Any]) -> None:
        """Write a new file beside the old one, make it durable, then move it in place."""
        target = self._target()
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".config-", suffix=".toml")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as handle:
                tomli_w.dump(document, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        os.chmod(target, 0o600)
        with contextlib.suppress(OSError):
            folder = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)


def _kind(value: object) -> str:
    """What a TOML value is, in the file's own words."""
    if isinstance(value, dict):
        return "table"
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return type(value).__name__
