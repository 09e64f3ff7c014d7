"""Pilot tests for the playback controls: speed steps up to max and back, the header naming
a quiet spell that idle compression skips, dialogs pausing playback. Real keys, fake clock."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from uikit import catch_up, moment, screen_text, until

from elextui.clock import FakeClock
from elextui.player import SPEEDS, TOP_SPEED
from elextui.timeline import Timeline
from elextui.ui.app import ElextuiApp, make_app
from elextui.ui.screens.council_detail import CouncilDetailScreen
from elextui.ui.screens.go_to_time import GoToTimeScreen
from elextui.ui.screens.help import HelpScreen
from elextui.ui.screens.main import BoardFooter
from elextui.ui.widgets.night_header import NightHeader

SIZE = (160, 48)


def near(a: datetime, b: datetime, seconds: float = 151) -> bool:
    """Within a tick or so at 600x (the app's clock ticks every 0.25 s of wall time)."""
    return abs((a - b).total_seconds()) <= seconds


def header_text(app: ElextuiApp) -> str:
    """The header line as plain text."""
    return str(app.main.query_one(NightHeader).render_line(0).text)


async def test_plus_to_max_plays_on_and_minus_comes_back(
    night_2018: Timeline, clock: FakeClock
) -> None:
    start = moment(night_2018, "fri 00:00")
    app = make_app(night_2018, speed=600, clock=clock, start=start)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await pilot.press(*["plus"] * (len(SPEEDS) + 1))  # past the top: stays at max
        await catch_up(pilot, clock)
        assert app.speed == math.inf and " max " in header_text(app)
        await catch_up(pilot, clock, 0.05)  # a few gaps at max: on, but not at the end
        assert start < app.at < night_2018.end
        assert not app.finished and app.playing
        await pilot.press("minus")
        await catch_up(pilot, clock)
        assert app.speed == TOP_SPEED and " 10000x " in header_text(app)
        held = app.at
        await pilot.press("minus", "minus")
        await catch_up(pilot, clock, 1.0)
        assert app.speed == 1200 and " 1200x " in header_text(app)
        assert held < app.at < night_2018.end and app.playing


async def test_max_plays_to_the_end_and_stays_max_for_minus(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, speed=math.inf, clock=clock, idle_limit=300)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.2)
        assert not app.finished  # a 28-hour night is not over in a fifth of a second
        for _ in range(40):  # a few seconds of wall time: at most 0.01 s a gap
            await catch_up(pilot, clock, 0.25)
            if app.finished:
                break
        assert app.finished and "END" in header_text(app) and " max " in header_text(app)
        await pilot.press("minus")
        await catch_up(pilot, clock)
        assert app.speed == TOP_SPEED


async def test_header_names_the_quiet_spell_idle_compression_skips(
    night_2018: Timeline, clock: FakeClock
) -> None:
    # Fri 20:30 to Fri 23:20 has no entry: with a 300 s idle limit it plays in 5 s, not 170
    start = moment(night_2018, "fri 20:30")
    app = make_app(night_2018, speed=60, idle_limit=300, clock=clock, start=start)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 1.0)
        text = header_text(app)
        assert " 60x \u00b7 skipping quiet 2h50m " in text, text
        assert moment(night_2018, "fri 20:30") < app.at < moment(night_2018, "fri 23:20")
        await pilot.press("space")
        await catch_up(pilot, clock)
        assert "skipping" not in header_text(app)  # paused: nothing is skipped
        await pilot.press("space")
        await catch_up(pilot, clock, 5.0)
        await until(pilot, lambda: app.at >= moment(night_2018, "fri 23:20"), "the lull ends")
        await catch_up(pilot, clock, 0.2)
        assert "skipping quiet 2h50m" not in header_text(app)


async def test_header_shortens_the_note_to_fit_80_columns(
    night_2018: Timeline, clock: FakeClock
) -> None:
    start = moment(night_2018, "fri 20:30")
    app = make_app(night_2018, speed=60, idle_limit=300, clock=clock, start=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await catch_up(pilot, clock, 1.0)
        text = header_text(app)
        assert " 60x \u00b7 quiet 2h50m " in text, text  # no "+23h02m", no "skipping"
        assert text.rstrip().endswith("declared 149/150"), text


def subtitle(app: ElextuiApp, box: str) -> str:
    """The border subtitle of the dialog's box."""
    return str(app.screen.query_one(box).border_subtitle)


async def test_help_pauses_the_replay_and_closing_it_plays_on(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, speed=600, clock=clock, start=moment(night_2018, "fri 00:00"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.5)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await catch_up(pilot, clock)
        held = app.at
        assert not app.playing and "PAUSED" in header_text(app)
        assert "replay paused" in subtitle(app, "#help")
        await catch_up(pilot, clock, 3.0)
        assert app.at == held  # nothing moved behind the help
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen), "help closed")
        await catch_up(pilot, clock, 1.0)
        assert app.playing and "PLAYING" in header_text(app)
        assert near(app.at, held + timedelta(minutes=10))


