"""The pure reducer: control, wording, national counting and re-declarations."""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from feedkit import council, entry, header, load

from elextui.feed import NOC, Feed, Mayor, Pcc, Post, Result, load_feed
from elextui.state import (
    PartyTally,
    State,
    apply,
    baseline,
    control_of,
    outcome,
)

MINI = Path(__file__).parent / "data" / "mini.jsonl"
AT = "2018-05-04T03:00:00+01:00"


def night() -> Feed:
    """Four councils with every kind of baseline: control, composition, both, neither."""
    return load(
        header(),
        council("plymouth", 57, seats_up=19, control="CON", composition={"CON": 30, "LAB": 27}),
        council("sunderland", 75, seats_up=25, control="LAB"),
        council("trafford", 63, seats_up=21, composition={"CON": 33, "LAB": 27, "LD": 3}),
        council("hull", 57),
        entry("post", text="hello"),
    )


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def result(council_id: str, at: str = AT, **fields: Any) -> Result:
    return Result(at=_dt(at), council=council_id, **fields)


def fold(state: State, *entries: Result | Post | Mayor | Pcc) -> State:
    for item in entries:
        state = apply(state, item)
    return state


# -- control ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("composition", "seats", "control"),
    [
        ({"LAB": 29, "CON": 28}, 57, "LAB"),  # 29 of 57 is more than half
        ({"LAB": 30, "CON": 30, "LD": 3}, 63, NOC),
        ({"LAB": 30, "CON": 30}, 60, NOC),  # exactly half is not a majority
        ({"CON": 31, "LAB": 29}, 60, "CON"),
        ({}, 10, NOC),
    ],
)
def test_control_of(composition: dict[str, int], seats: int, control: str) -> None:
    assert control_of(composition, seats) == control


def test_baseline_control() -> None:
    state = baseline(night())
    assert {cid: s.control_before for cid, s in state.councils.items()} == {
        "plymouth": "CON",  # explicit
        "sunderland": "LAB",  # explicit, no composition
        "trafford": "CON",  # derived: 33 of 63
        "hull": None,  # the feed does not say
    }
    assert all(s.control == s.control_before for s in state.councils.values())
    assert state.declared == 0
    assert state.parties == ("LAB", "CON", "LD", NOC)
    assert state.tallies == {code: PartyTally() for code in ("LAB", "CON", "LD", NOC)}


def test_result_control_by_majority() -> None:
    state = apply(baseline(night()), result("plymouth", composition={"LAB": 31, "CON": 26}))
    assert state.councils["plymouth"].control == "LAB"
    assert state.councils["plymouth"].composition == {"LAB": 31, "CON": 26}


def test_result_control_no_overall_control() -> None:
    state = apply(
        baseline(night()), result("trafford", composition={"CON": 30, "LAB": 30, "LD": 3})
    )
    assert state.councils["trafford"].control == NOC
    assert state.councils["trafford"].outcome == "NOC GAIN from CON"


def test_explicit_control_overrides_composition() -> None:
    state = apply(
        baseline(night()),
        result(
            "trafford",
            composition={"CON": 30, "LAB": 30, "LD": 3},
            control="LAB",
            note="Labour runs it on the mayor's casting vote",
        ),
    )
    assert state.councils["trafford"].control == "LAB"


def test_control_only_result() -> None:
    state = apply(baseline(night()), result("sunderland", control="LAB"))
    status = state.councils["sunderland"]
    assert status.declared
    assert status.control == "LAB"
    assert status.composition is None
    assert status.outcome == "LAB HOLD"
    assert state.tallies["LAB"] == PartyTally(councils=1, councils_before=1)


def test_pending_council_shows_the_baseline() -> None:
    state = apply(baseline(night()), result("sunderland", control="LAB"))
    status = state.councils["plymouth"]
    assert not status.declared
    assert status.outcome == "pending"
    assert status.control == status.control_before == "CON"
    assert status.composition == {"CON": 30, "LAB": 27}


# -- wording ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("control", "before", "text"),
    [
        ("LAB", "CON", "LAB GAIN from CON"),
        ("CON", "CON", "CON HOLD"),
        ("NOC", "LAB", "NOC GAIN from LAB"),
        ("LAB", "NOC", "LAB GAIN from NOC"),
        ("NOC", "NOC", "NOC HOLD"),
        ("LAB", None, "LAB WIN"),
    ],
)
def test_outcome_wording(control: str, before: str | None, text: str) -> None:
    assert outcome(control, before) == text


