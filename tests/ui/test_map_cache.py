"""The map redraws only the lines of hexes and notes that changed, and never a stale line.

As for the grid (test_grid_cache.py): a map, labelled and dense, goes through new states
(forwards, a seek back, while hidden), flashes starting and ending, arrow keys, a scroll,
a resize and theme switches; after each step its lines (styles and title included) equal
a fresh map's given the same state, flashes, selection, focus and scroll.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from test_grid_cache import CSS, Picture, changed_councils, picture, played
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.pilot import Pilot
from textual.strip import Strip
from uikit import moment, until

from elextui.state import State, apply
from elextui.timeline import Timeline
from elextui.ui.palette import Palette
from elextui.ui.widgets import council_map
from elextui.ui.widgets.council_map import CouncilMap


class MapApp(App[None]):
    """Just a map, styled as in the app."""

    CSS_PATH = CSS
    CSS = "CouncilMap { display: block; }"  # (in the app, shown by `m`)
    AUTO_FOCUS = None

    def __init__(self, timeline: Timeline) -> None:
        super().__init__()
        election = timeline.feed.election
        self.palette = Palette(election.parties)
        self.map = CouncilMap(self.palette, election.polling_day.year, election.timezone)

    def compose(self) -> ComposeResult:
        yield self.map

    def on_mount(self) -> None:
        self.palette.dark = self.current_theme.dark

    async def switch_theme(self, pilot: Pilot[None], theme: str) -> None:
        """Switch the theme, let the map paint in the new CSS, then change the party
        colours as `ElextuiApp` does once the theme's signal reaches it (`redraw_all`)."""
        background = self.screen.styles.background
        self.theme = theme
        await until(pilot, lambda: self.screen.styles.background != background, "new CSS")
        picture(self.map)
        dark = self.current_theme.dark
        if dark != self.palette.dark:
            self.palette.dark = dark
            self.map.restyle()


@dataclass(frozen=True)
class Shown:
    """What a map shows: its lines, and what a fresh map needs to show the same."""

    lines: Picture
    state: State
    flashing: dict[str, bool]
    selected: str | None
    focused: bool
    scroll: tuple[float, float]


def shown(hexes: CouncilMap) -> Shown:
    """The map's lines now, with what it shows them from (read at once)."""
    assert hexes.state is not None
    return Shown(
        picture(hexes),
        hexes.state,
        hexes.flashing,
        hexes.selected,
        hexes.has_focus,
        (hexes.scroll_x, hexes.scroll_y),
    )


async def fresh_picture(timeline: Timeline, seen: Shown, size: Size, theme: str) -> Picture:
    """The lines of a new map shown the same state, flashes, selection, focus and scroll."""
    app = MapApp(timeline)
    app.theme = theme
    async with app.run_test(size=size) as pilot:
        fresh = app.map
        fresh.show(seen.state)
        await pilot.pause()
        for council_id, gain in seen.flashing.items():
            fresh.flash(council_id, gain)
        if seen.selected is not None:
            fresh.select(seen.selected)
        if seen.focused:
            fresh.focus()
        await pilot.pause()
        fresh.scroll_to(*seen.scroll, animate=False, immediate=True)
        await pilot.pause()
        assert (fresh.selected, fresh.has_focus, (fresh.scroll_x, fresh.scroll_y)) == (
            seen.selected,
            seen.focused,
            seen.scroll,
        )
        return picture(fresh)


def in_view(hexes: CouncilMap) -> list[str]:
    """Tonight's councils whose hexes (or lines in the notes) are in view, by name."""
    assert hexes.state is not None
    view = hexes.scrollable_content_region.size.region.translate(
        (int(hexes.scroll_x), int(hexes.scroll_y))
    )
    councils = sorted(hexes.state.councils.values(), key=lambda s: s.council.name)
    return [
        s.council.id
        for s in councils
        if (region := hexes.region_of(s.council.id)) is not None and view.contains_region(region)
    ]