async def test_help_opened_while_paused_leaves_it_paused(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, paused=True, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        assert subtitle(app, "#help") == "esc to close"
        await pilot.press("escape")
        await catch_up(pilot, clock, 1.0)
        assert not app.playing and app.at == night_2018.start


async def test_go_to_pauses_then_plays_on_from_the_new_time(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, speed=600, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.5)
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, GoToTimeScreen), "the go-to dialog")
        await catch_up(pilot, clock)
        held = app.at
        assert not app.playing and "replay paused" in subtitle(app, "#go-to-time")
        await catch_up(pilot, clock, 2.0)
        assert app.at == held
        await pilot.press(*"fri 03:30", "enter")
        await until(pilot, lambda: not isinstance(app.screen, GoToTimeScreen), "dialog closed")
        await catch_up(pilot, clock, 1.0)
        assert app.playing
        assert near(app.at, moment(night_2018, "fri 03:40"))


async def test_go_to_the_end_does_not_start_the_night_again(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, speed=600, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.5)
        await pilot.press("g", *"end", "enter")
        await until(pilot, lambda: not isinstance(app.screen, GoToTimeScreen), "dialog closed")
        await catch_up(pilot, clock, 0.5)
        assert app.at == night_2018.end and app.state.declared == night_2018.baseline.councils_total


