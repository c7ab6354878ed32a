"""What the help of each resource's commands says: the examples it shows and who may run them."""

from __future__ import annotations

from ghostkit.resources.spec import ResourceSpec

EXAMPLES: dict[str, tuple[str, str]] = {
    "posts": ('{"title": "Hello", "html": "<p>Hi there.</p>"}', '{"title": "Hello again"}'),
    "pages": ('{"title": "About", "html": "<p>Who we are.</p>"}', '{"title": "About us"}'),
    "tags": ('{"name": "Gardening"}', '{"description": "Posts about gardens"}'),
    "labels": ('{"name": "Early readers"}', '{"name": "First readers"}'),
    "tiers": (
        '{"name": "Gold", "monthly_price": 500, "yearly_price": 5000, "currency": "usd"}',
        '{"description": "Every post, every week"}',
    ),
    "offers": (
        '{"name": "Spring sale", "code": "spring", "display_title": "Spring sale", '
        '"type": "percent", "amount": 20, "cadence": "month", "duration": "once", '
        '"tier": {"id": "TIER_ID"}}',
        '{"display_title": "Spring sale: 20% off"}',
    ),
    "newsletters": ('{"name": "Weekly digest"}', '{"description": "Every Friday"}'),
    "members": ('{"email": "jamie@example.com", "name": "Jamie"}', '{"note": "Met at the fair"}'),
    "users": ("", '{"bio": "Writes about gardens"}'),
    "invites": ('{"email": "sam@example.com", "role_id": "ROLE_ID"}', ""),
    "webhooks": (
        '{"event": "post.published", "target_url": "https://example.com/hook"}',
        '{"target_url": "https://example.com/new-hook"}',
    ),
    "integrations": ('{"name": "Deploy hook"}', '{"description": "Rebuilds the static site"}'),
    "snippets": ('{"name": "Sign-off"}', '{"name": "Signature"}'),
    "comments": (
        '{"post_id": "POST_ID", "member_id": "MEMBER_ID", "html": "<p>Nice post.</p>"}',
        '{"html": "<p>Nice post, thanks.</p>"}',
    ),
}
"""For each resource, the `--data` of its `create` and `edit` examples (each runs against a
real Ghost in the tests; ID, POST_ID, MEMBER_ID, TIER_ID and ROLE_ID stand for real ids)."""

CREATE_OPTIONS = {"posts": " -p source=html", "pages": " -p source=html"}

STAFF_ONLY = {"integrations", "snippets"}
"""Resources an integration key cannot reach at all (Ghost answers 403)."""
STAFF_VERBS = {"users": {"edit", "delete"}, "invites": {"browse", "read", "delete"}}
"""Verbs of other resources that need a staff token or a login."""
STAFF = " Needs a staff token or login."


def staff_note(spec: ResourceSpec, verb: str) -> str:
    """The help's note for a verb only staff can use."""
    return STAFF if spec.name in STAFF_ONLY or verb in STAFF_VERBS.get(spec.name, ()) else ""


def create_example(spec: ResourceSpec) -> str:
    data = EXAMPLES[spec.name][0]
    return f"ghostkit {spec.name} create --data '{data}'{CREATE_OPTIONS.get(spec.name, '')}"


def group_example(spec: ResourceSpec) -> str:
    """The group's example: a verb the resource has (webhooks cannot be listed)."""
    if spec.supports("browse"):
        return f"ghostkit {spec.name} list --limit 5"
    if spec.name == "webhooks":  # another event than create's own example (each runs)
        return (
            "ghostkit webhooks create --data "
            '\'{"event": "member.added", "target_url": "https://example.com/new-member"}\''
        )
    return create_example(spec)
