"""The scoreboard keeps its rendered lines: it looks like the DataTable it replaced, after
any change it shows what a fresh scoreboard shows, and a change repaints only its lines."""

from __future__ import annotations

import msgspec
import pytest
from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import DataTable
from uikit import until

from elextui.describe import signed, standings
from elextui.feed.model import NOC
from elextui.state import PartyTally, State
from elextui.timeline import Timeline
from elextui.ui.labels import party_label
from elextui.ui.palette import Palette
from elextui.ui.widgets.scoreboard import (
    COLUMNS,
    FLAG_SECONDS,
    LABELS,
    NAMES_FROM_WIDTH,
    WIDTHS,
    Scoreboard,
)

CSS = """
Scoreboard, DataTable {
    width: 100%;
    border-top: solid $primary;
    border-bottom: solid $primary;
    background: $background;
}
"""


class BoardApp(App[None]):
    """A scoreboard (and what else a test mounts) on a fake clock."""

    CSS = CSS

    def __init__(self, palette: Palette) -> None:
        super().__init__()
        self.now = 1000.0
        self.palette = palette
        self.board = self.scoreboard()

    def scoreboard(self) -> Scoreboard:
        board = Scoreboard(self.palette)
        board.clock = lambda: self.now
        return board

    def compose(self) -> ComposeResult:
        yield self.board


def palette_of(night: Timeline) -> Palette:
    return Palette(night.feed.election.parties)


def drawn(board: Scoreboard) -> list[list[Segment]]:
    """The widget as the screen has it: rules and lines (kept ones unless repainted)."""
    return [list(strip) for strip in board.render_lines(board.outer_size.region)]


async def fresh(
    pilot: Pilot[None], state: State, before: State | None = None
) -> list[list[Segment]]:
    """What a new scoreboard, as wide, as high and as scrolled as the app's, draws for
    `state` (flagging what changed since `before`)."""
    app = pilot.app
    assert isinstance(app, BoardApp)
    board, kept = app.scoreboard(), app.board
    board.styles.width = kept.styles.width
    board.styles.max_height = kept.styles.max_height
    await app.mount(board)
    if before is not None:
        board.show(before)
    board.show(state, flag=before is not None)
    await until(pilot, lambda: board.size == kept.size, "the fresh board laid out")
    board.scroll_to(y=kept.scroll_offset.y, animate=False, immediate=True)
    lines = drawn(board)
    await board.remove()
    return lines


def figures_of(code: str, tally: PartyTally) -> list[str]:
    """A row's figures as the old scoreboard wrote them (NOC has no councillors)."""
    councillors = [str(tally.councillors), signed(tally.councillors_change)]
    return [
        str(tally.councils),
        signed(tally.councils_change),
        *(councillors if code != NOC else ["", ""]),
    ]


def with_tally(state: State, code: str, **figures: int) -> State:
    tallies = dict(state.tallies)
    tallies[code] = msgspec.structs.replace(tallies[code], **figures)
    return msgspec.structs.replace(state, tallies=tallies)


async def test_the_kept_lines_equal_a_fresh_scoreboard_after_every_change(
    night_2018: Timeline,
) -> None:
    """Flags set and running out, a figure widening its column, rows swapping places, a
    narrower and a wider board, one too narrow for party names, rows scrolled under the
    header, a new theme and new party colours: each time the scoreboard (rules included)
    shows what a fresh one shows. Each invalidation removed makes this fail."""
    early, later = night_2018.state_at_index(200), night_2018.state_at_index(260)
    app = BoardApp(palette_of(night_2018))
    async with app.run_test(size=(80, 40)) as pilot:
        board = app.board
        board.show(early)
        await pilot.pause()
        assert drawn(board) == await fresh(pilot, early)

        board.show(later, flag=True)  # cells that changed are flagged
        await pilot.pause()
        assert board.flagged
        assert drawn(board) == await fresh(pilot, later, before=early)

        app.now += FLAG_SECONDS + 1  # the flags run out on the board's timer
        await until(pilot, lambda: not board.flagged, "the flags ran out")
        await pilot.pause()
        assert drawn(board) == await fresh(pilot, later)

        wide = with_tally(later, "LAB", councillors=1_234_567)  # wider than its column
        board.show(wide)
        await pilot.pause()
        assert drawn(board) == await fresh(pilot, wide)

        parties = list(later.parties)
        parties[0], parties[2] = parties[2], parties[0]
        swapped = msgspec.structs.replace(later, parties=tuple(parties))
        board.show(swapped)
        await pilot.pause()
        assert board.order == parties
        assert drawn(board) == await fresh(pilot, swapped)

        await pilot.resize_terminal(NAMES_FROM_WIDTH + 4, 40)  # every line is shorter
        await until(pilot, lambda: board.size.width == NAMES_FROM_WIDTH + 4, "narrower")
        await pilot.pause()
        assert drawn(board) == await fresh(pilot, swapped)

        await pilot.resize_terminal(100, 40)  # wider than at first
        await until(pilot, lambda: board.size.width == 100, "wider")
        await pilot.pause()
        assert drawn(board) == await fresh(pilot, swapped)

        await pilot.resize_terminal(NAMES_FROM_WIDTH - 10, 40)  # no room for names
        await until(pilot, lambda: board.size.width == NAMES_FROM_WIDTH - 10, "narrower")
        await pilot.pause()
        assert drawn(board) == await fresh(pilot, swapped)

        board.styles.max_height = 7  # header and four rows: the rest scroll under the header
        await until(pilot, lambda: board.outer_size.height == 7, "shorter")
        board.scroll_to(y=2, animate=False, immediate=True)
        await until(pilot, lambda: board.scroll_offset.y == 2, "scrolled")
        await pilot.pause()
        parties = list(later.parties)
        parties[3], parties[5] = parties[5], parties[3]
        shuffled = msgspec.structs.replace(later, parties=tuple(parties))
        board.show(shuffled, flag=True)  # rows 0 and 2 swap back, 3 and 5 swap: 2-5 in view
        await pilot.pause()
        assert drawn(board) == await fresh(pilot, shuffled, before=swapped)

        app.theme = "textual-light"  # the CSS changes every style
        await pilot.pause()
        assert drawn(board) == await fresh(pilot, shuffled, before=swapped)

        app.palette.dark = False  # party colours change (what the App does on a light theme)
        board.restyle()
        await pilot.pause()
        assert drawn(board) == await fresh(pilot, shuffled, before=swapped)


