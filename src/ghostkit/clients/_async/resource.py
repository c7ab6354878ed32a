"""One generic resource that implements every verb once, driven by a `ResourceSpec`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from ghostkit.clients._async.base import AsyncBaseClient
from ghostkit.clients.listing import parse_listing
from ghostkit.core.errors import ConfigurationError, NotFoundError, UpdateCollisionError
from ghostkit.core.query import id_filter, page_limit, page_number, unwrap_list, with_id, wrap
from ghostkit.core.urls import check_id, item_path
from ghostkit.models.base import AsyncPage, GhostModel
from ghostkit.resources.spec import ResourceSpec

T = TypeVar("T", bound=GhostModel)

MAX_PAGE = 100
"""The page size `iter()` and `ids()` walk with: what every Ghost serves (Ghost 6 serves at
most 100 items per page, `limit=all` included)."""
ID_ORDER = "id asc"
"""The order `iter` walks by the last id seen, without reading the ids first."""

Data = Mapping[str, Any] | GhostModel
Change = Callable[[Any], Mapping[str, Any]]


def as_body(data: Data) -> dict[str, Any]:
    """A fresh dict of what to send, models inside it turned into plain data; the caller's
    object is never changed."""
    plain = _plain(data)
    assert isinstance(plain, dict)
    return plain


def _plain(value: Any) -> Any:
    if isinstance(value, GhostModel):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class AsyncResource(Generic[T]):
    def __init__(self, client: AsyncBaseClient, spec: ResourceSpec) -> None:
        self._client = client
        self.spec = spec

    def _model(self, item: Mapping[str, Any]) -> T:
        model: T = self.spec.model.model_validate(item)  # type: ignore[assignment]
        return model

    def _require(self, verb: str) -> None:
        if not self.spec.supports(verb):
            raise ConfigurationError(f"Ghost's {self.spec.name} cannot {verb}")

    async def browse(
        self,
        *,
        filter: str | None = None,
        limit: int | str | None = None,
        page: int | None = None,
        order: str | None = None,
        fields: Sequence[str] | str | None = None,
        include: Sequence[str] | str | None = None,
        formats: Sequence[str] | str | None = None,
        **params: Any,
    ) -> AsyncPage[T]:
        """One page of the listing (one request). `limit` is a number or `"all"`; Ghost 6
        serves at most 100 per page (`"all"` included), so above that it is refused there;
        Ghost 5 and older serve more."""
        self._require("browse")
        version = await self._client.api_version()
        query = {
            "filter": filter,
            "limit": page_limit(limit, version.page_cap),
            "page": page_number(page),
            "order": order,
            "fields": fields,
            "include": include,
            "formats": formats,
            **params,
        }
        response = await self._client.send("GET", self.spec.url_path, params=query)
        items, pagination = parse_listing(
            response.content,
            self.spec.model,
            self.spec.envelope,
            method="GET",
            url=str(response.request.url),
        )
        # the items are validated already: build the page without validating them again
        listing = AsyncPage[T].model_construct(items=items, pagination=pagination)
        again: dict[str, Any] = {"filter": filter, "limit": limit, "order": order}
        again |= {"fields": fields, "include": include, "formats": formats, **params}
        listing.fetch_next_with(lambda number: self.browse(**again, page=number))
        return listing

    async def ids(self, *, filter: str | None = None, order: str | None = None) -> list[str]:
        """Every matching id, in order: the snapshot a mutating loop should walk."""
        found: list[str] = []
        page = 1
        while True:
            listing = await self.browse(
                filter=filter, order=order, fields="id", limit=MAX_PAGE, page=page
            )
            found.extend(item.id for item in listing.items if item.id)
            if not listing.has_next:
                return list(dict.fromkeys(found))
            page += 1

    async def iter(
        self,
        *,
        filter: str | None = None,
        order: str | None = None,
        page_size: int = MAX_PAGE,
        **params: Any,
    ) -> AsyncIterator[T]:
        """Every matching item, lazily, each exactly once even if the data changes meanwhile.

        In any order but the id's, the ids are read first (cheap pages of ids only); the
        items are then fetched by id in batches of `page_size`. In id order (`order="id
        asc"`), each page is the next `page_size` items after the last id seen: no id pass
        waits before the first item, and since ids never change none is skipped or
        repeated either. An item deleted meanwhile is left out; one edited meanwhile comes
        as it is when its batch is fetched.
        """
        for option in ("limit", "page"):
            if option in params:
                raise ConfigurationError(
                    f"iter() walks every page itself: it takes no {option}=",
                    hint="give page_size= for the batch size, or use browse() for one page",
                )
        if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
            raise ConfigurationError(
                f"page_size={page_size!r} is not a batch size",
                hint="give a whole number, 1 or more",
            )
        if params.get("fields"):
            params["fields"] = with_id(params["fields"])  # batches are matched by id
        size = min(page_size, MAX_PAGE)
        if order == ID_ORDER:
            async for item in self._after_ids(filter, size, params):
                yield item
            return
        snapshot = await self.ids(filter=filter, order=order)
        for start in range(0, len(snapshot), size):
            batch = snapshot[start : start + size]
            listing = await self.browse(filter=id_filter(batch), limit=len(batch), **params)
            by_id = {item.id: item for item in listing.items}
            for item_id in batch:
                if item_id in by_id:
                    yield by_id[item_id]

    async def _after_ids(
        self, filter: str | None, size: int, params: dict[str, Any]
    ) -> AsyncIterator[T]:
        """Pages in id order, each starting after the last id of the one before."""
        where = filter
        while True:
            listing = await self.browse(filter=where, order=ID_ORDER, limit=size, **params)
            for item in listing.items:
                yield item
            if not listing.has_next or not listing.items:
                return
            after = f"id:>'{check_id(str(listing.items[-1].id))}'"
            where = after if filter is None else f"({filter})+{after}"

    async def read(
        self,
        id: str | None = None,
        *,
        slug: str | None = None,
        email: str | None = None,
        **params: Any,
    ) -> T:
        """One item by id, slug or email (as the resource allows)."""
        self._require("read")
        given = {k: v for k, v in (("id", id), ("slug", slug), ("email", email)) if v is not None}
        if len(given) != 1:
            raise ConfigurationError("read() needs exactly one of id, slug or email")
        ((how, value),) = given.items()
        if how not in self.spec.read_by:
            allowed = ", ".join(self.spec.read_by)
            raise ConfigurationError(f"{self.spec.name} can be read by {allowed}, not by {how}")
        path = item_path(self.spec.url_path, value, by=how)
        body = await self._client.request("GET", path, params=params, key=self.spec.envelope)
        return self._one(body, "GET", path)

    def _one(self, body: Any, method: str, path: str) -> T:
        """The single item of a response. A write's `meta` (such as a newsletter's pending
        sender-email verification) comes along as the item's `meta` field."""
        items = unwrap_list(body, self.spec.envelope)
        if not items:
            raise NotFoundError(
                f"{method} {path} returned no {self.spec.name}", status=404, method=method, url=path
            )
        item = items[0]
        meta = body.get("meta") if isinstance(body, dict) else None
        if meta and "meta" not in item:
            item = {**item, "meta": meta}
        return self._model(item)

    async def add(self, data: Data, **params: Any) -> T:
        """Create an item; returns it as the server stored it."""
        self._require("add")
        body = await self._client.request(
            "POST",
            self.spec.url_path,
            params=params,
            json=wrap(self.spec.envelope, as_body(data)),
            key=self.spec.envelope,
        )
        return self._one(body, "POST", self.spec.url_path)

    async def edit(self, id: str, data: Data, **params: Any) -> T:
        """Change an item. Posts and pages need the `updated_at` you read (Ghost checks it)."""
        self._require("edit")
        path = item_path(self.spec.url_path, id)
        change = as_body(data)
        change.pop("id", None)
        if self.spec.edit_sends_id:
            change["id"] = id
        if self.spec.edit_needs_updated_at and not change.get("updated_at"):
            raise ConfigurationError(
                f"editing {self.spec.name} needs the updated_at you read",
                hint="pass the item's current updated_at, or use update(), which reads it",
            )
        body = await self._client.request(
            "PUT",
            path,
            params=params,
            json=wrap(self.spec.envelope, change),
            key=self.spec.envelope,
        )
        return self._one(body, "PUT", path)

    async def update(
        self,
        id: str,
        change: Change,
        *,
        attempts: int = 3,
        read: Mapping[str, Any] | None = None,
        **params: Any,
    ) -> T:
        """Read the latest, apply `change(item) -> fields`, save; on a collision, start over.

        `change` gets the current item and returns the fields to change; it may run once
        per collision, so it must not have side effects. `read` holds query options for
        the read (such as `formats`), `params` those of the edit (such as `source`).
        """
        for attempt in range(1, attempts + 1):
            current = await self.read(id, **dict(read or {}))
            fields = dict(change(current))
            fields["updated_at"] = current.updated_at  # type: ignore[attr-defined]
            try:
                return await self.edit(id, fields, **params)
            except UpdateCollisionError:
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")

    async def delete(self, id: str) -> None:
        self._require("delete")
        await self._client.request("DELETE", item_path(self.spec.url_path, id))

    async def copy(self, id: str) -> T:
        """A draft copy of a post or page ("(Copy)" added to its title)."""
        self._require("copy")
        path = item_path(self.spec.url_path, id, action="copy")
        body = await self._client.request("POST", path, key=self.spec.envelope)
        return self._one(body, "POST", path)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec.name}>"
