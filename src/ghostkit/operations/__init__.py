"""Bulk content operations: plan, preview, apply with a journal, resume, verify and undo.

from ghostkit.operations import strip_links

summary = strip_links("local", external_only=True)
"""

from ghostkit.operations.api import replace_text, resume, strip_links
from ghostkit.operations.runner import Operation, Summary
from ghostkit.operations.undo import undo

__all__ = ["Operation", "Summary", "replace_text", "resume", "strip_links", "undo"]
