"""Every `Example:` in the CLI's help runs, as written, against the real Ghost.

The examples are read from the help of every command and group. Each runs in a shell (so
pipes, `&&`, globs and redirections work as they would for a person), in a folder holding
the files the examples name, with a saved site `blog` that is the session's Ghost. Words in
capitals stand for what a person would put there, and are replaced by real ones: `ID` by an
id of the command's own resource (made fresh where the example changes or deletes it),
`POST_ID`, `MEMBER_ID`, `TIER_ID`, `ROLE_ID` by ids of those, and a run id by a run made for
it. An example whose help says it needs a staff token runs with the owner's; any other
that an integration key may not run (Ghost answers 403) runs again with it.

The examples of the `local` group and of `demo` boot Ghosts of their own: they run in
order in `test_local_examples_run`, in a data folder of their own.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from ghostkit import GhostAdmin
from ghostkit.cli.main import app
from ghostkit.content import builder as kg
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import lexical_doc, tiny_png, unique
from tests.unit.test_cli_help import example_lines

OWN_GHOST = {("local",), ("demo",)}
"""Command groups whose examples start Ghosts of their own."""


def _walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _walk(sub, (*path, name))


def all_examples() -> list[tuple[tuple[str, ...], str, bool]]:
    """(command path, example, whether its help says it needs a staff token or login)."""
    examples = []
    for path, command in _walk(get_command(app)):
        if path[:1] and (path[0],) in OWN_GHOST:
            continue
        staff = "staff token or login" in (command.help or "")
        for line in example_lines(command.help or ""):
            examples.append((path, line, staff))
    return examples


EXAMPLES = all_examples()


def test_every_command_has_an_example_to_run() -> None:
    assert len(EXAMPLES) > 100
    for path, line, _staff in EXAMPLES:
        assert "ghostkit" in line, (path, line)


class Ids:
    """Real ids for the placeholders, made on demand."""

    def __init__(self, ghost: LiveGhost) -> None:
        self.ghost = ghost
        self.admin = GhostAdmin(ghost.url, key=ghost.admin_key)
        self.owner = GhostAdmin(ghost.url, email=ghost.email, password=ghost.password)
        self.runs: Callable[[], str] | None = None

    def close(self) -> None:
        self.admin.close()
        self.owner.close()

    def paid_tier(self) -> str:
        tiers = self.admin.tiers.browse(filter="type:paid", limit=1).items
        return str(tiers[0].id)

    def role(self, name: str = "Author") -> str:
        return str(next(r.id for r in self.admin.roles.browse().items if r.name == name))

    def member(self) -> str:
        return str(self.admin.members.add({"email": f"{unique('ex')}@example.com"}).id)

    def post(self) -> str:
        return str(self.admin.posts.add({"title": unique("example post")}).id)

    def item(self, resource: str) -> str:
        """A fresh item of `resource`, for an example that reads, changes or deletes one."""
        admin, owner = self.admin, self.owner
        name = unique("example")
        if resource in ("posts", "pages"):
            made = getattr(admin, resource).add({"title": name, "lexical": lexical_doc("Hi.")})
        elif resource in ("tags", "labels"):
            made = getattr(admin, resource).add({"name": name})
        elif resource == "tiers":
            made = admin.tiers.add(
                {"name": name, "monthly_price": 300, "yearly_price": 3000, "currency": "usd"}
            )
        elif resource == "offers":
            made = admin.offers.add(
                {
                    "name": name,
                    "code": name,
                    "display_title": name,
                    "type": "percent",
                    "amount": 10,
                    "cadence": "month",
                    "duration": "once",
                    "tier": {"id": self.paid_tier()},
                }
            )
        elif resource == "newsletters":
            made = admin.newsletters.add({"name": name})
        elif resource == "members":
            return self.member()
        elif resource == "users":
            return self.ghost.new_staff_user().id
        elif resource == "invites":
            made = owner.invites.add(
                {"email": f"{name}@example.com", "role_id": self.role("Contributor")}
            )
        elif resource == "webhooks":
            made = admin.webhooks.add(
                {"event": "post.added", "target_url": f"https://example.com/{name}"}
            )
        elif resource == "integrations":
            made = owner.integrations.add({"name": name})
        elif resource == "snippets":
            made = owner.snippets.add({"name": name})
        elif resource == "comments":
            made = admin.comments.add(
                {"post_id": self.post(), "member_id": self.member(), "html": "<p>Hi.</p>"}
            )
        else:
            raise AssertionError(f"no maker for {resource}")
        return str(made.id)


@pytest.fixture(scope="module")
def world(ghost: LiveGhost, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The folder, the environments and the id makers the examples run with."""
    root = tmp_path_factory.mktemp("examples")
    work = root / "work"
    work.mkdir()
    binary = root / "bin"
    binary.mkdir()
    wrapper = binary / "ghostkit"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ghostkit "$@"\n')
    wrapper.chmod(0o755)

    (work / "hello.md").write_text("# Hello\n\nWritten in *Markdown*.\n")
    (work / "photo.png").write_bytes(tiny_png())
    (work / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    (work / "report.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (work / "members.csv").write_text(
        "email,name\n" + "".join(f"{unique('imp')}@example.com,Reader\n" for _ in range(2))
    )
    (work / "drafts").mkdir()
    slug = unique("pushed-example")
    (work / "drafts" / f"{slug}.md").write_text(
        f"---\ntitle: Pushed example\nslug: {slug}\ntags: [news]\n---\nFrom a file.\n"
    )
    casper = ghost.instance.folder / "content" / "themes" / "casper"
    with zipfile.ZipFile(work / "my-theme.zip", "w") as archive:
        for file in casper.rglob("*"):
            if file.is_file() and "node_modules" not in file.parts:
                name = file.relative_to(casper).as_posix()
                text = file.read_bytes()
                if name == "package.json":
                    package = json.loads(text)
                    package["name"] = "my-theme"
                    text = json.dumps(package).encode()
                archive.writestr(f"my-theme/{name}", text)

    base = {k: v for k, v in os.environ.items() if not k.startswith("GHOST_")}
    base |= {
        "PATH": f"{binary}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": cli.SRC,
        "GHOSTKIT_DATA_DIR": str(root / "data"),
        "KEY": ghost.admin_key,
        "ADMIN": ghost.admin_key,
        "CONTENT": ghost.content_key,
    }
    base.pop("GHOSTKIT_SITE", None)
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as owner:
        staff_token = owner.users.staff_token()
    cli.EXTRA_SECRETS["owner staff token"] = staff_token
    envs = {}
    for kind, option, secret in (
        ("key", "--admin-key", ghost.admin_key),
        ("staff", "--staff-token", staff_token),
    ):
        env = {**base, "GHOSTKIT_CONFIG": str(root / f"{kind}.toml")}
        for name in ("blog", "old-blog"):
            done = cli.run(env, "site", "add", name, "--url", ghost.url, option, "-", stdin=secret)
            assert done.returncode == 0, done.stderr
        assert cli.run(env, "site", "use", "blog").returncode == 0
        envs[kind] = env
    ids = Ids(ghost)

    def new_run() -> str:
        word = unique("runword")
        post = ids.admin.posts.add({"title": word, "lexical": lexical_doc(f"Say {word}.")})
        done = cli.run(envs["key"], "replace", word, "other words", "--yes")
        assert done.returncode == 0, done.stderr
        found = re.search(r"runs undo (\S+?)\)?$", done.stdout + done.stderr, re.M)
        assert found, done.stdout + done.stderr
        assert post.id
        return found.group(1)

    ids.runs = new_run
    checked_tag = unique("checked")
    home = ids.admin.posts.add(
        {"title": unique("linked to"), "status": "published", "lexical": lexical_doc("Here.")}
    )
    ids.admin.posts.add(
        {
            "title": unique("links check example"),
            "status": "published",
            "tags": [{"name": checked_tag}],
            "lexical": kg.serialize(kg.document(kg.paragraph("See ", kg.link(home.url, "it")))),
        }
    )
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as owner:
        saved = owner.settings.get("title", "accent_color")
        tag = ids.admin.tags.browse(filter=f"name:'{checked_tag}'", limit=1).items[0]
        yield {"work": work, "envs": envs, "ids": ids, "ghost": ghost, "checked_tag": tag.slug}
        owner.settings.edit(saved)
        owner.themes.activate("casper")
    ids.close()
    shutil.rmtree(root, ignore_errors=True)


RUN_ID = re.compile(r"\b\d{8}-\d{6}-[0-9a-f]{4}\b|\bRUN\b")


def tags_named(path: tuple[str, ...], line: str, ids: Ids) -> None:
    """The tags a `tags merge` or `tags rename` example names, as a person running it
    would have them: each tag it merges or renames exists, and a rename's new name and
    slug are free (an earlier example may have taken them)."""
    import shlex

    if path[:2] not in (("tags", "merge"), ("tags", "rename")):
        return
    words = shlex.split(line)[3:]
    values = {"--into", "--report", "--slug"}
    named = [
        w
        for i, w in enumerate(words)
        if not w.startswith("-") and (i == 0 or words[i - 1] not in values)
    ]
    if path[1] == "rename":
        taken = [named.pop()] + [w for i, w in enumerate(words) if i and words[i - 1] == "--slug"]
        free = {word.lower() for word in taken}
        for tag in ids.admin.tags.browse(limit=100, filter="visibility:public").items:
            if str(tag.name).lower() in free or str(tag.slug) in free:
                ids.admin.tags.delete(tag.id)
    into = words[words.index("--into") + 1 :][:1] if "--into" in words else []
    plain = {w.lower() for w in named + into if ":" not in w}
    for tag in ids.admin.tags.browse(limit=100, filter="visibility:public").items:
        own = str(tag.name).lower().replace(" ", "-")  # a second tag of a name is ambiguous
        if str(tag.name).lower() in plain and tag.slug != own:
            ids.admin.tags.delete(tag.id)
    for word in named:
        prefixed = word.startswith(("slug:", "name:"))
        how, _, value = word.partition(":") if prefixed else ("", "", word)
        found = ids.admin.tags.browse(filter=f"{how or 'name'}:'{value}'", limit=1).items
        if not found and not how:
            found = ids.admin.tags.browse(filter=f"slug:'{value}'", limit=1).items
        if not found:
            ids.admin.tags.add({"name": value, "slug": value} if how == "slug" else {"name": value})


def filled(line: str, path: tuple[str, ...], world: dict[str, Any]) -> str:
    ids: Ids = world["ids"]
    ghost: LiveGhost = world["ghost"]
    tags_named(path, line, ids)
    if "links check" in line:  # the posts of the example's tag are the world's own
        line = re.sub(r"\btag:news\b", f"tag:{world['checked_tag']}", line)
    line = re.sub(r"https://(blog|shop)\.example\.com", ghost.url, line)
    resource = path[0] if path else ""
    makers: dict[str, Callable[[], str]] = {
        "POST_ID": ids.post,
        "MEMBER_ID": ids.member,
        "TIER_ID": ids.paid_tier,
        "ROLE_ID": lambda: ids.role("Contributor"),
        "ID": lambda: ids.item(resource),
    }
    for word, make in makers.items():
        if re.search(rf"\b{word}\b", line):
            line = re.sub(rf"\b{word}\b", make(), line)
    if path[:1] == ("runs",) and RUN_ID.search(line):
        assert ids.runs
        line = RUN_ID.sub(lambda _m: ids.runs(), line)  # type: ignore[misc]
    return line


@pytest.mark.parametrize(
    ("path", "line", "staff"),
    EXAMPLES,
    ids=[f"{' '.join(p) or 'ghostkit'}: {x}" for p, x, _ in EXAMPLES],
)
def test_help_example_runs(
    path: tuple[str, ...], line: str, staff: bool, world: dict[str, Any]
) -> None:
    command = filled(line, path, world)

    def shell(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=world["work"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            input=(env["KEY"] + "\n") if "--admin-key" in command else "y\n",
        )
        cli.PRINTED.extend((done.stdout, done.stderr))
        return done

    done = shell(world["envs"]["staff" if staff else "key"])
    if not staff and done.returncode == 4 and "staff access token" in done.stderr:
        done = shell(world["envs"]["staff"])
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr


def test_local_examples_run(tmp_path: Path, ghost: LiveGhost) -> None:
    """`local` and `demo`, as their help shows them, in a data folder of their own (the
    Ghost install is the shared cache); every instance they start is removed after."""
    from ghostkit.config import Paths
    from ghostkit.local import Instance

    del ghost  # booted first: the install is in the cache
    env = {k: v for k, v in os.environ.items() if not k.startswith("GHOST_")}
    env.pop("GHOSTKIT_SITE", None)
    binary = tmp_path / "bin"
    binary.mkdir()
    (binary / "ghostkit").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ghostkit "$@"\n')
    (binary / "ghostkit").chmod(0o755)
    env |= {
        "PATH": f"{binary}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": cli.SRC,
        "GHOSTKIT_DATA_DIR": str(tmp_path / "data"),
        "GHOSTKIT_CONFIG": str(tmp_path / "config.toml"),
    }
    lines = [
        line
        for path, command in _walk(get_command(app))
        if path[:1] and (path[0],) in OWN_GHOST
        for line in example_lines(command.help or "")
    ]
    assert any("local up" in line for line in lines) and any("demo" in line for line in lines)
    shared = Paths.from_env()
    paths = Paths(cache=shared.cache, data=tmp_path / "data", config_file=tmp_path / "config.toml")
    try:
        for line in lines:
            line = re.sub(r"--port (\d+)", _port_free_now, line)
            done = subprocess.run(
                ["bash", "-c", line],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
                stdin=subprocess.DEVNULL,
            )
            cli.PRINTED.extend((done.stdout, done.stderr))
            assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
            assert "Traceback" not in done.stderr
    finally:
        for name in ("local", "demo"):
            with contextlib.suppress(Exception):  # one that never started has no profile
                Instance(name, paths).remove()


def _port_free_now(match: re.Match[str]) -> str:
    """The example's port, or a free one when another program holds it right now (other
    Ghosts may run on the machine)."""
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", int(match.group(1))))
            return match.group(0)
        except OSError:
            probe.bind(("127.0.0.1", 0))
            return f"--port {probe.getsockname()[1]}"
