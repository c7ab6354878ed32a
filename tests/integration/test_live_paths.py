"""Ids and slugs that reach a request path, against the real Ghost: a value can never name
another object than the one it names, whatever it holds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ghostkit import APIError, ConfigurationError, GhostAdmin
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import Caller, unique


@pytest.fixture
def env(ghost: LiveGhost, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GHOST_")}
    env |= {
        "GHOSTKIT_DATA_DIR": str(tmp_path / "data"),
        "GHOSTKIT_CONFIG": str(tmp_path / "c.toml"),
    }
    added = cli.run(
        env, "site", "add", "live", "--url", ghost.url, "--admin-key", "-", stdin=ghost.admin_key
    )
    assert added.returncode == 0, added.stderr
    return env


def test_posts_delete_of_a_path_to_a_tag_leaves_the_tag(
    ghost: LiveGhost, env: dict[str, str]
) -> None:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        tag = admin.tags.add({"name": unique("kept")})
        done = cli.run(env, "posts", "delete", f"../tags/{tag.id}", "--yes")
        assert done.returncode in (3, 5, 7), (done.stdout, done.stderr)
        assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
        assert "Deleted" not in done.stdout
        assert admin.tags.read(tag.id).name == tag.name  # still there
        admin.tags.delete(tag.id)


def test_every_verb_refuses_a_path_in_place_of_an_id(admin: Caller, ghost: LiveGhost) -> None:
    client = admin.client
    tag = admin(client.tags.add, {"name": unique("target")})
    post = admin(client.posts.add, {"title": unique("target")})
    try:
        climbing = f"../tags/{tag.id}"
        attempts = [
            (client.posts.delete, (climbing,)),
            (client.posts.read, (climbing,)),
            (client.posts.edit, (climbing, {"title": "hacked", "updated_at": post.updated_at})),
            (client.posts.copy, (climbing,)),
            (client.posts.unpublish, (climbing,)),
            (client.pages.delete, (f"../posts/{post.id}",)),
            (client.members.delete, (f"../tags/{tag.id}",)),
            (client.tags.edit, (f"{tag.id}/../{tag.id}", {"name": "hacked"})),
        ]
        for method, args in attempts:
            with pytest.raises(ConfigurationError, match="is not a Ghost id"):
                admin(method, *args)
        assert admin(client.tags.read, tag.id).name == tag.name
        assert admin(client.posts.read, post.id).title == post.title
    finally:
        admin(client.tags.delete, tag.id)
        admin(client.posts.delete, post.id)


def test_a_slug_with_a_slash_and_a_question_mark_does_not_read_another_post(
    admin: Caller,
) -> None:
    client = admin.client
    victim = admin(client.posts.add, {"title": unique("victim")})
    try:
        # unencoded, `victim/?` became posts/slug/victim/ and read the victim
        for slug in (f"{victim.slug}/?", f"{victim.slug}#x", f"{victim.slug}/../{victim.slug}"):
            with pytest.raises(APIError) as caught:
                admin(client.posts.read, slug=slug)
            assert caught.value.status == 422  # Ghost's own slug check, on the whole value
        assert admin(client.posts.read, slug=victim.slug).id == victim.id
    finally:
        admin(client.posts.delete, victim.id)


def test_an_email_is_sent_encoded_and_ghost_reads_it(admin: Caller, ghost: LiveGhost) -> None:
    found = admin(admin.client.users.read, email=ghost.email)
    assert found.email == ghost.email


def test_a_theme_name_cannot_reach_another_theme(owner: Caller) -> None:
    """Unencoded, `casper/../source` was sent as themes/source/activate/ and switched the
    site to another theme."""
    client = owner.client
    names = {theme.name for theme in owner(client.themes.browse)}
    active = owner(client.themes.active).name
    other = next(name for name in sorted(names) if name != active)
    with pytest.raises(APIError) as caught:
        owner(client.themes.activate, f"{active}/../{other}")
    assert caught.value.status in (404, 422)
    assert owner(client.themes.active).name == active
