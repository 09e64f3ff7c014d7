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


CALL_MARK = " (call)"
"""Appended to the headline of a call (a result with `final` false)."""


def outcome(control: str | None, control_before: str | None, final: bool = True) -> str:
    """A headline: `LAB GAIN from CON`, `CON HOLD`, `LAB WIN`; a call ends in ` (call)`."""
    mark = "" if final else CALL_MARK
    if control_before is None:
        return f"{control} WIN{mark}"
    if control != control_before:
        return f"{control} GAIN from {control_before}{mark}"
    return f"{control} HOLD{mark}"


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
    """One council: its baseline, and its latest result once called or declared.

    Not tracked by the cyclic GC (like the feed records it holds: no cycles possible).
    """

    council: Council
    control_before: str | None
    """Who ran it on the eve of the poll (None when the feed does not say)."""
    control: str | None
    """Who runs it now: the result's (or call's) control, else `control_before`."""
    result: Result | None = None
    """The final result once declared; before that the latest call, if any."""

    @property
    def declared(self) -> bool:
        """Whether a final result has been declared."""
        return self.result is not None and self.result.final

    @property
    def called(self) -> bool:
        """Whether control has been called but the seats are not all declared."""
        return self.result is not None and not self.result.final

    @property
    def status(self) -> str:
        """`pending`, `called` or `declared`."""
        if self.result is None:
            return "pending"
        return "declared" if self.result.final else "called"

    @property
    def composition(self) -> dict[str, int] | None:
        """Whole-council seats now: the result's (or call's), or the baseline's while pending."""
        if self.result is None:
            return self.council.composition
        return self.result.composition

    @property
    def gained(self) -> bool:
        """Whether control changed hands at the declaration (or is called to)."""
        return (
            self.result is not None
            and self.control_before is not None
            and self.control != self.control_before
        )

    @property
    def outcome(self) -> str:
        """A headline: `LAB GAIN from CON`, `CON HOLD`, `LAB GAIN from NOC (call)`, `pending`."""
        if self.result is None:
            return "pending"
        return outcome(self.control, self.control_before, self.result.final)


class State(msgspec.Struct, frozen=True):
    """Everything the screens show at one moment; treat its mappings as read-only."""

    title: str
    parties: tuple[str, ...]
    """Party codes in header order, then NOC."""
    councils: dict[str, CouncilStatus]
    tallies: dict[str, PartyTally]
    """National lines, counted over declared councils only (calls are not counted)."""
    declared: int = 0
    called: int = 0
    """Councils called but not yet declared."""
    seats_won_known: int = 0
    """Declared councils whose result carries `seats_won` (the councillors' coverage)."""
    change_known: int = 0
    """Declared councils whose result carries `change` (the +/- coverage)."""
    offices: dict[str, Mayor | Pcc] = {}
    """Mayoral and PCC results by `type:area`."""
    applied: int = 0
    """How many entries have been folded in."""
    at: datetime | None = None
    """Time of the last entry folded in."""
    sources: dict[str, str] = {}
    """The header's source names by id (as the feed gives them: sanitise before showing)."""

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
        sources={source.id: source.name for source in feed.election.sources},
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

    __slots__ = ("_base", "_councils", "_counts", "_offices", "_totals", "_applied", "_at")

    def __init__(self, state: State) -> None:
        self._base = state
        self._councils = dict(state.councils)
        self._counts = {
            party: [t.councils, t.councils_before, t.councillors, t.councillors_change]
            for party, t in state.tallies.items()
        }
        self._offices: dict[str, Mayor | Pcc] | None = None  # copied on first write
        self._totals = [state.declared, state.called, state.seats_won_known, state.change_known]
        self._applied = state.applied
        self._at = state.at

    def add(self, entry: Entry) -> None:
        """Fold one entry in, as `apply` would."""
        if type(entry) is Result:
            totals = self._totals
            for i, delta in enumerate(_fold_result(self._councils, self._counts, entry)):
                totals[i] += delta
        elif isinstance(entry, _OFFICES):
            if self._offices is None:
                self._offices = dict(self._base.offices)
            self._offices[_office(entry)] = entry
        self._applied += 1
        self._at = entry.at

    def state(self) -> State:
        """The state so far (a snapshot: folding may go on)."""
        offices = self._base.offices if self._offices is None else dict(self._offices)
        declared, called, won, change = self._totals
        return msgspec.structs.replace(
            self._base,
            councils=dict(self._councils),
            tallies={party: PartyTally(*row) for party, row in self._counts.items()},
            offices=offices,
            declared=declared,
            called=called,
            seats_won_known=won,
            change_known=change,
            applied=self._applied,
            at=self._at,
        )


def _office(entry: Mayor | Pcc) -> str:
    """The key of an office in `State.offices`: `mayor:AREA` or `pcc:AREA`."""
    return f"{'mayor' if type(entry) is Mayor else 'pcc'}:{entry.area}"


def _apply_result(state: State, result: Result) -> State:
    councils = dict(state.councils)
    deltas: dict[str, list[int]] = {}
    declared, called, won, change = _fold_result(councils, deltas, result)
    tallies = dict(state.tallies)
    for party, (n, before, seats, moved) in deltas.items():
        tally = tallies.get(party, PartyTally())
        tallies[party] = PartyTally(
            tally.councils + n,
            tally.councils_before + before,
            tally.councillors + seats,
            tally.councillors_change + moved,
        )
    return msgspec.structs.replace(
        state,
        councils=councils,
        tallies=tallies,
        declared=state.declared + declared,
        called=state.called + called,
        seats_won_known=state.seats_won_known + won,
        change_known=state.change_known + change,
        applied=state.applied + 1,
        at=result.at,
    )


_NO_CHANGE = (0, 0, 0, 0)


def _fold_result(
    councils: dict[str, CouncilStatus], counts: dict[str, list[int]], result: Result
) -> tuple[int, int, int, int]:
    """Put a result into `councils` and its effect on the national lines into `counts`.

    Both mappings are changed in place; returns the changes to (declared, called,
    seats_won_known, change_known). Only declared councils count nationally: a call
    (`final` false) shows its control on the council but adds nothing to `counts`; a
    call after a final result is ignored (the declaration stands); a later result
    for a declared council replaces it, taking its seats out and putting the new ones in.
    """
    old = councils[result.council]
    if not result.final and old.declared:
        return _NO_CHANGE
    council = old.council
    control = result_control(result, council.seats)
    before = old.control_before
    councils[result.council] = CouncilStatus(council, before, control, result)
    if not result.final:
        return (0, 0 if old.called else 1, 0, 0)
    get = counts.get  # rows are non-empty lists, so `get(party) or _new_row(...)` is safe
    previous = old.result if old.declared else None
    won = int(result.seats_won is not None)
    change = int(result.change is not None)
    if previous is None:
        (get(control) or _new_row(counts, control))[0] += 1
        if before is not None:
            (get(before) or _new_row(counts, before))[1] += 1
        _count_seats(counts, result, 1)
        return (1, -1 if old.called else 0, won, change)
    if control != old.control:
        assert old.control is not None  # a declared council always has a control
        (get(old.control) or _new_row(counts, old.control))[0] -= 1
        (get(control) or _new_row(counts, control))[0] += 1
    _count_seats(counts, previous, -1)
    _count_seats(counts, result, 1)
    return (
        0,
        0,
        won - int(previous.seats_won is not None),
        change - int(previous.change is not None),
    )


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
