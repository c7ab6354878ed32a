"""The model base class and the page of a listing."""

from __future__ import annotations

from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr

from ghostkit.core.errors import ConfigurationError


class GhostModel(BaseModel):
    """A Ghost object: declared fields typed, undeclared ones kept as they came.

    Fields read as attributes (`post.title`) and, like the dicts they come from, by key
    (`post["title"]`, `post.get("title")`).
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: str | None = None
    count: Counts | None = None
    """With `include="count.posts"` (and the like): `user.count.posts`."""

    def to_dict(self) -> dict[str, Any]:
        """Everything the server sent (and any changes), ready to send back."""
        return self.model_dump(mode="json", exclude_unset=True)

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (
            key in type(self).model_fields or key in (self.model_extra or {})
        )


class Counts(BaseModel):
    """Ghost's `count` object (`{"posts": 3}`): `user.count.posts`, and `count["posts"]`
    as before."""

    model_config = ConfigDict(extra="allow")

    def _values(self) -> dict[str, Any]:
        return dict(self.model_extra or {})

    def __getitem__(self, key: str) -> Any:
        return self._values()[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._values().get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._values()

    def keys(self) -> KeysView[str]:
        return self._values().keys()

    def items(self) -> ItemsView[str, Any]:
        return self._values().items()

    def values(self) -> ValuesView[Any]:
        return self._values().values()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._values() == dict(other)
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]


GhostModel.model_rebuild()


class Pagination(BaseModel):
    model_config = ConfigDict(extra="allow")

    page: int = 1
    limit: int | str = 15
    pages: int = 1
    total: int = 0
    next: int | None = None
    prev: int | None = None


T = TypeVar("T", bound=GhostModel)


class _Listing(BaseModel, Generic[T]):
    items: list[T]
    pagination: Pagination
    _fetch: Callable[[int], Any] | None = PrivateAttr(default=None)

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> T:
        return self.items[index]

    @property
    def has_next(self) -> bool:
        return self.pagination.next is not None

    def fetch_next_with(self, fetch: Callable[[int], Any]) -> None:
        """Set how `next_page()` reads page N (the client that read this page does)."""
        self._fetch = fetch

    def _next_fetch(self) -> Callable[[int], Any]:
        if self._fetch is None:
            raise ConfigurationError(
                "this page was not read by a client, so it cannot fetch the next page",
                hint="call browse() again with page=page.pagination.next",
            )
        return self._fetch


class Page(_Listing[T], Generic[T]):
    """One page of a listing: its items and Ghost's pagination.

    `next_page()` reads the next page with the same query (one request), or gives `None`
    after the last one.
    """

    def next_page(self) -> Page[T] | None:
        if self.pagination.next is None:
            return None
        page: Page[T] = self._next_fetch()(self.pagination.next)
        return page


SyncPage = Page
"""The page the sync client's `browse()` returns (the same class as `Page`)."""


class AsyncPage(_Listing[T], Generic[T]):
    """A page read by an async client: `await page.next_page()`."""

    async def next_page(self) -> AsyncPage[T] | None:
        if self.pagination.next is None:
            return None
        page: AsyncPage[T] = await self._next_fetch()(self.pagination.next)
        return page