def test_gain_and_hold_on_the_state() -> None:
    state = fold(
        baseline(night()),
        result("plymouth", composition={"LAB": 31, "CON": 26}),
        result("sunderland", control="LAB"),
        result("hull", control="LAB"),
    )
    assert state.councils["plymouth"].gained
    assert state.councils["plymouth"].outcome == "LAB GAIN from CON"
    assert not state.councils["sunderland"].gained
    assert state.councils["sunderland"].outcome == "LAB HOLD"
    assert not state.councils["hull"].gained  # nothing to gain it from
    assert state.councils["hull"].outcome == "LAB WIN"


# -- national counting -----------------------------------------------------------------


def test_national_counting_over_declared_councils_only() -> None:
    feed = load_feed(MINI)
    state = fold(baseline(feed), *sorted(feed.entries, key=lambda e: e.at))
    assert state.declared == 3
    assert state.tallies["LAB"] == PartyTally(
        councils=2, councils_before=1, councillors=43, councillors_change=6
    )
    assert state.tallies["CON"] == PartyTally(
        councils=0, councils_before=2, councillors=19, councillors_change=-6
    )
    assert state.tallies["LD"] == PartyTally(councillors=3)
    assert state.tallies[NOC] == PartyTally(councils=1)
    assert state.tallies["LAB"].councils_change == 1
    assert state.tallies["CON"].councils_change == -2
    assert state.tallies[NOC].councils_change == 1


def test_undeclared_councils_do_not_count() -> None:
    state = apply(baseline(night()), result("sunderland", control="LAB", seats_won={"LAB": 20}))
    # Plymouth and Trafford are CON before the poll but have not declared.
    assert state.tallies["CON"] == PartyTally()
    assert state.tallies["LAB"] == PartyTally(councils=1, councils_before=1, councillors=20)


def test_noc_row_counts_councils_not_councillors() -> None:
    state = fold(
        baseline(night()),
        result(
            "trafford",
            composition={"CON": 30, "LAB": 30, "LD": 3},
            seats_won={"CON": 8, "LAB": 12, "LD": 1},
            change={"CON": -3, "LAB": 3},
        ),
    )
    assert state.tallies[NOC] == PartyTally(councils=1)
    assert state.tallies["CON"] == PartyTally(
        councils=0, councils_before=1, councillors=8, councillors_change=-3
    )


def test_later_result_replaces_the_earlier_one() -> None:
    first = result(
        "plymouth",
        "2018-05-04T03:00:00+01:00",
        composition={"LAB": 31, "CON": 26},
        seats_won={"LAB": 11, "CON": 8},
        change={"LAB": 4, "CON": -4},
    )
    recount = result(
        "plymouth",
        "2018-05-04T05:00:00+01:00",
        composition={"CON": 29, "LAB": 28},
        seats_won={"LAB": 8, "CON": 11},
        change={"LAB": 1, "CON": -1},
        note="recount",
    )
    state = fold(baseline(night()), first, recount)
    assert state.declared == 1
    assert state.applied == 2
    assert state.councils["plymouth"].result == recount
    assert state.councils["plymouth"].outcome == "CON HOLD"
    assert state.tallies["CON"] == PartyTally(
        councils=1, councils_before=1, councillors=11, councillors_change=-1
    )
    assert state.tallies["LAB"] == PartyTally(councils=0, councillors=8, councillors_change=1)
    # The same as if only the recount had been declared.
    alone = apply(baseline(night()), recount)
    assert state.tallies == alone.tallies
    assert state.councils == alone.councils


def test_redeclaring_the_same_result_changes_nothing_but_the_count() -> None:
    once = result("plymouth", composition={"LAB": 31, "CON": 26}, seats_won={"LAB": 11})
    a = apply(baseline(night()), once)
    b = apply(a, once)
    assert b.tallies == a.tallies
    assert b.declared == a.declared == 1
    assert b.applied == 2


def test_mayor_and_pcc_results_are_kept_by_office() -> None:
    mayor = Mayor(at=_dt(AT), area="Sheffield City Region", winner="Dan Jarvis", party="LAB")
    pcc = Pcc(at=_dt(AT), area="Sheffield City Region", winner="Someone", party="CON")
    later = Mayor(
        at=_dt("2018-05-04T16:00:00+01:00"),
        area="Sheffield City Region",
        winner="Dan Jarvis",
        party="LAB",
        note="corrected",
    )
    state = fold(baseline(night()), mayor, pcc, later)
    assert state.offices == {
        "mayor:Sheffield City Region": later,
        "pcc:Sheffield City Region": pcc,
    }
    assert state.tallies == baseline(night()).tallies


