from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from ghostkit.cli.when import parse_when
from ghostkit.core.errors import ConfigurationError

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2030, 3, 10, 22, 30, tzinfo=timezone.utc)  # 23:30 in Berlin


@pytest.mark.parametrize(
    ("text", "expected_utc"),
    [
        ("2030-05-01T09:00:00+02:00", "2030-05-01T07:00"),
        ("2030-05-01T09:00:00Z", "2030-05-01T09:00"),
        ("2030-05-01 09:00", "2030-05-01T07:00"),  # CEST, the site's zone
        ("2030-01-15 09:00", "2030-01-15T08:00"),  # CET
        ("2030-05-01", "2030-05-01T07:00"),
        ("tomorrow 09:00", "2030-03-11T08:00"),
        ("Tomorrow at 9", "2030-03-11T08:00"),
        ("tomorrow", "2030-03-11T08:00"),
        ("today 23:45", "2030-03-10T22:45"),
        ("in 3 hours", "2030-03-11T01:30"),
        ("in 2 days", "2030-03-12T22:30"),
        ("in 45 minutes", "2030-03-10T23:15"),
    ],
)
def test_phrases_and_times(text: str, expected_utc: str) -> None:
    moment = parse_when(text, BERLIN, now=NOW)
    assert moment.tzinfo is not None
    assert moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M") == expected_utc


@pytest.mark.parametrize("text", ["next blue moon", "tomorrow 25:00", "in three days", ""])
def test_unreadable_times_say_what_works(text: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        parse_when(text, BERLIN, now=NOW)
    assert caught.value.hint is None or "tomorrow 09:00" in caught.value.hint
