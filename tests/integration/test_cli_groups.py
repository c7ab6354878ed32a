"""The command groups not covered in test_cli.py, each run as a user would against the
real Ghost, with the server's state checked afterwards through the library."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from ghostkit import GhostAdmin, NotFoundError
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import offer_body, tier_body, tiny_png, unique


@pytest.fixture(scope="module")
def env(ghost: LiveGhost, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Two saved sites: `live` (the integration key, the default) and `staff` (the
    owner's staff access token), both added through `site add` with the secret on stdin."""
    root = tmp_path_factory.mktemp("groups")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHOST_")}
    environment |= {
        "GHOSTKIT_DATA_DIR": str(root / "data"),
        "GHOSTKIT_CONFIG": str(root / "config.toml"),
    }
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as session:
        token = session.users.staff_token()
    cli.EXTRA_SECRETS["owner's staff token"] = token
    for name, flag, secret in (
        ("live", "--admin-key", ghost.admin_key),
        ("staff", "--staff-token", token),
    ):
        added = cli.run(
            environment, "site", "add", name, "--url", ghost.url, flag, "-", stdin=secret
        )
        assert added.returncode == 0, added.stderr
    assert cli.run(environment, "site", "use", "live").returncode == 0
    return environment


def ok(env: dict[str, str], *args: str) -> Any:
    done = cli.run(env, *args)
    assert done.returncode == 0, (args, done.stderr)
    return json.loads(done.stdout) if "--json" in args else done.stdout


SNIPPET = {
    "version": "0.3.1",
    "atoms": [],
    "cards": [],
    "markups": [],
    "sections": [[1, "p", [[0, [], 0, "Snip"]]]],
}

# group, the site profile to use, what to create, a change, the field it changes, and how
# the item goes away ("delete", or the edit that archives what Ghost cannot delete)
CRUD = [
    ("pages", "live", lambda u: {"title": u}, {"title": "Renamed page"}, "title", "delete"),
    ("labels", "live", lambda u: {"name": u}, {"name": "Renamed label"}, "name", "delete"),
    ("tiers", "live", tier_body, {"description": "Gold"}, "description", {"active": False}),
    (
        "newsletters",
        "live",
        lambda u: {"name": u},
        {"description": "Weekly"},
        "description",
        {"status": "archived"},
    ),
    (
        "snippets",  # snippets need a user: the owner's staff token
        "staff",
        lambda u: {"name": u, "mobiledoc": json.dumps(SNIPPET)},
        {"name": "Renamed snippet"},
        "name",
        "delete",
    ),
]


@pytest.mark.parametrize(
    ("group", "site", "make", "change", "field", "away"), CRUD, ids=[c[0] for c in CRUD]
)
def test_create_get_edit_list_and_remove(
    env: dict[str, str],
    ghost: LiveGhost,
    group: str,
    site: str,
    make: Callable[[str], dict[str, Any]],
    change: dict[str, Any],
    field: str,
    away: str | dict[str, Any],
) -> None:
    def run(*args: str) -> Any:
        return ok(env, group, *args, "--site", site)

    created = run("create", "--data", json.dumps(make(unique(group))), "--json")
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as session:
        resource = getattr(session, group)
        assert resource.read(created["id"]).id == created["id"]
        assert run("get", created["id"], "--json")["id"] == created["id"]
        run("edit", created["id"], "--data", json.dumps(change))
        assert getattr(resource.read(created["id"]), field) == change[field]
        assert created["id"] in run("list", "--all", "--jsonl")
        if away == "delete":
            run("delete", created["id"], "--yes")
            with pytest.raises(NotFoundError):
                resource.read(created["id"])
        else:
            run("edit", created["id"], "--data", json.dumps(away))
            ((key, value),) = away.items()
            assert getattr(resource.read(created["id"]), key) == value


def test_offers(env: dict[str, str], ghost: LiveGhost) -> None:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        tier = admin.tiers.add(tier_body(unique("offer tier")))
        code = unique("cli-offer")
        body = json.dumps(offer_body(code, tier.id))
        offer = ok(env, "offers", "create", "--data", body, "--json")
        assert admin.offers.read(offer["id"]).code == code
        ok(env, "offers", "edit", offer["id"], "--data", '{"status": "archived"}')
        assert admin.offers.read(offer["id"]).status == "archived"
        admin.tiers.edit(tier.id, {"active": False})


def test_webhooks_and_integrations(env: dict[str, str], ghost: LiveGhost) -> None:
    hook = {"event": "post.added", "target_url": "http://127.0.0.1:9/hook", "name": unique("h")}
    created = ok(env, "webhooks", "create", "--data", json.dumps(hook), "--json")
    ok(env, "webhooks", "edit", created["id"], "--data", '{"event": "post.edited"}')
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as session:
        (listed,) = [w for w in session.webhooks.list() if w.id == created["id"]]
        assert listed.event == "post.edited"
        ok(env, "webhooks", "delete", created["id"], "--yes")
        assert created["id"] not in {w.id for w in session.webhooks.list()}

        made = ok(
            env,
            "integrations",
            "create",
            "--site",
            "staff",
            "--data",
            json.dumps({"name": unique("cli integration")}),
            "--json",
        )
        assert session.integrations.read(made["id"]).name == made["name"]
        ok(env, "integrations", "delete", made["id"], "--yes", "--site", "staff")
        with pytest.raises(NotFoundError):
            session.integrations.read(made["id"])


def test_users_roles_and_invites_with_a_staff_token(env: dict[str, str], ghost: LiveGhost) -> None:
    roles = ok(env, "roles", "list", "--json")
    author = next(r for r in roles if r["name"] == "Author")
    owner = ok(env, "users", "get", ghost.email, "--by", "email", "--json")
    bio = unique("bio")
    ok(env, "users", "edit", owner["id"], "--data", json.dumps({"bio": bio}), "--site", "staff")
    email = f"{unique('invited')}@example.com"
    invite = ok(
        env,
        "invites",
        "create",
        "--site",
        "staff",
        "--json",
        "--data",
        json.dumps({"email": email, "role_id": author["id"]}),
    )
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as session:
        assert session.users.read(owner["id"]).bio == bio
        assert session.invites.read(invite["id"]).email == email
        ok(env, "invites", "delete", invite["id"], "--yes", "--site", "staff")
        with pytest.raises(NotFoundError):
            session.invites.read(invite["id"])


def test_comments_are_listed_and_hidden(
    env: dict[str, str], ghost: LiveGhost, ghost_major: int
) -> None:
    if ghost_major < 6:  # Ghost 5 ships with comments off
        with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as session:
            session.settings.edit({"comments_enabled": "all"})
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        member = admin.members.add({"email": f"{unique('c')}@example.com"})
        post = admin.posts.add({"title": unique("commented"), "status": "published"})
        body = {"post_id": post.id, "member_id": member.id, "html": "<p>Hi</p>"}
        comment = admin.comments.add(body)
        if ghost_major >= 6:
            assert comment.id in ok(env, "comments", "list", "--all", "--jsonl")
        else:  # Ghost 5 has no admin listing of comments (docs/compatibility.md)
            listed = cli.run(env, "comments", "list")
            assert listed.returncode == 3 and "hint:" in listed.stderr, listed.stderr
        ok(env, "comments", "edit", comment.id, "--data", '{"status": "hidden"}')
        assert admin.comments.read(comment.id).status == "hidden"
        admin.posts.delete(post.id)
        admin.members.delete(member.id)


