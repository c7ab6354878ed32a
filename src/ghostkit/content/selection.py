"""Which links a transform acts on."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ghostkit.core.errors import ConfigurationError

GHOST_URL = "__GHOST_URL__"
"""What Ghost stores in place of the site's own URL in links inside content."""


@dataclass(frozen=True)
class LinkSelector:
    """All links by default; narrowed by any of the options, which must all hold.

    - `external_only`: leave links to the site itself: relative links, in-page anchors,
      `__GHOST_URL__/...` and absolute links to `site_url`'s host;
    - `domains`: only links to these hosts (and their subdomains); a URL stands for its
      host, and an empty or malformed domain is refused (it would select nothing);
    - `pattern`: only URLs this regular expression finds a match in;
    - `urls`: only these URLs, exactly as written (say, those a link check found broken).
    """

    external_only: bool = False
    domains: tuple[str, ...] = ()
    pattern: str | None = None
    site_url: str | None = None
    urls: frozenset[str] | None = None

    def __post_init__(self) -> None:
        if self.pattern is not None:
            re.compile(self.pattern)  # fail early on a bad expression
        if isinstance(self.domains, str):  # one domain passed as a string, not a tuple
            object.__setattr__(self, "domains", (self.domains,))
        object.__setattr__(self, "domains", tuple(normalize_domain(d) for d in self.domains))
        if self.urls is not None:
            object.__setattr__(self, "urls", frozenset(str(u).strip() for u in self.urls))

    def selects(self, url: str | None) -> bool:
        target = (url or "").strip()
        if self.urls is not None and target not in self.urls:
            return False
        if self.external_only and self.is_internal(target):
            return False
        if self.domains:
            host = _host(target)
            if not host or not any(host == d or host.endswith("." + d) for d in self._domains):
                return False
        return not (self.pattern is not None and not re.search(self.pattern, target))

    @property
    def _domains(self) -> tuple[str, ...]:
        return self.domains

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
            return _host_and_port(url) == _host_and_port(self.site_url)
        return False

    def describe(self) -> str:
        parts = ["external links" if self.external_only else "all links"]
        if self.domains:
            parts.append("to " + ", ".join(self.domains))
        if self.pattern:
            parts.append(f"matching /{self.pattern}/")
        if self.urls is not None:
            parts.append(f"among {len(self.urls)} URL{'s' if len(self.urls) != 1 else ''}")
        return " ".join(parts)


_LABEL = re.compile(r"^(?!-)[\w-]{1,63}(?<!-)$")


def normalize_domain(text: str) -> str:
    """The host a `--domain` names, in lower case: `example.com`, `.example.com`,
    `*.example.com` and `https://example.com/` all mean example.com and its subdomains.
    An empty or malformed domain, or a URL with a path, is refused: it would select nothing
    (or, for a path, more than was meant)."""
    value = str(text).strip()
    hint = "give a host such as example.com (subdomains included); --match REGEX selects by path"
    if not value:
        raise ConfigurationError("--domain is empty", hint=hint)
    host = value
    if "://" in value or value.startswith("//"):
        try:
            parts = urlsplit(value if "://" in value else "http:" + value)
            host = parts.hostname or ""
            port = parts.port
        except ValueError:
            raise ConfigurationError(f"--domain {value!r} is not a valid URL", hint=hint) from None
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ConfigurationError(
                f"--domain {value!r} has a path; a domain selects every link to its host",
                hint=hint,
            )
        if port is not None or parts.username is not None:
            raise ConfigurationError(f"--domain {value!r} is more than a host", hint=hint)
    host = host.lower().rstrip(".")
    if host.startswith("*."):
        host = host[2:]
    host = host.lstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    labels = host.split(".")
    if not host or len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise ConfigurationError(f"--domain {value!r} is not a domain name", hint=hint)
    return host


def _host_and_port(url: str) -> tuple[str, int | None]:
    """A URL's host and port as written, without any `user:password@`."""
    try:
        parts = urlsplit(url if not url.startswith("//") else "http:" + url)
        return (parts.hostname or "").lower(), parts.port
    except ValueError:
        return "", None


def _host(url: str) -> str:
    if url.startswith("//"):
        url = "http:" + url
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # such as a broken IPv6 host
        return ""


ALL_LINKS = LinkSelector()
