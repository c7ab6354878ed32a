"""The model base class and the page of a listing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict


class GhostModel(BaseModel):
    """A Ghost object: declared fields typed, undeclared ones kept as they came."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Everything the server sent (and any changes), ready to send back."""
        return self.model_dump(mode="json", exclude_unset=True)


class Pagination(BaseModel):
    model_config = ConfigDict(extra="allow")

    page: int = 1
    limit: int | str = 15
    pages: int = 1
    total: int = 0
    next: int | None = None
    prev: int | None = None


T = TypeVar("T", bound=GhostModel)


class Page(BaseModel, Generic[T]):
    """One page of a listing: its items and Ghost's pagination."""

    items: list[T]
    pagination: Pagination

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> T:
        return self.items[index]

    @property
    def has_next(self) -> bool:
        return self.pagination.next is not None
