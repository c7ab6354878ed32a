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
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import tomli_w

from ghostkit.auth.keys import mask
from ghostkit.core.errors import ConfigurationError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

SECRET_FIELDS = ("admin_key", "staff_token", "content_key", "password")


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
        """The profile as a dict safe to print: secrets shortened to a recognisable stub."""
        shown: dict[str, str | None] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            shown[f.name] = mask(value) if value and f.name in SECRET_FIELDS else value
        return shown

    def __repr__(self) -> str:
        body = ", ".join(f"{k}={v!r}" for k, v in self.masked().items() if v is not None)
        return f"Profile({body})"


class ProfileStore:
    """Reads and writes the config file; every write is atomic and leaves mode 0600."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, Any]:
        try:
            mode = self.path.stat().st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError(str(self.path))
            if mode & 0o077:
                raise ConfigurationError(
                    f"the config file {self.path} can be read by other users, and it holds keys",
                    hint=f"chmod 600 {self.path}",
                )
            with self.path.open("rb") as handle:
                document: dict[str, Any] = tomllib.load(handle)
                return document
        except FileNotFoundError:
            return {}
        except IsADirectoryError as exc:
            raise ConfigurationError(f"the config file {self.path} is a directory") from exc
        except PermissionError as exc:
            raise ConfigurationError(
                f"the config file {self.path} cannot be read",
                hint="check its owner and permissions",
            ) from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigurationError(
                f"the config file {self.path} is not valid TOML: {exc}",
                hint="fix or remove the file",
            ) from exc

    def _save(self, document: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".config-", suffix=".toml")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as handle:
                tomli_w.dump(document, handle)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        os.chmod(self.path, 0o600)

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
        entry = sites[name]
        allowed = {f.name for f in fields(Profile)} - {"name"}
        return Profile(name=name, **{k: str(v) for k, v in entry.items() if k in allowed})

    def find(self, name: str) -> Profile | None:
        try:
            return self.get(name)
        except ConfigurationError:
            return None

    def put(self, profile: Profile, *, make_default_if_first: bool = True) -> None:
        document = self._load()
        sites = document.setdefault("sites", {})
        sites[profile.name] = profile.to_toml()
        if make_default_if_first and not document.get("default"):
            document["default"] = profile.name
        self._save(document)

    def remove(self, name: str) -> bool:
        document = self._load()
        sites = document.get("sites", {})
        if name not in sites:
            return False
        del sites[name]
        if document.get("default") == name:
            document.pop("default")
        self._save(document)
        return True

    def set_default(self, name: str) -> None:
        document = self._load()
        if name not in document.get("sites", {}):
            self.get(name)  # raises the helpful error
        document["default"] = name
        self._save(document)
