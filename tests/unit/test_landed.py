"""What a resume makes of an item whose edit's answer never came (no I/O)."""

from __future__ import annotations

import json
from typing import Any

from ghostkit.content.selection import LinkSelector
from ghostkit.operations import landed
from ghostkit.operations.change import Change, Item
from ghostkit.operations.records import Before, digest
from ghostkit.operations.select import plan_item
from ghostkit.operations.transforms import StripLinks
from ghostkit.samples import sample_post

STRIP = StripLinks(LinkSelector(site_url="https://blog.example.com"))
ID = "0" * 24


def post(**fields: Any) -> Item:
    base = {"id": ID, "slug": "s", "title": "T", "updated_at": "2026-12-01T10:00:00.000Z"}
    return Item("posts", {"lexical": None, "mobiledoc": None, "plaintext": "", **base, **fields})


def record(*, schema: int = 2, with_digest: bool = True) -> tuple[Before, str]:
    """A `before` record as a run writes it (schema 1: as ghostkit 0.1 wrote it), and the
    document it sent."""
    original = sample_post(1)["lexical"]
    planned = plan_item(STRIP, STRIP.kind, post(lexical=original))
    assert planned.changed
    sent = planned.patch["lexical"]
    if schema == 2:
        made = Before(ID, slug="s", title="T", fields=planned.before, counts=planned.counts)
        made.sent = {"lexical": {"sha256": digest(sent)}} if with_digest else None
        return made, sent
    raw = {
        "type": "before",
        "id": ID,
        "resource": "posts",
        "format": "lexical",
        "document": original,
        "slug": "s",
        "title": "T",
        "removed": planned.counts["links removed"],
    }
    if with_digest:
        raw["sent"] = digest(sent)
    return Before.from_json(raw), sent


def test_the_runs_own_save() -> None:
    for schema in (1, 2):
        before, sent = record(schema=schema)
        assert landed.verdict(before, post(lexical=sent), STRIP) == landed.Verdict(landed.OURS)


def test_a_journal_of_an_early_release_has_no_digest() -> None:
    before, sent = record(schema=1, with_digest=False)
    assert landed.verdict(before, post(lexical=sent), STRIP).kind == landed.OURS


def test_a_save_that_never_landed() -> None:
    before, _ = record()
    original = before.fields["lexical"]
    assert landed.verdict(before, post(lexical=original), STRIP).kind == landed.UNSENT


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


def test_another_change_cannot_claim_the_save() -> None:
    """An old journal resumed with other options: the document made again differs, so the
    post is taken as someone else's and left, never as the run's."""
    before, sent = record(schema=1, with_digest=False)
    other = StripLinks(LinkSelector(site_url="https://blog.example.com", external_only=True))
    made = (landed.sent_by(before, other) or {}).get("lexical")
    if made not in (sent, {"sha256": digest(sent)}):
        assert landed.verdict(before, post(lexical=sent), other).kind == landed.THEIRS


class Retitle(Change):
    kind = "retitle"
    reads = ("title", "tags")

    def plan(self, item: Item) -> dict[str, Any]:
        return {"title": "Draft: " + item["title"], "tags": [{"name": "legacy"}]}


def test_a_change_of_other_fields_is_recognised_as_the_runs_own() -> None:
    item = post(title="T", tags=[])
    planned = plan_item(Retitle(), "retitle", item)
    before = Before(ID, slug="s", title="T", fields=planned.before, sent=dict(planned.patch))
    landed_now = post(title="Draft: T", tags=[{"id": "1" * 24, "name": "legacy", "slug": "legacy"}])
    assert landed.verdict(before, landed_now, Retitle()).kind == landed.OURS
    assert landed.verdict(before, item, Retitle()).kind == landed.UNSENT
    theirs = post(title="Their title", tags=[])
    assert landed.verdict(before, theirs, Retitle()).kind == landed.THEIRS
