"""`ghostkit links rewrite`: move every URL of posts and pages by rules, previewed and
journaled, through the same run as `links strip`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ghostkit.cli.bulk import (
    ALL,
    CONCURRENCY,
    DRY_RUN,
    FILTER,
    JSON,
    PAGES,
    POSTS,
    REPORT,
    YES,
    check_filter,
    resources,
    run_and_report,
    site_label,
)
from ghostkit.cli.context import SITE

if TYPE_CHECKING:
    from ghostkit.content.url_rules import UrlRules


def rules_from_options(
    from_: list[str],
    to: list[str],
    map_file: Path | None,
    regex: tuple[str, str] | None,
    pairs: dict[str, str] | None = None,
) -> UrlRules:
    """The rules the command line gives: `--from`/`--to` in pairs, `--map` and any exact
    `pairs` found otherwise (the CSV's rows win), and `--regex`."""
    from ghostkit.content.url_rules import Prefix, UrlRules, read_pairs
    from ghostkit.core.errors import ConfigurationError

    if len(from_) != len(to):
        raise ConfigurationError(
            f"{len(from_)} --from and {len(to)} --to: each --from needs its --to",
            hint="ghostkit links rewrite --from https://old.example --to https://new.example",
        )
    exact = dict(pairs or {})
    if map_file is not None:
        exact.update(read_pairs(map_file))
    return UrlRules(
        pairs=exact,
        prefixes=tuple(Prefix(old, new) for old, new in zip(from_, to, strict=True)),
        regex=regex,
    )


def rewrite(
    ctx: typer.Context,
    from_: list[str] = typer.Option(
        [],
        "--from",
        help="A URL prefix to move (a domain, or a domain and path); matches at a host or "
        "path boundary. Repeatable, each with its --to.",
        metavar="PREFIX",
    ),
    to: list[str] = typer.Option(
        [], "--to", help="What the --from before it becomes.", metavar="PREFIX"
    ),
    map_file: Path = typer.Option(
        None,
        "--map",
        help="A CSV file of exact old,new URL pairs (a first row old,new is a header).",
        metavar="FILE.csv",
        dir_okay=False,
    ),
    regex: tuple[str, str] = typer.Option(
        None,
        "--regex",
        help="A Python regular expression and its replacement (\\1, \\g<name>), applied to "
        "URLs no other rule rewrites.",
        metavar="PATTERN REPLACEMENT",
    ),
    include_images: bool = typer.Option(
        False,
        "--include-images",
        help="Also the post's own images: feature_image, og_image, twitter_image "
        "(images in the body are always rewritten).",
    ),
    include_code: bool = typer.Option(
        False, "--include-code", help="Also links and images in code injection (head, foot)."
    ),
    follow_redirects: bool = typer.Option(
        False,
        "--follow-redirects",
        help="Also rewrite each URL the last `links check` found permanently redirected "
        "(301, 308) to where it ends, as exact pairs.",
    ),
    site: str = SITE,
    posts: bool = POSTS,
    pages: bool = PAGES,
    every: bool = ALL,
    filter_: str = FILTER,
    dry_run: bool = DRY_RUN,
    yes: bool = YES,
    concurrency: int = CONCURRENCY,
    report: Path = REPORT,
    as_json: bool = JSON,
) -> None:
    """Rewrite link and image URLs in every matching post: a domain move in one command.

    Every place a URL lives in the body is rewritten: inline links, link cards (bookmark,
    button, call-to-action, header, embed, product, file), image, gallery, video and audio
    cards, <a href> and <img src> in HTML cards and captions, Markdown cards; and
    canonical_url. Links to the site itself stay __GHOST_URL__ links. A URL is rewritten by
    the first rule that applies: an exact --map pair, the longest --from, then --regex.

    Like `links strip`: a plan first (--dry-run shows the diff), every original journaled
    (`ghostkit runs undo RUN` puts it back), saves that never overwrite a newer edit, and
    each post read back as Ghost renders it to check that no old URL is left.

    \b
    Examples:
      ghostkit links rewrite --from https://old.example --to https://new.example --all --dry-run
      ghostkit links rewrite --from http://example.com --to https://example.com --all --yes
      ghostkit links rewrite --from https://x.com/blog/ --to https://x.com/news/ --report plan.html
      echo https://a.example/1,https://b.example/1 > m.csv; ghostkit links rewrite --map m.csv
      ghostkit links rewrite --regex '^https://cdn(\\d)\\.old\\.example/' 'https://cdn.example/\\1/'
    """
    from ghostkit.cli.context import async_admin_client
    from ghostkit.operations.link_results import redirect_pairs
    from ghostkit.operations.rewrite import RewriteLinks

    admin = async_admin_client(ctx, site)
    pairs = redirect_pairs(admin.site_url) if follow_redirects else None
    rules = rules_from_options(from_, to, map_file, regex or None, pairs)
    check_filter(filter_)
    change = RewriteLinks(
        rules,
        include_images=include_images,
        include_code=include_code,
        site_url=admin.site_url,
        map_file=str(map_file) if map_file is not None else None,
    )
    run_and_report(
        admin,
        change,
        resources(posts, pages, every),
        filter_,
        dry_run=dry_run,
        yes=yes,
        concurrency=concurrency,
        as_json=as_json,
        site=site_label(ctx, site),
        report=report,
    )
