"""Which fields Ghost takes on a write, and which it sends but ignores.

Ghost validates a write against its JSON schemas with `removeAdditional`: a field it does
not know is dropped without a word, so a typo (`colour`), a field of another API (`body`,
`author`) or one of an old client (`markdown`) would save an item without it. ghostkit
refuses such fields by name before anything is sent. Fields Ghost itself sends (`url`,
`excerpt`, `count`, ...) are not mistakes: an item read from Ghost goes back whole, and Ghost
ignores them, as it always has.

The writable fields are those of Ghost 6.65's Admin API schemas
(`@tryghost/admin-api-schema`); the sent ones were read from Ghost 6.65 and 5.130.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from difflib import get_close_matches
from typing import Any

from ghostkit.core.errors import ConfigurationError

_SOCIAL = (
    "og_image",
    "og_title",
    "og_description",
    "twitter_image",
    "twitter_title",
    "twitter_description",
    "meta_title",
    "meta_description",
)
_POST_WRITABLE = (
    "title",
    "slug",
    "mobiledoc",
    "lexical",
    "html",
    "feature_image",
    "feature_image_alt",
    "feature_image_caption",
    "featured",
    "status",
    "locale",
    "visibility",
    "visibility_filter",
    "tiers",
    "updated_at",
    "published_at",
    "custom_excerpt",
    "codeinjection_head",
    "codeinjection_foot",
    "custom_template",
    "canonical_url",
    "authors",
    "tags",
    *_SOCIAL,
)
_POST_SENT = (
    "id",
    "uuid",
    "comment_id",
    "plaintext",
    "created_at",
    "created_by",
    "updated_by",
    "published_by",
    "url",
    "excerpt",
    "reading_time",
    "primary_author",
    "primary_tag",
    "frontmatter",
    "count",
    "email",
    "newsletter",
    "newsletter_id",
    "email_segment",
    "email_recipient_filter",
    "send_email_when_published",
    "post_revisions",
    "sentiment",
    "type",
    "og_image_alt",
    "collections",
    "show_title_and_feature_image",
    "email_only",
    "email_subject",
    "meta",
)

WRITABLE: dict[str, frozenset[str]] = {
    "posts": frozenset((*_POST_WRITABLE, "email_only", "email_subject", "collections")),
    "pages": frozenset((*_POST_WRITABLE, "show_title_and_feature_image")),
    "tags": frozenset(
        (
            "name",
            "slug",
            "description",
            "feature_image",
            "visibility",
            "accent_color",
            "canonical_url",
            "codeinjection_head",
            "codeinjection_foot",
            *_SOCIAL,
        )
    ),
    "labels": frozenset(("name", "slug")),
    "members": frozenset(
        (
            "name",
            "email",
            "note",
            "subscribed",
            "labels",
            "newsletters",
            "comped",
            "products",
            "tiers",
            "subscriptions",
            "stripe_customer_id",
            "can_comment",
            "comment_ban",
            "metafields",
        )
    ),
    "tiers": frozenset(
        (
            "name",
            "slug",
            "description",
            "active",
            "benefits",
            "currency",
            "monthly_price",
            "yearly_price",
            "trial_days",
            "visibility",
            "welcome_page_url",
        )
    ),
    "snippets": frozenset(("name", "lexical", "mobiledoc")),
    "webhooks": frozenset(
        ("event", "target_url", "name", "secret", "api_version", "integration_id")
    ),
}
"""What each resource's schema lets through (posts and pages also take `markdown`, which
ghostkit turns into Lexical)."""

SENT: dict[str, frozenset[str]] = {
    "posts": frozenset(_POST_SENT),
    "pages": frozenset(_POST_SENT),
    "tags": frozenset(("id", "created_at", "updated_at", "count", "url", "parent", "parent_id")),
    "labels": frozenset(("id", "created_at", "updated_at", "count")),
    "members": frozenset(
        (
            "id",
            "uuid",
            "status",
            "created_at",
            "updated_at",
            "attribution",
            "avatar_image",
            "commenting",
            "current_subscription",
            "email_count",
            "email_open_rate",
            "email_opened_count",
            "email_recipients",
            "email_suppression",
            "enable_comment_notifications",
            "enable_updates_and_announcements",
            "geolocation",
            "last_seen_at",
            "unsubscribe_url",
            "offers",
            "firstname",
            "expertise",
            "paid",
            "count",
            "meta",
        )
    ),
    "tiers": frozenset(("id", "type", "created_at", "updated_at", "monthly_price_id", "meta")),
    "snippets": frozenset(("id", "created_at", "updated_at")),
    "webhooks": frozenset(
        (
            "id",
            "status",
            "last_triggered_at",
            "last_triggered_status",
            "last_triggered_error",
            "created_at",
            "updated_at",
        )
    ),
}
"""What Ghost sends for each resource and ignores on a write."""

_MEANT: dict[str, str] = {
    "body": "lexical, markdown or html",
    "content": "lexical, markdown or html",
    "text": "lexical, markdown or html",
    "author": "authors, a list such as [{'email': ...}] or [{'id': ...}]",
    "tag": "tags, a list such as [{'name': ...}]",
    "first_name": "name",
    "last_name": "name",
    "colour": "accent_color",
    "color": "accent_color",
}


def refuse_unknown(resource: str, body: Mapping[str, Any], *, extra: Iterable[str] = ()) -> None:
    """Raise `ConfigurationError` naming every field of `body` that Ghost would drop.

    A resource without a table here is not checked.
    """
    writable = WRITABLE.get(resource)
    if writable is None:
        return
    known = writable | SENT.get(resource, frozenset()) | frozenset(extra)
    unknown = [name for name in body if name not in known]
    if not unknown:
        _refuse_values(resource, body)
        return
    names = ", ".join(unknown)
    noun, pronoun = ("field", "it") if len(unknown) == 1 else ("fields", "them")
    raise ConfigurationError(
        f"{resource} have no {noun} {names}: Ghost would drop {pronoun} without a word",
        hint=_hint(unknown, writable | frozenset(extra)),
    )


def _hint(unknown: list[str], writable: frozenset[str]) -> str:
    ideas = []
    for name in unknown:
        meant = _MEANT.get(name.lower()) or next(
            iter(get_close_matches(name.lower(), sorted(writable), n=1, cutoff=0.75)), None
        )
        if meant:
            ideas.append(f"for {name} use {meant}")
    shown = ", ".join(sorted(writable))
    return "; ".join(ideas) if ideas else f"the fields Ghost takes: {shown}"


VISIBILITIES = ("public", "members", "paid", "tiers")


def _refuse_values(resource: str, body: Mapping[str, Any]) -> None:
    """Values Ghost takes without a word and then does the wrong thing with."""
    if resource in ("posts", "pages"):
        visibility = body.get("visibility")
        if visibility is not None and visibility not in VISIBILITIES:
            # Ghost 6.65 answers 500 "Query Error" after taking it as a filter
            raise ConfigurationError(
                f"visibility {visibility!r} is not one of Ghost's",
                hint=f"one of: {', '.join(VISIBILITIES)} (tiers with a tiers list)",
            )
    if resource == "webhooks":
        _refuse_webhook_values(body)
    if resource == "members":
        newsletters = body.get("newsletters")
        if newsletters is not None:
            items = newsletters if isinstance(newsletters, list) else [newsletters]
            if not isinstance(newsletters, list) or any(
                not isinstance(item, Mapping) or not item.get("id") for item in items
            ):
                # Ghost drops a newsletter given by name or as a string: no subscription
                raise ConfigurationError(
                    "a member's newsletters must be a list of {'id': ...}: Ghost drops a "
                    "newsletter given by name, slug or as text, and subscribes to none",
                    hint="take the ids from admin.newsletters.browse()",
                )
        labels = body.get("labels")
        if isinstance(labels, list) and any(
            isinstance(label, Mapping) and not label.get("name") for label in labels
        ):
            # Ghost finds a member's labels by name alone: one by id or slug is dropped
            raise ConfigurationError(
                "a member's labels are found by name: Ghost drops a label given by id or "
                "slug alone, and the member is left without it",
                hint="give each label's name: 'labels': ['VIP'] or [{'name': 'VIP'}]",
            )


_EVENT_WORDS = {
    "create": "added",
    "created": "added",
    "add": "added",
    "new": "added",
    "update": "edited",
    "updated": "edited",
    "edit": "edited",
    "change": "edited",
    "changed": "edited",
    "delete": "deleted",
    "remove": "deleted",
    "removed": "deleted",
    "publish": "published",
    "unpublish": "unpublished",
    "schedule": "scheduled",
}


def _refuse_webhook_values(body: Mapping[str, Any]) -> None:
    """Ghost saves a webhook for any lower-case event and any URI reference, and such a
    webhook never fires, or fires at nothing."""
    from ghostkit.webhooks import EVENTS

    event = body.get("event")
    if event is not None and event not in EVENTS:
        subject, _, action = str(event).lower().rpartition(".")
        said = f"{subject}.{_EVENT_WORDS.get(action, action)}"
        close = [said] if said in EVENTS else get_close_matches(said, EVENTS, n=1, cutoff=0.6)
        raise ConfigurationError(
            f"{event!r} is not an event Ghost sends: a webhook for it would never fire",
            hint=f"did you mean {close[0]}?" if close else f"one of: {', '.join(EVENTS)}",
        )
    target = body.get("target_url")
    if target is not None and not (
        isinstance(target, str) and target.strip().lower().startswith(("http://", "https://"))
    ):
        raise ConfigurationError(
            f"the webhook's target_url {target!r} is not an http(s) URL: Ghost would save it "
            "and deliver to nothing",
            hint="give the full address of your receiver, such as https://example.com/hooks",
        )
