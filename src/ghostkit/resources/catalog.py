"""The catalogue of resources, shared by the clients and the CLI.

Each entry says what Ghost 6 serves for the resource: its verbs and how one item can be
read. Endpoints beyond these verbs (publishing, bulk actions, uploads, CSV import) are
methods of the resource's class in the clients.
"""

from __future__ import annotations

from ghostkit.resources.spec import ADD, BROWSE, BULK, COPY, DELETE, EDIT, READ, ResourceSpec

_CRUD = frozenset({BROWSE, READ, ADD, EDIT, DELETE})
_NO_DELETE = frozenset({BROWSE, READ, ADD, EDIT})
_READ_ONLY = frozenset({BROWSE, READ})

# -- Admin API --------------------------------------------------------------------------

POSTS = ResourceSpec("posts", "Post", _CRUD | {COPY, BULK}, edit_needs_updated_at=True)
PAGES = ResourceSpec("pages", "SitePage", _CRUD | {COPY, BULK}, edit_needs_updated_at=True)
TAGS = ResourceSpec("tags", "Tag", _CRUD)
LABELS = ResourceSpec("labels", "Label", _CRUD)
TIERS = ResourceSpec("tiers", "Tier", _NO_DELETE, read_by=("id",))
OFFERS = ResourceSpec("offers", "Offer", _NO_DELETE, read_by=("id",))
NEWSLETTERS = ResourceSpec("newsletters", "Newsletter", _NO_DELETE, read_by=("id",))
MEMBERS = ResourceSpec("members", "Member", _CRUD | {BULK}, read_by=("id",))
USERS = ResourceSpec(
    "users", "User", frozenset({BROWSE, READ, EDIT, DELETE}), read_by=("id", "slug", "email")
)
ROLES = ResourceSpec("roles", "Role", frozenset({BROWSE}), read_by=())
INVITES = ResourceSpec("invites", "Invite", frozenset({BROWSE, READ, ADD, DELETE}), read_by=("id",))
WEBHOOKS = ResourceSpec("webhooks", "Webhook", frozenset({ADD, EDIT, DELETE}), read_by=())
INTEGRATIONS = ResourceSpec("integrations", "Integration", _CRUD, read_by=("id",))
SNIPPETS = ResourceSpec("snippets", "Snippet", _CRUD, read_by=("id",))
COMMENTS = ResourceSpec("comments", "Comment", _NO_DELETE, read_by=("id",), edit_sends_id=True)

ADMIN_RESOURCES = (
    POSTS,
    PAGES,
    TAGS,
    LABELS,
    TIERS,
    OFFERS,
    NEWSLETTERS,
    MEMBERS,
    USERS,
    ROLES,
    INVITES,
    WEBHOOKS,
    INTEGRATIONS,
    SNIPPETS,
    COMMENTS,
)

# -- Content API ------------------------------------------------------------------------

CONTENT_POSTS = ResourceSpec("posts", "Post", _READ_ONLY, api="content")
CONTENT_PAGES = ResourceSpec("pages", "SitePage", _READ_ONLY, api="content")
CONTENT_TAGS = ResourceSpec("tags", "Tag", _READ_ONLY, api="content")
CONTENT_AUTHORS = ResourceSpec("authors", "Author", _READ_ONLY, api="content")
CONTENT_TIERS = ResourceSpec("tiers", "Tier", frozenset({BROWSE}), read_by=(), api="content")
CONTENT_NEWSLETTERS = ResourceSpec(
    "newsletters", "Newsletter", frozenset({BROWSE}), read_by=(), api="content"
)
CONTENT_OFFERS = ResourceSpec("offers", "Offer", frozenset({READ}), read_by=("id",), api="content")
CONTENT_RECOMMENDATIONS = ResourceSpec(
    "recommendations", "Recommendation", frozenset({BROWSE}), read_by=(), api="content"
)

CONTENT_RESOURCES = (
    CONTENT_POSTS,
    CONTENT_PAGES,
    CONTENT_TAGS,
    CONTENT_AUTHORS,
    CONTENT_TIERS,
    CONTENT_NEWSLETTERS,
    CONTENT_OFFERS,
    CONTENT_RECOMMENDATIONS,
)
