"""The night's state and the pure reducer that folds one entry into it (no UI here)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import msgspec

from elextui.feed.model import NOC, Council, Entry, Mayor, Pcc, Result
from elextui.feed.reader import Feed

_OFFICES = (Mayor, Pcc)
"""Entry types that fill an office (a tuple: `isinstance` with `A | B` builds a union per call)."""


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


class CouncilStatus(msgspec.Struct, frozen=True, gc=False):
    """One council: its baseline, and its latest result once declared.

    Not tracked by the cyclic GC (like the feed records it holds: no cycles possible).
    """

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
    if isinstance(entry, _OFFICES):
        offices = dict(state.offices)
        offices[_office(entry)] = entry
        return msgspec.structs.replace(
            state, offices=offices, applied=state.applied + 1, at=entry.at
        )
    return msgspec.structs.replace(state, applied=state.applied + 1, at=entry.at)


class Fold:
    """Folds many entries into a private copy of a state, then freezes it.

    Equivalent to calling `apply` once per entry, without copying every mapping at every
    entry: the timeline builds its checkpoints and answers seeks with it.
    """

    __slots__ = ("_base", "_councils", "_counts", "_offices", "_declared", "_applied", "_at")

    def __init__(self, state: State) -> None:
        self._base = state
        self._councils = dict(state.councils)
        self._counts = {
            party: [t.councils, t.councils_before, t.councillors, t.councillors_change]
            for party, t in state.tallies.items()
        }
        self._offices: dict[str, Mayor | Pcc] | None = None  # copied on first write
        self._declared = state.declared
        self._applied = state.applied
        self._at = state.at

    def add(self, entry: Entry) -> None:
        """Fold one entry in, as `apply` would."""
        if type(entry) is Result:
            self._declared += _fold_result(self._councils, self._counts, entry)
        elif isinstance(entry, _OFFICES):
            if self._offices is None:
                self._offices = dict(self._base.offices)
            self._offices[_office(entry)] = entry
        self._applied += 1
        self._at = entry.at

    def state(self) -> State:
        """The state so far (a snapshot: folding may go on)."""
        offices = self._base.offices if self._offices is None else dict(self._offices)
        return msgspec.structs.replace(
            self._base,
            councils=dict(self._councils),
            tallies={party: PartyTally(*row) for party, row in self._counts.items()},
            offices=offices,
            declared=self._declared,
            applied=self._applied,
            at=self._at,
        )


def _office(entry: Mayor | Pcc) -> str:
    """The key of an office in `State.offices`: `mayor:AREA` or `pcc:AREA`."""
    return f"{'mayor' if type(entry) is Mayor else 'pcc'}:{entry.area}"


def _apply_result(state: State, result: Result) -> State:
    councils = dict(state.councils)
    deltas: dict[str, list[int]] = {}
    newly = _fold_result(councils, deltas, result)
    tallies = dict(state.tallies)
    for party, (n, before, won, change) in deltas.items():
        tally = tallies.get(party, PartyTally())
        tallies[party] = PartyTally(
            tally.councils + n,
            tally.councils_before + before,
            tally.councillors + won,
            tally.councillors_change + change,
        )
    return msgspec.structs.replace(
        state,
        councils=councils,
        tallies=tallies,
        declared=state.declared + newly,
        applied=state.applied + 1,
        at=result.at,
    )


def _fold_result(
    councils: dict[str, CouncilStatus], counts: dict[str, list[int]], result: Result
) -> int:
    """Put a result into `councils` and its effect on the national lines into `counts`.

    Both mappings are changed in place; returns 1 if the council was newly declared.
    A re-declaration takes the earlier result's seats out and puts the new ones in.
    """
    old = councils[result.council]
    council = old.council
    control = result_control(result, council.seats)
    before = old.control_before
    councils[result.council] = CouncilStatus(council, before, control, result)
    get = counts.get  # rows are non-empty lists, so `get(party) or _new_row(...)` is safe
    previous = old.result
    if previous is None:
        (get(control) or _new_row(counts, control))[0] += 1
        if before is not None:
            (get(before) or _new_row(counts, before))[1] += 1
    else:
        if control != old.control:
            assert old.control is not None  # a declared council always has a control
            (get(old.control) or _new_row(counts, old.control))[0] -= 1
            (get(control) or _new_row(counts, control))[0] += 1
        _count_seats(counts, previous, -1)
    _count_seats(counts, result, 1)
    return int(previous is None)


def _count_seats(counts: dict[str, list[int]], result: Result, sign: int) -> None:
    """Add (sign=1) or take out (sign=-1) a result's seats won and change."""
    get = counts.get
    if result.seats_won:
        for party, seats in result.seats_won.items():
            (get(party) or _new_row(counts, party))[2] += sign * seats
    if result.change:
        for party, change in result.change.items():
            (get(party) or _new_row(counts, party))[3] += sign * change


def _new_row(counts: dict[str, list[int]], party: str) -> list[int]:
    row = counts[party] = [0, 0, 0, 0]
    return row
