"""The results of a site's last link check, saved so that later commands act on them.

    from ghostkit.operations.link_results import load_results

    results = load_results("https://blog.example.com")
    results.broken      # {"https://gone.example/page", ...}
    results.redirects   # {"http://old.example/a": "https://new.example/a"} (permanent)

One file per site, `<data dir>/link-checks/<digest of the site URL>.json`, 0600 in a 0700
folder (it lists drafts' links); each check replaces the last.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from ghostkit.config.paths import Paths
from ghostkit.core.errors import ConfigurationError, UsageError
from ghostkit.core.files import PRIVATE, write_file
from ghostkit.operations.journal import private_dir
from ghostkit.operations.lock import public_site_url

VERSION = 1
State = Literal["ok", "broken", "redirected"]
STATES = ("broken", "redirected", "ok")
"""The states, in the order results are shown: what needs attention first."""


@dataclass(frozen=True)
class UrlResult:
    """One URL of the site's content and what checking it found.

    `state`: ok, broken or redirected (it ends well, at `final_url`); `status`, the last
    HTTP status (None for a link to the site checked against its own posts, or when no
    answer came); `error`, why it is broken, in words; `redirects`, each hop as
    `{"url", "status"}`; `permanent`, whether every hop was a 301 or 308; `posts`, the
    slugs of the posts and pages that use it; `internal`, a link to the site itself.
    """

    url: str
    state: State
    status: int | None = None
    error: str | None = None
    final_url: str | None = None
    permanent: bool = False
    redirects: tuple[dict[str, Any], ...] = ()
    posts: tuple[str, ...] = ()
    internal: bool = False

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["redirects"], data["posts"] = list(self.redirects), list(self.posts)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UrlResult:
        if data.get("state") not in STATES or not isinstance(data.get("url"), str):
            raise ValueError(f"not a link check result: {dict(data)!r:.200}")
        return cls(
            url=data["url"],
            state=data["state"],
            status=data.get("status"),
            error=data.get("error"),
            final_url=data.get("final_url"),
            permanent=bool(data.get("permanent")),
            redirects=tuple(dict(hop) for hop in data.get("redirects") or ()),
            posts=tuple(str(slug) for slug in data.get("posts") or ()),
            internal=bool(data.get("internal")),
        )


@dataclass
class CheckResults:
    """Every URL a check looked at (`results`, by URL as written in the posts), the
    site, when, what was read (`selection`) and how many links were not checked
    (`skipped`: mailto:, tel:, javascript:, in-page anchors)."""

    site: str
    checked_at: str
    results: dict[str, UrlResult] = field(default_factory=dict)
    selection: dict[str, Any] = field(default_factory=dict)
    skipped: int = 0

    @property
    def broken(self) -> set[str]:
        """The URLs found broken."""
        return {url for url, result in self.results.items() if result.state == "broken"}

    @property
    def redirects(self) -> dict[str, str]:
        """URL → where it ends, for URLs that are permanently redirected (301, 308)."""
        return self.redirect_map(permanent_only=True)

    def redirect_map(self, *, permanent_only: bool = True) -> dict[str, str]:
        """URL → final URL of every redirected URL (only permanent ones by default)."""
        return {
            url: result.final_url
            for url, result in self.results.items()
            if result.state == "redirected"
            and result.final_url
            and (result.permanent or not permanent_only)
        }

    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(STATES, 0)
        for result in self.results.values():
            found[result.state] += 1
        return {**found, "skipped": self.skipped}

    def ordered(self, *, every: bool = True) -> list[UrlResult]:
        """The results, broken first, then redirected, then (with `every`) the rest."""
        shown = STATES if every else STATES[:2]
        return sorted(
            (r for r in self.results.values() if r.state in shown),
            key=lambda r: (STATES.index(r.state), r.url),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "site": self.site,
            "checked_at": self.checked_at,
            "selection": self.selection,
            "counts": self.counts(),
            "results": [result.as_dict() for result in self.ordered()],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckResults:
        if data.get("version") != VERSION or not isinstance(data.get("results"), list):
            raise ValueError("not a link check of this version")
        results = [UrlResult.from_dict(row) for row in data["results"]]
        return cls(
            site=str(data.get("site") or ""),
            checked_at=str(data.get("checked_at") or ""),
            results={result.url: result for result in results},
            selection=dict(data.get("selection") or {}),
            skipped=int((data.get("counts") or {}).get("skipped") or 0),
        )


def results_dir() -> Path:
    """Where checks are saved: beside the run journals in ghostkit's data folder."""
    return Paths.from_env().data / "link-checks"


def results_path(site_url: str, folder: Path | None = None) -> Path:
    digest = hashlib.sha256(public_site_url(site_url).encode()).hexdigest()[:24]
    return (folder or results_dir()) / f"{digest}.json"


def save_results(results: CheckResults, folder: Path | None = None) -> Path:
    """Write `results` as the site's last check (0600 in a 0700 folder); its path."""
    path = results_path(results.site, folder)
    private_dir(path.parent)
    write_file(path, json.dumps(results.as_dict(), indent=1, ensure_ascii=False), mode=PRIVATE)
    return path


def load_results(site_url: str, folder: Path | None = None) -> CheckResults:
    """The last check saved for the site at `site_url`; a `UsageError` when there is none."""
    path = results_path(site_url, folder)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(
            f"no link check saved for {public_site_url(site_url)}",
            hint="run `ghostkit links check` first",
        ) from None
    try:
        return CheckResults.from_dict(json.loads(text))
    except (ValueError, TypeError, AttributeError) as exc:
        raise ConfigurationError(
            f"the saved link check {path} cannot be read ({exc})",
            hint="run `ghostkit links check` again to replace it",
        ) from None


def broken_links(site_url: str, folder: Path | None = None) -> frozenset[str]:
    """The URLs the site's last check found broken (what `links strip --broken` strips)."""
    return frozenset(load_results(site_url, folder).broken)


def redirect_pairs(site_url: str, folder: Path | None = None) -> dict[str, str]:
    """Old URL → final URL of each URL the site's last check found permanently redirected
    (what `links rewrite --follow-redirects` rewrites); a `UsageError` when there is none."""
    results = load_results(site_url, folder)
    if not results.redirects:
        raise UsageError(
            f"the link check of {results.checked_at} found no permanent redirect to follow",
            hint="run `ghostkit links check` again, or leave out --follow-redirects",
        )
    return results.redirects
