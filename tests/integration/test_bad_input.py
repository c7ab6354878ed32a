"""A catalogue of bad input: each case gives a one-line error that says what to do, a
documented exit code, no traceback, and leaves the server as it was."""

from __future__ import annotations

import http.server
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ghostkit import GhostAdmin
from tests import cli
from tests.conftest import LiveGhost
from tests.faults import FaultProxy
from tests.helpers import tiny_png

ADMIN_OK_SHAPE = "0" * 24 + ":" + "1" * 64


CONFIG_SHAPES = {
    "sites-number": b"sites = 3\n",
    "sites-list": b"sites = [1, 2]\n",
    "site-string": b'[sites]\nx = "https://x.test"\n',
    "url-number": b"[sites.x]\nurl = 5\n",
    "default-number": b'default = 7\n[sites.x]\nurl = "https://x.test"\n',
    "binary": b"\xff\xfe\x00\x01\x89PNG",
}

USER_FILES = {  # Markdown for posts push and backups for restore, of a wrong shape
    "fm-tags-string.md": b"---\ntitle: T\ntags: news\n---\nBody.\n",
    "fm-title-null.md": b"---\ntitle: null\n---\nBody.\n",
    "fm-bad-yaml.md": b"---\ntitle: ok\nexcerpt: a: b\n---\nBody.\n",
    "fm-slug-path.md": b'---\ntitle: T\nslug: "coming-soon/?"\n---\nBody.\n',
    "fm-slug-dotdot.md": b'---\ntitle: T\nslug: "../tags/x"\n---\nBody.\n',
    "fm-unknown.md": b"---\ntitle: T\ntag: news\n---\nBody.\n",
    "fm-id.md": b"---\ntitle: T\nid: ../tags/0\n---\nBody.\n",
    "fm-list.md": b"---\n- a\n- b\n---\nBody.\n",
    "fm-unclosed.md": b"---\ntitle: T\nBody.\n",
    "fm-status.md": b"---\ntitle: T\nstatus: publish\n---\nBody.\n",
    "fm-tags-nested.md": b"---\ntitle: T\ntags: [a, [b]]\n---\nBody.\n",
    "fm-sync.md": b"---\ntitle: T\nghost: 5\n---\nBody.\n",
    "fm-title-number.md": b"---\ntitle: 1.10\n---\nBody.\n",
    "img-parent.md": b"![x](../private.png)\n",  # images a body names, to upload
    "img-climb.md": b"![x](" + b"../" * 30 + b"etc/passwd)\n",
    "img-feature.md": b"---\nfeature_image: ../../etc/passwd\n---\nBody.\n",
    "img-link.md": b"![x](link-out.png)\n",
    "img-missing.md": b"![x](missing.png)\n",
    "img-folder.md": b"![x](data)\n",
    "img-loop.md": b"![x](loop.png)\n",
    "img-nul.md": b"![x](a\x00b.png)\n",
    "img-long.md": b"![x](" + b"x" * 300 + b".png)\n",
    "img-none.md": b"---\ntitle: Not pushed\n---\nNo image.\n",
    "backup-cut.json": b'{"posts": [{"slug": "a", "title": "A"}], "manifest": {"site"',
    "backup-string.json": b'"manifest"',
    "backup-posts-map.json": b'{"posts": {"a": 1}, "manifest": {"counts": {}}}',
    "backup-tags.json": b'{"posts": [{"slug": "a", "tags": "news"}], "manifest": {}}',
    "backup-format.json": b'{"manifest": {"format": "other/2"}}',
}


def _run_line(run_id: str, site: str = "live", **extra: str) -> str:
    record = {"type": "run", "id": f"20200101-000000-{run_id}", "site": site, **extra}
    return json.dumps({**record, "operation": {"kind": "links-strip"}})


