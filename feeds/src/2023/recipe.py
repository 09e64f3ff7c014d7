"""The 2023 night: this folder's tables and timeline, through the package's importers.

Shared steps are in feeds/src/english_locals.py; this recipe adds 2023's rules: the Friday
round-up (councils it already reports move before it, the ones it still awaits go to an
evening wave, York last) and mayors timed by PA or by their council's result.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from english_locals import Night, Timing, spread  # noqa: E402

from elextui.feed.writer import FeedWriter  # noqa: E402

NOTES = (
    "Times are BST. A time without 'estimated' was reported by a source (a live page or local report of the result). "
    "Estimated times: (1) PA's provisional declaration list of 3 May 2023, or for councils missing from the copies read, "
    "the PA-based chronological list (upday) and regional expected times (Yorkshire Post, BBC regional live pages); "
    "(2) seed consistency: a council the Friday round-up (placed at 17:30) already reports is moved to 17:25 if its "
    "expected time was later; the round-up's still-to-come councils are spaced evenly 18:00-19:30 and York, "
    "expected last 'from 8pm', is put at 20:00 after every other result; "
    "(3) councils with no reported or expected time are assumed to be Friday counts and are spaced evenly "
    "12:00-17:20 in alphabetical order. Mayors: PA's expected time, else the time of their council's result; "
    "Mansfield is placed after the round-up, which still listed it. Posts about one council share its result's time."
)


def build() -> FeedWriter:
    """The 2023 feed, ready to write; FeedError lists every problem in the inputs."""
    night = Night(
        HERE, "england-locals-2023", "English local elections 2023", date(2023, 5, 4), NOTES
    )
    night.place_declarations()
    roundup = night.timeline["roundup"]
    at_roundup = datetime.fromisoformat(roundup["at"])
    for name in roundup["decided"]:  # the round-up already reports these
        timing = night.times.get(name)
        if timing is not None and timing.at > at_roundup:
            note = "Moved before the round-up, which already reports this result (expected later)."
            night.times[name] = Timing(at_roundup - timedelta(minutes=5), True, "roundup2023", note)
    slots = spread(roundup["to_come"], *roundup["to_come_window"])
    for name in roundup["to_come"]:
        timing = night.times.get(name)
        if timing is None or timing.at < slots[name]:
            note = "Still to come in the Friday round-up; placed in the evening wave."
            night.times[name] = Timing(slots[name], True, "roundup2023", note)
    last_at = datetime.fromisoformat(roundup["last_at"])
    note = "Expected last, from 8pm (round-up and PA)."
    night.times[roundup["last"]] = Timing(last_at, True, "roundup2023", note)
    night.place_unknown()
    night.add_results(last=roundup["last"])

    offices: dict[str, tuple[datetime, bool]] = {}
    for mayor in night.timeline["mayors"]:
        basis = mayor["time_basis"]
        if basis.startswith("council:"):
            timing = night.times[basis.split(":", 1)[1]]
            at, estimated = timing.at, timing.estimated
        else:
            at, estimated = datetime.fromisoformat(mayor["at"]), True
        offices[mayor["area"]] = (at, estimated)
        night.office("mayor", at, mayor, "compiled", estimated)
    night.add_posts(offices)
    night.add_markers(offices)
    return night.writer()
