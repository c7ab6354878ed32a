"""Turning a listing response into typed items and pagination, shared by both clients."""

from __future__ import annotations

import functools
from typing import Any

from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypedDict

from ghostkit.core.answers import ghost_json, not_ghost
from ghostkit.core.query import unwrap_list
from ghostkit.models.base import GhostModel, Pagination


@functools.cache
def list_adapter(model: type[GhostModel]) -> TypeAdapter[list[Any]]:
    """Validates a whole page of items in one call (much faster than one by one)."""
    return TypeAdapter(list[model])  # type: ignore[valid-type]


@functools.cache
def _envelope_adapter(model: type[GhostModel], key: str) -> TypeAdapter[Any]:
    """Parses Ghost's `{key: [...], "meta": {...}}` straight from the response bytes."""
    fields = {key: list[model], "meta": dict[str, Any]}  # type: ignore[valid-type]
    envelope = TypedDict(f"{model.__name__}Listing", fields, total=False)  # type: ignore[misc]
    return TypeAdapter(envelope)


def parse_listing(
    content: bytes, model: type[GhostModel], key: str, *, method: str = "GET", url: str = ""
) -> tuple[list[Any], Pagination]:
    """The typed items and the pagination of a listing.

    pydantic parses the JSON and builds the models in one pass, which is faster than
    `json.loads` alone followed by validation. An answer that is not Ghost's envelope
    (no body, not JSON, no `key`) raises `NotGhostError`: it is never an empty page. Inside
    the envelope, entries that are not objects are left out.
    """
    try:
        listing = _envelope_adapter(model, key).validate_json(content)
    except ValidationError:
        body = ghost_json(content, status=200, method=method, url=url, key=key)
        listing = {key: list_adapter(model).validate_python(unwrap_list(body, key))}
        listing["meta"] = body.get("meta") if isinstance(body.get("meta"), dict) else {}
    if key not in listing:
        raise not_ghost(200, method, url, f"JSON with no {key}", content)
    meta = listing.get("meta") or {}
    return listing[key], Pagination.model_validate(meta.get("pagination") or {})
