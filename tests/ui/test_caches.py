"""The render caches (scrub bar per width and span, scoreboard per state, the ticker's rows
per width) never show stale data.

Each test puts the app through seeks, resizes or a new span, then compares the screen
with a fresh app (or widget) rendered straight at the same moment.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.widgets import Static
from uikit import catch_up, moment, screen_text, settled

from elextui.clock import FakeClock
from elextui.feed.model import Post
from elextui.timeline import Timeline
from elextui.ui.app import ElextuiApp, make_app
from elextui.ui.labels import HangingRow
from elextui.ui.widgets.night_header import HeaderInfo, NightHeader
from elextui.ui.widgets.scrub_bar import NightSpan, ScrubBar
from elextui.ui.widgets.ticker import MIN_WIDTH, Ticker, TickerItem

START = datetime.fromisoformat("2018-05-03T20:00:00+01:00")


async def fresh_screen(timeline: Timeline, at: str, size: tuple[int, int]) -> str:
    """The screen of a new app opened paused at `at`."""
    clock = FakeClock()
    app = make_app(timeline, paused=True, clock=clock, start=moment(timeline, at))
    async with app.run_test(size=size) as pilot:
        await catch_up(pilot, clock)
        await settled(pilot)  # the footer's keys come a few turns after the first frame
        return screen_text(app)


async def test_screen_after_seeks_equals_a_fresh_render(night_2018: Timeline) -> None:
    clock = FakeClock()
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "23:00"))
    async with app.run_test(size=(160, 48)) as pilot:
        await catch_up(pilot, clock)
        before = screen_text(app)
        for at in ("03:30", "01:00", "03:30"):  # forwards, back, forwards again
            app.player.seek(moment(night_2018, at))
            await catch_up(pilot, clock)
        after = screen_text(app)
    assert after != before
    assert after == await fresh_screen(night_2018, "03:30", (160, 48))


def cached_panes(app: ElextuiApp) -> list[str]:
    """The lines of the panes with render caches: scoreboard, grid, scrub bar."""
    main = app.main
    return [
        str(widget.render_line(y).text)
        for widget in (main.scoreboard, main.grid, main.scrub_bar)
        for y in range(widget.size.height)
    ]


async def test_panes_after_resize_equal_a_fresh_render(night_2018: Timeline) -> None:
    # (the ticker is left out: after a resize it re-wraps and keeps its own scroll position)
    clock = FakeClock()
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "04:00"))
    async with app.run_test(size=(160, 48)) as pilot:
        await catch_up(pilot, clock)
        await pilot.resize_terminal(120, 40)
        await catch_up(pilot, clock)
        resized = cached_panes(app)
    clock = FakeClock()
    fresh = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "04:00"))
    async with fresh.run_test(size=(120, 40)) as pilot:
        await catch_up(pilot, clock)
        assert resized == cached_panes(fresh)


class BarApp(App[None]):
    """Just a scrub bar."""

    def __init__(self, span: NightSpan, position: float) -> None:
        super().__init__()
        self.bar = ScrubBar(span)
        self.position = position

    def compose(self) -> ComposeResult:
        yield self.bar

    def on_mount(self) -> None:
        self.bar.show(self.position)


EARLY = NightSpan("22:00", "06:00", [0.1, 0.1, 0.2, 0.5], [0.25])
LATE = NightSpan("22:00", "09:00", [0.6, 0.7, 0.7, 0.7, 0.9], [0.75])
"""LATE is EARLY after a live feed grew: new declarations, a later end."""


async def bar_text(span: NightSpan, position: float, width: int) -> str:
    app = BarApp(span, position)
    async with app.run_test(size=(width, 2)) as pilot:
        await pilot.pause()
        return screen_text(app)


async def test_scrub_bar_with_a_new_span_equals_a_fresh_bar() -> None:
    app = BarApp(EARLY, 0.4)
    async with app.run_test(size=(60, 2)) as pilot:
        await pilot.pause()
        early = screen_text(app)
        app.bar.span = LATE
        app.bar.refresh()
        await pilot.pause()
        late = screen_text(app)
        await pilot.resize_terminal(90, 2)
        await pilot.pause()
        wider = screen_text(app)
    assert early == await bar_text(EARLY, 0.4, 60)
    assert late != early
    assert late == await bar_text(LATE, 0.4, 60)
    assert wider == await bar_text(LATE, 0.4, 90)


async def test_scrub_bar_position_moves_only_when_its_cell_does() -> None:
    app = BarApp(EARLY, 0.4)
    async with app.run_test(size=(60, 2)) as pilot:
        await pilot.pause()
        app.bar.show(0.4001)  # the same cell: no redraw needed, nothing changes
        await pilot.pause()
        assert screen_text(app) == await bar_text(EARLY, 0.4001, 60)
        app.bar.show(0.8)
        await pilot.pause()
        assert screen_text(app) == await bar_text(EARLY, 0.8, 60)


class HeaderApp(App[None]):
    """Just the header line."""

    def __init__(self, info: HeaderInfo, theme: str = "textual-dark") -> None:
        super().__init__()
        self.header = NightHeader()
        self.info = info
        self.theme = theme

    def compose(self) -> ComposeResult:
        yield self.header

    def on_mount(self) -> None:
        self.header.show(self.info)


CLOSE = datetime.fromisoformat("2018-05-03T22:00:00+01:00")
INFO = HeaderInfo(
    "Local elections", CLOSE, CLOSE, "Europe/London", "60x", True, False, 3, 150, called=1
)


async def header_screen(info: HeaderInfo, width: int, theme: str) -> str:
    app = HeaderApp(info, theme)
    async with app.run_test(size=(width, 1)) as pilot:
        await pilot.pause()
        return app.export_screenshot()


async def test_header_after_ticks_resize_and_theme_equals_a_fresh_one() -> None:
    """The header keeps its last line: a new clock, a new width and a new theme each draw
    it again."""
    app = HeaderApp(INFO)
    async with app.run_test(size=(100, 1)) as pilot:
        await pilot.pause()
        later = replace(INFO, at=CLOSE + timedelta(seconds=15))
        app.header.show(later)
        await pilot.pause()
        assert app.export_screenshot() == await header_screen(later, 100, "textual-dark")
        await pilot.resize_terminal(70, 1)
        await pilot.pause()
        assert app.export_screenshot() == await header_screen(later, 70, "textual-dark")
        app.theme = "textual-light"
        await pilot.pause()
        shown = app.export_screenshot()
    assert shown == await header_screen(later, 70, "textual-light")


def ticker_items(count: int, first: int = 0, label: str = "") -> list[TickerItem]:
    """Posts an hour apart (so the day changes), with short, long and multi-line text
    (their time in the `label` style)."""
    items: list[TickerItem] = []
    for i in range(first, first + count):
        at = START + timedelta(hours=i)
        text = f"post {i} " + "word " * (i % 7) * 9 + ("\nsecond line" if i % 5 == 0 else "")
        items.append(
            (Post(at=at, text=text), HangingRow(Text(f"{i:05d}", style=label), Text(text)))
        )
    return items


class TickerApp(App[None]):
    def __init__(self, items: list[TickerItem]) -> None:
        super().__init__()
        self.ticker = Ticker(history=30, day_zone="Europe/London")
        self.start = items

    def compose(self) -> ComposeResult:
        yield self.ticker

    def on_mount(self) -> None:
        self.ticker.replace(self.start)


async def ticker_lines(items: list[TickerItem], size: tuple[int, int]) -> list[str]:
    """Every line of a new ticker given `items` at once."""
    app = TickerApp(items)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        return [strip.text for strip in app.ticker.lines]


async def test_ticker_after_adds_jumps_and_resizes_equals_a_fresh_ticker() -> None:
    """Rows measured and drawn at one width, older ones dropped (the new first row gets
    its day's rule), a jump back, then another width: the same lines as a fresh ticker."""
    app = TickerApp(ticker_items(10))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        ticker = app.ticker
        for first in (10, 25, 40):
            ticker.add(ticker_items(15, first))
            await pilot.pause()
            assert ticker.is_vertical_scroll_end
        assert ticker.entries == [e for e, _ in ticker_items(30, 25)]
        assert [strip.text for strip in ticker.lines] == await ticker_lines(
            ticker_items(30, 25), (60, 12)
        )
        ticker.replace(ticker_items(12, 3))
        await pilot.resize_terminal(37, 9)
        await pilot.pause()
        assert ticker.is_vertical_scroll_end
        shown = [strip.text for strip in ticker.lines]
    assert shown == await ticker_lines(ticker_items(12, 3), (37, 9))
    assert shown[0].startswith("Thursday 3 May ─")  # the first row's day rule


async def ticker_screen(items: list[TickerItem], size: tuple[int, int]) -> str:
    """The screenshot (text, colours, scroll bar) of a new ticker given `items` at once."""
    app = TickerApp(items)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        return app.export_screenshot()


async def test_ticker_grows_without_a_layout_and_equals_a_fresh_one() -> None:
    """New rows change only the ticker's scroll extent: it updates its scroll bar and
    repaints itself instead of asking for a layout of the whole screen (which repaints
    every widget); the screen, scroll bar included, is the same as a fresh ticker's."""
    app = TickerApp(ticker_items(3))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        ticker = app.ticker
        layouts = 0
        refresh = ticker.refresh

        def counted(*regions: Any, **options: Any) -> Any:
            nonlocal layouts
            layouts += bool(options.get("layout"))
            return refresh(*regions, **options)

        ticker.refresh = counted  # type: ignore[method-assign]
        for first, count in ((3, 2), (5, 4), (9, 10), (19, 29)):  # fits, scrolls, drops rows
            ticker.add(ticker_items(count, first))
            await pilot.pause()
            assert ticker.is_vertical_scroll_end
        items = [*ticker.items]
        grown = app.export_screenshot()
    assert layouts == 0
    assert grown == await ticker_screen(items, (60, 12))


class StyledTickerApp(App[None]):
    CSS = """
    Ticker { padding: 0 1; border-top: solid red; }
    Ticker.-tinted { tint: red 30%; }
    #side { width: 12; }
    """

    def __init__(self, items: list[TickerItem], history: int = 30, **looks: Any) -> None:
        super().__init__()
        self.ticker = Ticker(history=history, day_zone="Europe/London")
        self.side = Static("side", id="side")
        self.start = items
        self.look(**looks)

    def look(
        self,
        theme: str = "textual-dark",
        tinted: bool = False,
        side: bool = True,
        ansi: bool = False,
    ) -> None:
        self.theme = theme
        self.ticker.set_class(tinted, "-tinted")
        self.side.display = side

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield self.side
            yield self.ticker

    def on_mount(self) -> None:
        self.ticker.replace(self.start)


async def fresh_ticker_screen(
    items: list[TickerItem], size: tuple[int, int], up: int, x: int, looks: dict[str, Any]
) -> str:
    """The screenshot of a new ticker given `items` at once, scrolled `up` lines from the
    end and `x` cells sideways."""
    app = StyledTickerApp(items, **looks)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        ticker = app.ticker
        ticker.scroll_to(x=x, y=ticker.max_scroll_y - up, animate=False, immediate=True)
        await pilot.pause()
        return app.export_screenshot()


async def test_ticker_screen_lines_kept_by_number_equal_a_fresh_ticker() -> None:
    """The ticker keeps the screen's lines by their number from the first row ever added:
    after rows scroll in (older ones dropped), a jump, the reader scrolling up or
    sideways, a theme, a tint, ANSI colours (a line filter), a new width (the panel beside it going)
    and a resize, the screen equals a fresh ticker's at the same scroll position."""
    size, up, x, looks = (70, 12), 0, 0, {}
    app = StyledTickerApp(ticker_items(10, 10, "red"))  # red: an ANSI colour
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        ticker = app.ticker

        def as_textual_draws_it() -> None:
            view = Region(0, 0, *ticker.region.size)
            kept = ticker.render_lines(view)
            ticker._styles_cache.clear()
            assert kept == ScrollView.render_lines(ticker, view), (size, up, x, looks)

        async def same() -> None:
            await pilot.pause()
            as_textual_draws_it()
            fresh = await fresh_ticker_screen([*ticker.items], size, up, x, looks)
            assert app.export_screenshot() == fresh, (size, up, x, looks)

        ticker.replace(ticker_items(10, 80, "red"))  # a jump: as many lines, other rows
        await same()
        for first, count in ((90, 6), (96, 9), (105, 14), (119, 3)):  # scrolls, drops rows
            ticker.add(ticker_items(count, first, "red"))
            await same()
        up = 4
        ticker.scroll_to(y=ticker.max_scroll_y - up, animate=False, immediate=True)
        await same()
        for change in ({"theme": "textual-light"}, {"tinted": True}, {}):
            looks = {**looks, **change} if change else {}
            app.look(**looks)
            await same()
        app.ansi_color = True  # a line filter goes: what Textual would draw now
        ticker.refresh()
        await pilot.pause()
        as_textual_draws_it()
        app.ansi_color = False
        up = 0  # (a new width re-wraps the rows: from the end, the same lines as a fresh one)
        ticker.scroll_end(animate=False, immediate=True)
        looks = {"side": False}  # the ticker gets wider: its rows re-wrap
        app.look(**looks)
        await same()
        size, looks = (34, 10), {}  # narrower than its rows: it scrolls sideways
        await pilot.resize_terminal(*size)
        app.look()
        await same()
        size = (33, 10)  # narrower still: the rows keep their width, the view does not
        await pilot.resize_terminal(*size)
        await same()
        x = 1
        ticker.scroll_to(x=x, animate=False, immediate=True)
        await same()


async def test_ticker_first_row_gaining_its_rule_is_not_a_kept_line() -> None:
    """Every row on screen: when the oldest is dropped, the next one names its day on the
    line where the dropped row was (the same line number): the screen shows the rule."""
    items: list[TickerItem] = [
        (
            Post(at=START + timedelta(minutes=i), text=f"post {i}"),
            HangingRow(Text("t"), Text(f"p{i}")),
        )
        for i in range(4)
    ]
    size = (70, 10)
    app = StyledTickerApp(items[:3], history=3)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.ticker.add(items[3:])
        await pilot.pause()
        assert app.export_screenshot() == await fresh_ticker_screen(
            items[1:], size, 0, 0, {"history": 3}
        )


async def test_ticker_draws_only_the_rows_in_view() -> None:
    app = TickerApp(ticker_items(30))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        drawn = [row.strips is not None for row in app.ticker._rows]
        assert drawn[-1] and not any(drawn[:10])


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.sampled_from("ab \n\t字é-"), max_size=80),
    width=st.integers(MIN_WIDTH, 60),
    indent=st.sampled_from([7, 11]),
)
@example(text="abcdefg abcdef", width=20, indent=7)  # a cell too wide for the body's 13
def test_a_rows_height_and_lines_are_what_it_renders(text: str, width: int, indent: int) -> None:
    """The ticker counts a row's lines without rendering it (at the widths it draws at):
    the count must be exact."""
    console = Console(width=width, color_system="truecolor")
    body = Text(text, style="italic")
    body.stylize("bold", 0, 3)
    row = HangingRow(Text("03:28", style="dim"), body, indent=indent)
    lines = console.render_lines(row, console.options.update_width(width), pad=False)
    assert row.height(console, width) == len(lines)
    assert row.segment_lines(console, width) == lines  # the ticker's shortcut to them
    # and what wrapping every body gives (a row that fits skips the wrap)
    label = Text("03:28", style="dim")
    label.align("left", indent)
    wrapped = body.wrap(console, max(1, width - indent), overflow="fold")
    prefixes = [label, *[Text(" " * indent)] * (len(wrapped) - 1)]
    assert lines == [
        list(Text.assemble(prefix, line).render(console, end=""))
        for prefix, line in zip(prefixes, wrapped, strict=True)
    ]
