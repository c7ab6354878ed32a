"""After a run stopped: was a save whose answer never came the run's own, or did someone
else edit the post since? What a resume records depends on it (no I/O here).

The journal's `before` record holds the original document and the digest of the document
sent (journals of older releases: the document is made again from the original with the
run's transform). The post as it is now is compared with both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ghostkit.operations.journal import digest
from ghostkit.operations.transforms import FORMATS, Transform

OURS = "ours"
"""The post holds what the run sent: the save landed."""
UNSENT = "unsent"
"""The post holds its original document: the save never landed."""
THEIRS = "theirs"
"""The post holds something else: someone else changed it."""


@dataclass(frozen=True)
class Verdict:
    kind: str
    reason: str = ""
    edited_after: bool = False
    """For OURS: someone changed the post's title or slug after the run's save."""


def sent_document(before: dict[str, Any], transform: Transform) -> str | None:
    """The document the run made from `before`'s original, made again (None if the
    transform cannot make it)."""
    fmt, original = before.get("format"), before.get("document")
    if fmt not in FORMATS or not isinstance(original, str):
        return None
    module = FORMATS[fmt]
    try:
        result = transform(fmt, module.parse(original))
        return str(module.serialize(result.document)) if result.changed else original
    except Exception:
        return None


def verdict(before: dict[str, Any], post: Any, transform: Transform) -> Verdict:
    """Whether `post` (as read now) holds the run's save, its original, or another edit."""
    fmt = "lexical" if post.lexical else "mobiledoc" if post.mobiledoc else None
    document = getattr(post, fmt) if fmt else None
    if fmt is None or not isinstance(document, str):
        return Verdict(THEIRS, "its content was removed by someone else after the run stopped")
    if fmt == before.get("format"):
        if document == before.get("document"):
            return Verdict(UNSENT)
        sent = before.get("sent")
        if not isinstance(sent, str):
            made = sent_document(before, transform)
            sent = digest(made) if made is not None else None
        if sent is not None and digest(document) == sent:
            return _ours(before, post)
        return Verdict(THEIRS, "edited by someone else after the run stopped; left as it is")
    if before.get("format") == "mobiledoc" and fmt == "lexical":
        made = sent_document(before, transform)
        if made is not None and _same_text(made, document):
            return _ours(before, post)  # Ghost 6 turns a saved mobiledoc into Lexical
    return Verdict(THEIRS, "edited by someone else after the run stopped; left as it is")


def _ours(before: dict[str, Any], post: Any) -> Verdict:
    moved = [
        name
        for name in ("slug", "title")
        if isinstance(before.get(name), str) and (getattr(post, name, None) or "") != before[name]
    ]
    if moved:
        return Verdict(
            OURS,
            f"saved by this run, then its {' and '.join(moved)} changed by someone else; "
            "left as it is",
            edited_after=True,
        )
    return Verdict(OURS)


def _same_text(mobiledoc_document: str, lexical_document: str) -> bool:
    try:
        sent = FORMATS["mobiledoc"].visible_text(FORMATS["mobiledoc"].parse(mobiledoc_document))
        now = FORMATS["lexical"].visible_text(FORMATS["lexical"].parse(lexical_document))
    except Exception:
        return False
    return " ".join(str(sent).split()) == " ".join(str(now).split())
