"""Parse the TIME argument: ISO 8601, a (weekday and) clock time, an offset, start or end."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"(?:([a-z]{3})[a-z]*\s+)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?\Z")
_OFFSET = re.compile(r"([+-])(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?\Z")

TIME_FORMS = (
    "ISO 8601 (2018-05-04T03:30+01:00), a clock time (03:30: the first after the start), "
    "a weekday and clock time (fri 23:25, sat 02:00), an offset from the start (+5h30m) "
    "or back from the end (-1h), start, end or now (the end)"
)


def parse_time(text: str, start: datetime, end: datetime, timezone: str) -> datetime:
    """The moment `text` names on a night running from `start` to `end`.

    A clock time is the first such time at or after `start` in the feed's timezone; with
    a weekday (`sat 02:00`) it is on the first such day from the start's day. An offset
    counts from `start` (`-` counts back from `end`). Raises ValueError.
    """
    value = text.strip().lower()
    zone = ZoneInfo(timezone)
    if value == "start":
        return start
    if value in ("end", "now"):
        return end
    clock = _CLOCK.match(value)
    if clock:
        weekday, *parts = clock.groups()
        hour, minute, second = (int(g) if g else 0 for g in parts)
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError(f"{text!r} is not a clock time")
        local_start = start.astimezone(zone)
        at = time(hour, minute, second)
        if weekday is not None:
            if weekday not in _DAYS:
                raise ValueError(f"{text!r}: {weekday!r} is not a day (mon, tue ... sun)")
            return datetime.combine(_next_weekday(local_start.date(), weekday), at, zone)
        candidate = datetime.combine(local_start.date(), at, zone)
        if candidate < local_start:
            candidate = datetime.combine(local_start.date() + timedelta(days=1), at, zone)
        return candidate
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


def _next_weekday(day: date, weekday: str) -> date:
    """The first date on or after `day` that falls on `weekday` (`mon` ... `sun`)."""
    return day + timedelta(days=(_DAYS.index(weekday) - day.weekday()) % 7)