_BEFORE = (
    '{"type": "before", "id": "%s", "resource": "posts", "format": "lexical", "document": "{}"}'
)
JOURNALS = {  # run journals of a wrong shape, or of another site
    "0bad": [_run_line("0bad"), '{"type": "done"}'],
    "a11a": [_run_line("a11a"), "[1, 2]"],
    "9a70": [_run_line("9a70"), _BEFORE % "../../tags/x", '{"type": "done", "id": "../../tags/x"}'],
    "0eee": [_BEFORE % ("0" * 24)],
    "51de": [_run_line("51de", "another-site", url="https://another.example")],
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad")
    (root / "notes.txt").write_text("just text")
    (root / "empty.png").write_bytes(b"")
    (root / "broken.json").write_text("{not json")
    (root / "no-root.json").write_text('{"children": []}')
    (root / "latin1.md").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (root / "list.json").write_text("[1, 2]")
    (root / "bad.toml").write_text("[sites\nurl = ")
    (root / "bad.toml").chmod(0o600)
    (root / "open.toml").write_text('[sites.x]\nurl = "https://x.test"\n')
    (root / "open.toml").chmod(0o644)
    for name, data in USER_FILES.items():
        (root / name).write_bytes(data)
    (root / "link-out.png").symlink_to("/etc/passwd")  # a link out of the folder
    (root / "loop.png").symlink_to(root / "loop.png")
    for name, text in CONFIG_SHAPES.items():  # config files of a wrong shape
        (root / f"cfg-{name}.toml").write_bytes(text)
        (root / f"cfg-{name}.toml").chmod(0o600)
    runs = root / "data" / "runs"
    runs.mkdir(parents=True)
    (runs / "20200101-000000-dead.jsonl").write_text(
        '{"type": "run", "id": "20200101-000000-dead"}\n{broken\n{"type": "end"}\n'
    )
    strip_run = {"kind": "links-strip", "external_only": True, "domains": [], "match": None}
    for run_id, operation in (("beef", strip_run), ("cafe", {"kind": "restore"})):
        header = {"type": "run", "id": f"20200101-000000-{run_id}", "site": "live"}
        header |= {"resources": ["posts"], "filter": "id:" + "0" * 24, "operation": operation}
        (runs / f"{header['id']}.jsonl").write_text(json.dumps(header) + "\n")
    for run_id, lines in JOURNALS.items():
        (runs / f"20200101-000000-{run_id}.jsonl").write_text("\n".join(lines) + "\n")
    return root


@pytest.fixture(scope="module")
def not_ghost() -> Iterator[str]:
    """A web server that is not Ghost: 404 pages, and a proxy-style 502 HTML page."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = 502 if "posts" in self.path else 404
            body = b"<html><body><h1>Bad Gateway</h1></body></html>"
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def base_env(ghost: LiveGhost, files: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GHOST_")}
    env |= {"GHOSTKIT_DATA_DIR": str(files / "data"), "GHOSTKIT_CONFIG": str(files / "c.toml")}
    done = cli.run(
        env, "site", "add", "live", "--url", ghost.url, "--admin-key", "-", stdin=ghost.admin_key
    )
    assert done.returncode == 0, done.stderr
    return env


def server_state(ghost: LiveGhost) -> tuple[int, int, int, str]:
    with GhostAdmin(ghost.url, key=ghost.admin_key) as admin:
        posts = admin.posts.browse(limit=1, order="updated_at desc", fields="id,updated_at")
        return (
            posts.pagination.total,
            admin.tags.browse(limit=1).pagination.total,
            admin.members.browse(limit=1).pagination.total,
            posts.items[0].updated_at if posts.items else "",
        )


LONG_TITLE = "x" * 300
KEY_64 = "1" * 64

# (id, argv with {files} and {not_ghost} placeholders, environment changes, exit code, text)
CASES = [
    (
        "admin key too short",
        ["site", "add", "k1", "--url", "https://x.test", "--admin-key", "0" * 24 + ":" + "1" * 60],
        {},
        3,
        "secret part has 60",
    ),
    (
        "admin key not hex",
        ["site", "add", "k2", "--url", "https://x.test", "--admin-key", "z" * 24 + ":" + KEY_64],
        {},
        3,
        "id part",
    ),
    (
        "admin key without colon",
        ["site", "add", "k3", "--url", "https://x.test", "--admin-key", "0" * 88],
        {},
        3,
        "no ':'",
    ),
    (
        "content key as admin key",
        [
            "site",
            "add",
            "k4",
            "--url",
            "https://x.test",
            "--admin-key",
            "0123456789abcdef0123456789",
        ],
        {},
        3,
        "looks like a Content API key",
    ),
    (
        "admin key as content key",
        ["site", "add", "k5", "--url", "https://x.test", "--content-key", ADMIN_OK_SHAPE],
        {},
        3,
        "looks like an Admin API key",
    ),
    (
        "content key wrong length",
        ["site", "add", "k6", "--url", "https://x.test", "--content-key", "abc"],
        {},
        3,
        "not 26 hex",
    ),
    (
        "staff token malformed",
        ["site", "add", "k7", "--url", "https://x.test", "--staff-token", "nope"],
        {},
        3,
        "staff access token",
    ),
    (
        "env admin key malformed",
        ["posts", "list"],
        {"GHOST_URL": "{ghost}", "GHOST_ADMIN_API_KEY": "abc"},
        3,
        "Admin API key is not valid",
    ),
    (
        "unknown admin key",
        ["posts", "list"],
        {"GHOST_URL": "{ghost}", "GHOST_ADMIN_API_KEY": ADMIN_OK_SHAPE},
        4,
        "Unknown Admin API Key",
    ),
    (
        "url without scheme",
        ["site", "add", "u1", "--url", "example.com"],
        {},
        3,
        "https://example.com",
    ),
    (
        "url not http",
        ["site", "add", "u2", "--url", "ftp://example.com"],
        {},
        3,
        "not an http(s) URL",
    ),
    (
        "unreachable host",
        ["posts", "list"],
        {"GHOST_URL": "http://127.0.0.1:9", "GHOST_ADMIN_API_KEY": ADMIN_OK_SHAPE},
        8,
        "could not reach",
    ),
    (
        "https to an http site",
        ["posts", "list"],
        {"GHOST_URL": "{ghost_https}", "GHOST_ADMIN_API_KEY": ADMIN_OK_SHAPE},
        8,
        "could not reach",
    ),
    (
        "not a Ghost site",
        ["tags", "list"],
        {"GHOST_URL": "{not_ghost}", "GHOST_ADMIN_API_KEY": ADMIN_OK_SHAPE},
        5,
        "404",
    ),
    (
        "HTML error page from a proxy",
        ["posts", "list"],
        {"GHOST_URL": "{not_ghost}", "GHOST_ADMIN_API_KEY": ADMIN_OK_SHAPE},
        10,
        "502",
    ),
    (
        "site check on a non-Ghost site",
        ["site", "check", "fake"],
        {},
        4,
        "does not answer like a Ghost site",
    ),
    ("filter unbalanced bracket", ["posts", "list", "--filter", "id:[a,b"], {}, 7, "filter"),
    ("filter unescaped quote", ["posts", "list", "--filter", "title:'it's'"], {}, 7, "filter"),
    ("filter unknown field", ["posts", "list", "--filter", "nosuchfield:1"], {}, 7, "400"),
    ("upload missing file", ["images", "upload", "{files}/missing.png"], {}, 2, "does not exist"),
    ("upload wrong type", ["images", "upload", "{files}/notes.txt"], {}, 7, "415"),
    ("upload empty file", ["images", "upload", "{files}/empty.png"], {}, 7, ""),
    (
        "lexical file not json",
        ["posts", "new", "--title", "x", "--lexical", "{files}/broken.json"],
        {},
        3,
        "not a Lexical document",
    ),
    (
        "lexical without root",
        ["posts", "new", "--title", "x", "--lexical", "{files}/no-root.json"],
        {},
        3,
        "no root",
    ),
    (
        "lexical and mobiledoc",
        ["posts", "create", "--data", '{"title": "x", "lexical": "{}", "mobiledoc": "{}"}'],
        {},
        7,
        "422",
    ),
    (
        "title over 255",
        ["posts", "create", "--data", json.dumps({"title": LONG_TITLE})],
        {},
        7,
        "title",
    ),
    (
        "markdown not utf-8",
        ["posts", "new", "--title", "x", "--markdown", "{files}/latin1.md"],
        {},
        3,
        "not UTF-8",
    ),
    ("data not json", ["tags", "create", "--data", "{nope"], {}, 3, "not valid JSON"),
    (
        "data not an object",
        ["tags", "create", "--data", "@{files}/list.json"],
        {},
        3,
        "JSON object",
    ),
    ("data file missing", ["tags", "create", "--data", "@{files}/missing.json"], {}, 3, "no file"),
    ("missing profile", ["posts", "list", "--site", "nowhere"], {}, 3, "known profiles"),
    ("bad toml", ["site", "list"], {"GHOSTKIT_CONFIG": "{files}/bad.toml"}, 3, "not valid TOML"),
    (
        "config readable by others",
        ["site", "list"],
        {"GHOSTKIT_CONFIG": "{files}/open.toml"},
        3,
        "chmod 600",
    ),
    (
        "config is a directory",
        ["site", "list"],
        {"GHOSTKIT_CONFIG": "{files}"},
        3,
        "is a directory",
    ),
    ("missing run", ["runs", "show", "20990101-000000-0000"], {}, 3, "no run"),
    ("corrupt journal line", ["runs", "show", "20200101-000000-dead"], {}, 3, "damaged at line 2"),
    ("undo missing run", ["runs", "undo", "20990101-000000-0000", "--yes"], {}, 3, "no run"),
    (
        "bad --match regex",
        ["links", "strip", "--match", "([", "--dry-run"],
        {},
        3,
        "regular expression",
    ),
    (
        "bad replace regex",
        ["replace", "([", "x", "--regex", "--dry-run"],
        {},
        3,
        "regular expression",
    ),
    (
        "bad --link-cards",
        ["links", "strip", "--link-cards", "burn", "--dry-run"],
        {},
        3,
        "--link-cards",
    ),
    (
        "schedule at an unreadable time",
        ["posts", "schedule", "000000000000000000000000", "--at", "next blue moon"],
        {},
        3,
        "timezone",
    ),
    (
        "segment without newsletter",
        ["posts", "publish", "000000000000000000000000", "--segment", "status:free"],
        {},
        3,
        "newsletter",
    ),
    ("settings without =", ["settings", "set", "title"], {}, 3, "KEY=VALUE"),
    ("api param without =", ["api", "GET", "posts/", "-p", "limit"], {}, 3, "key=value"),
    (
        "local instance bad name",
        ["local", "status", "--name", "bad name!"],
        {},
        11,
        "letters, digits",
    ),
    ("strip without --yes and no terminal", ["links", "strip"], {}, 2, "--yes"),
    # -- cases: journal and runs
    (
        "data folder is a file",
        ["links", "strip", "--yes", "--filter", "tag:no-such-tag-anywhere"],
        {"GHOSTKIT_DATA_DIR": "{files}/notes.txt"},
        1,
        "cannot make the folder",
    ),
    ("run id with ../", ["runs", "show", "../runs/20200101-000000-dead"], {}, 3, "not a run id"),
    ("run id of 5,000 characters", ["runs", "show", "9" * 5000], {}, 3, "is not a run id"),
    ("undo run id with ../", ["runs", "undo", "../../x", "--yes"], {}, 3, "is not a run id"),
    ("run id with a separator", ["runs", "show", "a/20200101-000000-dead"], {}, 3, "not a run id"),
    ("resume run id with ../", ["links", "strip", "--resume", "../x", "--yes"], {}, 3, "run id"),
    ("journal line without id", ["runs", "show", "20200101-000000-0bad"], {}, 3, "without an id"),
    (
        "undo journal line without id",
        ["runs", "undo", "20200101-000000-0bad", "--yes"],
        {},
        3,
        "without an id",
    ),
    ("journal line not an object", ["runs", "show", "20200101-000000-a11a"], {}, 3, "JSON object"),
    (
        "journal item id that is a path",
        ["runs", "undo", "20200101-000000-9a70", "--yes"],
        {},
        3,
        "not a Ghost id",
    ),
    ("journal without its run", ["runs", "show", "20200101-000000-0eee"], {}, 3, "no run record"),
    ("undo damaged journal", ["runs", "undo", "20200101-000000-dead", "--yes"], {}, 3, "line 2"),
    (
        "undo on another site",
        ["runs", "undo", "20200101-000000-51de", "--site", "live", "--yes"],
        {},
        3,
        "was made on 'another-site'",
    ),
    (
        "undo on another site, global --site",
        ["--site", "live", "runs", "undo", "20200101-000000-51de", "--yes"],
        {},
        3,
        "was made on 'another-site'",
    ),
    (
        "show with another site",
        ["runs", "show", "20200101-000000-51de", "--site", "live"],
        {},
        3,
        "was made on",
    ),
    (
        "resume damaged journal",
        ["links", "strip", "--resume", "20200101-000000-0bad", "--yes"],
        {},
        3,
        "without an id",
    ),
    # -- cases: bulk runs and links
    ("local reset without --yes and no terminal", ["local", "reset"], {}, 2, "--yes"),
    ("match empty", ["links", "strip", "--match", "", "--dry-run"], {}, 3, "--match is empty"),
    (
        "undo without --yes and no terminal",
        ["runs", "undo", "20200101-000000-beef"],
        {},
        2,
        "--yes",
    ),
    ("replace without --yes and no terminal", ["replace", "a", "b"], {}, 2, "--yes"),
    (
        "resume without --yes and no terminal",
        ["runs", "resume", "20200101-000000-beef"],
        {},
        2,
        "--yes",
    ),
    ("domain empty", ["links", "strip", "--domain", "", "--dry-run"], {}, 3, "--domain is empty"),
    (
        "domain a URL with a path",
        ["links", "strip", "--domain", "https://example.com/blog/", "--dry-run"],
        {},
        3,
        "has a path",
    ),
    (
        "domain with a space",
        ["links", "strip", "--domain", "exa mple.com", "--dry-run"],
        {},
        3,
        "not a domain name",
    ),
    (
        "domain with a port",
        ["links", "strip", "--domain", "https://example.com:8443", "--dry-run"],
        {},
        3,
        "more than a host",
    ),
    (
        "external-only and only the site's own domain",
        ["links", "strip", "--external-only", "--domain", "127.0.0.1", "--dry-run"],
        {},
        2,
        "no link would be selected",
    ),
    ("strip filter empty", ["links", "strip", "--filter", "", "--yes"], {}, 3, "--filter is empty"),
    ("replace filter blank", ["replace", "a", "b", "--filter", " ", "--yes"], {}, 3, "empty"),
    ("links list filter empty", ["links", "list", "--filter", ""], {}, 3, "--filter is empty"),
    ("strip filter on yg", ["links", "strip", "--filter", "yg:1", "--yes"], {}, 3, "every item"),
    ("set filter on yg", ["posts", "set", "featured=true", "--filter", "-yg:x"], {}, 3, "'yg'"),
    (
        "resume of a missing run",
        ["links", "strip", "--resume", "20990101-000000-0000", "--yes"],
        {},
        3,
        "no run",
    ),
    (
        "resume with another filter",
        ["links", "strip", "--resume", "20200101-000000-beef", "--filter", "tag:x", "--yes"],
        {},
        2,
        "ran with other options",
    ),
    (
        "resume with another domain",
        ["links", "strip", "--resume", "20200101-000000-beef", "--domain", "x.com", "--yes"],
        {},
        2,
        "--domain",
    ),
    (
        "resume with pages",
        ["links", "strip", "--resume", "20200101-000000-beef", "--pages", "--yes"],
        {},
        2,
        "the run's: posts",
    ),
    (
        "resume on another site",
        ["links", "strip", "--resume", "20200101-000000-beef", "--site", "other", "--yes"],
        {},
        3,
        "other",
    ),
    (
        "links strip resume of a restore run",
        ["links", "strip", "--resume", "20200101-000000-cafe", "--yes"],
        {},
        2,
        "restore run",
    ),
    (
        "runs resume of a restore run",
        ["runs", "resume", "20200101-000000-cafe", "--yes"],
        {},
        2,
        "restore run",
    ),
    # -- cases: content transforms
    (
        "--match lookbehind of no fixed width",
        ["links", "strip", "--match", "(?<=a+)b", "--dry-run"],
        {},
        3,
        "not a valid regular expression",
    ),
    (
        "replace regex that can only match empty",
        ["replace", "(?<=x)", "-", "--regex", "--dry-run"],
        {},
        3,
        "empty",
    ),
    ("replace empty FIND", ["replace", "", "x", "--dry-run"], {}, 3, "FIND is empty"),
    (
        "replace empty FIND regex",
        ["replace", "", "x", "--regex", "--dry-run"],
        {},
        3,
        "FIND is empty",
    ),
    ("replace regex star", ["replace", "x*", "y", "--regex", "--dry-run"], {}, 3, "match empty"),
    ("replace regex \\b alone", ["replace", "\\b", "-", "--regex", "--dry-run"], {}, 3, "empty"),
    ("replace regex lookahead", ["replace", "(?=a)", "-", "--regex", "--dry-run"], {}, 3, "empty"),
    ("replace regex alternative", ["replace", "a|", "-", "--regex", "--dry-run"], {}, 3, "empty"),
    (
        "replace template without group",
        ["replace", "a", "\\1", "--regex", "--dry-run"],
        {},
        3,
        "not a valid template",
    ),
    (
        "replace template unknown name",
        ["replace", "(?P<n>a)", "\\g<m>", "--regex", "--dry-run"],
        {},
        3,
        "not a valid template",
    ),
    (
        "replace template trailing backslash",
        ["replace", "a", "\\", "--regex", "--dry-run"],
        {},
        3,
        "not a valid template",
    ),
    (
        "replace regex unbalanced",
        ["replace", "a)", "b", "--regex", "--dry-run"],
        {},
        3,
        "regular expression",
    ),
    # -- cases: client core
    (
        "site URL with a broken IPv6 host",
        ["site", "add", "u6", "--url", "http://[::1"],
        {},
        3,
        "cannot be read",
    ),
    (
        "site URL with a port past 65535",
        ["site", "add", "u7", "--url", "http://127.0.0.1:99999"],
        {},
        3,
        "cannot be read",
    ),
    (
        "site URL with a space",
        ["site", "add", "u8", "--url", "http://exa mple.com"],
        {},
        3,
        "space",
    ),
    (
        "site URL without a host",
        ["site", "add", "u9", "--url", "http://:2368"],
        {},
        3,
        "with a host",
    ),
    (
        "site URL with a password and a bad scheme",
        ["site", "add", "u10", "--url", "ftp://ed:s3cret-pass@x.test"],
        {},
        3,
        "ftp://ed:***@x.test",
    ),
    ("list above Ghost 6's cap", ["tags", "list", "--limit", "500"], {}, 3, "cap of 100"),
    ("list of zero per page", ["tags", "list", "--limit", "0"], {}, 3, "not a page size"),
    (
        "list of a negative page size",
        ["members", "list", "--limit", "-5"],
        {},
        3,
        "not a page size",
    ),
    (
        "api path climbing out of the API",
        ["api", "GET", "../../members/api/member/"],
        {},
        3,
        "climbs out",
    ),
    (
        "api absolute URL",
        ["api", "GET", "https://example.invalid/steal"],
        {},
        3,
        "not a path below",
    ),
    # -- cases: client features
    (
        "webhook for an event Ghost never sends",
        [
            "webhooks",
            "create",
            "--data",
            '{"event": "post.create", "target_url": "https://x.test/h"}',
        ],
        {},
        3,
        "post.added",
    ),
    (
        "webhook to a relative target",
        ["webhooks", "create", "--data", '{"event": "post.added", "target_url": "hooks/ghost"}'],
        {},
        3,
        "not an http(s) URL",
    ),
    (
        "post with an unknown visibility",
        ["posts", "create", "--data", '{"title": "x", "visibility": "secret"}'],
        {},
        3,
        "visibility 'secret'",
    ),
    (
        "member with a newsletter by slug",
        ["members", "create", "--data", '{"email": "x@example.com", "newsletters": ["default"]}'],
        {},
        3,
        "newsletters must be a list",
    ),
    (
        "post with a body field",
        ["posts", "create", "--data", '{"title": "x", "body": "<p>y</p>"}'],
        {},
        3,
        "no field body",
    ),
    (
        "post with author and tag",
        ["posts", "create", "--data", '{"title": "x", "author": "a", "tag": "b"}'],
        {},
        3,
        "author, tag",
    ),
    (
        "page with a content field",
        ["pages", "create", "--data", '{"title": "x", "content": "y"}'],
        {},
        3,
        "no field content",
    ),
    (
        "post with markdown and html",
        ["posts", "create", "--data", '{"title": "x", "markdown": "a", "html": "<p>b</p>"}'],
        {},
        3,
        "markdown or html",
    ),
    (
        "post with markdown of a number",
        ["posts", "create", "--data", '{"title": "x", "markdown": 5}'],
        {},
        3,
        "markdown must be text",
    ),
    (
        "post with a misspelt field",
        ["posts", "create", "--data", '{"title": "x", "custom_exerpt": "y"}'],
        {},
        3,
        "custom_excerpt",
    ),
    (
        "tag with a colour",
        ["tags", "create", "--data", '{"name": "x", "colour": "#f00"}'],
        {},
        3,
        "accent_color",
    ),
    (
        "label with a description",
        ["labels", "create", "--data", '{"name": "x", "description": "y"}'],
        {},
        3,
        "no field description",
    ),
    (
        "member with a first name",
        ["members", "create", "--data", '{"email": "x@example.com", "first_name": "A"}'],
        {},
        3,
        "first_name",
    ),
    (
        "tier with a price",
        ["tiers", "create", "--data", '{"name": "x", "price": 5}'],
        {},
        3,
        "no field price",
    ),
    (
        "snippet with a content field",
        ["snippets", "create", "--data", '{"name": "x", "content": "y"}'],
        {},
        3,
        "no field content",
    ),
    (
        "webhook with a url field",
        ["webhooks", "create", "--data", '{"event": "post.added", "url": "https://example.com/h"}'],
        {},
        3,
        "no field url",
    ),
    # -- cases: site profiles and config
    (
        "config sites is a number",
        ["site", "list"],
        {"GHOSTKIT_CONFIG": "{files}/cfg-sites-number.toml"},
        3,
        "`sites` as a number",
    ),
    (
        "config sites is a list",
        ["site", "show", "x"],
        {"GHOSTKIT_CONFIG": "{files}/cfg-sites-list.toml"},
        3,
        "`sites` as a list",
    ),
    (
        "config site is a string",
        ["site", "add", "y", "--url", "https://y.test"],
        {"GHOSTKIT_CONFIG": "{files}/cfg-site-string.toml"},
        3,
        "the site 'x' as a string",
    ),
    (
        "config url is a number",
        ["posts", "list", "--site", "x"],
        {"GHOSTKIT_CONFIG": "{files}/cfg-url-number.toml"},
        3,
        "`url` of site 'x' as a number",
    ),
    (
        "config url is a number, site check",
        ["site", "check", "x"],
        {"GHOSTKIT_CONFIG": "{files}/cfg-url-number.toml"},
        3,
        "`url` of site 'x'",
    ),
    (
        "config default is a number",
        ["posts", "list"],
        {"GHOSTKIT_CONFIG": "{files}/cfg-default-number.toml"},
        3,
        "`default` as a number",
    ),
    (
        "config is a device",
        ["site", "list"],
        {"GHOSTKIT_CONFIG": "/dev/null"},
        3,
        "not a regular file",
    ),
    (
        "config is binary",
        ["site", "use", "x"],
        {"GHOSTKIT_CONFIG": "{files}/cfg-binary.toml"},
        3,
        "not UTF-8",
    ),
    (
        "site add over another url",
        ["site", "add", "live", "--url", "https://other.test"],
        {},
        3,
        "already has another URL",
    ),
    (
        "site add over another admin key",
        ["site", "add", "live", "--admin-key", ADMIN_OK_SHAPE],
        {},
        3,
        "--replace",
    ),
    (
        "site add new without url",
        ["site", "add", "nourl", "--admin-key", ADMIN_OK_SHAPE],
        {},
        3,
        "needs its URL",
    ),
    (
        "site add empty admin key",
        ["site", "add", "e1", "--url", "https://x.test", "--admin-key", ""],
        {},
        3,
        "--admin-key is empty",
    ),
    (
        "site add admin key from empty stdin",
        ["site", "add", "e2", "--url", "https://x.test", "--admin-key", "-"],
        {},
        3,
        "stdin holds nothing",
    ),
    (
        "site add two keys from empty stdin",
        ["site", "add", "e3", "--url", "https://x.test", "--admin-key", "-", "--content-key", "-"],
        {},
        3,
        "admin key, then content key",
    ),
    (
        "site add named all",
        ["site", "add", "all", "--url", "https://x.test"],
        {},
        3,
        "--site all",
    ),
    (
        "site add name with a space",
        ["site", "add", "my blog", "--url", "https://x.test"],
        {},
        3,
        "not a short name",
    ),
    ("site add remove unknown", ["site", "add", "live", "--remove", "colour"], {}, 3, "admin-key"),
    (
        "site add remove url",
        ["site", "add", "live", "--remove", "url"],
        {},
        3,
        "not a saved value",
    ),
    (
        "site add password without email",
        ["site", "add", "pw", "--url", "https://x.test", "--password", "Long-enough-pw-1"],
        {},
        3,
        "--email",
    ),
    (
        "site add bad email",
        ["site", "add", "em", "--url", "https://x.test", "--email", "nope"],
        {},
        3,
        "not an email address",
    ),
    (
        "site add unknown version",
        ["site", "add", "v1", "--url", "https://x.test", "--version", "latest"],
        {},
        3,
        '"auto"',
    ),
    ("site remove missing", ["site", "remove", "nope", "--yes"], {}, 3, "known sites: "),
    ("site remove without a terminal", ["site", "remove", "live"], {}, 2, "--yes"),
    ("site use missing", ["site", "use", "nope"], {}, 3, "known profiles: "),
    ("site show missing", ["site", "show", "nope"], {}, 3, "known profiles: "),
    ("api unknown method", ["api", "PATCH", "posts/"], {}, 3, "GET, POST, PUT or DELETE"),
    ("api paginate a POST", ["api", "POST", "posts/", "--paginate"], {}, 3, "GET only"),
    (
        "site add password prompt without a terminal or stdin",
        ["site", "add", "pp", "--url", "https://x.t", "--email", "a@b.c", "--password", "prompt"],
        {},
        3,
        "nothing on stdin",
    ),
    (
        "site add staff token from empty stdin",
        ["site", "add", "st", "--url", "https://x.test", "--staff-token", "-"],
        {},
        3,
        "staff token",
    ),
    # -- cases: command line
    (
        "thumbnail for an image",
        ["images", "upload", "{files}/empty.png", "--thumbnail", "{files}/empty.png"],
        {},
        2,
        "media uploads only",
    ),
    (
        "unknown upload purpose",
        ["images", "upload", "{files}/empty.png", "--purpose", "banner"],
        {},
        2,
        "profile_image",
    ),
    (
        "purpose for a file upload",
        ["files", "upload", "{files}/notes.txt", "--purpose", "icon"],
        {},
        2,
        "image uploads only",
    ),
    ("--site all for one item", ["tags", "get", "news", "--site", "all"], {}, 2, "listings only"),
    (
        "--site all to change",
        ["settings", "set", "title=x", "--site", "all"],
        {},
        2,
        "listings only",
    ),
    ("list an unknown field", ["posts", "list", "--fields", "titel"], {}, 2, "no field 'titel'"),
    (
        "delete without --yes and no terminal",
        ["tags", "delete", "000000000000000000000000"],
        {},
        2,
        "--yes",
    ),
    ("members import a binary file", ["members", "import", "/bin/sh"], {}, 3, "binary data"),
    (
        "members import without an email column",
        ["members", "import", "{files}/notes.txt"],
        {},
        3,
        "no email column",
    ),
    ("members import an empty file", ["members", "import", "{files}/empty.png"], {}, 3, "empty"),
    ("members import not utf-8", ["members", "import", "{files}/latin1.md"], {}, 3, "not UTF-8"),
    (
        "member named by email",
        ["members", "get", "someone@example.com"],
        {},
        2,
        "members list --filter",
    ),
    ("get --by id with a slug", ["tags", "get", "news", "--by", "id"], {}, 2, "--by slug"),
    ("get --by a way it lacks", ["tags", "get", "a@b.test", "--by", "email"], {}, 2, "not by"),
    ("delete by a non-id", ["members", "delete", "hello", "--yes"], {}, 2, "24 hex"),
    (
        "webhook edit by a non-id",
        ["webhooks", "edit", "hook", "--data", '{"target_url": "https://example.com/x"}'],
        {},
        2,
        "24 hex",
    ),
    (
        "edit with empty data",
        ["tags", "edit", "000000000000000000000000", "--data", "{}"],
        {},
        2,
        "nothing to change",
    ),
    ("get an empty key", ["posts", "get", ""], {}, 2, "empty"),
    ("new with an empty title", ["posts", "new", "--title", " "], {}, 2, "--title is empty"),
    (
        "new with an empty tag",
        ["posts", "new", "--title", "x", "--tag", ""],
        {},
        2,
        "--tag is empty",
    ),
    (
        "new with an unknown status",
        ["posts", "new", "--title", "x", "--status", "later"],
        {},
        2,
        "not draft or published",
    ),
    (
        "schedule in the past",
        ["posts", "schedule", "000000000000000000000000", "--at", "2020-01-01 09:00", "--yes"],
        {},
        3,
        "in the past",
    ),
    ("settings get unknown key", ["settings", "get", "no_such_setting"], {}, 5, "no setting"),
    ("settings set unknown key", ["settings", "set", "no_such_setting=1"], {}, 5, "no setting"),
    ("get an unknown slug", ["posts", "get", "no-such-slug-anywhere"], {}, 5, "404"),
    (
        "publish an unknown slug",
        ["posts", "publish", "no-such-slug-anywhere"],
        {},
        5,
        "404",
    ),
    (
        "limit over the cap, --quiet after",
        ["posts", "list", "--limit", "500", "--quiet"],
        {},
        3,
        "100",
    ),
    # -- cases: files, push, pull and backup
    ("push image in ..", ["posts", "push", "{files}/img-parent.md"], {}, 3, "outside the folder"),
    ("push image climbing to /", ["posts", "push", "{files}/img-climb.md"], {}, 3, "etc/passwd"),
    ("push feature_image in ..", ["posts", "push", "{files}/img-feature.md"], {}, 3, "outside"),
    ("push image linked out", ["posts", "push", "{files}/img-link.md"], {}, 3, "link-out.png"),
    ("push image missing", ["posts", "push", "{files}/img-missing.md"], {}, 3, "does not exist"),
    ("push image a folder", ["posts", "push", "{files}/img-folder.md"], {}, 3, "not a file"),
    ("push image a link loop", ["posts", "push", "{files}/img-loop.md"], {}, 3, "loop"),
    ("push image with a NUL", ["posts", "push", "{files}/img-nul.md"], {}, 3, "NUL"),
    ("push image name too long", ["posts", "push", "{files}/img-long.md"], {}, 3, "too long"),
    (
        "push --dry-run image outside",
        ["posts", "push", "--dry-run", "{files}/img-parent.md"],
        {},
        3,
        "outside the folder",
    ),
    (
        "push checks every file's images first",
        ["posts", "push", "{files}/img-none.md", "{files}/img-parent.md"],
        {},
        3,
        "img-parent.md",
    ),
    ("push tags not a list", ["posts", "push", "{files}/fm-tags-string.md"], {}, 3, "tags"),
    ("push title null", ["posts", "push", "{files}/fm-title-null.md"], {}, 3, "title"),
    ("push title a number", ["posts", "push", "{files}/fm-title-number.md"], {}, 3, "quotes"),
    ("push bad yaml", ["posts", "push", "{files}/fm-bad-yaml.md"], {}, 3, "YAML at line 3"),
    ("push slug with /?", ["posts", "push", "{files}/fm-slug-path.md"], {}, 3, "slug"),
    ("push slug with ..", ["posts", "push", "{files}/fm-slug-dotdot.md"], {}, 3, "slug"),
    ("push unknown field", ["posts", "push", "{files}/fm-unknown.md"], {}, 3, "'tag'"),
    ("push id not an id", ["posts", "push", "{files}/fm-id.md"], {}, 3, "not a post id"),
    ("push front matter a list", ["posts", "push", "{files}/fm-list.md"], {}, 3, "not fields"),
    ("push no closing ---", ["posts", "push", "{files}/fm-unclosed.md"], {}, 3, "no closing"),
    ("push unknown status", ["posts", "push", "{files}/fm-status.md"], {}, 3, "draft"),
    ("push nested tags", ["posts", "push", "{files}/fm-tags-nested.md"], {}, 3, "tags"),
    ("push sync record not a record", ["posts", "push", "{files}/fm-sync.md"], {}, 3, "ghost"),
    ("push not utf-8", ["posts", "push", "{files}/latin1.md"], {}, 3, "not UTF-8"),
    (
        "push checks every file first",
        ["posts", "push", "{files}/fm-title-null.md", "{files}/fm-tags-string.md"],
        {},
        3,
        "fm-title-null.md",
    ),
    ("pull under a file", ["posts", "pull", "{files}/notes.txt/sub"], {}, 3, "is a file"),
    ("backup --out under a file", ["backup", "--out", "{files}/notes.txt/b.json"], {}, 3, "file"),
    ("restore a list", ["restore", "{files}/list.json", "--dry-run"], {}, 3, "a list"),
    ("restore not json", ["restore", "{files}/broken.json", "--dry-run"], {}, 3, "damaged"),
    ("restore cut short", ["restore", "{files}/backup-cut.json", "--dry-run"], {}, 3, "cut short"),
    ("restore a string", ["restore", "{files}/backup-string.json", "--dry-run"], {}, 3, "a str"),
    (
        "restore posts a mapping",
        ["restore", "{files}/backup-posts-map.json", "--dry-run"],
        {},
        3,
        "posts is a mapping",
    ),
    (
        "restore tags a string",
        ["restore", "{files}/backup-tags.json", "--dry-run"],
        {},
        3,
        "posts[1].tags",
    ),
    (
        "restore another format",
        ["restore", "{files}/backup-format.json", "--dry-run"],
        {},
        3,
        "other/2",
    ),
    ("restore a markdown file", ["restore", "{files}/latin1.md", "--dry-run"], {}, 3, "UTF-8"),
    ("backup --out too long", ["backup", "--out", "{files}/" + "x" * 300], {}, 3, "too long"),
    ("pull into a name too long", ["posts", "pull", "{files}/" + "x" * 300], {}, 3, "too long"),
    ("pull into a file", ["posts", "pull", "{files}/notes.txt"], {}, 2, "notes.txt"),
    ("push a folder", ["posts", "push", "{files}"], {}, 2, "is a directory"),
    ("restore a folder", ["restore", "{files}", "--dry-run"], {}, 2, "is a directory"),
    # -- cases: local Ghost
    ("local port above the range", ["local", "up", "--port", "70000"], {}, 2, "65535"),
    ("local port zero", ["local", "up", "--port", "0"], {}, 2, "greater than or equal to 1"),
    (
        "reset of an instance that does not exist",
        ["local", "reset", "--name", "nosuch", "--yes"],
        {},
        11,
        "no instance named 'nosuch'",
    ),
    ("local logs of a path-like name", ["local", "logs", "--name", "../x"], {}, 11, "letters"),
    ("local down of a path-like name", ["local", "down", "--name", "a/b"], {}, 11, "letters"),
]


@pytest.mark.parametrize(
    ("argv", "changes", "code", "says"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_input(
    argv: list[str],
    changes: dict[str, str],
    code: int,
    says: str,
    base_env: dict[str, str],
    files: Path,
    not_ghost: str,
    ghost: LiveGhost,
) -> None:
    fill = {
        "{files}": str(files),
        "{not_ghost}": not_ghost,
        "{ghost}": ghost.url,
        "{ghost_https}": ghost.url.replace("http://", "https://"),
    }

    def filled(text: str) -> str:
        for key, value in fill.items():
            text = text.replace(key, value)
        return text

    env = {**base_env, **{k: filled(v) for k, v in changes.items()}}
    if argv[:3] == ["site", "check", "fake"]:
        assert (
            cli.run(
                env, "site", "add", "fake", "--url", not_ghost, "--admin-key", ADMIN_OK_SHAPE
            ).returncode
            == 0
        )
    before = server_state(ghost)
    done = cli.run(env, *[filled(a) for a in argv])
    assert done.returncode == code, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    if code != 2 and argv[:2] != ["site", "check"]:  # usage errors are click's own text
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert lines and lines[0].startswith("error: "), done.stderr
        assert len([line for line in lines if line.startswith("error: ")]) == 1
    assert says in done.stderr + done.stdout
    assert server_state(ghost) == before


def test_staff_token_of_a_suspended_user(ghost: LiveGhost, base_env: dict[str, str]) -> None:
    """Ghost answers a suspended user's token with a bare 404 on every request; ghostkit says
    what that means instead of "not found"."""
    user = ghost.new_staff_user()
    with GhostAdmin(ghost.url, email=user.email, password=user.password) as session:
        token = session.users.staff_token()
    cli.EXTRA_SECRETS |= {"staff token": token, "staff password": user.password}
    added = cli.run(
        base_env, "site", "add", "suspended", "--url", ghost.url, "--staff-token", "-", stdin=token
    )
    assert added.returncode == 0, added.stderr
    assert cli.run(base_env, "posts", "list", "--site", "suspended").returncode == 0
    with GhostAdmin(ghost.url, email=ghost.email, password=ghost.password) as owner:
        owner.users.edit(user.id, {"status": "inactive"})
    before = server_state(ghost)

    done = cli.run(base_env, "posts", "list", "--site", "suspended")
    assert done.returncode == 5, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: 404 NotFoundError")
    assert "suspended or locked" in done.stderr

    checked = cli.run(base_env, "site", "check", "suspended")
    assert checked.returncode == 4, checked.stdout
    assert "FAIL staff token: refused: the token's user is not active" in checked.stdout
    assert server_state(ghost) == before


def test_an_upload_larger_than_a_proxy_allows(
    ghost: LiveGhost, base_env: dict[str, str], tmp_path: Path
) -> None:
    """A 200 MB image through a proxy with an 8 MB body limit: a clear 413 error, and the
    file is streamed, not read into memory."""
    huge = tmp_path / "huge.png"
    with huge.open("wb") as handle:
        handle.write(tiny_png())
        handle.truncate(200 * 1024 * 1024)
    small = tmp_path / "small.png"
    small.write_bytes(tiny_png())
    with FaultProxy(ghost.url, rate=0, max_body=8 * 1024 * 1024) as proxy:
        env = {**base_env, "GHOST_URL": proxy.url, "GHOST_ADMIN_API_KEY": ghost.admin_key}
        done, peak_kib = cli.run_measured(env, "images", "upload", str(huge))
        fits = cli.run(env, "images", "upload", str(small))
    assert done.returncode == 7, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: 413 RequestTooLargeError"), done.stderr
    assert "client_max_body_size" in done.stderr
    assert proxy.injected["413"] == 1
    assert peak_kib < 150 * 1024, f"the upload peaked at {peak_kib // 1024} MiB"
    assert fits.returncode == 0 and fits.stdout.strip().endswith("small.png"), fits.stderr