@pytest.mark.parametrize("size", [(150, 44), (64, 18)], ids=["labelled", "dense"])
async def test_map_lines_after_changes_equal_a_fresh_map(
    night_2018: Timeline, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.setattr(council_map, "FLASH_SECONDS", 1000.0)  # no flash ends by itself
    app = MapApp(night_2018)
    async with app.run_test(size=size) as pilot:
        hexes = app.map
        checks = 0

        async def same_as_fresh() -> None:
            nonlocal checks
            await pilot.pause()
            seen = shown(hexes)
            assert seen.lines == await fresh_picture(night_2018, seen, app.size, app.theme)
            checks += 1

        first = night_2018.seek(moment(night_2018, "23:30"))
        states = [
            first,
            played(night_2018, first, "02:00"),
            night_2018.seek(moment(night_2018, "01:00")),
            played(night_2018, first, "04:00"),
        ]
        hexes.show(states[0])
        await same_as_fresh()
        assert hexes.shape.dense == (size == (64, 18))

        # forwards, painted; then councils in view flash, and one short flash ends
        hexes.show(states[1])
        await same_as_fresh()
        view = [c for c in in_view(hexes) if c in changed_councils(states[0], states[1])]
        assert len(view) > 8
        for council_id in view[:6]:
            hexes.flash(council_id, gain=council_id == view[0])
        await same_as_fresh()
        monkeypatch.setattr(council_map, "FLASH_SECONDS", 0.0)
        hexes.flash(view[7], gain=True)
        picture(hexes)
        assert view[7] in hexes.flashing
        await until(pilot, lambda: view[7] not in hexes.flashing, "the short flash ends")
        await same_as_fresh()
        monkeypatch.setattr(council_map, "FLASH_SECONDS", 1000.0)

        # a seek back, then forwards while hidden (as when the grid shows), then shown
        hexes.show(states[2])
        await same_as_fresh()
        hexes.display = False
        await pilot.pause()
        hexes.show(states[3])
        hexes.flash(view[8], gain=False)
        hexes.display = True
        await same_as_fresh()

        # the keys: select councils with the arrows, a change under the selection
        hexes.focus()
        await pilot.press("right", "down", "down", "left")
        await same_as_fresh()
        hexes.show(states[1])
        await same_as_fresh()
        await pilot.press("escape")
        assert not hexes.has_focus

        # a scroll, a resize, theme switches, then changes again
        hexes.scroll_to(y=hexes.max_scroll_y // 2, animate=False, immediate=True)
        hexes.show(states[3])
        await same_as_fresh()
        await pilot.resize_terminal(size[0] - 10, size[1] - 4)
        await same_as_fresh()
        await app.switch_theme(pilot, "dracula")
        await same_as_fresh()
        await app.switch_theme(pilot, "textual-light")
        await same_as_fresh()
        hexes.show(states[1])
        for council_id in in_view(hexes)[-3:]:
            hexes.flash(council_id, gain=True)
        await same_as_fresh()
    assert checks == 13


async def test_a_declaration_redraws_only_its_hexs_lines(night_2018: Timeline) -> None:
    before = night_2018.seek(moment(night_2018, "02:00"))
    for entry in night_2018.entries[before.applied :]:  # the next hold: the notes stay
        after = apply(before, entry)
        changed = changed_councils(before, after)
        if changed and not after.councils[changed[0]].gained and after.called == before.called:
            break
        before = after
    [council_id] = changed
    app = MapApp(night_2018)
    async with app.run_test(size=(150, 44)) as pilot:
        hexes = app.map
        hexes.show(before)
        await pilot.pause()
        picture(hexes)  # everything in view drawn and cached
        drawn: list[int] = []
        render = hexes._render_map_line

        def counting(line: int) -> Strip:
            drawn.append(line)
            return render(line)

        hexes._render_map_line = counting  # type: ignore[method-assign]
        hexes.show(after)
        hexes.flash(council_id, gain=False)
        picture(hexes)
        region = hexes.region_of(council_id)
        assert region is not None
        assert sorted(drawn) == list(region.line_range)
