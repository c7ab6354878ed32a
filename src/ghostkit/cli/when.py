"""Times people type: an ISO time, or a phrase read in the site's timezone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

from ghostkit.core.errors import ConfigurationError

_CLOCK = r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?"
_DAY = re.compile(rf"^(?P<day>today|tomorrow)(?:\s+(?:at\s+)?{_CLOCK})?$")
_IN = re.compile(r"^in\s+(?P<count>\d+)\s*(?P<unit>minutes?|mins?|hours?|h|days?|d)$")
_DATE = re.compile(rf"^(?P<date>\d{{4}}-\d{{2}}-\d{{2}})(?:[ T]{_CLOCK})?$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_when(text: str, zone: tzinfo, now: datetime | None = None) -> datetime:
    """An aware datetime for `text`.

    Accepted: an ISO time with its offset (`2030-05-01T09:00:00+02:00`); a date and time
    without one, read in `zone` (`2030-05-01 09:00`); `today 17:30`, `tomorrow 09:00`,
    `tomorrow` (09:00); `in 3 hours`, `in 2 days`, `in 45 minutes`.
    """
    phrase = " ".join(text.strip().lower().split())
    current = (now or datetime.now(timezone.utc)).astimezone(zone)
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            return moment
    except ValueError:
        pass
    if match := _DAY.match(phrase):
        day = current.date() + timedelta(days=1 if match["day"] == "tomorrow" else 0)
        return _at(day.isoformat(), match["hour"] or "9", match["minute"], zone)
    if match := _IN.match(phrase):
        unit = _UNITS.get(match["unit"][0], "minutes")
        return current + timedelta(**{unit: int(match["count"])})
    if match := _DATE.match(phrase):
        return _at(match["date"], match["hour"] or "9", match["minute"], zone)
    raise ConfigurationError(
        f"cannot read the time {text!r}",
        hint="use e.g. 'tomorrow 09:00', 'in 3 hours', '2030-05-01 09:00' (the site's "
        "timezone) or an ISO time with its offset",
    )


def _at(date: str, hour: str, minute: str | None, zone: tzinfo) -> datetime:
    if int(hour) > 23 or int(minute or 0) > 59:
        raise ConfigurationError(f"{hour}:{minute or '00'} is not a time of day")
    naive = datetime.fromisoformat(f"{date}T{int(hour):02d}:{int(minute or 0):02d}:00")
    return naive.replace(tzinfo=zone)