def test_media_and_file_uploads_are_served(env: dict[str, str], tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    poster = tmp_path / "poster.png"
    poster.write_bytes(tiny_png())
    guide = tmp_path / "guide.pdf"
    guide.write_bytes(b"%PDF-1.4\n% ghostkit\n")
    for url, local in (
        (ok(env, "media", "upload", str(clip), "--thumbnail", str(poster)).strip(), clip),
        (ok(env, "files", "upload", str(guide)).strip(), guide),
    ):
        served = httpx.get(url)
        assert served.status_code == 200 and served.content == local.read_bytes()


def test_themes_upload_activate_and_settings_set(
    env: dict[str, str], ghost: LiveGhost, tmp_path: Path
) -> None:
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as session:
        archive = tmp_path / "cli-theme.zip"
        archive.write_bytes(session.themes.download("casper"))
        active = session.themes.active().name
        ok(env, "themes", "upload", str(archive), "--activate")
        assert session.themes.active().name == "cli-theme"
        assert "cli-theme" in ok(env, "themes", "list", "--site", "staff")
        ok(env, "themes", "activate", active)
        assert session.themes.active().name == active
        session.themes.delete("cli-theme")

        before = session.settings.get("description")["description"]
        ok(env, "settings", "set", "description=Set from the CLI", "--site", "staff")
        assert session.settings.get("description")["description"] == "Set from the CLI"
        session.settings.edit({"description": before})


def test_replace_and_site_all(env: dict[str, str], ghost: LiveGhost) -> None:
    from tests.helpers import lexical_doc

    tag = unique("replace")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        post = admin.posts.add(
            {
                "title": unique("r"),
                "lexical": lexical_doc("Colour and colour."),
                "tags": [{"name": tag}],
            }
        )
        preview = ok(env, "replace", "olour", "olor", "--filter", f"tag:{tag}", "--dry-run")
        assert "olour" in admin.posts.read(post.id, formats="plaintext").plaintext, preview
        ok(env, "replace", "olour", "olor", "--filter", f"tag:{tag}", "--yes")
        assert (
            admin.posts.read(post.id, formats="plaintext").plaintext.strip() == "Color and color."
        )
        listed = ok(env, "tags", "list", "--filter", f"name:'{tag}'", "--site", "all", "--jsonl")
        sites = {json.loads(line)["site"] for line in listed.splitlines()}
        assert sites == {"live", "staff"}
        admin.posts.delete(post.id)


def test_demo_boots_its_own_ghost_and_strips_the_links(env: dict[str, str]) -> None:
    """The README's first command, in a data folder of its own (the install is shared)."""
    from ghostkit.config import Paths

    demo_env = {
        **env,
        "GHOSTKIT_DATA_DIR": env["GHOSTKIT_DATA_DIR"] + "-demo",
        "GHOSTKIT_CONFIG": env["GHOSTKIT_CONFIG"] + "-demo",
    }
    try:
        done = cli.run(demo_env, "demo", "--posts", "6", timeout=300)
        assert done.returncode == 0, done.stderr
        assert re.search(r"Verified \d+ posts as Ghost renders them: ok", done.stdout), done.stdout
        paths = Paths(
            cache=Paths.from_env().cache,
            data=Path(demo_env["GHOSTKIT_DATA_DIR"]),
            config_file=Path(demo_env["GHOSTKIT_CONFIG"]),
        )
        with GhostAdmin.from_profile("local", paths=paths) as admin:
            posts = admin.posts.browse(filter="tag:ghostkit-demo", formats="plaintext", limit=100)
            assert posts.pagination.total == 6
        left = ok(
            demo_env, "links", "list", "--filter", "tag:ghostkit-demo", "--site", "local", "--json"
        )
        assert left and all(link["where"] == "link-card" for link in left), left[:3]
    finally:
        cli.run(demo_env, "local", "down")


def test_the_private_site_password_is_never_printed_or_saved(
    env: dict[str, str], ghost: LiveGhost, tmp_path: Path
) -> None:
    from ghostkit.core.redact import MASK

    password = unique("private")
    cli.EXTRA_SECRETS["private site password"] = password
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as session:
        session.settings.edit({"password": password})
        try:
            assert session.settings.get("password") == {"password": password}
            assert ok(env, "settings", "get", "password", "--json") == {"password": MASK}
            ok(env, "backup", "--out", str(tmp_path / "site.json"))
            saved = (tmp_path / "site.json").read_text()
            assert password not in saved and json.loads(saved)["settings"]["password"] == MASK
        finally:
            session.settings.edit({"password": ""})


def test_create_and_edit_pass_query_parameters(env: dict[str, str], ghost: LiveGhost) -> None:
    body = {"title": unique("from html"), "html": "<p>Hello <strong>there</strong></p>"}
    post = ok(env, "posts", "create", "--data", json.dumps(body), "-p", "source=html", "--json")
    change = {"html": "<p>Bye <em>now</em></p>"}
    ok(env, "posts", "edit", post["id"], "--data", json.dumps(change), "-p", "source=html")
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        saved = admin.posts.read(post["id"], formats="lexical,html")
        assert '"text":"now"' in saved.lexical and "<em>now</em>" in saved.html
        admin.posts.delete(post["id"])
    bad = cli.run(env, "tags", "create", "--data", '{"name": "x"}', "-p", "nothing")
    assert bad.returncode == 3 and "is not key=value" in bad.stderr
