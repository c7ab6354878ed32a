"""What a resume makes of a post whose save's answer never came (no I/O)."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from ghostkit.content.selection import LinkSelector
from ghostkit.operations import landed
from ghostkit.operations.journal import digest
from ghostkit.operations.plan import plan_post
from ghostkit.operations.transforms import StripLinks
from ghostkit.samples import sample_post

STRIP = StripLinks(LinkSelector(site_url="https://blog.example.com"))


def post(**fields: Any) -> SimpleNamespace:
    base = {"id": "0" * 24, "slug": "s", "title": "T", "updated_at": "2026-12-01T10:00:00.000Z"}
    return SimpleNamespace(
        **{"lexical": None, "mobiledoc": None, "plaintext": "", **base, **fields}
    )


def record(*, with_digest: bool = True) -> tuple[dict[str, Any], str]:
    """A `before` record as the run writes it, and the document it sent."""
    original = sample_post(1)["lexical"]
    planned = plan_post(post(lexical=original), "posts", STRIP)
    assert planned is not None and planned.changed
    before = {
        "type": "before",
        "id": "0" * 24,
        "resource": "posts",
        "format": "lexical",
        "document": original,
        "slug": "s",
        "title": "T",
        "removed": planned.removed,
    }
    if with_digest:
        before["sent"] = digest(planned.new)
    return before, planned.new


def test_the_runs_own_save() -> None:
    before, sent = record()
    assert landed.verdict(before, post(lexical=sent), STRIP) == landed.Verdict(landed.OURS)


def test_a_journal_of_the_previous_release_has_no_digest() -> None:
    before, sent = record(with_digest=False)
    assert landed.verdict(before, post(lexical=sent), STRIP).kind == landed.OURS


def test_a_save_that_never_landed() -> None:
    before, _ = record()
    assert landed.verdict(before, post(lexical=before["document"]), STRIP).kind == landed.UNSENT


def test_someone_elses_edit_over_the_runs_save() -> None:
    before, sent = record()
    document = json.loads(sent)
    document["root"]["children"].append(json.loads(sent)["root"]["children"][0])
    found = landed.verdict(before, post(lexical=json.dumps(document)), STRIP)
    assert found.kind == landed.THEIRS and "someone else" in found.reason


def test_the_runs_save_then_another_title() -> None:
    before, sent = record()
    found = landed.verdict(before, post(lexical=sent, title="Theirs"), STRIP)
    assert found.kind == landed.OURS and found.edited_after and "title" in found.reason


def test_a_post_emptied_by_someone_else() -> None:
    before, _ = record()
    assert landed.verdict(before, post(), STRIP).kind == landed.THEIRS


def test_another_transform_cannot_claim_the_save() -> None:
    """An old journal resumed with other options: the document made again differs, so the
    post is taken as someone else's and left, never as the run's."""
    before, sent = record(with_digest=False)
    other = StripLinks(LinkSelector(site_url="https://blog.example.com", external_only=True))
    if landed.sent_document(before, other) != sent:
        assert landed.verdict(before, post(lexical=sent), other).kind == landed.THEIRS
