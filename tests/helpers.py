"""Small builders shared by the tests."""

from __future__ import annotations

import asyncio
import inspect
import json
import uuid
from collections.abc import Callable
from typing import Any


def lexical_doc(*paragraphs: str) -> str:
    """A minimal Lexical document with one paragraph of plain text per argument."""
    children = [
        {
            "type": "paragraph",
            "version": 1,
            "direction": "ltr",
            "format": "",
            "indent": 0,
            "children": [
                {
                    "type": "text",
                    "version": 1,
                    "text": text,
                    "format": 0,
                    "detail": 0,
                    "mode": "normal",
                    "style": "",
                }
            ],
        }
        for text in paragraphs
    ]
    root = {
        "type": "root",
        "version": 1,
        "direction": "ltr",
        "format": "",
        "indent": 0,
        "children": children,
    }
    return json.dumps({"root": root})


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class Caller:
    """Runs client methods the same way whether the client is sync or async.

    The async client lives on one event loop for the whole test, so its pooled
    connections stay valid between calls.
    """

    def __init__(self, client: Any, loop: asyncio.AbstractEventLoop | None) -> None:
        self.client = client
        self.loop = loop
        self.kind = "async" if loop else "sync"

    def __call__(self, target: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        result = target(*args, **kwargs)
        if self.loop is None:
            return list(result) if inspect.isgenerator(result) else result
        if inspect.isasyncgen(result):

            async def drain() -> list[Any]:
                return [item async for item in result]

            return self.loop.run_until_complete(drain())
        return self.loop.run_until_complete(result)

    def close(self) -> None:
        if self.loop is None:
            self.client.close()
        else:
            self.loop.run_until_complete(self.client.aclose())
            self.loop.close()


def both_clients(
    kind: str, sync_factory: Callable[[], Any], async_factory: Callable[[], Any]
) -> Caller:
    if kind == "sync":
        return Caller(sync_factory(), None)
    loop = asyncio.new_event_loop()
    return Caller(async_factory(), loop)


def tiny_png(rgb: bytes = b"\xff\x00\x00", width: int = 1, height: int = 1) -> bytes:
    """A valid PNG of the colour `rgb` (1x1 unless sized), built by hand so the tests need
    no image library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress((b"\x00" + rgb * width) * height)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def tier_body(name: str) -> dict[str, Any]:
    """A public paid tier Ghost accepts without Stripe."""
    return {
        "name": name,
        "monthly_price": 500,
        "yearly_price": 5000,
        "currency": "usd",
        "visibility": "public",
    }


def offer_body(code: str, tier_id: str) -> dict[str, Any]:
    """A 50% first-month offer on a tier."""
    return {
        "name": code,
        "code": code,
        "display_title": "Half off",
        "type": "percent",
        "cadence": "month",
        "amount": 50,
        "duration": "once",
        "tier": {"id": tier_id},
    }


def kept_link_cards(entry: Any, change: Any = None) -> set[str]:
    """The link cards a strip run kept on purpose in one journal entry's post (the cards
    the change keeps, found again from the document the journal holds)."""
    from ghostkit.content.selection import LinkSelector
    from ghostkit.operations.change import Item
    from ghostkit.operations.transforms import StripLinks

    if entry is None or entry.before is None:
        return set()
    change = change or StripLinks(LinkSelector())
    made = change.result(Item(entry.before.resource, entry.before.fields))
    return {link.url for link in made[1].link_cards} if made else set()
