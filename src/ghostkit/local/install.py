"""Install Ghost (and a Node.js that can run it) from the npm registry into the cache.

The steps are those of ghost-cli, minus the parts that need the internet beyond npm:

1. `npm pack ghost@VERSION` and unpack it;
2. pick Node: the machine's own when it satisfies Ghost's `engines.node`, else the newest
   matching `node-<os>-<cpu>` package from npm (it ships the binary and its headers);
3. the package manager the release was locked with (`pnpm-lock.yaml`: pnpm at the version
   of Ghost's `packageManager` field; `yarn.lock`: yarn 1), fetched from npm;
4. install the production dependencies; native modules build against the chosen Node's
   headers (`npm_config_nodedir`).

Each version is installed once into `<cache>/ghost/<version>` (built in a scratch folder,
then renamed) and recorded in `.ghostkit-install.json`; a second install returns at once.
"""

from __future__ import annotations

import fcntl
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from ghostkit.config.paths import Paths
from ghostkit.local.errors import InstallError, LocalGhostError
from ghostkit.local.semver import best_match, parse_version, satisfies

DEFAULT_GHOST_VERSION = "6.65.0"
MARKER = ".ghostkit-install.json"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Installation:
    """A ready Ghost install and the Node that runs it."""

    ghost_version: str
    root: Path
    node: Path
    node_version: str
    package_manager: str
    seconds: float

    @property
    def node_bin_dir(self) -> Path:
        return self.node.parent


def ghost_dir(paths: Paths, version: str) -> Path:
    return paths.cache / "ghost" / version


def find_installation(paths: Paths, version: str) -> Installation | None:
    """The cached install of `version`, if it is complete and its Node is still there."""
    marker = ghost_dir(paths, version) / MARKER
    try:
        data = json.loads(marker.read_text())
    except (FileNotFoundError, ValueError):
        return None
    install = Installation(
        ghost_version=data["ghost_version"],
        root=Path(data["root"]),
        node=Path(data["node"]),
        node_version=data["node_version"],
        package_manager=data["package_manager"],
        seconds=float(data["seconds"]),
    )
    return install if install.node.exists() and install.root.exists() else None


def installed_versions(paths: Paths) -> list[str]:
    base = paths.cache / "ghost"
    if not base.is_dir():
        return []
    found = [p.name for p in base.iterdir() if (p / MARKER).exists()]
    return sorted(found, key=parse_version)


def install(
    paths: Paths, version: str = DEFAULT_GHOST_VERSION, progress: Progress | None = None
) -> Installation:
    """Install Ghost `version` unless it is already cached; return the installation."""
    report = progress or (lambda _msg: None)
    ready = find_installation(paths, version)
    if ready:
        return ready
    _require_npm()
    paths.cache.mkdir(parents=True, exist_ok=True)
    with _install_lock(paths):
        ready = find_installation(paths, version)  # another process may have finished it
        if ready:
            return ready
        return _Installer(paths, version, report).run()


def _require_npm() -> None:
    if shutil.which("npm") is None:
        raise LocalGhostError(
            "`ghostkit local` needs npm to fetch Ghost, and npm is not on PATH",
            hint="install Node.js (which brings npm) from your package manager",
        )


