"""Small builders shared by the tests."""

from __future__ import annotations

import json
import uuid


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
