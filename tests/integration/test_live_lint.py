"""`ghostkit lint` against the real Ghost: posts made to break each rule, and one clean
post; the command finds exactly what they break, exits as documented, and runs only the
rules asked for."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ghostkit import GhostAdmin
from ghostkit.content import lexical
from tests import cli
from tests.conftest import LiveGhost
from tests.helpers import unique

PAID_ONLY = {
    "web": {"nonMember": False, "memberSegment": "status:-free"},
    "email": {"memberSegment": "status:-free"},
}


def link(url: str) -> dict[str, Any]:
    """A paragraph that is one link to `url`."""
    return lexical.paragraph_of([("a link", url)])


def document(*blocks: dict[str, Any]) -> str:
    root = {
        "type": "root",
        "version": 1,
        "direction": "ltr",
        "format": "",
        "indent": 0,
        "children": list(blocks),
    }
    return json.dumps({"root": root})


def image(alt: str) -> dict[str, Any]:
    return {
        "type": "image",
        "version": 1,
        "src": "https://images.test/a.png",
        "alt": alt,
        "caption": "",
        "title": "",
        "width": 10,
        "height": 10,
    }


@pytest.fixture
def posts(ghost: LiveGhost) -> Iterator[dict[str, Any]]:
    """Posts that each break one rule (two for the duplicate title), a draft they link
    to, and one clean post. Yields the slug prefix and each post's slug by its name."""
    prefix = unique("lint")
    tag = [{"name": prefix}]
    fine = {"status": "published", "tags": tag, "meta_description": "A post for lint."}
    words = lexical.paragraph("Some words.")
    made: dict[str, Any] = {"prefix": prefix}
    specs: dict[str, dict[str, Any]] = {
        "clean": {"lexical": document(words, image("A picture"))},
        "draft": {"status": "draft", "lexical": document(words)},
        "alt": {"lexical": document(words, image(""))},
        "meta": {"meta_description": None, "lexical": document(words)},
        "long": {
            "title": "A title far too long to be shown whole in the results of a search",
            "lexical": document(words),
        },
        "dup-a": {"title": f"Same title {prefix}", "lexical": document(words)},
        "dup-b": {"title": f"Same title {prefix}", "lexical": document(words)},
        "to-draft": {"lexical": document(link(f"__GHOST_URL__/{prefix}-draft/"))},
        "to-missing": {"lexical": document(link(f"__GHOST_URL__/{prefix}-gone/"))},
        "empty": {"lexical": document(lexical.paragraph(""))},
        "untagged": {"tags": [], "lexical": document(words)},
        "gated": {
            "lexical": document(
                words,
                {"type": "html", "version": 1, "html": "<p>Paid</p>", "visibility": PAID_ONLY},
            )
        },
    }
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        for name, spec in specs.items():
            slug = f"{prefix}-{name}"
            body = {"title": f"Post {slug}", "slug": slug, **fine, **spec}
            made[name] = admin.posts.add(body).slug
        # the clean post links to itself, a published post of the site
        clean = admin.posts.read(slug=made["clean"])
        blocks = document(link(f"__GHOST_URL__/{made['clean']}/"), image("A picture"))
        admin.posts.edit(clean.id, {"lexical": blocks, "updated_at": clean.updated_at})
        yield made
        admin.posts.bulk_delete(f"slug:~^'{prefix}'")


def env_for(ghost: LiveGhost, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GHOST_URL": ghost.url,
        "GHOST_ADMIN_API_KEY": ghost.admin_key,
        "GHOSTKIT_DATA_DIR": str(tmp_path),
        "GHOSTKIT_CONFIG": str(tmp_path / "c.toml"),
    }


def test_lint_finds_exactly_what_each_post_breaks(
    ghost: LiveGhost, posts: dict[str, Any], tmp_path: Path
) -> None:
    env = env_for(ghost, tmp_path)
    selected = ("lint", "--filter", f"slug:~^'{posts['prefix']}'", "--json")
    done = cli.run(env, *selected)
    assert done.returncode == 1, done.stderr  # rules marked as errors found something
    report = json.loads(done.stdout)
    found = {(f["post"], f["rule"], f["severity"]) for f in report["findings"]}
    assert found == {
        (posts["alt"], "image-alt", "warning"),
        (posts["meta"], "meta-description", "warning"),
        (posts["long"], "title-length", "warning"),
        (posts["dup-a"], "duplicate-title", "warning"),
        (posts["dup-b"], "duplicate-title", "warning"),
        (posts["to-draft"], "link-to-draft", "error"),
        (posts["to-missing"], "link-to-missing", "error"),
        (posts["empty"], "empty", "error"),
        (posts["untagged"], "no-tags", "warning"),
        (posts["gated"], "card-visibility", "warning"),
    }
    assert len(report["findings"]) == len(found)
    assert report["checked"] == {"posts": 12} and report["errors"] == 3
    assert {r["id"] for r in report["rules"]} >= {"image-alt", "card-visibility"}
    by_rule = {f["rule"]: f for f in report["findings"]}
    assert by_rule["image-alt"]["where"] == "image card, block 2"
    assert by_rule["link-to-draft"]["where"] == "inline link"
    assert f"a draft post ({posts['draft']})" in by_rule["link-to-draft"]["message"]
    assert "paid members" in by_rule["card-visibility"]["message"]
    assert all(
        set(f) == {"post", "resource", "rule", "severity", "message", "where"}
        for f in report["findings"]
    )

    clean = cli.run(env, "lint", "--filter", f"slug:{posts['clean']}", "--json")
    assert clean.returncode == 0, clean.stderr
    assert json.loads(clean.stdout)["findings"] == []

    table = cli.run(env, *selected[:-1])
    assert table.returncode == 1 and "link-to-missing" in table.stdout
    assert "3 errors, 7 warnings in 12 posts" in table.stderr


def test_lint_runs_the_rules_asked_for(
    ghost: LiveGhost, posts: dict[str, Any], tmp_path: Path
) -> None:
    env = env_for(ghost, tmp_path)
    selected = ("lint", "--filter", f"slug:~^'{posts['prefix']}'", "--json")

    def findings(*options: str, code: int) -> set[tuple[str, str]]:
        done = cli.run(env, *selected, *options)
        assert done.returncode == code, done.stderr
        return {(f["rule"], f["post"]) for f in json.loads(done.stdout)["findings"]}

    assert findings("--rule", "title-length", "--rule", "no-tags", code=0) == {
        ("title-length", posts["long"]),
        ("no-tags", posts["untagged"]),
    }
    assert findings("--rule", "no-tags", "--error", "no-tags", code=1) == {
        ("no-tags", posts["untagged"])
    }
    warned = findings(
        "--warn", "empty", "--warn", "link-to-draft", "--warn", "link-to-missing", code=0
    )
    assert len(warned) == 10
    skipped = findings(
        "--rule", "!empty", "--skip", "link-to-draft", "--skip", "link-to-missing", code=0
    )
    assert {rule for rule, _ in skipped} == {
        "image-alt",
        "meta-description",
        "title-length",
        "duplicate-title",
        "no-tags",
        "card-visibility",
    }
    refused = cli.run(env, *selected, "--rule", "no-such-rule")
    assert refused.returncode == 2 and "no lint rule is called 'no-such-rule'" in refused.stderr
