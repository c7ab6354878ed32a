"""Resources declared as data: what a client and the CLI need to know about each one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ghostkit.core.urls import Api

if TYPE_CHECKING:
    from ghostkit.models.base import GhostModel

BROWSE, READ, ADD, EDIT, DELETE, COPY, BULK = (
    "browse",
    "read",
    "add",
    "edit",
    "delete",
    "copy",
    "bulk",
)
ALL_VERBS = frozenset({BROWSE, READ, ADD, EDIT, DELETE})


@dataclass(frozen=True)
class ResourceSpec:
    """One Ghost resource.

    `key` is the envelope key (`{"posts": [...]}`), `path` the URL path below the API root,
    `read_by` the ways a single object can be read (`id`, `slug`, `email`), and
    `edit_needs_updated_at` whether Ghost refuses an edit without the current `updated_at`,
    `edit_sends_id` whether an edit's body must repeat the id (Ghost 5's comments refuse
    one without), `model_name` the name of its model class in `ghostkit.models`.
    """

    name: str
    model_name: str
    verbs: frozenset[str] = ALL_VERBS
    read_by: tuple[str, ...] = ("id", "slug")
    api: Api = "admin"
    path: str = ""
    key: str = ""
    edit_needs_updated_at: bool = False
    edit_sends_id: bool = False

    @property
    def model(self) -> type[GhostModel]:
        """The model class, imported on first use (the CLI's start-up never needs it)."""
        import ghostkit.models

        model: type[GhostModel] = getattr(ghostkit.models, self.model_name)
        return model

    @property
    def url_path(self) -> str:
        return self.path or f"{self.name}/"

    @property
    def envelope(self) -> str:
        return self.key or self.name

    def supports(self, verb: str) -> bool:
        return verb in self.verbs
