# Generated from clients/_async by scripts/gen_sync.py: edit that, not this.
"""A resource that refuses, by name, the fields Ghost would drop from a write."""

from __future__ import annotations

from typing import Any, TypeVar

from ghostkit.clients._sync.resource import Resource, Data, as_body
from ghostkit.models.base import GhostModel
from ghostkit.models.fields import refuse_unknown

T = TypeVar("T", bound=GhostModel)


class SyncCheckedResource(Resource[T]):
    """`add` and `edit` raise `ConfigurationError` for a field Ghost does not take (it
    would save the item without it, silently); fields Ghost itself sends are let through."""

    def _input(self, data: Data) -> dict[str, Any]:
        body = as_body(data)
        refuse_unknown(self.spec.name, body)
        return body

    def add(self, data: Data, **params: Any) -> T:
        return super().add(self._input(data), **params)

    def edit(self, id: str, data: Data, **params: Any) -> T:
        return super().edit(id, self._input(data), **params)
