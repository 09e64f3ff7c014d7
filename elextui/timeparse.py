"""Parse the TIME argument: ISO 8601, a clock time on the night, an offset, start or end."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?\Z")
_OFFSET = re.compile(r"([+-])(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?\Z")

TIME_FORMS = (
    "ISO 8601 (2018-05-04T03:30+01:00), a clock time (03:30), an offset (+5h30m), start or end"
)


def parse_time(text: str, start: datetime, end: datetime, timezone: str) -> datetime:
    """The moment `text` names on a night running from `start` to `end`.

    A clock time is the first such time at or after `start` in the feed's timezone;
    an offset counts from `start` (`-` counts back from `end`). Raises ValueError.
    """
    value = text.strip().lower()
    zone = ZoneInfo(timezone)
    if value == "start":
        return start
    if value in ("end", "now"):
        return end
    clock = _CLOCK.match(value)
    if clock:
        hour, minute, second = (int(g) if g else 0 for g in clock.groups())
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError(f"{text!r} is not a clock time")
        local_start = start.astimezone(zone)
        day = local_start.date()
        for _ in range(2):
            candidate = datetime.combine(day, time(hour, minute, second), zone)
            if candidate >= local_start:
                return candidate
            day += timedelta(days=1)
    offset = _OFFSET.match(value)
    if offset and any(offset.groups()[1:]):
        sign, hours, minutes, seconds = offset.groups()
        delta = timedelta(
            hours=int(hours or 0), minutes=int(minutes or 0), seconds=int(seconds or 0)
        )
        return start + delta if sign == "+" else end - delta
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"cannot read time {text!r}: use {TIME_FORMS}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment
