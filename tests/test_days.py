"""Times carry their weekday when a night spans days: describe, `state` and `--no-ui`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from feedkit import council, entry, header, write

from elextui.cli import main
from elextui.describe import clock, day_name, spans_days, whole_hours

LONDON = "Europe/London"
MINI = Path(__file__).parent / "data" / "mini.jsonl"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_spans_days_in_the_feed_timezone() -> None:
    assert spans_days(at("2018-05-03T22:00+01:00"), at("2018-05-04T02:00+01:00"), LONDON)
    assert not spans_days(at("2018-05-03T18:00+01:00"), at("2018-05-03T23:59+01:00"), LONDON)
    # 23:30 UTC on the 3rd is already the 4th in London.
    assert spans_days(at("2018-05-03T21:00Z"), at("2018-05-03T23:30Z"), LONDON)


def test_clock_with_day() -> None:
    moment = at("2018-05-05T02:00+01:00")
    assert clock(moment, LONDON, day=True) == "Sat 02:00"
    assert clock(moment, LONDON, estimated=True, day=True) == "Sat \u224802:00"
    assert clock(moment, LONDON) == "02:00"
    assert day_name(moment, LONDON) == "Saturday 5 May"


def test_whole_hours_are_local_and_cross_midnight() -> None:
    hours = whole_hours(at("2018-05-03T22:10+01:00"), at("2018-05-04T02:00+01:00"), LONDON)
    assert [f"{h:%a %H:%M}" for h in hours] == [
        "Thu 23:00",
        "Fri 00:00",
        "Fri 01:00",
        "Fri 02:00",
    ]


def test_whole_hours_over_a_clock_change_step_an_hour_each() -> None:
    # 28 Oct 2018: 02:00 BST became 01:00 GMT, so 01:00 comes twice.
    hours = whole_hours(at("2018-10-28T00:00+01:00"), at("2018-10-28T03:00Z"), LONDON)
    assert [f"{h:%H:%M%z}" for h in hours] == [
        "00:00+0100",
        "01:00+0100",
        "01:00+0000",
        "02:00+0000",
        "03:00+0000",
    ]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_no_ui_lines_start_with_the_day_when_the_night_spans_days(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = run(capsys, "replay", str(MINI), "--no-ui", "--speed", "max").splitlines()
    assert lines, "nothing printed"
    days = [line.split(" ", 1)[0] for line in lines]
    assert set(days) <= {"Thu", "Fri"}, lines
    assert any(line.startswith("Fri 03:28 Plymouth") for line in lines), lines


def test_no_ui_lines_have_no_day_on_a_one_day_night(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    feed = write(
        tmp_path / "evening.jsonl",
        header(),
        council("plymouth", control="CON"),
        entry("result", at="2018-05-03T23:10:00+01:00", council="plymouth", control="LAB"),
    )
    out = run(capsys, "replay", str(feed), "--no-ui", "--speed", "max")
    assert out.startswith("23:10 Plymouth"), out


def test_state_tables_give_each_declaration_its_day(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "state", str(MINI), "--at", "end")
    assert "Fri 03:28" in out
    assert "Fri \u224804:10" in out


def test_state_at_a_weekday_time(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "state", str(MINI), "--at", "fri 03:29")
    assert "Fri 4 May 03:29:00" in out


def test_a_time_outside_the_night_is_clamped(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "state", str(MINI), "--at", "wed 12:00", "--json")
    assert '"at": "2018-05-04T15:52:00+01:00"' in out
