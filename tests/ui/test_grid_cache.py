"""The council grid redraws only the tile rows that changed, and never shows a stale line.

A grid is put through new states (forwards, a seek back), flashes starting and expiring,
cursor moves with the keys, a scroll, a resize and a theme switch; after each step its
lines (text and styles, the border title too) are compared with a fresh grid's given the
same state, flashes, cursor, focus and scroll.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region, Size
from textual.pilot import Pilot
from textual.strip import Strip
from uikit import moment, until

import elextui.ui
from elextui.state import State, apply
from elextui.timeline import Timeline
from elextui.ui.palette import Palette
from elextui.ui.widgets import council_grid
from elextui.ui.widgets.council_grid import CouncilGrid

CSS = Path(elextui.ui.__file__).parent / "elextui.tcss"


class GridApp(App[None]):
    """Just a council grid, styled as in the app."""

    CSS_PATH = CSS
    AUTO_FOCUS = None

    def __init__(self, timeline: Timeline) -> None:
        super().__init__()
        self.palette = Palette(timeline.feed.election.parties)
        self.grid = CouncilGrid(self.palette)

    def compose(self) -> ComposeResult:
        yield self.grid

    def on_mount(self) -> None:
        self.palette.dark = self.current_theme.dark

    async def switch_theme(self, pilot: Pilot[None], theme: str) -> None:
        """Switch the theme, let the grid paint in the new CSS, then change the palette
        as `ElextuiApp` does once the theme's signal reaches it (tiles do not depend on it:
        the CSS's background and component styles make their look)."""
        background = self.screen.styles.background
        self.theme = theme
        await until(pilot, lambda: self.screen.styles.background != background, "new CSS")
        picture(self.grid)
        self.palette.dark = self.current_theme.dark


Picture = list[list[tuple[str, object]]]


def picture(grid: CouncilGrid) -> Picture:
    """Every line of the grid as the compositor would get it: border and tiles, styled."""
    width, height = grid.outer_size
    strips: list[Strip] = grid.render_lines(Region(0, 0, width, height))
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


@dataclass(frozen=True)
class Shown:
    """What a grid shows: its lines, and what a fresh grid needs to show the same."""

    lines: Picture
    state: State
    flashing: dict[str, bool]
    selected: str | None
    focused: bool
    scroll_y: float
    cursor: int


def shown(grid: CouncilGrid) -> Shown:
    """The grid's lines now, with its state, flashes, cursor, focus and scroll (all read at
    once: no timer can end a flash in between)."""
    assert grid.state is not None
    return Shown(
        picture(grid),
        grid.state,
        grid.flashing,
        grid.selected,
        grid.has_focus,
        grid.scroll_y,
        grid.cursor,
    )


async def fresh_picture(timeline: Timeline, seen: Shown, size: Size, theme: str) -> Picture:
    """The lines of a new grid shown the same state, flashes, cursor, focus and scroll."""
    app = GridApp(timeline)
    app.theme = theme
    async with app.run_test(size=size) as pilot:
        fresh = app.grid
        fresh.show(seen.state)
        await pilot.pause()
        for council_id, gain in seen.flashing.items():
            fresh.flash(council_id, gain)
        if seen.selected is not None:
            fresh.select(seen.selected)
        if seen.focused:
            fresh.focus()
        await pilot.pause()
        fresh.scroll_to(y=seen.scroll_y, animate=False, immediate=True)
        await pilot.pause()
        assert (fresh.cursor, fresh.scroll_y, fresh.has_focus) == (
            seen.cursor,
            seen.scroll_y,
            seen.focused,
        )
        return picture(fresh)


def played(timeline: Timeline, state: State, until: str) -> State:
    """`state` (the state at some moment) with the entries up to `until` applied one by one,
    as the player does: the statuses of councils they do not touch stay the same objects."""
    assert state.applied <= timeline.index_at(moment(timeline, until))
    for entry in timeline.entries[state.applied : timeline.index_at(moment(timeline, until))]:
        state = apply(state, entry)
    return state


def in_view(grid: CouncilGrid) -> list[str]:
    """The councils whose tiles are in view."""
    tiles = grid.tiles
    top, bottom = grid.scroll_y, grid.scroll_y + grid.size.height
    return [
        council_id
        for index, council_id in enumerate(grid.order)
        if top <= index // tiles.columns * tiles.pitch <= bottom - tiles.height
    ]


