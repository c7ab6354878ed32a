"""Shared test setup: the real local Ghost used by every integration test.

The `ghost` fixture boots one throwaway instance per test session, through the same code as
`ghostkit local up`, on a free port, with its data and profile in a temporary folder (the
Ghost install itself is the shared cache). In CI (`CI` set) a Ghost that cannot start fails
the run; elsewhere the integration tests are skipped with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ghostkit.config import Paths, ProfileStore
from ghostkit.local import DEFAULT_GHOST_VERSION, Instance


@dataclass(frozen=True)
class LiveGhost:
    url: str
    admin_key: str
    content_key: str
    email: str
    password: str
    instance: Instance
    paths: Paths

    def __repr__(self) -> str:  # keep keys out of test reports
        return f"LiveGhost({self.url!r})"

    def new_staff_user(self, role: str = "Author") -> StaffUser:
        """A second staff user, made the way an invited person makes one: the invite's token
        is read from the instance's database in place of the email Ghost would send."""
        import sqlite3
        import uuid

        import httpx

        from ghostkit import GhostAdmin

        email = f"staff-{uuid.uuid4().hex[:10]}@example.com"
        password = f"Pw-{uuid.uuid4().hex}"
        with GhostAdmin(self.url, email=self.email, password=self.password) as owner:
            role_id = next(r.id for r in owner.roles.browse().items if r.name == role)
            invite = owner.invites.add({"email": email, "role_id": role_id})
            with sqlite3.connect(self.instance.database) as db:
                row = db.execute("SELECT token FROM invites WHERE id = ?", (invite.id,)).fetchone()
            accepted = httpx.post(
                f"{self.url}/ghost/api/admin/authentication/invitation/",
                json={
                    "invitation": [
                        {"token": row[0], "email": email, "name": "Staff", "password": password}
                    ]
                },
            )
            assert accepted.status_code == 200, accepted.text
            user_id = owner.users.read(email=email).id
        return StaffUser(email=email, password=password, id=user_id)


@dataclass(frozen=True)
class StaffUser:
    email: str
    password: str
    id: str

    def __repr__(self) -> str:
        return f"StaffUser({self.email!r})"


def _require_ghost() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("GHOSTKIT_REQUIRE_GHOST"))


@pytest.fixture(scope="session")
def ghost_paths(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """Paths with the shared install cache but a private data folder and config file."""
    root = tmp_path_factory.mktemp("ghostkit")
    shared = Paths.from_env()
    return Paths(cache=shared.cache, data=root / "data", config_file=root / "config.toml")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--ghost-version",
        default=os.environ.get("GHOSTKIT_TEST_GHOST_VERSION", DEFAULT_GHOST_VERSION),
        help="the Ghost release the integration tests boot (default %(default)s)",
    )


@pytest.fixture(scope="session")
def ghost_version(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--ghost-version"))


@pytest.fixture(scope="session")
def ghost_major(ghost_version: str) -> int:
    return int(ghost_version.split(".")[0])


@pytest.fixture(scope="session")
def ghost(ghost_paths: Paths, ghost_version: str) -> Iterator[LiveGhost]:
    instance = Instance(f"pytest-{os.getpid()}", ghost_paths)
    try:
        instance.up(version=ghost_version)
    except Exception as exc:
        instance.down()
        reason = f"no local Ghost could be started: {exc}"
        if _require_ghost():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason + " (set CI=1 to make this a failure)")
    profile = ProfileStore(ghost_paths.config_file).get(instance.name)
    assert profile.admin_key and profile.content_key and profile.email and profile.password
    try:
        yield LiveGhost(
            url=profile.url,
            admin_key=profile.admin_key,
            content_key=profile.content_key,
            email=profile.email,
            password=profile.password,
            instance=instance,
            paths=ghost_paths,
        )
    finally:
        instance.remove()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/integration is marked `integration`."""
    here = Path(__file__).parent / "integration"
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.integration)


_integration_outcomes: dict[str, int] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "integration" in report.keywords and (report.when == "call" or report.skipped):
        _integration_outcomes[report.outcome] = _integration_outcomes.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly whether the integration tests ran against a real Ghost."""
    if not _integration_outcomes:
        return
    counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(_integration_outcomes.items()))
    terminalreporter.write_line(f"integration tests against a real local Ghost: {counts}")
