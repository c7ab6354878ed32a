"""A local Ghost instance: a folder with its own config and database, sharing an install.

```
<data>/instances/<name>/
    instance.json              name, Ghost version, port
    config.production.json     loopback only, SQLite, stub mail, no outbound pings
    current -> <cache>/ghost/<version>
    content/                   themes (copied), data/ghost.db, images, logs, settings
    ghost.pid                  PID and start time while it runs
    ghost.log                  Ghost's output, with query-string keys and tokens masked
    netguard.log               any non-loopback lookup or connect Ghost attempted
```
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ghostkit.config.paths import Paths
from ghostkit.config.profiles import Profile, ProfileStore, display_url
from ghostkit.local import bootstrap
from ghostkit.local.config import STOP_TIMEOUT, ghost_config
from ghostkit.local.errors import LocalGhostError
from ghostkit.local.install import DEFAULT_GHOST_VERSION, Installation, install
from ghostkit.local.process import PidFile, spawn, stop_group
from ghostkit.local.procnet import instance_port, listeners, port_is_free
from ghostkit.local.status import State, Status, UpResult

DEFAULT_NAME = "local"
DEFAULT_PORT = 2368
BOOT_TIMEOUT = 120.0
PORT_RELEASE_WAIT = 10.0
NETGUARD = Path(__file__).with_name("netguard.js")
LOG_REDACT = Path(__file__).with_name("logredact.js")
RESET_CONTENT = ("data", "images", "media", "files", "settings", "logs")
"""What a reset replaces; themes stay."""
Progress = Callable[[str], None]


class Instance:
    """One named local Ghost. All state lives in its folder; the object holds none."""

    def __init__(self, name: str = DEFAULT_NAME, paths: Paths | None = None) -> None:
        if not name or not all(c.isalnum() or c in "-_" for c in name):
            raise LocalGhostError(f"instance name {name!r} may hold only letters, digits, - and _")
        self.name = name
        self.paths = paths or Paths.from_env()
        self.folder = self.paths.instances / name
        self.pid_file = PidFile(self.folder / "ghost.pid")
        self.log_file = self.folder / "ghost.log"
        self.netguard_log = self.folder / "netguard.log"
        self.database = self.folder / "content" / "data" / "ghost.db"

    # -- what is on disk ------------------------------------------------------------------

    @property
    def meta_file(self) -> Path:
        return self.folder / "instance.json"

    def meta(self) -> dict[str, Any]:
        try:
            data: dict[str, Any] = json.loads(self.meta_file.read_text())
        except (FileNotFoundError, ValueError):
            return {}
        return data

    def exists(self) -> bool:
        return self.meta_file.exists()

    @property
    def url(self) -> str | None:
        port = self.meta().get("port")
        return f"http://127.0.0.1:{port}" if port else None

    def status(self) -> Status:
        meta = self.meta()
        record = self.pid_file.read()
        state: State
        if not meta:
            state = "absent"
        elif record is None:
            state = "stopped"
        elif record.is_running():
            state = "running"
        else:
            state = "stale"
        pid = record.pid if record and state == "running" else None
        return Status(
            name=self.name,
            state=state,
            url=self.url,
            version=meta.get("version"),
            port=meta.get("port"),
            pid=pid,
            folder=self.folder,
            listeners=listeners(pid) if pid else [],
        )

    # -- lifecycle ------------------------------------------------------------------------

    def up(
        self,
        *,
        port: int | None = None,
        version: str | None = None,
        progress: Progress | None = None,
    ) -> UpResult:
        """Install if needed, create or reuse the folder, boot, and set the site up once."""
        report = progress or (lambda _msg: None)
        current = self.status()
        if current.state == "running":
            if port is not None and port != current.port:
                raise LocalGhostError(
                    f"instance {self.name!r} is already running on port {current.port}",
                    hint=f"stop it first with `ghostkit local down --name {self.name}`",
                )
            return UpResult(current, True, False, False, 0.0, self.name, self.paths.config_file)
        if current.state == "stale":
            report(f"Removing a stale PID file of {self.name!r} (its process is gone)")
            self.pid_file.remove()
        meta = self.meta()
        version = version or meta.get("version") or DEFAULT_GHOST_VERSION
        if meta and meta.get("version") != version:
            raise LocalGhostError(
                f"instance {self.name!r} runs Ghost {meta.get('version')}, not {version}",
                hint="use another --name for another version, or `ghostkit local reset`",
            )
        created = not meta
        port = port or meta.get("port") or self._pick_port()
        installation = self._ready_to_start(version, port, report)
        self._prepare_folder(installation, port)
        report(f"Starting Ghost {version} on http://127.0.0.1:{port}")
        started = time.monotonic()
        process = self._start(installation)
        url = f"http://127.0.0.1:{port}"
        self._wait(url, process)
        set_up = False
        store = ProfileStore(self.paths.config_file)
        if not bootstrap.is_set_up(url):
            report("Creating the owner account and an integration")
            self._save_profile(store, url)
            set_up = True
        elif store.find(self.name) is None:
            raise LocalGhostError(
                f"instance {self.name!r} is set up but its profile is missing from {store.path}",
                hint=f"start it afresh with `ghostkit local reset --name {self.name}`",
            )
        boot = time.monotonic() - started
        return UpResult(self.status(), False, created, set_up, boot, self.name, store.path)

    def down(self, *, timeout: float = STOP_TIMEOUT) -> str:
        """Stop the instance. Returns "terminated", "killed", "stale" or "not running"."""
        record = self.pid_file.read()
        if record is None:
            return "not running"
        if not record.is_running():
            self.pid_file.remove()
            return "stale"
        how = stop_group(record.pid, timeout=timeout)
        self.pid_file.remove()
        return how

    def reset(self, *, progress: Progress | None = None) -> UpResult:
        """A fresh database and new keys: stop, set the content aside, boot and set up again.

        Nothing is deleted before the new instance is up: the port and the install are
        checked first, the old content and profile are moved aside, and if the new boot
        fails they are put back, so a failed reset leaves the site as it was.
        """
        meta = self.meta()
        if not meta:
            raise LocalGhostError(f"there is no instance named {self.name!r} to reset")
        report = progress or (lambda _msg: None)
        self.down()
        port, version = meta.get("port") or self._pick_port(), meta.get("version")
        self._ready_to_start(version or DEFAULT_GHOST_VERSION, port, report)
        aside = self._set_content_aside()
        profile = self._forget_profile()
        try:
            result = self.up(port=port, version=version, progress=progress)
        except BaseException:
            self.down()
            self._put_content_back(aside)
            if profile is not None:
                ProfileStore(self.paths.config_file).put(profile)
            raise
        shutil.rmtree(aside, ignore_errors=True)
        return result

    def _set_content_aside(self) -> Path:
        """Move what a reset replaces into one folder beside it (a rename: nothing is
        copied or lost), and return that folder."""
        aside = self.folder / "before-reset"
        shutil.rmtree(aside, ignore_errors=True)  # left by a reset that was itself killed
        aside.mkdir(mode=0o700)
        content = self.folder / "content"
        for sub in RESET_CONTENT:
            if (content / sub).exists():
                (content / sub).rename(aside / sub)
        if self.netguard_log.exists():
            self.netguard_log.rename(aside / self.netguard_log.name)
        return aside

    def _put_content_back(self, aside: Path) -> None:
        content = self.folder / "content"
        for sub in RESET_CONTENT:
            if (aside / sub).exists():
                shutil.rmtree(content / sub, ignore_errors=True)
                (aside / sub).rename(content / sub)
        if (aside / self.netguard_log.name).exists():
            (aside / self.netguard_log.name).replace(self.netguard_log)
        shutil.rmtree(aside, ignore_errors=True)

    def remove(self) -> None:
        """Stop the instance and delete its folder and its profile (not a profile of the
        same name that the user pointed at another site)."""
        self.down()
        self._forget_profile()
        shutil.rmtree(self.folder, ignore_errors=True)

    def log_tail(self, lines: int = 50) -> list[str]:
        try:
            text = self.log_file.read_text(errors="replace")
        except FileNotFoundError:
            return []
        return text.splitlines()[-lines:]

    def netguard_records(self) -> list[dict[str, Any]]:
        """Every non-loopback lookup or connect Ghost attempted (and was refused)."""
        try:
            lines = self.netguard_log.read_text().splitlines()
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in lines if line.strip()]

    # -- internals ------------------------------------------------------------------------

    def _ready_to_start(self, version: str, port: int, report: Progress) -> Installation:
        """The install (made if missing) once the port is known to be usable: everything
        that can refuse a start, checked before anything is changed."""
        if not _port_frees_up(port):
            raise LocalGhostError(
                f"port {port} on 127.0.0.1 is in use by another program",
                hint="stop that program, or pass another port with --port",
            )
        saved = ProfileStore(self.paths.config_file).find(self.name)
        if saved is not None and not self._owns(saved, port):
            raise LocalGhostError(
                f"the site profile {self.name!r} is for {display_url(saved.url)}, not this "
                "local Ghost: its new keys would have nowhere to go",
                hint="use another --name for the local Ghost, or rename that profile",
            )
        return install(self.paths, version, progress=report)

    def _owns(self, profile: Profile, port: int | None = None) -> bool:
        """Whether `profile` is this instance's own (its URL is one the instance served)."""
        ours = {f"http://127.0.0.1:{p}" for p in (port, self.meta().get("port")) if p}
        return profile.url.rstrip("/") in ours

    def _forget_profile(self) -> Profile | None:
        """Remove this instance's profile, never one of the same name for another site;
        return what was removed."""
        store = ProfileStore(self.paths.config_file)
        saved = store.find(self.name)
        if saved is None or not self._owns(saved):
            return None
        store.remove(self.name)
        return saved

    def _pick_port(self) -> int:
        if self.name == DEFAULT_NAME and port_is_free(DEFAULT_PORT):
            return DEFAULT_PORT
        return instance_port(self.name)

    def _prepare_folder(self, installation: Installation, port: int) -> None:
        content = self.folder / "content"
        for sub in ("data", "images", "logs", "settings"):
            (content / sub).mkdir(parents=True, exist_ok=True)
        if not (content / "themes").exists():
            shutil.copytree(
                installation.root / "content" / "themes", content / "themes", symlinks=True
            )
        link = self.folder / "current"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(installation.root, target_is_directory=True)
        config = ghost_config(port, content)
        (self.folder / "config.production.json").write_text(json.dumps(config, indent=2) + "\n")
        meta = {
            "name": self.name,
            "version": installation.ghost_version,
            "port": port,
            "created_at": self.meta().get("created_at") or time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        self.meta_file.write_text(json.dumps(meta, indent=2) + "\n")

    def _start(self, installation: Installation) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        env.pop("NODE_OPTIONS", None)
        env["NODE_ENV"] = "production"
        env["GHOSTKIT_NETGUARD_LOG"] = str(self.netguard_log)
        env["PATH"] = f"{installation.node_bin_dir}{os.pathsep}{env.get('PATH', '')}"
        with self.log_file.open("a") as log:
            log.write(
                f"\n== ghostkit: starting Ghost {installation.ghost_version} "
                f"at {time.strftime('%Y-%m-%d %H:%M:%S')}\n"
            )
        process = spawn(
            [
                str(installation.node),
                *("--require", str(NETGUARD)),
                *("--require", str(LOG_REDACT)),
                "current/index.js",
            ],
            cwd=self.folder,
            env=env,
            log=self.log_file,
        )
        self.pid_file.write(process.pid)
        return process

    def _wait(self, url: str, process: subprocess.Popen[bytes]) -> None:
        try:
            bootstrap.wait_until_ready(
                url, timeout=BOOT_TIMEOUT, is_alive=lambda: process.poll() is None
            )
        except LocalGhostError as exc:
            self.down()
            tail = "\n".join(self.log_tail(15))
            raise LocalGhostError(
                f"{exc.message}; the end of its log:\n{tail}",
                hint=f"the whole log: {self.log_file}",
            ) from None

    def _save_profile(self, store: ProfileStore, url: str) -> None:
        creds = bootstrap.run_setup(
            url,
            title=f"ghostkit local ({self.name})",
            email=f"owner@{self.name.lower()}.example.com",
        )
        store.put(
            Profile(
                name=self.name,
                url=url,
                admin_key=creds.admin_key,
                content_key=creds.content_key,
                email=creds.email,
                password=creds.password,
            )
        )


def _port_frees_up(port: int, wait: float = PORT_RELEASE_WAIT) -> bool:
    """Whether `port` is free, or becomes free within `wait` seconds: right after a crash
    the kernel can still hold the dead Ghost's listening socket for a moment, owned by no
    process (seen with `ss -tlnp` after a SIGKILL)."""
    deadline = time.monotonic() + wait
    while not port_is_free(port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def all_instances(paths: Paths | None = None) -> list[Instance]:
    resolved = paths or Paths.from_env()
    if not resolved.instances.is_dir():
        return []
    return [
        Instance(p.name, resolved)
        for p in sorted(resolved.instances.iterdir())
        if (p / "instance.json").exists()
    ]
