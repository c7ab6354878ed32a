"""Bulk content operations: plan, preview, apply with a journal, resume, verify and undo."""