async def test_a_councils_detail_pauses_the_replay_while_it_is_open(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, speed=600, clock=clock, start=moment(night_2018, "fri 04:00"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock, 0.5)
        await pilot.press("tab", "enter")
        await until(pilot, lambda: isinstance(app.screen, CouncilDetailScreen), "the detail")
        await catch_up(pilot, clock, 2.0)
        assert not app.playing and "replay paused" in subtitle(app, "#detail")
        await pilot.press("escape")
        await catch_up(pilot, clock, 0.5)
        assert app.playing


# -- the command palette at the top level ------------------------------------------


def palette_hits(app: ElextuiApp) -> list[str]:
    """The first line of each hit the palette lists."""
    hits = app.screen.query_one(CommandList)
    return [
        str(hits.get_option_at_index(i).prompt).split("\n")[0] for i in range(hits.option_count)
    ]


async def choose(pilot: Pilot[None], app: ElextuiApp, typed: str, hit: str) -> None:
    """Open the palette, type `typed`, move down to the hit `hit` and press enter."""
    await pilot.press("ctrl+p", *typed)
    await until(pilot, lambda: hit in palette_hits(app), f"{hit!r} listed for {typed!r}")
    await pilot.pause(0.2)  # the list settles (later hits can reorder it)
    hits = palette_hits(app)
    index = hits.index(hit)
    highlighted = app.screen.query_one(CommandList).highlighted or 0
    await pilot.press(*["down"] * (index - highlighted))
    assert palette_hits(app)[app.screen.query_one(CommandList).highlighted or 0] == hit
    await pilot.press("enter")


async def test_palette_finds_a_council_and_opens_its_detail(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "fri 04:00"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await choose(pilot, app, "plymouth", "Plymouth")
        await until(pilot, lambda: isinstance(app.screen, CouncilDetailScreen), "the detail")
        assert app.screen.status.council.id == "plymouth"  # type: ignore[attr-defined]
        assert app.main.grid.selected == "plymouth"  # type: ignore[union-attr]


async def test_palette_jumps_to_a_councils_declaration_and_its_call(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, paused=True, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await pilot.press("ctrl+p", *"plymouth")
        await until(pilot, lambda: len(palette_hits(app)) >= 3, "Plymouth's hits")
        hits = palette_hits(app)
        assert {"Plymouth called Fri 03:02", "Plymouth declared Fri 03:28"} <= set(hits), hits
        await pilot.press("escape")
        await catch_up(pilot)
        await choose(pilot, app, "plymouth", "Plymouth declared Fri 03:28")
        await catch_up(pilot, clock)
        assert app.at == moment(night_2018, "fri 03:28")
        assert app.state.councils["plymouth"].result is not None
        assert app.state.councils["plymouth"].result.final  # type: ignore[union-attr]


async def test_palette_finds_a_marker_and_seeks_to_it(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, paused=True, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await choose(pilot, app, "first gain", "Fri 00:44 First gain: Basildon, CON gain from NOC")
        await catch_up(pilot, clock)
        assert app.at == moment(night_2018, "fri 00:44")


async def test_palette_goes_to_a_typed_time(night_2018: Timeline, clock: FakeClock) -> None:
    app = make_app(night_2018, paused=True, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        for typed, hit, at in (
            ("fri 23:25", "Go to Fri 23:25", "fri 23:25"),
            ("03:30", "Go to Fri 03:30", "fri 03:30"),
            ("+2h", "Go to Fri 00:00", "fri 00:00"),
        ):
            await choose(pilot, app, typed, hit)
            await catch_up(pilot, clock)
            assert app.at == moment(night_2018, at), typed
            assert not isinstance(app.screen, CommandPalette)


async def test_palette_time_outside_the_night_goes_to_its_nearest_end(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, paused=True, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await choose(pilot, app, "sun 10:00", "Go to Sat 02:00")
        await catch_up(pilot, clock)
        assert app.at == night_2018.end


async def test_palette_shows_feed_names_literally(hostile: Timeline, clock: FakeClock) -> None:
    app = make_app(hostile, paused=True, clock=clock, start=hostile.end)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        await pilot.press("ctrl+p", *"town")
        await until(pilot, lambda: "[reverse]Markup[/] Town" in palette_hits(app), "literal")
        await pilot.press("escape")
        await catch_up(pilot)
        await pilot.press("ctrl+p", *"gain")
        await until(pilot, lambda: any("[b]Gain[/b]" in h for h in palette_hits(app)), "marker")
        assert not any("\x1b" in h or "\x07" in h for h in palette_hits(app))


async def test_the_note_gives_way_when_80_columns_cannot_hold_it(
    night_2018: Timeline, clock: FakeClock
) -> None:
    # after Fri 23:20 Tower Hamlets is called: `· 1 called` leaves no room for the note
    start = moment(night_2018, "fri 23:21")
    app = make_app(night_2018, speed=60, idle_limit=300, clock=clock, start=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await catch_up(pilot, clock, 1.0)
        assert app.quiet > 0  # the player is skipping the lull to Sat 02:00
        text = header_text(app)
        assert text.startswith("English") and text.rstrip().endswith("1 called"), text
        assert "quiet" not in text
    app = make_app(night_2018, speed=60, idle_limit=300, clock=clock, start=start)
    async with app.run_test(size=(120, 40)) as pilot:
        await catch_up(pilot, clock, 1.0)
        assert "60x \u00b7 skipping quiet 2h40m" in header_text(app)


def footer_text(app: ElextuiApp) -> str:
    """The footer line as plain text (the screen's last line)."""
    return screen_text(app).splitlines()[-1]


async def test_a_dialog_leaves_the_footer_as_it_was(night_2018: Timeline, clock: FakeClock) -> None:
    # Opening and closing a dialog refreshes the board's bindings to the same keys: the
    # footer keeps its keys (composing them again cost a layout a key waited behind), and
    # shows what a footer composed afresh shows.
    app = make_app(night_2018, speed=600, clock=clock, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        footer = app.main.query_one(BoardFooter)
        await until(pilot, lambda: "Go to" in footer_text(app), "the footer's keys")
        keys, before = list(footer.children), footer_text(app)
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, GoToTimeScreen), "the go-to dialog")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.main, "dialog closed")
        await catch_up(pilot, clock)
        assert list(footer.children) == keys
        assert footer_text(app) == before
        footer.refresh(recompose=True)
        await until(pilot, lambda: list(footer.children) != keys, "the footer composed afresh")
        await catch_up(pilot, clock)
        assert footer_text(app) == before


async def test_the_footer_shows_a_new_key(night_2018: Timeline, clock: FakeClock) -> None:
    app = make_app(night_2018, speed=600, clock=clock, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        assert "Ring" not in footer_text(app)
        app.bind("x", "bell", description="Ring")
        app.main.refresh_bindings()
        await until(pilot, lambda: "Ring" in footer_text(app), "the new key in the footer")
