"""Hostile feeds from issue 11: each gives a clean FILE:LINE problem, and no command crashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from feedkit import council, entry, header, jsonl, write

from elextui.cli import main
from elextui.feed import parse_feed

DEEP = "[" * 1000 + "]" * 1000
LAST = "2018-05-04T03:00:00+01:00"


def problems(*lines: dict[str, Any] | str | bytes) -> list[str]:
    """Every problem's text for a feed made of `lines`."""
    feed, found = parse_feed(jsonl(*lines), "f.jsonl")
    assert feed is None
    return [str(p) for p in found]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (DEEP, "f.jsonl:2: expected a JSON object, got `array`"),
        ('{"at":' + DEEP + ',"type":"post"}', "f.jsonl:2: invalid JSON: nested too deeply"),
        ('{"type":"post","zz":' + DEEP + "}", "f.jsonl:2: post: unknown field `zz`"),
        ('{"type":"post","url":' + DEEP + "}", "f.jsonl:2: post: `url` expected `str | null`"),
    ],
)
def test_deep_nesting_is_a_problem_not_a_crash(line: str, message: str) -> None:
    found = problems(header(), line)
    assert len(found) == 1 and found[0].startswith(message), found


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("9999-12-31T23:59:59-12:00", "is more than 31 days after `starts`"),
        ("0001-01-01T00:00:00+12:00", "is more than 7 days before `starts`"),
        ("2018-06-04T22:00:01+01:00", "is more than 31 days after `starts`"),
        ("2018-04-26T21:59:59+01:00", "is more than 7 days before `starts`"),
    ],
)
@pytest.mark.parametrize("kind", ["post", "result", "mayor", "pcc", "marker"])
def test_timestamps_outside_the_night_are_rejected(kind: str, at: str, message: str) -> None:
    fields: dict[str, Any] = {
        "post": {"text": "x"},
        "result": {"council": "plymouth", "control": "LAB"},
        "mayor": {"area": "A", "winner": "W", "party": "LAB"},
        "pcc": {"area": "A", "winner": "W", "party": "LAB"},
        "marker": {"label": "x"},
    }[kind]
    found = problems(header(), council("plymouth", 57), entry(kind, at, **fields))
    assert found == [f"f.jsonl:3: {kind}: `at` {at} is more than {message.split('more than ')[1]}"]


def test_the_edges_of_the_window_are_accepted() -> None:
    lines = [
        header(ends="2018-06-03T22:00:00+01:00"),
        entry("marker", "2018-04-26T22:00:00+01:00", label="a week before"),
        entry("marker", "2018-06-03T22:00:00+01:00", label="31 days after"),
    ]
    feed, found = parse_feed(jsonl(*lines), "f.jsonl")
    assert found == [] and feed is not None and len(feed.entries) == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"starts": "0001-01-01T00:00:00+00:00"}, "is not between the years 1800 and 2999"),
        ({"starts": "9999-12-31T23:59:59-12:00"}, "is not between the years 1800 and 2999"),
        ({"ends": "9999-12-31T23:59:59-12:00"}, "`ends` 9999-12-31T23:59:59-12:00 is more than"),
        ({"polling_day": "2108-05-03"}, "`polling_day` 2108-05-03 is more than 7 days"),
    ],
)
def test_header_times_near_the_datetime_limits_are_rejected(
    overrides: dict[str, Any], message: str
) -> None:
    found = problems(header(**overrides))
    assert len(found) == 1 and found[0].startswith("f.jsonl:1: election: ") and message in found[0]


def test_a_timezone_naming_a_directory_is_a_line_problem_and_others_still_show() -> None:
    found = problems(header(timezone="Europe"), '{"type":"bogus"}', "{oops")
    assert found[0] == "f.jsonl:1: election: unknown timezone 'Europe'"
    assert found[1].startswith("f.jsonl:2: unknown type 'bogus'")
    assert found[2].startswith("f.jsonl:3: invalid JSON")


@pytest.mark.parametrize("change", [10**9, -(10**9), 58, 10**30])
def test_a_change_of_more_seats_than_the_council_has_is_rejected(change: int) -> None:
    line = entry("result", LAST, council="plymouth", control="LAB", change={"LAB": change})
    found = problems(header(), council("plymouth", 57), line)
    assert found == [
        f"f.jsonl:3: result for 'plymouth': change {change:+d} for 'LAB' is more than the "
        "council's 57 seats"
    ]


def test_a_council_of_more_than_10000_seats_is_rejected() -> None:
    found = problems(header(), council("huge", 10**9))
    assert found == ["f.jsonl:2: council 'huge': seats 1000000000 is more than 10000"]


def test_a_lone_surrogate_escape_is_named() -> None:
    found = problems(header(), '{"type":"marker","at":"' + LAST + '","label":"x\\ud800"}')
    assert found == [
        "f.jsonl:2: invalid JSON: a string has half of a UTF-16 surrogate pair (e.g. \\ud800 alone)"
    ]


@pytest.mark.parametrize(
    "lines",
    [
        [header(ends="2018-05-05T12:00:00+01:00"), entry("marker", LAST, label="x")],
        [header()],
        [header(ends="2018-05-05T12:00:00+01:00")],
        [header(), *(council(f"c{i}", 10) for i in range(2000))],
    ],
    ids=["ends-later", "header-only", "header-only-ends", "councils-no-entries"],
)
def test_odd_but_valid_nights_run_through_every_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lines: list[dict[str, Any]]
) -> None:
    feed = str(write(tmp_path / "f.jsonl", *lines))
    assert main(["check", "-q", feed]) == 0
    assert main(["state", feed, "--at", "end", "--json"]) == 0
    assert main(["replay", feed, "--no-ui", "--speed", "max"]) == 0
    assert main(["replay", feed, "--no-ui", "--speed", "10000", "--at", "end"]) == 0
    assert main(["screenshot", feed, "--at", "end", "-o", str(tmp_path / "s.svg")]) == 0
    capsys.readouterr()
