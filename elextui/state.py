"""The night's state and the pure reducer that folds one entry into it (no UI here)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import msgspec

from elextui.feed.model import NOC, Council, Entry, Mayor, Pcc, Result
from elextui.feed.reader import Feed


def control_of(composition: Mapping[str, int], seats: int) -> str:
    """The party with more than half of `seats`, else NOC."""
    for party, count in composition.items():
        if count * 2 > seats:
            return party
    return NOC


def outcome(control: str | None, control_before: str | None) -> str:
    """A headline for a declaration: `LAB GAIN from CON`, `CON HOLD` or `LAB WIN`."""
    if control_before is None:
        return f"{control} WIN"
    if control != control_before:
        return f"{control} GAIN from {control_before}"
    return f"{control} HOLD"


def result_control(result: Result, seats: int) -> str:
    """Control after a result: its explicit `control`, else derived from its composition."""
    if result.control is not None:
        return result.control
    assert result.composition is not None  # the reader guarantees one of the two
    return control_of(result.composition, seats)


class PartyTally(msgspec.Struct, frozen=True, gc=False):
    """A party's national line, counted over declared councils only."""

    councils: int = 0
    """Declared councils it controls now."""
    councils_before: int = 0
    """Declared councils it controlled before the poll."""
    councillors: int = 0
    """Seats won tonight in declared councils."""
    councillors_change: int = 0
    """Sum of `change` over declared councils."""

    @property
    def councils_change(self) -> int:
        """Councils now minus councils before, over declared councils."""
        return self.councils - self.councils_before


class CouncilStatus(msgspec.Struct, frozen=True):
    """One council: its baseline, and its latest result once declared."""

    council: Council
    control_before: str | None
    """Who ran it on the eve of the poll (None when the feed does not say)."""
    control: str | None
    """Who runs it now: the result's control when declared, else `control_before`."""
    result: Result | None = None

    @property
    def declared(self) -> bool:
        """Whether a result has been declared."""
        return self.result is not None

    @property
    def composition(self) -> dict[str, int] | None:
        """Whole-council seats now: the result's, or the baseline's while pending."""
        if self.result is None:
            return self.council.composition
        return self.result.composition

    @property
    def gained(self) -> bool:
        """Whether control changed hands at the declaration."""
        return (
            self.result is not None
            and self.control_before is not None
            and self.control != self.control_before
        )

    @property
    def outcome(self) -> str:
        """A headline such as `LAB GAIN from CON`, `CON HOLD` or `pending`."""
        if self.result is None:
            return "pending"
        return outcome(self.control, self.control_before)


class State(msgspec.Struct, frozen=True):
    """Everything the screens show at one moment; treat its mappings as read-only."""

    title: str
    parties: tuple[str, ...]
    """Party codes in header order, then NOC."""
    councils: dict[str, CouncilStatus]
    tallies: dict[str, PartyTally]
    declared: int = 0
    offices: dict[str, Mayor | Pcc] = {}
    """Mayoral and PCC results by `type:area`."""
    applied: int = 0
    """How many entries have been folded in."""
    at: datetime | None = None
    """Time of the last entry folded in."""

    @property
    def councils_total(self) -> int:
        """Number of councils in the feed."""
        return len(self.councils)


def baseline(feed: Feed) -> State:
    """The state before any entry: every council pending with its eve-of-poll control."""
    councils: dict[str, CouncilStatus] = {}
    for council in feed.councils.values():
        before = council.control
        if before is None and council.composition is not None:
            before = control_of(council.composition, council.seats)
        councils[council.id] = CouncilStatus(council, before, before)
    parties = (*feed.party_codes, NOC)
    return State(
        title=feed.election.title,
        parties=parties,
        councils=councils,
        tallies={code: PartyTally() for code in parties},
    )


def add_council(state: State, council: Council) -> State:
    """The state with a council that joined the baseline late (a live feed)."""
    if council.id in state.councils:
        return state
    before = council.control
    if before is None and council.composition is not None:
        before = control_of(council.composition, council.seats)
    councils = dict(state.councils)
    councils[council.id] = CouncilStatus(council, before, before)
    return msgspec.structs.replace(state, councils=councils)


def apply(state: State, entry: Entry) -> State:
    """The state after `entry`: a pure function, `state` is not changed."""
    if type(entry) is Result:
        return _apply_result(state, entry)
    if isinstance(entry, Mayor | Pcc):
        offices = dict(state.offices)
        offices[f"{type(entry).__name__.lower()}:{entry.area}"] = entry
        return msgspec.structs.replace(
            state, offices=offices, applied=state.applied + 1, at=entry.at
        )
    return msgspec.structs.replace(state, applied=state.applied + 1, at=entry.at)


def _apply_result(state: State, result: Result) -> State:
    old = state.councils[result.council]
    council = old.council
    new = CouncilStatus(council, old.control_before, result_control(result, council.seats), result)
    deltas: dict[str, list[int]] = {}
    if old.result is not None:
        _count(deltas, old, -1)
    _count(deltas, new, 1)
    tallies = dict(state.tallies)
    for party, (n, before, won, change) in deltas.items():
        tally = tallies.get(party, PartyTally())
        tallies[party] = PartyTally(
            tally.councils + n,
            tally.councils_before + before,
            tally.councillors + won,
            tally.councillors_change + change,
        )
    councils = dict(state.councils)
    councils[result.council] = new
    return msgspec.structs.replace(
        state,
        councils=councils,
        tallies=tallies,
        declared=state.declared + (old.result is None),
        applied=state.applied + 1,
        at=result.at,
    )


def _count(deltas: dict[str, list[int]], status: CouncilStatus, sign: int) -> None:
    """Add (sign=1) or remove (sign=-1) a declared council's share of the national lines."""
    assert status.result is not None
    if status.control is not None:
        deltas.setdefault(status.control, [0, 0, 0, 0])[0] += sign
    if status.control_before is not None:
        deltas.setdefault(status.control_before, [0, 0, 0, 0])[1] += sign
    for party, seats in (status.result.seats_won or {}).items():
        deltas.setdefault(party, [0, 0, 0, 0])[2] += sign * seats
    for party, change in (status.result.change or {}).items():
        deltas.setdefault(party, [0, 0, 0, 0])[3] += sign * change
