"""Turning a listing response into typed items and pagination, shared by both clients."""

from __future__ import annotations

import functools
import json
from typing import Any

from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypedDict

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
    content: bytes, model: type[GhostModel], key: str
) -> tuple[list[Any], Pagination]:
    """The typed items and the pagination of a listing.

    pydantic parses the JSON and builds the models in one pass, which is faster than
    `json.loads` alone followed by validation. An answer of another shape (no body, or not
    Ghost's envelope) is read leniently instead, as an empty or partial page.
    """
    try:
        listing = _envelope_adapter(model, key).validate_json(content)
    except ValidationError:
        try:
            body = json.loads(content) if content else None
        except ValueError:
            body = None
        listing = {key: list_adapter(model).validate_python(unwrap_list(body, key))}
        listing["meta"] = body.get("meta", {}) if isinstance(body, dict) else {}
    meta = listing.get("meta") or {}
    return listing.get(key, []), Pagination.model_validate(meta.get("pagination") or {})
