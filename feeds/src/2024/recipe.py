"""The 2024 night: this folder's tables and timeline, through the package's importers.

Shared steps are in feeds/src/english_locals.py; this recipe adds 2024's rules: mayors spaced
over Friday and Saturday windows, police and crime commissioners, and the morning
round-up (a marker, and exactly as many results before it as it counts).
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from english_locals import Night, spread  # noqa: E402

from elextui.feed import Marker, Result  # noqa: E402
from elextui.feed.writer import FeedWriter  # noqa: E402

NOTES = (
    "Times are BST. No declaration in this feed has a reported time: all council, mayor and PCC times are estimates. "
    "Estimated times: (1) PA's at-a-glance list of expected declaration times (The Independent, 3 May 2024) for the 35 "
    "overnight counts, and regional expected times (ITV Granada, Haslemere Herald, The Star) for some Friday-to-Sunday "
    "counts; (2) the other councils are assumed to be Friday daytime counts and are spaced evenly 11:00-19:00 in "
    "alphabetical order; (3) The Independent's round-up with 35 of 107 councils declared is placed at 07:00 on Friday, "
    "after the last overnight result and before the first daytime one; (4) mayors: the four PA listed for Friday "
    "spaced 14:00-20:00, the seven for Saturday spaced 12:00-23:00 in the order the live blogs report them "
    "(West Midlands last); PCCs: the three PA listed as overnight at 04:00-05:00, the others in the Friday afternoon."
)


def build() -> FeedWriter:
    """The 2024 feed, ready to write; FeedError lists every problem in the inputs."""
    night = Night(
        HERE, "england-locals-2024", "English local elections 2024", date(2024, 5, 2), NOTES
    )
    night.place_declarations()
    night.place_unknown()
    night.add_results()

    offices: dict[str, tuple[datetime, bool]] = {}
    for day in ("fri", "sat"):
        group = [m for m in night.timeline["mayors"] if m["day"] == day]
        slots = spread([m["area"] for m in group], *night.timeline["mayor_windows"][day])
        for mayor in group:
            offices[mayor["area"]] = (slots[mayor["area"]], True)
            night.office("mayor", slots[mayor["area"]], mayor, "mayors2024", True)
    for pcc in night.timeline["pccs"]:
        at = datetime.fromisoformat(pcc["at"])
        offices["pcc:" + pcc["area"]] = (at, True)
        night.office("pcc", at, pcc, "pcc2024", True)
    night.add_posts(offices)
    night.add_markers(offices)

    roundup = night.timeline["roundup"]
    at_roundup = datetime.fromisoformat(roundup["at"])
    results = sum(1 for e in night.entries if isinstance(e[3], Result))
    label = f"Round-up: {roundup['declared']} of {results} councils declared"
    night.add(at_roundup, 6, Marker(at_roundup, label, estimated=True))
    before = sum(1 for e in night.entries if isinstance(e[3], Result) and e[0] <= at_roundup)
    if before != roundup["declared"]:
        message = (
            f"the round-up counts {roundup['declared']} results, the feed has {before} by then"
        )
        night.problem(HERE / "timeline.json", 0, message)
    return night.writer()