async def test_a_change_repaints_only_its_lines(night_2018: Timeline) -> None:
    """A result repaints the rows it changed (and the coverage's rule), a flag running out
    its row, a swap the two rows: never the whole scoreboard."""
    index = next(  # a declaration that changes some rows but not all
        i
        for i in range(150, len(night_2018))
        if 0
        < sum(
            a != b
            for (_, a), (_, b) in zip(
                standings(night_2018.state_at_index(i)),
                standings(night_2018.state_at_index(i + 1)),
                strict=True,
            )
        )
        < 4
    )
    before, after = night_2018.state_at_index(index), night_2018.state_at_index(index + 1)
    changed = [
        row
        for row, ((_, a), (_, b)) in enumerate(
            zip(standings(before), standings(after), strict=True)
        )
        if a != b
    ]
    app = BoardApp(palette_of(night_2018))
    async with app.run_test(size=(80, 40)) as pilot:
        board = app.board
        board.show(before)
        await pilot.pause()
        width, height = board.size
        rule = Region(0, height, width, 1)  # the bottom rule, in the content's coordinates
        repainted: list[tuple[Region, ...]] = []
        refresh = board.refresh

        def spy(*regions: Region, **options: bool) -> Scoreboard:
            repainted.append(regions)
            return refresh(*regions, **options)

        board.refresh = spy  # type: ignore[method-assign]

        board.show(after, flag=True)
        lines = {Region(0, 1 + row, width, 1) for row in changed}
        assert () not in repainted  # no whole-widget refresh
        assert {region for regions in repainted for region in regions} <= lines | {rule}
        assert lines <= {region for regions in repainted for region in regions}

        repainted.clear()
        app.now += FLAG_SECONDS + 1
        await until(pilot, lambda: not board.flagged, "the flags ran out")
        assert repainted and () not in repainted
        assert {region for regions in repainted for region in regions} <= lines

        repainted.clear()
        parties = list(after.parties)
        parties[0], parties[1] = parties[1], parties[0]
        board.show(msgspec.structs.replace(after, parties=tuple(parties)))
        assert repainted == [(Region(0, 1, width, 1),), (Region(0, 2, width, 1),)]

        repainted.clear()
        board.show(after)  # the same figures again, in the header's order
        board.show(after)  # and a clock tick: nothing at all
        assert repainted == [(Region(0, 1, width, 1),), (Region(0, 2, width, 1),)]


@pytest.mark.parametrize("width", [60, NAMES_FROM_WIDTH - 10])
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord"])
async def test_lines_equal_the_datatable_they_replace(
    night_2018: Timeline, theme: str, width: int
) -> None:
    """Segment for segment (text, colours, meta), flagged cells included, in dark and light
    themes, with party names and without."""
    palette = palette_of(night_2018)
    before, state = night_2018.state_at_index(300), night_2018.state_at_index(340)
    app = BoardApp(palette)
    async with app.run_test(size=(80, 40)) as pilot:
        app.theme = theme
        board = app.board
        board.styles.width = width
        board.show(before)
        board.show(state, flag=True)
        table: DataTable[Text] = DataTable(
            cursor_type="none", zebra_stripes=True, show_cursor=False, cell_padding=1
        )
        table.styles.width = width
        await app.mount(table)
        for key, label, cells in zip(COLUMNS, LABELS, WIDTHS, strict=True):
            table.add_column(Text(label.rjust(cells)), key=key)
        names = width >= NAMES_FROM_WIDTH
        figures = {code: figures_of(code, tally) for code, tally in standings(state)}
        for code in board.order:
            row = [party_label(code, palette, name=names)]
            for key, cells, value in zip(COLUMNS[1:], WIDTHS[1:], figures[code], strict=True):
                style = "reverse bold" if (code, key) in board.flagged else ""
                row.append(Text(value.rjust(cells), style=style))
            table.add_row(*row, key=code)
        await until(pilot, lambda: table.size == board.size, "both laid out")
        await pilot.pause()
        assert board.flagged
        assert [list(board.render_line(y)) for y in range(board.size.height)] == [
            list(table.render_line(y)) for y in range(table.size.height)
        ]
