"""`ghostkit images rehost`: copy the images posts show from other hosts onto the site and
point every reference at the copy, as one journaled, undoable run."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    exit_on_failures,
    resources,
    run_change,
    site_label,
)
from ghostkit.cli.context import SITE

if TYPE_CHECKING:
    from ghostkit.operations.rehost import RehostImages

_SIZE = re.compile(r"(\d+)\s*([kmg]?)(?:i?b)?", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str) -> int:
    """`--max-size`: bytes, or a number with K, M or G (binary: 20M is 20 MiB)."""
    from ghostkit.core.errors import UsageError

    found = _SIZE.fullmatch(text.strip())
    if not found or int(found.group(1)) < 1:
        raise UsageError(
            f"--max-size {text!r} is not a size", hint="give bytes, or say 500K, 20M or 1G"
        )
    return int(found.group(1)) * _UNITS[found.group(2).lower()]


def rehost(
    ctx: typer.Context,
    host: list[str] = typer.Option(
        [],
        "--host",
        help="Only images on this host (and its subdomains; host:port for one port). "
        "Repeatable. Default: every host but the site's own.",
        metavar="HOST",
    ),
    max_size: str = typer.Option(
        "20M", "--max-size", help="The largest image downloaded (bytes, or 500K, 20M, 1G)."
    ),
    timeout: float = typer.Option(
        30.0, "--timeout", min=0.1, help="Seconds one image may take to download, all told."
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
    """Upload the images posts show from other hosts to the site, and point every
    reference at the upload.

    Re-hosted: feature, Open Graph and X images; image and gallery cards; <img> and
    srcset in HTML cards and captions; Markdown images; and the images other cards show
    (bookmark thumbnails and icons, embed thumbnails, product, header, call-to-action and
    signup images, video posters). Video and audio files are left as they are.

    Each image is downloaded once (redirects to http(s) only, at most --max-size, within
    --timeout; its bytes must really be a PNG, JPEG, GIF, WebP, ICO or SVG image, whatever
    the server says), without any of the site's credentials, and uploaded once, however
    many posts show it. An image that cannot be downloaded is left where it is, and said
    why. --dry-run downloads and checks the images and uploads nothing.

    Journaled like every run: each upload is recorded before a post points at it, so
    `ghostkit runs resume RUN` after a crash uploads nothing twice. `ghostkit runs undo RUN`
    puts every original URL back and lists the uploads: Ghost's Admin API cannot delete an
    uploaded image, so they stay in the site's content/images folder.

    \b
    Examples:
      ghostkit images rehost --host cdn.oldblog.example --all --dry-run
      ghostkit images rehost --host cdn.oldblog.example --all --yes
      ghostkit images rehost --host oldblog.example --filter 'tag:imported' --max-size 5M --json
      ghostkit images rehost --host media.example.com:8080 --concurrency 8 --timeout 10 --yes
    """
    from ghostkit.cli.context import async_admin_client
    from ghostkit.cli.plans import outcome_document
    from ghostkit.operations.rehost import ImageHosts, RehostImages

    size = parse_size(max_size)
    check_filter(filter_)
    admin = async_admin_client(ctx, site)
    change = RehostImages(ImageHosts(admin.site_url, tuple(host)), size, timeout, concurrency)
    outcome = run_change(
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
    images = images_document(change, live=outcome.summary is not None)
    if as_json:
        document = {**outcome_document(outcome, dry_run=dry_run), "images": images}
        typer.echo(json.dumps(document, ensure_ascii=False))
    else:
        from ghostkit.cli.plans import report_outcome

        report_outcome(outcome, dry_run=dry_run, as_json=False)
        print_images(images)
    exit_on_failures(outcome.summary.as_dict() if outcome.summary else None)


def images_document(change: RehostImages, *, live: bool) -> dict[str, Any]:
    """What became of each image: uploaded (or, for a plan, would be), or left and why."""
    rehoster = change.rehoster
    if live:
        done = [{"source": u.source, "url": u.url, "size": u.size} for u in rehoster.uploads]
        return {"uploaded": done, "left": dict(rehoster.refused)}
    checked = [{"source": source, "url": None} for source in rehoster.previews]
    return {"would_upload": checked, "left": dict(rehoster.refused)}


def print_images(images: dict[str, Any]) -> None:
    uploaded, planned = images.get("uploaded"), images.get("would_upload")
    if uploaded:
        typer.echo(f"Uploaded {len(uploaded)} images:")
        for upload in uploaded:
            typer.echo(f"  {upload['source']} -> {upload['url']}")
    if planned:
        typer.echo(f"{len(planned)} images would be uploaded (checked: each is an image).")
    for source, why in images["left"].items():
        typer.echo(f"  left {source}: {why}")