@contextmanager
def _install_lock(paths: Paths) -> Iterator[None]:
    lock_dir = paths.cache / "locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    with (lock_dir / "install.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class _Installer:
    def __init__(self, paths: Paths, version: str, report: Progress) -> None:
        self.paths = paths
        self.version = version
        self.report = report
        self.log = paths.cache / "logs" / f"install-ghost-{version}.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log.write_text(f"ghostkit: installing Ghost {version}\n")

    def run(self) -> Installation:
        started = time.monotonic()
        final = ghost_dir(self.paths, self.version)
        final.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=final.parent, prefix=f".{self.version}-") as tmp:
            work = Path(tmp)
            self.report(f"Fetching ghost@{self.version} from npm")
            source = self._fetch_package(f"ghost@{self.version}", work, "fetch Ghost")
            manifest = json.loads((source / "package.json").read_text())
            engines = str(manifest.get("engines", {}).get("node", "*"))
            node, node_version = self._node_for(engines)
            tool = self._package_manager(source, manifest, node)
            self.report(f"Installing Ghost's dependencies with {tool.name} (a few minutes)")
            tool.install(source, node, self._run)
            if final.exists():
                shutil.rmtree(final)
            source.rename(final)
        install = Installation(
            ghost_version=self.version,
            root=final,
            node=node,
            node_version=node_version,
            package_manager=tool.name,
            seconds=round(time.monotonic() - started, 1),
        )
        record = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(install).items()}
        (final / MARKER).write_text(json.dumps(record, indent=2) + "\n")
        self.report(f"Ghost {self.version} installed in {install.seconds:.0f} s")
        return install

    # -- steps ---------------------------------------------------------------------------

    def _run(
        self,
        step: str,
        command: list[str],
        *,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> str:
        """Run one step, its output appended to the install log; fail naming step and log."""
        with self.log.open("a") as log:
            log.write(f"\n== {step}: {' '.join(command)}\n")
            log.flush()
            result = subprocess.run(
                command,
                cwd=cwd,
                env=env,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                check=False,
            )
            log.write(result.stdout)
        if result.returncode != 0:
            raise InstallError(step, self.log, result.returncode)
        return result.stdout

    def _fetch_package(self, spec: str, dest: Path, step: str) -> Path:
        """`npm pack` a package and unpack it; return the unpacked `package/` folder."""
        dest.mkdir(parents=True, exist_ok=True)
        out = self._run(step, ["npm", "pack", spec, "--silent", "--pack-destination", str(dest)])
        tarball = dest / out.strip().splitlines()[-1]
        unpack_to = dest / "unpacked"
        with tarfile.open(tarball) as archive:
            if sys.version_info >= (3, 12) or hasattr(tarfile, "data_filter"):
                archive.extractall(unpack_to, filter="tar")
            else:  # pragma: no cover - old 3.10 patch releases
                archive.extractall(unpack_to)  # noqa: S202 - a tarball npm just packed
        tarball.unlink()
        return unpack_to / "package"

    def _node_for(self, engines: str) -> tuple[Path, str]:
        system = shutil.which("node")
        if system:
            found = subprocess.run(
                [system, "--version"], capture_output=True, text=True, check=False
            ).stdout.strip()
            if found and satisfies(found, engines):
                self.report(f"Using this machine's Node {found} (Ghost needs {engines})")
                return Path(system), found.lstrip("v")
        cached = self._cached_node(engines)
        if cached:
            self.report(f"Using cached Node {cached[1]}")
            return cached
        package = node_package_name()
        self.report(f"Fetching Node for {engines} ({package} from npm)")
        listing = self._run("find Node", ["npm", "view", package, "versions", "--json"])
        version = best_match(json.loads(listing), engines)
        if version is None:
            raise LocalGhostError(f"no {package} release on npm satisfies {engines}")
        target = self.paths.cache / "node" / version
        with tempfile.TemporaryDirectory(dir=self.paths.cache, prefix=".node-") as tmp:
            unpacked = self._fetch_package(f"{package}@{version}", Path(tmp), "fetch Node")
            if target.exists():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            unpacked.rename(target)
        return target / "bin" / "node", version

    def _cached_node(self, engines: str) -> tuple[Path, str] | None:
        base = self.paths.cache / "node"
        if not base.is_dir():
            return None
        versions = [p.name for p in base.iterdir() if (p / "bin" / "node").exists()]
        best = best_match(versions, engines)
        return (base / best / "bin" / "node", best) if best else None

    def _package_manager(self, source: Path, manifest: dict[str, object], node: Path) -> _Tool:
        if (source / "pnpm-lock.yaml").exists():
            pinned = str(manifest.get("packageManager", "pnpm@latest"))
            version = (
                pinned.split("@", 1)[1].split("+", 1)[0] if pinned.startswith("pnpm@") else "latest"
            )
            prefix = self.paths.cache / "pnpm" / version
            binary = prefix / "node_modules" / ".bin" / "pnpm"
            if not binary.exists():
                self.report(f"Fetching pnpm {version} from npm")
                self._run(
                    "fetch pnpm",
                    [
                        "npm",
                        "install",
                        "--prefix",
                        str(prefix),
                        "--no-save",
                        "--no-package-lock",
                        f"pnpm@{version}",
                    ],
                )
            return _Pnpm(binary, self.paths.cache / "pnpm-store")
        if (source / "yarn.lock").exists():
            return _Yarn()
        raise LocalGhostError(f"Ghost {self.version} ships no pnpm or yarn lockfile")


Runner = Callable[..., str]


class _Tool(Protocol):
    name: str

    def install(self, source: Path, node: Path, run: Runner) -> None: ...


def _build_env(node: Path) -> dict[str, str]:
    """PATH with the chosen Node first, and node-gyp pointed at that Node's headers."""
    env = dict(os.environ)
    env["PATH"] = f"{node.parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("NODE_OPTIONS", None)
    headers = node.parent.parent / "include" / "node"
    if headers.is_dir():
        env["npm_config_nodedir"] = str(node.parent.parent)
    env["CI"] = "true"  # no interactive prompts
    return env


class _Pnpm:
    name = "pnpm"

    def __init__(self, binary: Path, store: Path) -> None:
        self.binary = binary
        self.store = store

    def install(self, source: Path, node: Path, run: Runner) -> None:
        run(
            "install dependencies",
            [
                str(self.binary),
                "install",
                "--prod",
                "--frozen-lockfile",
                f"--store-dir={self.store}",
            ],
            cwd=source,
            env=_build_env(node),
        )


class _Yarn:
    """Ghost 5 releases: yarn 1 with the dev dependencies removed (one is a GitHub tarball)."""

    name = "yarn"

    def install(self, source: Path, node: Path, run: Runner) -> None:
        manifest_path = source / "package.json"
        manifest = json.loads(manifest_path.read_text())
        manifest.pop("devDependencies", None)
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
        run(
            "install dependencies",
            ["npx", "-y", "yarn@1", "install", "--production", "--non-interactive"],
            cwd=source,
            env=_build_env(node),
        )


def node_package_name() -> str:
    """The npm package that carries the official Node binary for this OS and CPU."""
    system = {"linux": "linux", "darwin": "darwin", "win32": "win"}.get(sys.platform)
    machine = platform.machine().lower()
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(machine)
    if system is None or arch is None:
        raise LocalGhostError(f"no Node package is known for {sys.platform}/{machine}")
    return f"node-{system}-{arch}"
