# Generated from clients/_async by scripts/gen_sync.py: edit that, not this.
"""Snippets, which Ghost still validates as mobiledoc."""

from __future__ import annotations

from typing import Any

from ghostkit.clients._sync.checked import SyncCheckedResource
from ghostkit.clients._sync.resource import Data, as_body
from ghostkit.models import Snippet

EMPTY_MOBILEDOC = '{"version":"0.3.1","atoms":[],"cards":[],"markups":[],"sections":[]}'


class SyncSnippetsResource(SyncCheckedResource[Snippet]):
    """Ghost refuses a snippet without `mobiledoc` on add and edit, even when `lexical` is
    given (and Ghost's editor reads the lexical). So `add` sends an empty mobiledoc document
    when none is given, and `edit` sends the snippet's current one: `{"name": ...}` or
    `{"lexical": ...}` alone is enough."""

    def add(self, data: Data, **params: Any) -> Snippet:
        body = as_body(data)
        body.setdefault("mobiledoc", EMPTY_MOBILEDOC)
        return super().add(body, **params)

    def edit(self, id: str, data: Data, **params: Any) -> Snippet:
        body = as_body(data)
        if "mobiledoc" not in body:
            body["mobiledoc"] = (self.read(id)).mobiledoc or EMPTY_MOBILEDOC
        return super().edit(id, body, **params)
