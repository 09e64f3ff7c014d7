"""Sources are named as the feed header names them (sanitised), in the ticker, the detail
and --no-ui lines; the id only when the header has no name for it."""

from __future__ import annotations

import msgspec
from uikit import catch_up, moment, screen_text

from elextui.clock import FakeClock
from elextui.describe import SOURCE_NAME_MAX, entry_line, source_name
from elextui.feed.model import Post
from elextui.timeline import Timeline
from elextui.ui.app import make_app
from elextui.ui.labels import entry_body
from elextui.ui.palette import Palette
from elextui.ui.screens.council_detail import CouncilDetailScreen
from elextui.ui.widgets.ticker import Ticker


def test_the_header_name_up_to_its_first_comma(night_2018: Timeline) -> None:
    state = night_2018.state_at_index(0)
    assert source_name(state, "labourlist") == "LabourList"
    assert source_name(state, "guardian") == "The Guardian liveblog"
    assert source_name(state, "nobody") == "nobody"  # not in the header: the id


def test_a_hostile_or_long_name_is_sanitised_and_cut(night_2018: Timeline) -> None:
    state = night_2018.state_at_index(0)
    hostile = msgspec.structs.replace(
        state,
        sources={
            "esc": "Evil \x1b[31mRed\x1b[0m [bold]blog[/]",
            "long": "A" * 100,
            "blank": " (nothing before the bracket)",
        },
    )
    shown = source_name(hostile, "esc")
    assert "\x1b" not in shown
    assert "[bold]blog[/]" in shown  # literal text, never markup
    assert len(source_name(hostile, "long")) == SOURCE_NAME_MAX
    assert source_name(hostile, "blank") == "blank"


def posts(night: Timeline, source: str) -> list[tuple[int, Post]]:
    return [
        (i, e) for i, e in enumerate(night.entries) if isinstance(e, Post) and e.source == source
    ]


def test_ticker_and_no_ui_lines_name_the_source(night_2018: Timeline) -> None:
    index, post = posts(night_2018, "labourlist")[0]
    state = night_2018.state_at_index(index + 1)
    palette = Palette(night_2018.feed.election.parties)
    body = entry_body(post, state, palette).plain
    assert body.endswith("\u2014 LabourList")
    assert "labourlist" not in body
    line = entry_line(post, state, "Europe/London", day=True)
    assert line.endswith("[LabourList]")


async def test_the_ticker_on_screen_names_the_source(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "03:30"))
    async with app.run_test(size=(160, 48)) as pilot:
        await catch_up(pilot, clock)
        ticker = app.main.query_one(Ticker)
        text = "\n".join(line.text for line in ticker.lines)
        assert "\u2014 LabourList" in text
        assert "\u2014 labourlist" not in text
        assert "labourlist" not in screen_text(app)


async def test_the_detail_names_the_source(night_2018: Timeline, clock: FakeClock) -> None:
    """Plymouth's detail at 03:30 lists LabourList's posts under the source's name."""
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "03:30"))
    async with app.run_test(size=(160, 48)) as pilot:
        await catch_up(pilot, clock)
        app.open_council("plymouth")
        await catch_up(pilot)
        assert isinstance(app.screen, CouncilDetailScreen)
        text = screen_text(app)
        assert "\u2014 LabourList" in text
        assert "labourlist" not in text
