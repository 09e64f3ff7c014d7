"""The TIME argument: ISO 8601, clock times on the night, offsets, start and end."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from elextui.timeparse import parse_time

LONDON = "Europe/London"
START = datetime.fromisoformat("2018-05-03T22:00:00+01:00")
END = datetime.fromisoformat("2018-05-04T15:52:00+01:00")


def parse(text: str) -> datetime:
    return parse_time(text, START, END, LONDON)


def iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-05-04T03:30+01:00", "2018-05-04T03:30:00+01:00"),
        ("2018-05-04T03:30:15+01:00", "2018-05-04T03:30:15+01:00"),
        ("2018-05-04T02:30:00Z", "2018-05-04T03:30:00+01:00"),
        ("2018-05-04T02:30:00+00:00", "2018-05-04T03:30:00+01:00"),
        ("  2018-05-04T03:30+01:00  ", "2018-05-04T03:30:00+01:00"),
    ],
)
def test_iso_with_offset(text: str, expected: str) -> None:
    assert parse(text) == iso(expected)


def test_iso_without_offset_is_in_the_feed_timezone() -> None:
    moment = parse("2018-05-04T03:30")
    assert moment == iso("2018-05-04T03:30:00+01:00")
    assert moment.utcoffset() is not None
    # In winter the same feed timezone means +00:00.
    assert parse("2018-01-04T03:30") == iso("2018-01-04T03:30:00+00:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03:30", "2018-05-04T03:30:00+01:00"),  # after midnight: the next day
        ("22:30", "2018-05-03T22:30:00+01:00"),  # before midnight: the same day
        ("22:00", "2018-05-03T22:00:00+01:00"),  # exactly the start
        ("21:59", "2018-05-04T21:59:00+01:00"),  # just before the start: the next day
        ("3:30", "2018-05-04T03:30:00+01:00"),
        ("03.30", "2018-05-04T03:30:00+01:00"),
        ("03:30:45", "2018-05-04T03:30:45+01:00"),
        ("00:00", "2018-05-04T00:00:00+01:00"),
    ],
)
def test_clock_time_is_the_first_at_or_after_the_start(text: str, expected: str) -> None:
    moment = parse(text)
    assert moment == iso(expected)
    assert moment.astimezone(ZoneInfo(LONDON)).strftime("%H:%M") == expected[11:16]


def test_clock_time_uses_the_feed_timezone_not_the_start_offset() -> None:
    # The start written in UTC is still 22:00 in London.
    start = datetime.fromisoformat("2018-05-03T21:00:00+00:00")
    assert parse_time("23:00", start, END, LONDON) == iso("2018-05-03T23:00:00+01:00")
    assert parse_time("21:30", start, END, LONDON) == iso("2018-05-04T21:30:00+01:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+5h30m", "2018-05-04T03:30:00+01:00"),
        ("+5h", "2018-05-04T03:00:00+01:00"),
        ("+90m", "2018-05-03T23:30:00+01:00"),
        ("+1h0m30s", "2018-05-03T23:00:30+01:00"),
        ("+0h", "2018-05-03T22:00:00+01:00"),
        ("-1h", "2018-05-04T14:52:00+01:00"),  # counts back from the end
    ],
)
def test_offsets(text: str, expected: str) -> None:
    assert parse(text) == iso(expected)


@pytest.mark.parametrize("text", ["start", "START", " start "])
def test_start(text: str) -> None:
    assert parse(text) == START


@pytest.mark.parametrize("text", ["end", "End"])
def test_end(text: str) -> None:
    assert parse(text) == END


@pytest.mark.parametrize(
    "text",
    ["", "soon", "25:00", "03:60", "12:00:61", "+", "+5x", "5h30m", "2018-13-01T00:00", "3pm"],
)
def test_bad_values_raise_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse(text)


def test_error_message_lists_the_forms() -> None:
    with pytest.raises(ValueError, match=r"cannot read time .soon.: use ISO 8601 .*fri 23:25.*now"):
        parse("soon")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fri 23:25", "2018-05-04T23:25:00+01:00"),  # Friday evening, not Thursday's
        ("sat 02:00", "2018-05-05T02:00:00+01:00"),
        ("thu 22:30", "2018-05-03T22:30:00+01:00"),  # the start's own day
        ("fri 00:10", "2018-05-04T00:10:00+01:00"),
        ("Friday 3:30", "2018-05-04T03:30:00+01:00"),
        ("  SAT   02.00 ", "2018-05-05T02:00:00+01:00"),
        ("wed 12:00", "2018-05-09T12:00:00+01:00"),  # the next Wednesday: clamped by callers
    ],
)
def test_weekday_and_clock(text: str, expected: str) -> None:
    assert parse(text) == iso(expected)


@pytest.mark.parametrize("text", ["now", "NOW"])
def test_now_is_the_end(text: str) -> None:
    assert parse(text) == END


@pytest.mark.parametrize("text", ["fry 23:25", "xyz 02:00", "sat 25:00", "sat", "sat +1h"])
def test_bad_weekday_forms_raise_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse(text)
