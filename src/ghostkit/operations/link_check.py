"""`links check`: every URL the selected posts and pages use, each checked once.

Links to other sites are asked over HTTP (`link_probe`). Links to the site itself (its
own URL, `__GHOST_URL__`, relative links) are judged by its own posts and pages, read
once, with the rules `lint` uses (`site_index`): a published one is ok, a draft, a
scheduled or an email-only one is broken. Every other address of the site (a post's
address nobody has, which Ghost's redirects may still send on; tags, images, feeds,
posts under custom permalinks) is asked over HTTP at its public URL, by the same client
as other sites: the Admin key never goes with them.

    import asyncio
    from ghostkit import AsyncGhostAdmin
    from ghostkit.operations.link_check import check_site

    async def main():
        async with AsyncGhostAdmin.from_env() as admin:
            results = await check_site(admin)
            print(results.counts(), sorted(results.broken))

    asyncio.run(main())
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from ghostkit.clients._async.admin import AsyncGhostAdmin
from ghostkit.content.selection import GHOST_URL, LinkSelector
from ghostkit.content.urls import list_urls
from ghostkit.operations.change import Selection
from ghostkit.operations.link_probe import Checker, CheckOptions, Probe
from ghostkit.operations.link_results import CheckResults, UrlResult
from ghostkit.operations.lock import public_site_url
from ghostkit.operations.site_index import SiteIndex, read_site_index
from ghostkit.operations.transforms import FORMATS

Progress = Callable[[str, int, int], None]
SKIPPED_SCHEMES = ("mailto:", "tel:", "sms:", "javascript:", "data:")
IMAGE_FIELDS = ("feature_image", "og_image", "twitter_image")
MISSING = "no post or page of the site has this address"


def site_verdict(index: SiteIndex, url: str) -> UrlResult | None:
    """What the site's own posts and pages say about `url`, a link to the site, by the
    rules `lint` uses (`site_index`): ok when it leads to a published one, broken when
    to a draft, scheduled or email-only one; None when they cannot tell, and the address
    is asked for over HTTP. An address that is no post's is asked too (Ghost's redirects
    may send it on, which the Admin API cannot show); `MISSING` explains its 404."""
    if index.published(url):
        return UrlResult(url, "ok", internal=True)
    target = index.target(url)
    if target is None or target.kind == "missing":
        return None
    error = f"links to {target.what}, which visitors cannot open"
    return UrlResult(url, "broken", error=error, internal=True)


def is_missing(index: SiteIndex, url: str) -> bool:
    """Whether `url` has the address of a post or page that the site does not have."""
    target = index.target(url)
    return target is not None and target.kind == "missing"


async def used_urls(
    admin: AsyncGhostAdmin, selection: Selection, progress: Progress | None = None
) -> dict[str, list[str]]:
    """Every URL the selected posts and pages use (links, cards, images), as written,
    with the slugs of the posts that use it."""
    found: dict[str, list[str]] = {}
    read = 0
    for name in selection.resources:
        async for post in getattr(admin, name).iter(
            filter=selection.filter, formats="lexical,mobiledoc"
        ):
            read += 1
            if progress:
                progress("plan", read, 0)
            for url in post_urls(post, admin.site_url):
                users = found.setdefault(url, [])
                if post.slug not in users:
                    users.append(post.slug)
    return found


def post_urls(post: Any, site_url: str | None = None) -> list[str]:
    """The URLs of one post: those of its body (`content.urls`: links, cards, images),
    and its feature and social images."""
    urls = [getattr(post, name) for name in IMAGE_FIELDS]
    fmt = "lexical" if post.lexical else "mobiledoc" if post.mobiledoc else None
    if fmt is not None:
        document = FORMATS[fmt].parse(getattr(post, fmt))
        urls += [found.url for found in list_urls(fmt, document, site_url=site_url)]
    return [url.strip() for url in urls if isinstance(url, str) and url.strip()]


def skipped(url: str) -> bool:
    """Links that are not checked: in-page anchors, mail, phone and script links."""
    return url.startswith("#") or url.lower().startswith(SKIPPED_SCHEMES)


def absolute(url: str, site_url: str) -> str:
    """A link to the site made absolute on its public URL (no `user:password@`)."""
    public = public_site_url(site_url) + "/"
    if url.startswith(GHOST_URL):
        return public.rstrip("/") + url[len(GHOST_URL) :]
    return urljoin(public, url)


async def check_site(
    admin: AsyncGhostAdmin,
    selection: Selection | None = None,
    options: CheckOptions | None = None,
    progress: Progress | None = None,
) -> CheckResults:
    """Check every URL the selected posts and pages use (all posts by default)."""
    chosen = selection or Selection()
    used = await used_urls(admin, chosen, progress)
    own = LinkSelector(site_url=admin.site_url)
    index: SiteIndex | None = None
    results: dict[str, UrlResult] = {}
    to_ask: dict[str, str] = {}  # URL as written -> URL to ask for
    missing: set[str] = set()  # links to the site that no post or page has the address of
    count_skipped = 0
    for url in used:
        if skipped(url):
            count_skipped += 1
        elif own.is_internal(url):
            if index is None:
                index = await read_site_index(admin)
            target = absolute(url, admin.site_url)
            judged = url if index.site_path(url) else target
            verdict = site_verdict(index, judged)
            if verdict is None:
                to_ask[url] = target
                if is_missing(index, judged):
                    missing.add(url)
            else:
                results[url] = replace(verdict, url=url, posts=tuple(used[url]))
        elif urlsplit(url).scheme.lower() in ("http", "https") or url.startswith("//"):
            to_ask[url] = urljoin("https:", url) if url.startswith("//") else url
        else:
            count_skipped += 1
    hook = (lambda done, total: progress("check", done, total)) if progress else None
    probes = await Checker(options).check_all(to_ask.values(), hook)
    for url, target in to_ask.items():
        result = _from_probe(probes[target], url)
        if url in missing and result.status == 404:
            result = replace(result, error=f"404: {MISSING}")
        results[url] = replace(result, posts=tuple(used[url]), internal=own.is_internal(url))
    return CheckResults(
        site=public_site_url(admin.site_url),
        checked_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        results=results,
        selection=chosen.describe(),
        skipped=count_skipped,
    )


def _from_probe(probe: Probe, url: str) -> UrlResult:
    return UrlResult(
        url=url,
        state=probe.state,
        status=probe.status,
        error=probe.error,
        final_url=probe.final_url,
        permanent=probe.permanent,
        redirects=tuple({"url": hop.url, "status": hop.status} for hop in probe.redirects),
    )
