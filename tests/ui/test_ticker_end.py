"""The ticker stays at its end whatever resizes it, so the newest entry is always in view."""

from __future__ import annotations

from uikit import moment, settled, until

from elextui.clock import FakeClock
from elextui.describe import headline
from elextui.timeline import Timeline
from elextui.ui.app import ElextuiApp, make_app
from elextui.ui.widgets.ticker import Ticker

WIDE = (160, 48)


def last_line(ticker: Ticker) -> str:
    """The bottom line the ticker shows now (its text)."""
    return ticker.render_line(ticker.scrollable_content_region.height - 1).text


def newest(app: ElextuiApp) -> str:
    """The start of the newest entry's headline."""
    entry = app.timeline.entries[app.state.applied - 1]
    return headline(entry, app.state)[:20]


async def test_at_the_end_of_the_night_the_newest_entry_shows(night_2018: Timeline) -> None:
    app = make_app(night_2018, paused=True, clock=FakeClock(), start=night_2018.end)
    async with app.run_test(size=WIDE) as pilot:
        await settled(pilot)
        ticker = app.main.ticker
        assert ticker.is_vertical_scroll_end
        assert newest(app) in " ".join(s.text for s in ticker.lines[-4:])


async def test_the_scoreboard_growing_keeps_the_ticker_at_its_end(night_2018: Timeline) -> None:
    """The wide layout's scoreboard grows after the ticker scrolled: it must follow."""
    app = make_app(night_2018, paused=True, clock=FakeClock(), start=moment(night_2018, "03:30"))
    async with app.run_test(size=WIDE) as pilot:
        await settled(pilot)
        ticker = app.main.ticker
        assert ticker.is_vertical_scroll_end
        before = ticker.size.height
        app.main.scoreboard.styles.max_height = 30
        app.main.scoreboard.styles.height = 30
        await until(pilot, lambda: ticker.size.height <= before - 8, "the ticker shrank")
        await until(pilot, lambda: ticker.is_vertical_scroll_end, "the ticker is at its end")
        await settled(pilot)
        assert ticker.is_vertical_scroll_end
        bottom = last_line(ticker)
        app.main.scoreboard.styles.height = 4  # and back: it grows, still at the end
        await until(pilot, lambda: ticker.size.height > before, "the ticker grew")
        await settled(pilot)
        assert ticker.is_vertical_scroll_end and last_line(ticker) == bottom


async def test_scrolled_up_the_ticker_stays_where_the_reader_put_it(
    night_2018: Timeline,
) -> None:
    app = make_app(night_2018, paused=True, clock=FakeClock(), start=moment(night_2018, "03:30"))
    async with app.run_test(size=WIDE) as pilot:
        await settled(pilot)
        ticker = app.main.ticker
        ticker.scroll_to(y=3, animate=False)
        await until(pilot, lambda: ticker.scroll_y == 3, "scrolled up")
        app.main.scoreboard.styles.max_height = 30
        app.main.scoreboard.styles.height = 30
        await settled(pilot)
        assert ticker.scroll_y == 3 and not ticker.is_vertical_scroll_end
