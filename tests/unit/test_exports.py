"""`ghostkit` re-exports every type a user annotates with or catches."""

from __future__ import annotations

import inspect

import ghostkit
from ghostkit.core import errors


def test_every_public_name_imports() -> None:
    for name in ghostkit.__all__:
        assert getattr(ghostkit, name) is not None, name


def test_every_error_class_is_exported() -> None:
    classes = {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value)
        and issubclass(value, BaseException)
        and value.__module__ == errors.__name__
    }
    assert classes <= set(ghostkit.__all__), sorted(classes - set(ghostkit.__all__))


def test_both_page_types_are_exported() -> None:
    assert ghostkit.SyncPage is ghostkit.Page
    assert ghostkit.AsyncPage.__name__ == "AsyncPage"
