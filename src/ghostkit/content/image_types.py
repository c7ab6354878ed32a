"""What an image really is, from its first bytes (no I/O): a server's Content-Type can say
`image/png` of an error page, so a downloaded image is trusted only once its bytes are one
of the kinds Ghost takes as an image upload (its `uploads.images` config)."""

from __future__ import annotations

import re

EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/x-icon": "ico",
    "image/svg+xml": "svg",
}
"""The image types Ghost accepts as uploads, and the extension it wants for each."""

SNIFFED = 1024
"""How many leading bytes `sniff` needs at most."""

_SVG_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*"  # an optional byte order mark, whitespace
    rb"(?:<\?xml[^>]*\?>\s*)?"  # the XML declaration
    rb"(?:(?:<!--.*?-->|<!DOCTYPE\s+svg[^>]*>)\s*)*"  # comments, an SVG doctype
    rb"<svg[\s>]",
    re.DOTALL | re.IGNORECASE,
)


def sniff(data: bytes) -> str | None:
    """The image type `data` begins as ("image/png"...), or None when it is none of the
    types Ghost takes (an HTML page, a PDF, an AVIF, nothing at all)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(data) >= 12 and data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    if len(data) >= 6 and data.startswith(b"\x00\x00\x01\x00") and data[4:6] != b"\x00\x00":
        return "image/x-icon"
    if _SVG_START.match(data[:SNIFFED]):
        return "image/svg+xml"
    return None
