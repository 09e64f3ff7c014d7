"""Plain-text wording shared by the CLI and the UI: times, headlines, standings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from elextui.feed.model import NOC, Entry, Marker, Mayor, Pcc, Post, Result
from elextui.sanitize import clean_text as clean_text  # the one sanitiser, re-exported
from elextui.state import PartyTally, State, outcome, result_control

ESTIMATE_MARK = "\u2248"
DRAFT_MARK = "(draft from text, unchecked)"
"""After a draft result (read from a liveblog by an importer): never shown as a checked fact."""


def local(moment: datetime, timezone: str) -> datetime:
    """`moment` in the feed's timezone."""
    return moment.astimezone(ZoneInfo(timezone))


def spans_days(start: datetime, end: datetime, timezone: str) -> bool:
    """Whether a night from `start` to `end` runs over more than one local date."""
    return local(start, timezone).date() != local(end, timezone).date()


def clock(
    moment: datetime,
    timezone: str,
    estimated: bool = False,
    seconds: bool = False,
    *,
    day: bool = False,
) -> str:
    """`03:28`, `≈03:28` if estimated, `Fri ≈03:28` with `day`: in the feed's timezone."""
    when = local(moment, timezone)
    text = when.strftime("%H:%M:%S" if seconds else "%H:%M")
    if estimated:
        text = ESTIMATE_MARK + text
    return f"{when:%a} {text}" if day else text


def whole_hours(start: datetime, end: datetime, timezone: str) -> list[datetime]:
    """Every whole local hour from `start` to `end` (both included if whole), in local time."""
    zone = ZoneInfo(timezone)
    hour = start.astimezone(zone).replace(minute=0, second=0, microsecond=0).astimezone(UTC)
    if hour < start:
        hour += timedelta(hours=1)
    hours = []
    while hour <= end:  # step in UTC: local arithmetic would repeat or skip DST hours
        hours.append(hour.astimezone(zone))
        hour += timedelta(hours=1)
    return hours


def day_name(moment: datetime, timezone: str) -> str:
    """`Friday 4 May`: the local date of `moment`."""
    when = local(moment, timezone)
    return f"{when:%A} {when.day} {when:%B}"


def long_clock(moment: datetime, timezone: str) -> str:
    """`Fri 4 May 03:28:00 BST`."""
    when = local(moment, timezone)
    return f"{when:%a} {when.day} {when:%b %H:%M:%S} {when.tzname() or ''}".rstrip()


