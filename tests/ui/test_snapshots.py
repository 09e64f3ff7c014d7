"""SVG snapshots of the real app on the 2018 night: paused, fake clock, nothing that moves."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from uikit import moment, settled

from elextui.clock import FakeClock
from elextui.timeline import Timeline
from elextui.ui.app import ElextuiApp, make_app

SMALL = (80, 24)
LARGE = (160, 48)


def paused_at(timeline: Timeline, when: str) -> ElextuiApp:
    """The app paused at a TIME, on a clock that never moves."""
    return make_app(timeline, paused=True, clock=FakeClock(), start=moment(timeline, when))


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the first frame is drawn and the layout has stopped moving."""
    await settled(pilot)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_main_at_start(snap_compare: Any, night_2018: Timeline, size: tuple[int, int]) -> None:
    """Polls just closed: header `Thu 3 May 22:00:00 BST +0h00m PAUSED 60x declared 0/150`,
    every tile faint and reading `was CON`, `was LAB`..., a zero scoreboard in the header's
    party order (LAB CON LD GRN UKIP IND OTH, then NOC), and the ticker
    holding only `◆ Polls close` under a `Thursday 3 May` rule. The scrub bar's ● sits at
    the far left, under `Thu`; `│Fri` and `│Sat` mark the midnights, clock ticks between."""
    assert snap_compare(paused_at(night_2018, "start"), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_main_at_0330(snap_compare: Any, night_2018: Timeline, size: tuple[int, int]) -> None:
    """03:30 on Friday, just after Plymouth fell: 66 of 150 declared, Plymouth's tile
    reads `LAB GAIN`, Trafford `NOC GAIN`, Sunderland `LAB HOLD`, tiles 10 cells wide at
    80x24 with whole names (`Barnsley`, `Amber Val`); the scoreboard rows in the header's
    order as at the start; the ticker's posts end `— LabourList`; it ends with
    the last declarations before 03:30; the bar's ● is about a fifth of the way along."""
    assert snap_compare(paused_at(night_2018, "03:30"), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_main_at_end(snap_compare: Any, night_2018: Timeline, size: tuple[int, int]) -> None:
    """Saturday 02:00, the night over: all 150 declared, every tile in full colour, the
    ticker ending with Tower Hamlets, the ● at the far right of the bar."""
    assert snap_compare(paused_at(night_2018, "end"), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_council_detail(snap_compare: Any, night_2018: Timeline, size: tuple[int, int]) -> None:
    """Plymouth's detail at 03:30 over the dimmed board: 57 seats, 19 up, `Declared Fri
    03:28  LAB GAIN from CON`, control `CON → LAB`, the after bar red then blue with
    `LAB 31 · CON 26` under it, tonight's seats with changes, and the posts that mention
    Plymouth."""

    async def open_plymouth(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, ElextuiApp)
        app.open_council("plymouth")
        await settled(pilot)

    app = paused_at(night_2018, "03:30")
    assert snap_compare(app, terminal_size=size, run_before=open_plymouth)


def test_help(snap_compare: Any, night_2018: Timeline) -> None:
    """The `?` screen at 160x48: every playback key with what it does, the council grid
    keys, and the command palette and mouse notes."""
    app = paused_at(night_2018, "03:30")
    assert snap_compare(app, terminal_size=LARGE, press=["question_mark"], run_before=settle)


def test_grid_selection(snap_compare: Any, night_2018: Timeline) -> None:
    """At 80x24 after `tab`, `down`, `right`: the second tile of the second row is
    reversed with a ▸, and the grid's title names that council and its outcome."""
    app = paused_at(night_2018, "03:30")
    assert snap_compare(app, terminal_size=SMALL, press=["tab", "down", "right"], run_before=settle)


def test_short_terminal_lists_latest(snap_compare: Any, night_2018: Timeline) -> None:
    """At 70x20 the grid cannot fit: under the scoreboard and ticker, `Latest declarations`
    lists the newest results first, `Fri 03:28 Plymouth  LAB GAIN from CON` at the top."""
    app = paused_at(night_2018, "03:30")
    assert snap_compare(app, terminal_size=(70, 20), run_before=settle)


def test_terminal_too_small(snap_compare: Any, night_2018: Timeline) -> None:
    """At 50x15 the board gives way to `Terminal too small: 50×15.` and what it needs."""
    app = paused_at(night_2018, "03:30")
    assert snap_compare(app, terminal_size=(50, 15), run_before=settle)


def test_sixteen_colours(snap_compare: Any, night_2018: Timeline) -> None:
    """03:30 at 80x24 as a 16-colour terminal (TERM=xterm) shows it: LAB red, CON blue,
    LD orange-yellow, GRN green, UKIP magenta, each its own ANSI colour; declared tiles
    solid, pending tiles coloured text on the plain background, NOC a grey block."""
    app = make_app(
        night_2018,
        paused=True,
        clock=FakeClock(),
        start=moment(night_2018, "03:30"),
        colors="16",
    )
    assert snap_compare(app, terminal_size=SMALL, run_before=settle)


def test_no_color(snap_compare: Any, night_2018: Timeline, monkeypatch: pytest.MonkeyPatch) -> None:
    """03:30 at 80x24 with NO_COLOR=1: all grey; declared tiles reversed and bold (NOC also
    italic), pending tiles dim reading `was CON`; the words carry it all."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = paused_at(night_2018, "03:30")
    assert app.color_depth == "mono"
    assert snap_compare(app, terminal_size=SMALL, run_before=settle)
