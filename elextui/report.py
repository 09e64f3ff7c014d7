"""The `state` command's output: the JSON contract and Rich tables for people."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.color import Color, ColorParseError
from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from elextui.describe import clean_text, clock, counted, coverage, long_clock, signed, standings
from elextui.feed.model import NOC
from elextui.feed.reader import Feed
from elextui.state import CouncilStatus, State


def council_json(status: CouncilStatus) -> dict[str, Any]:
    """One council of `state --json`: a pending one has no seats won, change or time."""
    out: dict[str, Any] = {
        "name": status.council.name,
        "status": status.status,
        "control": status.control,
        "control_before": status.control_before,
        "composition": status.composition,
    }
    result = status.result
    if result is not None:
        # null when the feed does not have the figure; a call's seats are those counted so far
        out["seats_won"] = result.seats_won
        out["change"] = result.change
        out["declared_at" if result.final else "called_at"] = result.at.isoformat()
    out["estimated"] = result is not None and result.estimated
    return out


def state_json(feed: Feed, state: State, at: datetime) -> dict[str, Any]:
    """The state as the JSON object of DESIGN.md's `state --json`."""
    return {
        "feed": feed.id,
        "at": at.isoformat(),
        "declared": state.declared,
        "called": state.called,
        "councils_total": state.councils_total,
        "coverage": {"seats_won": state.seats_won_known, "change": state.change_known},
        "parties": {
            code: {
                "councils": tally.councils,
                "councils_change": tally.councils_change,
                "councillors": tally.councillors if code != NOC else 0,
                "councillors_change": tally.councillors_change if code != NOC else 0,
            }
            for code, tally in ((code, state.tallies[code]) for code in state.parties)
        },
        "councils": {
            council_id: council_json(status) for council_id, status in state.councils.items()
        },
    }


def party_style(feed: Feed, code: str) -> Style:
    """Bold text in the party's colour from the header (ignored if not a colour)."""
    for party in feed.election.parties:
        if party.code == code and party.color:
            try:
                return Style(color=Color.parse(party.color), bold=True)
            except ColorParseError:
                break
    return Style(bold=True)


def state_tables(feed: Feed, state: State, at: datetime, *, day: bool = False) -> RenderableType:
    """A scoreboard then the declared councils (times with their weekday if `day`)."""
    tz = feed.election.timezone
    names = {p.code: p.name for p in feed.election.parties}
    names[NOC] = "No overall control"
    title = Text(clean_text(feed.election.title), style="bold")
    title.append(f"  at {long_clock(at, tz)}  {counted(state)}", style="not bold")
    board = Table(title="Scoreboard (declared councils)", title_justify="left")
    board.add_column("Party")
    board.add_column("Councils", justify="right")
    board.add_column("+/-", justify="right")
    board.add_column("Councillors", justify="right")
    board.add_column("+/-", justify="right")
    for code, tally in standings(state):
        label = Text(code, style=party_style(feed, code))
        label.append(f" {clean_text(names.get(code, code))}", style="not bold")
        is_party = code != NOC
        board.add_row(
            label,
            str(tally.councils),
            signed(tally.councils_change),
            str(tally.councillors) if is_party else "",
            signed(tally.councillors_change) if is_party else "",
        )
    declared = Table(title="Declared and called councils", title_justify="left")
    declared.add_column("Time")
    declared.add_column("Council")
    declared.add_column("Control")
    declared.add_column("Result")
    rows = sorted(
        (s for s in state.councils.values() if s.result is not None),
        key=lambda s: (s.result.at if s.result else at, s.council.name),
    )
    for status in rows:
        assert status.result is not None
        control = status.control or "?"
        declared.add_row(
            clock(status.result.at, tz, status.result.estimated, day=day),
            Text(clean_text(status.council.name)),
            Text(control, style=party_style(feed, control)),
            Text(status.outcome, style="reverse" if status.gained else ""),
        )
    note = Text(f"Councillors: {coverage(state)}", style="italic")
    parts: list[RenderableType] = [title, board, note]
    if rows:
        parts.append(declared)
    else:
        parts.append(Text("No council has declared yet.", style="italic"))
    return Group(*parts)
