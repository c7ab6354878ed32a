"""A resource that refuses, by name, the fields Ghost would drop from a write."""

from __future__ import annotations

from typing import Any, TypeVar

from ghostkit.clients._async.resource import AsyncResource, Data, as_body
from ghostkit.models.base import GhostModel
from ghostkit.models.fields import refuse_unknown

T = TypeVar("T", bound=GhostModel)


class AsyncCheckedResource(AsyncResource[T]):
    """`add` and `edit` raise `ConfigurationError` for a field Ghost does not take (it
    would save the item without it, silently); fields Ghost itself sends are let through."""

    def _input(self, data: Data) -> dict[str, Any]:
        body = as_body(data)
        refuse_unknown(self.spec.name, body)
        return body

    async def add(self, data: Data, **params: Any) -> T:
        return await super().add(self._input(data), **params)

    async def edit(self, id: str, data: Data, **params: Any) -> T:
        return await super().edit(id, self._input(data), **params)