def test_posts_and_markers_move_time_only() -> None:
    feed = night()
    start = baseline(feed)
    post = feed.entries[0]
    state = apply(start, post)
    assert state.applied == 1
    assert state.at == post.at
    assert state.councils == start.councils
    assert state.tallies == start.tallies


def test_apply_does_not_mutate_its_input() -> None:
    start = baseline(night())
    start = apply(start, result("sunderland", control="LAB", seats_won={"LAB": 20}))
    snapshot = copy.deepcopy(start)
    ids = {k: id(v) for k, v in start.councils.items()}
    after = fold(
        start,
        result("plymouth", composition={"LAB": 31, "CON": 26}, seats_won={"LAB": 11}),
        result("sunderland", control="NOC", seats_won={"LAB": 10}),
        Mayor(at=_dt(AT), area="Sheffield", winner="W", party="LAB"),
    )
    assert start == snapshot
    assert {k: id(v) for k, v in start.councils.items()} == ids
    assert start.offices == {}
    assert after != start
    assert after.tallies["LAB"].councillors == 21


# -- calls and coverage ----------------------------------------------------------------


def test_a_call_shows_control_but_counts_nowhere() -> None:
    call = result(
        "plymouth", "2018-05-04T03:02:00+01:00", control="LAB", seats_won={"LAB": 9}, final=False
    )
    state = apply(baseline(night()), call)
    status = state.councils["plymouth"]
    assert (status.status, status.called, status.declared) == ("called", True, False)
    assert status.control == "LAB"
    assert status.gained
    assert status.outcome == "LAB GAIN from CON (call)"
    assert (state.declared, state.called) == (0, 1)
    assert (state.seats_won_known, state.change_known) == (0, 0)
    assert state.tallies == baseline(night()).tallies


def test_a_final_result_declares_a_called_council() -> None:
    call = result("plymouth", "2018-05-04T03:02:00+01:00", control="LAB", final=False)
    final = result(
        "plymouth",
        "2018-05-04T03:28:00+01:00",
        composition={"LAB": 31, "CON": 26},
        seats_won={"LAB": 11, "CON": 8},
        change={"LAB": 4, "CON": -4},
    )
    state = fold(baseline(night()), call, final)
    assert state.councils["plymouth"].status == "declared"
    assert state.councils["plymouth"].outcome == "LAB GAIN from CON"
    assert (state.declared, state.called) == (1, 0)
    assert (state.seats_won_known, state.change_known) == (1, 1)
    alone = apply(baseline(night()), final)
    assert state.tallies == alone.tallies
    assert state.councils == alone.councils


def test_a_second_call_replaces_the_first_and_is_counted_once() -> None:
    first = result("plymouth", control="NOC", final=False)
    second = result("plymouth", "2018-05-04T03:10:00+01:00", control="LAB", final=False)
    state = fold(baseline(night()), first, second)
    assert state.called == 1
    assert state.councils["plymouth"].control == "LAB"


def test_a_call_after_the_declaration_is_ignored() -> None:
    final = result("plymouth", composition={"LAB": 31, "CON": 26}, seats_won={"LAB": 11})
    late = result("plymouth", "2018-05-04T04:00:00+01:00", control="CON", final=False)
    declared = apply(baseline(night()), final)
    state = apply(declared, late)
    assert state.councils == declared.councils
    assert state.tallies == declared.tallies
    assert (state.declared, state.called, state.applied) == (1, 0, 2)


def test_coverage_counts_declared_councils_with_each_figure() -> None:
    state = fold(
        baseline(night()),
        result("plymouth", control="LAB", seats_won={"LAB": 11}, change={"LAB": 4}),
        result("sunderland", control="LAB", seats_won={"LAB": 20}),
        result("trafford", control="CON"),
        result("hull", control="LAB", seats_won={"LAB": 3}, change={"LAB": 1}, final=False),
    )
    assert (state.declared, state.called) == (3, 1)
    assert (state.seats_won_known, state.change_known) == (2, 1)
    # A recount without the change figure takes Plymouth's change out of the coverage.
    state = apply(state, result("plymouth", control="LAB", seats_won={"LAB": 11}))
    assert (state.seats_won_known, state.change_known) == (2, 0)
    assert state.tallies["LAB"].councillors_change == 0