def changed_councils(before: State, after: State) -> list[str]:
    """The councils whose status differs between two states."""
    return [c for c, status in after.councils.items() if status != before.councils[c]]


async def test_grid_lines_after_changes_equal_a_fresh_grid(
    night_2018: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = (64, 16)
    monkeypatch.setattr(council_grid, "FLASH_SECONDS", 1000.0)  # no flash ends by itself
    app = GridApp(night_2018)
    async with app.run_test(size=size) as pilot:
        grid = app.grid
        checks = 0

        async def same_as_fresh() -> None:
            nonlocal checks
            await pilot.pause()
            seen = shown(grid)
            assert seen.lines == await fresh_picture(night_2018, seen, app.size, app.theme)
            for y in range(grid.size.height):  # each line says its true width
                strip = grid.render_line(y)
                assert strip.cell_length == sum(segment.cell_length for segment in strip)
            checks += 1

        first = night_2018.seek(moment(night_2018, "23:30"))
        states = [
            first,
            played(night_2018, first, "02:00"),
            night_2018.seek(moment(night_2018, "01:00")),
        ]
        grid.show(states[0])
        await pilot.pause()
        grid.scroll_to(y=grid.max_scroll_y, animate=False, immediate=True)  # below the top
        await same_as_fresh()

        # forwards, painted; then tiles in view flash, and one short flash ends
        grid.show(states[1])
        await same_as_fresh()
        view = in_view(grid)
        assert len(view) > 8
        for council_id in view[:6]:
            grid.flash(council_id, gain=council_id == view[0])
        await same_as_fresh()
        monkeypatch.setattr(council_grid, "FLASH_SECONDS", 0.0)
        grid.flash(view[7], gain=False)
        picture(grid)
        assert view[7] in grid.flashing
        await until(pilot, lambda: view[7] not in grid.flashing, "the short flash ends")
        assert len(grid.flashing) == 6
        await same_as_fresh()
        monkeypatch.setattr(council_grid, "FLASH_SECONDS", 1000.0)

        # a seek back: many tiles change at once, flashes of councils now pending stay
        grid.show(states[2])
        await same_as_fresh()

        # the keys: select a tile, move, and give the keys back
        grid.focus()
        await pilot.press("down", "right", "right", "down")
        assert grid.cursor == 2 * grid.tiles.columns + 2
        await same_as_fresh()
        grid.show(states[1])  # a state change under the cursor
        await same_as_fresh()
        await pilot.press("escape")
        assert not grid.has_focus

        # a scroll, a resize, a theme switch, then changes again
        grid.scroll_to(y=grid.max_scroll_y // 2, animate=False, immediate=True)
        grid.show(states[0])
        await same_as_fresh()
        await pilot.resize_terminal(50, 12)
        await same_as_fresh()
        await app.switch_theme(pilot, "dracula")  # dark to dark: the same party colours
        await same_as_fresh()
        await app.switch_theme(pilot, "textual-light")
        await same_as_fresh()
        grid.show(states[1])
        for council_id in in_view(grid)[-3:]:
            grid.flash(council_id, gain=True)
        await same_as_fresh()
    assert checks == 12


async def test_a_declaration_redraws_only_its_tile_row(night_2018: Timeline) -> None:
    before = night_2018.seek(moment(night_2018, "02:00"))
    after = played(night_2018, before, "02:08")
    [council_id] = changed_councils(before, after)
    assert before is not night_2018.seek(moment(night_2018, "02:00"))
    app = GridApp(night_2018)
    async with app.run_test(size=(64, 16)) as pilot:
        grid = app.grid
        grid.show(before)
        await pilot.pause()
        grid.follow(council_id)
        picture(grid)  # everything in view drawn and cached
        drawn: list[int] = []
        render = grid._render_grid_line

        def counting(line: int) -> Strip:
            drawn.append(line)
            return render(line)

        grid._render_grid_line = counting  # type: ignore[method-assign]
        grid.show(night_2018.seek(moment(night_2018, "02:00")))  # equal statuses, new objects
        picture(grid)
        assert drawn == []
        grid.show(after)
        grid.flash(council_id, gain=False)
        picture(grid)
        tiles = grid.tiles
        row = grid.order.index(council_id) // tiles.columns
        assert sorted(drawn) == [row * tiles.pitch + i for i in range(tiles.height)]
