"""Which links a transform acts on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

GHOST_URL = "__GHOST_URL__"
"""What Ghost stores in place of the site's own URL in links inside content."""


@dataclass(frozen=True)
class LinkSelector:
    """All links by default; narrowed by any of the options, which must all hold.

    - `external_only`: leave links to the site itself: relative links, in-page anchors,
      `__GHOST_URL__/...` and absolute links to `site_url`'s host;
    - `domains`: only links to these hosts (and their subdomains);
    - `pattern`: only URLs this regular expression finds a match in.
    """

    external_only: bool = False
    domains: tuple[str, ...] = ()
    pattern: str | None = None
    site_url: str | None = None

    def __post_init__(self) -> None:
        if self.pattern is not None:
            re.compile(self.pattern)  # fail early on a bad expression

    def selects(self, url: str | None) -> bool:
        target = (url or "").strip()
        if self.external_only and self.is_internal(target):
            return False
        if self.domains:
            host = _host(target)
            if not host or not any(host == d or host.endswith("." + d) for d in self._domains):
                return False
        return not (self.pattern is not None and not re.search(self.pattern, target))

    @property
    def _domains(self) -> list[str]:
        return [d.lower().lstrip(".") for d in self.domains]

    def is_internal(self, url: str) -> bool:
        if not url or url.startswith((GHOST_URL, "#", "?", ".")):
            return True
        if url.startswith("/") and not url.startswith("//"):
            return True  # "//host/path" is another site unless its host is this one's
        try:
            parts = urlsplit(url)
        except ValueError:  # such as a broken IPv6 host: not a URL of this site
            return False
        if not parts.scheme and not parts.netloc:
            return True  # a relative path such as "about/"
        if self.site_url and parts.netloc:
            return parts.netloc.lower() == urlsplit(self.site_url).netloc.lower()
        return False

    def describe(self) -> str:
        parts = ["external links" if self.external_only else "all links"]
        if self.domains:
            parts.append("to " + ", ".join(self.domains))
        if self.pattern:
            parts.append(f"matching /{self.pattern}/")
        return " ".join(parts)


def _host(url: str) -> str:
    if url.startswith("//"):
        url = "http:" + url
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # such as a broken IPv6 host
        return ""


ALL_LINKS = LinkSelector()