def since(moment: datetime, start: datetime) -> str:
    """Time since `start` as `+5h28m` (or `-0h10m` before it)."""
    delta = moment - start
    sign = "-" if delta < timedelta(0) else "+"
    minutes = int(abs(delta.total_seconds()) // 60)
    return f"{sign}{minutes // 60}h{minutes % 60:02d}m"


def duration(seconds: float) -> str:
    """A length of feed time as `2h10m`, `45m` or `30s`."""
    whole = int(seconds)
    if whole < 60:
        return f"{whole}s"
    minutes = whole // 60
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def signed(number: int) -> str:
    """`+3`, `-2` or `0`."""
    return f"{number:+d}" if number else "0"


def standings(state: State) -> list[tuple[str, PartyTally]]:
    """Party lines in the feed header's order (its own place for IND and OTH), NOC last:
    a fixed order, so rows never move during the night."""
    rows = [(code, state.tallies[code]) for code in state.parties if code != NOC]
    return [*rows, (NOC, state.tallies[NOC])]


def leading(state: State, count: int) -> list[tuple[str, PartyTally]]:
    """The `count` leading parties (by councils, then councillors; ties in header order)."""
    rows = standings(state)[:-1]
    rows.sort(key=lambda row: (-row[1].councils, -row[1].councillors))
    return rows[:count]


def coverage(state: State) -> str:
    """How many declared councils the councillor figures cover.

    `seats won known for 147 of 150 · change known for 126 of 150`; the councillor
    columns are sums over those councils only.
    """
    return coverage_variants(state)[0]


def coverage_variants(state: State) -> list[str]:
    """`coverage` worded longest first, down to a few cells, for narrow places."""
    n, won, change = state.declared, state.seats_won_known, state.change_known
    if not n:
        return ["no council declared yet", "none declared"]
    if won == change == n:
        return [f"seats won and change known for all {n}", f"all {n} known"]
    if won == n:
        return [
            f"seats won known for all {n} \u00b7 change known for {change} of {n}",
            f"change known for {change} of {n}",
            f"+/- known {change}/{n}",
        ]
    if change == n:
        return [
            f"seats won known for {won} of {n} \u00b7 change known for all {n}",
            f"seats won known for {won} of {n}",
            f"won known {won}/{n}",
        ]
    return [
        f"seats won known for {won} of {n} \u00b7 change known for {change} of {n}",
        f"won known for {won}, change for {change} of {n}",
        f"won {won}/{n} \u00b7 +/- {change}/{n}",
    ]


def counted(state: State) -> str:
    """`declared 149/150` and, while any council is only called, `· 1 called`."""
    text = f"declared {state.declared}/{state.councils_total}"
    return f"{text} \u00b7 {state.called} called" if state.called else text


def seat_lines(parties: Sequence[str], result: Result) -> list[tuple[str, int | None, int | None]]:
    """(party, seats won, change) for every party with seats or a change, in `parties` order.

    A party that won nothing but lost seats is listed with 0; a figure the feed does not
    have is None.
    """
    won, change = result.seats_won, result.change
    codes = {*(won or {}), *(change or {})}
    ordered = [c for c in parties if c in codes] + sorted(codes.difference(parties))
    return [
        (
            code,
            None if won is None else won.get(code, 0),
            None if change is None else change.get(code, 0),
        )
        for code in ordered
        if (won or {}).get(code) or (change or {}).get(code)
    ]


def headline(entry: Entry, state: State) -> str:
    """One line for an entry, worded from the state just after it (no time)."""
    if isinstance(entry, Result):
        status = state.councils[entry.council]
        control = result_control(entry, status.council.seats)
        words = outcome(control, status.control_before, entry.final)
        line = f"{clean_text(status.council.name)}  {words}"
        return f"{line}  {DRAFT_MARK}" if entry.draft else line
    if isinstance(entry, Post):
        return clean_text(entry.text)
    if isinstance(entry, Mayor | Pcc):
        office = "Mayor" if isinstance(entry, Mayor) else "PCC"
        change = ""
        if entry.party_before and entry.party_before != entry.party:
            change = f" GAIN from {entry.party_before}"
        elif entry.party_before:
            change = " HOLD"
        who = f"{clean_text(entry.winner)} ({entry.party}{change})"
        return f"{office} of {clean_text(entry.area)}: {who}"
    assert isinstance(entry, Marker)
    return f"\u25c6 {clean_text(entry.label)}"


SOURCE_NAME_MAX = 40
"""A source's name on a line of text is cut to this many characters."""
_NAME_END = re.compile(r", |: | \(| - | \u2013 |; ")


def source_name(state: State, source: str) -> str:
    """How a line names a source: the header's name for it up to its first comma, colon,
    bracket or dash (`LabourList, Local Elections 2018: ...` is `LabourList`), sanitised
    and at most SOURCE_NAME_MAX characters; the id when the header has no name for it."""
    name = clean_text(_NAME_END.split(state.sources.get(source, ""), maxsplit=1)[0]).strip()
    if len(name) > SOURCE_NAME_MAX:
        name = name[: SOURCE_NAME_MAX - 1].rstrip() + "\u2026"
    return name or clean_text(source)


def entry_line(entry: Entry, state: State, timezone: str, *, day: bool = False) -> str:
    """`03:28 Plymouth  LAB GAIN from CON` (`Fri 03:28 ...` with `day`): a --no-ui line."""
    text = headline(entry, state)
    if isinstance(entry, Post) and entry.source:
        text += f"  [{source_name(state, entry.source)}]"
    return f"{clock(entry.at, timezone, entry.estimated, day=day)} {text}"
