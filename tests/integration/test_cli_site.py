"""Site profiles through the command line: saved credentials survive, secrets stay masked."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ghostkit import GhostAdmin
from ghostkit.config import Profile, ProfileStore
from tests import cli
from tests.conftest import LiveGhost

OTHER_KEY = "0" * 24 + ":" + "1" * 64
BASIC_AUTH_PASSWORD = "Basic-Auth-pw-7f3a9c"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHOST_")}
    return environment | {
        "GHOSTKIT_DATA_DIR": str(tmp_path / "data"),
        "GHOSTKIT_CONFIG": str(tmp_path / "config.toml"),
    }


@pytest.fixture(scope="module")
def staff_token(ghost: LiveGhost) -> str:
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as owner:
        token = owner.users.staff_token()
    cli.EXTRA_SECRETS["owner staff token"] = token
    return token


def saved(env: dict[str, str], name: str) -> Profile:
    return ProfileStore(Path(env["GHOSTKIT_CONFIG"])).get(name)


def test_re_adding_a_site_keeps_every_saved_credential(
    ghost: LiveGhost, env: dict[str, str], staff_token: str
) -> None:
    lines = f"{ghost.admin_key}\n{ghost.content_key}\n{staff_token}\n{ghost.password}\n"
    added = cli.run(
        env,
        "site",
        "add",
        "live",
        "--url",
        ghost.url,
        "--admin-key",
        "-",
        "--content-key",
        "-",
        "--staff-token",
        "-",
        "--email",
        ghost.email,
        "--password",
        "-",
        stdin=lines,
    )
    assert added.returncode == 0, added.stderr
    everything = Profile(
        "live",
        ghost.url,
        admin_key=ghost.admin_key,
        staff_token=staff_token,
        content_key=ghost.content_key,
        email=ghost.email,
        password=ghost.password,
    )
    assert saved(env, "live") == everything

    again = cli.run(env, "site", "add", "live", "--url", ghost.url + "/ghost/")
    assert again.returncode == 0, again.stderr
    assert "unchanged" in again.stdout
    with_version = cli.run(env, "site", "add", "live", "--version", "auto")
    assert with_version.returncode == 0, with_version.stderr
    assert "API version added: auto" in with_version.stdout
    assert saved(env, "live") == Profile(**{**everything.__dict__, "version": "auto"})

    checked = cli.run(env, "site", "check", "live")
    assert checked.returncode == 0, checked.stdout
    for what in ("admin key", "staff token", "login", "content key"):
        assert f"ok  {what}: accepted" in checked.stdout

    refused = cli.run(env, "site", "add", "live", "--url", ghost.url, "--admin-key", OTHER_KEY)
    assert refused.returncode == 3, refused.stderr
    assert refused.stderr.startswith("error: site 'live' already has another admin key")
    assert "--replace" in refused.stderr
    assert saved(env, "live").admin_key == ghost.admin_key

    replaced = cli.run(env, "site", "add", "live", "--admin-key", OTHER_KEY, "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert "admin key replaced" in replaced.stdout
    assert replaced.stdout.index("replaced") < replaced.stdout.index("Saved.")
    after = saved(env, "live")
    assert after.admin_key == OTHER_KEY
    assert (after.content_key, after.staff_token, after.email, after.password) == (
        ghost.content_key,
        staff_token,
        ghost.email,
        ghost.password,
    )

    forgot = cli.run(env, "site", "add", "live", "--remove", "staff-token")
    assert forgot.returncode == 0, forgot.stderr
    assert "staff token removed" in forgot.stdout
    assert saved(env, "live").staff_token is None
    assert saved(env, "live").password == ghost.password
    for done in (added, again, checked, refused, replaced, forgot):
        printed = done.stdout + done.stderr
        for secret in (ghost.admin_key, ghost.content_key, staff_token, ghost.password):
            assert secret not in printed


def test_keys_from_stdin_one_line_each_and_never_empty(
    ghost: LiveGhost, env: dict[str, str]
) -> None:
    both = cli.run(
        env,
        "site",
        "add",
        "two",
        "--url",
        ghost.url,
        "--admin-key",
        "-",
        "--content-key",
        "-",
        stdin=f"{ghost.admin_key}\n{ghost.content_key}\n",
    )
    assert both.returncode == 0, both.stderr
    assert saved(env, "two").admin_key == ghost.admin_key
    assert saved(env, "two").content_key == ghost.content_key

    for stdin, says in (
        (f"{ghost.admin_key}\n", "stdin holds 1 line"),
        ("", "stdin holds nothing"),
        ("\n\n", "stdin holds nothing"),
    ):
        short = cli.run(
            env,
            "site",
            "add",
            "short",
            "--url",
            ghost.url,
            "--admin-key",
            "-",
            "--content-key",
            "-",
            stdin=stdin,
        )
        assert short.returncode == 3, short.stderr
        assert short.stderr.startswith("error: " + says), short.stderr
        assert "hint:" in short.stderr
    empty = cli.run(env, "site", "add", "empty", "--url", ghost.url, "--admin-key", "-", stdin="")
    assert empty.returncode == 3 and "stdin holds nothing" in empty.stderr
    blank = cli.run(env, "site", "add", "blank", "--url", ghost.url, "--admin-key", " ")
    assert blank.returncode == 3 and "--admin-key is empty" in blank.stderr
    assert ProfileStore(Path(env["GHOSTKIT_CONFIG"])).names() == ["two"]


def test_a_basic_auth_password_in_the_url_is_never_printed(
    ghost: LiveGhost, env: dict[str, str]
) -> None:
    cli.EXTRA_SECRETS["basic-auth password"] = BASIC_AUTH_PASSWORD
    behind = ghost.url.replace("http://", f"http://editor:{BASIC_AUTH_PASSWORD}@")
    unreachable = f"http://editor:{BASIC_AUTH_PASSWORD}@127.0.0.1:9"
    runs = [
        cli.run(
            env, "site", "add", "ba", "--url", behind, "--admin-key", "-", stdin=ghost.admin_key
        ),
        cli.run(env, "site", "add", "gone", "--url", unreachable, "--admin-key", OTHER_KEY),
        cli.run(env, "site", "list"),
        cli.run(env, "site", "list", "--json"),
        cli.run(env, "site", "show", "ba"),
        cli.run(env, "site", "show", "ba", "--json"),
        cli.run(env, "site", "check", "ba"),
        cli.run(env, "site", "check", "gone"),
        cli.run(env, "site", "add", "ba", "--url", "https://elsewhere.test"),
    ]
    assert [done.returncode for done in runs] == [0, 0, 0, 0, 0, 0, 0, 4, 3], [
        (done.stdout, done.stderr) for done in runs
    ]
    for done in runs:
        assert BASIC_AUTH_PASSWORD not in done.stdout + done.stderr
    assert "http://editor:***@127.0.0.1" in runs[2].stdout
    assert json.loads(runs[5].stdout)["url"].startswith("http://editor:***@")
    assert "ok  admin key: accepted" in runs[6].stdout
    assert "FAIL site: could not reach" in runs[7].stdout
    assert saved(env, "ba").url == behind  # the user's own file keeps it


def test_api_masks_the_secrets_in_an_answer(
    ghost: LiveGhost, env: dict[str, str], staff_token: str
) -> None:
    private = "Private-site-pw-4d1e"
    cli.EXTRA_SECRETS["private site password"] = private
    added = cli.run(
        env,
        "site",
        "add",
        "owner",
        "--url",
        ghost.url,
        "--email",
        ghost.email,
        "--password",
        "-",
        stdin=ghost.password,
    )
    assert added.returncode == 0, added.stderr
    webhook_secret = "Webhook-secret-91ab"
    cli.EXTRA_SECRETS["webhook secret"] = webhook_secret
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as owner:
        before = {s["key"]: s["value"] for s in owner.request("GET", "settings/")["settings"]}
        owner.request(
            "PUT",
            "settings/",
            json={"settings": [{"key": "password", "value": private}]},
        )
        integration = owner.request(
            "POST",
            "integrations/",
            params={"include": "api_keys,webhooks"},
            json={
                "integrations": [
                    {
                        "name": "ghostkit api masking",
                        "webhooks": [
                            {
                                "event": "post.added",
                                "target_url": "https://hooks.example.com/x",
                                "secret": webhook_secret,
                            }
                        ],
                    }
                ]
            },
        )["integrations"][0]
        member = owner.members.add({"email": "api-masking@example.com"})
    keys = [key["secret"] for key in integration["api_keys"]]
    try:
        asked = {
            "settings": ("GET", "settings/"),
            "integrations": ("GET", "integrations/", "-p", "include=api_keys,webhooks"),
            "token": ("GET", "users/me/token/"),
            "identities": ("GET", "identities/"),
            "signin": ("GET", f"members/{member.id}/signin_urls/"),
            "paginated": ("GET", "integrations/", "-p", "include=api_keys", "--paginate"),
        }
        answers = {
            what: cli.run(env, "api", *argv, "--site", "owner") for what, argv in asked.items()
        }
        for what, done in answers.items():
            assert done.returncode == 0, (what, done.stderr)
            printed = done.stdout + done.stderr
            for secret in (private, webhook_secret, staff_token, *keys):
                assert secret not in printed, (what, secret[:4])
            assert "--show-secrets" in done.stderr, what
            assert "token=jX" not in printed
        settings = json.loads(answers["settings"].stdout)["settings"]
        assert next(s for s in settings if s["key"] == "password")["value"] == "••••••••"
        assert next(s for s in settings if s["key"] == "title")["value"] == before["title"]
        signin = json.loads(answers["signin"].stdout)["member_signin_urls"][0]["url"]
        assert "token=••••••••" in signin

        shown = cli.run_showing_secrets(
            env, "api", "GET", "settings/", "--site", "owner", "--show-secrets"
        )
        assert shown.returncode == 0 and private in shown.stdout
    finally:
        with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as owner:
            owner.request(
                "PUT",
                "settings/",
                json={"settings": [{"key": "password", "value": before["password"] or ""}]},
            )
            owner.request("DELETE", f"integrations/{integration['id']}/")
            owner.members.delete(member.id)


def test_site_remove_and_use_lose_nothing_by_accident(
    ghost: LiveGhost, env: dict[str, str]
) -> None:
    assert (
        cli.run(env, "site", "add", "keep", "--url", ghost.url, "--admin-key", OTHER_KEY).returncode
        == 0
    )
    missing = cli.run(env, "site", "remove", "nope", "--yes")
    assert missing.returncode == 3 and "known sites: keep" in missing.stderr
    unasked = cli.run(env, "site", "remove", "keep")
    assert unasked.returncode == 2 and "--yes" in unasked.stderr
    assert saved(env, "keep").admin_key == OTHER_KEY
    nowhere = cli.run(env, "site", "use", "nope")
    assert nowhere.returncode == 3 and "known profiles: keep" in nowhere.stderr
    config = Path(env["GHOSTKIT_CONFIG"])
    text = config.read_text()
    config.write_text(text + "\n[sites.broken]\nurl = 5\n")
    listed = cli.run(env, "site", "list")
    assert listed.returncode == 3 and "keep" in listed.stdout
    assert listed.stderr.startswith("error: the config file") and "broken" in listed.stderr
    refused = cli.run(env, "site", "add", "new", "--url", ghost.url)
    assert refused.returncode == 3 and "broken" in refused.stderr
    assert "url = 5" in config.read_text()
    assert cli.run(env, "site", "remove", "broken", "--yes").returncode == 0
    assert ProfileStore(config).names() == ["keep"]


def test_forgetting_a_local_ghost_s_profile_says_what_it_costs(
    ghost: LiveGhost, env: dict[str, str]
) -> None:
    (Path(env["GHOSTKIT_DATA_DIR"]) / "instances" / "mine").mkdir(parents=True)
    added = cli.run(env, "site", "add", "mine", "--url", ghost.url, "--admin-key", OTHER_KEY)
    assert added.returncode == 0, added.stderr
    unasked = cli.run(env, "site", "remove", "mine")
    assert unasked.returncode == 2 and unasked.stderr.startswith("error: ")
    assert saved(env, "mine").admin_key == OTHER_KEY
    removed = cli.run(env, "site", "remove", "mine", "--yes")
    assert removed.returncode == 0, removed.stderr
    assert "local reset --name mine" in removed.stderr
