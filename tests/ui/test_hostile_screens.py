"""Every screen of the TUI on a feed with escape codes, bidi controls and markup in every
text field: nothing unsafe reaches the screen, and each screenshot is well-formed XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from uikit import screen_text, settled, until

from elextui.clock import FakeClock
from elextui.feed import Problem, load_feed
from elextui.night import ProblemsFound, SourceStatus
from elextui.sanitize import UNSAFE
from elextui.timeline import Timeline
from elextui.ui.app import make_app
from elextui.ui.messages import FeedChanged
from elextui.ui.screens.council_detail import CouncilDetailScreen
from elextui.ui.screens.go_to_time import GoToTimeScreen
from elextui.ui.screens.help import HelpScreen

FEED = Path(__file__).parent / "data" / "hostile_everywhere.jsonl"


def assert_safe_screen(app: App[None]) -> str:
    """The screen holds no unsafe character and its SVG parses; return its text."""
    svg = app.export_screenshot()
    found = UNSAFE.search(svg.replace("\n", ""))
    assert found is None, f"{found.group()!r} on screen"
    ET.fromstring(svg)
    return screen_text(app)


async def open_palette_list(pilot: Pilot[None], command: str, placeholder: str) -> str:
    """Open the command palette, choose `command` and return the list it shows."""
    app = pilot.app
    await pilot.press("ctrl+p", *command)
    await until(pilot, lambda: f"{command}..." in screen_text(app), f"the {command} command")
    await pilot.press("enter")
    await until(pilot, lambda: placeholder in screen_text(app), f"the {command} list")
    await settled(pilot)
    return assert_safe_screen(app)


@pytest.mark.parametrize("size", [(160, 48), (80, 24)], ids=["160x48", "80x24"])
async def test_every_screen_shows_hostile_text_safely(size: tuple[int, int]) -> None:
    timeline = Timeline(load_feed(FEED))
    app = make_app(timeline, paused=True, clock=FakeClock(), start=timeline.end)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        board = assert_safe_screen(app)
        assert "[bold]x[/]" in board and "\\x1b]52" in board
        assert "\\x1b]52" in app.title and UNSAFE.search(app.title) is None

        await pilot.press("tab", "right")  # the grid's title names the selected council
        await settled(pilot)
        assert_safe_screen(app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CouncilDetailScreen), "the detail")
        await settled(pilot)
        assert "\\x1b]52" in assert_safe_screen(app)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, CouncilDetailScreen), "closed")

        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await settled(pilot)
        assert_safe_screen(app)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen), "help closed")

        councils = await open_palette_list(pilot, "Go to council", "Council\u2026")
        assert "Plymouth A\\x1b]52" in councils
        await pilot.press(*"bury")
        await settled(pilot)
        assert_safe_screen(app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CouncilDetailScreen), "Bury's detail")
        assert "Bury A\\x1b]52" in assert_safe_screen(app)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, CouncilDetailScreen), "closed")
        markers = await open_palette_list(pilot, "Go to marker", "Marker\u2026")
        assert "marker A\\x1b]52" in markers


async def test_bad_lines_of_a_followed_feed_show_literally() -> None:
    """A skipped line's problem quotes feed text: the toast shows it, never as markup."""
    timeline = Timeline(load_feed(FEED))
    app = make_app(timeline, paused=True, clock=FakeClock())
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settled(pilot)
        bad = [Problem("f.jsonl", 9, "post: unknown council '[/]' \x1b]52;c;eA==\x07")]
        app.post_message(FeedChanged(ProblemsFound(bad)))
        app.post_message(FeedChanged(SourceStatus(1.0, "stale: [/] \x1b[2J")))
        await until(pilot, lambda: "unknown council '[/]'" in screen_text(app), "the toast")
        await until(pilot, lambda: "stale: [/] \\x1b[2J" in screen_text(app), "the stale toast")
        assert_safe_screen(app)


async def test_a_time_typed_as_markup_is_shown_literally() -> None:
    timeline = Timeline(load_feed(FEED))
    app = make_app(timeline, paused=True, clock=FakeClock())
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        await pilot.press("g", *"[/]", "enter")
        await until(pilot, lambda: "'[/]'" in screen_text(app), "the error quoting it")
        assert isinstance(app.screen, GoToTimeScreen)
