"""The elextui App: puts up the board, runs the player and the feed in workers, opens screens.

Its parts live in their own modules: the playback keys (`playback`), the frames drawn from
the player's events (`frames`), the command palette (`commands`), the scrub bar's span
(`span`) and the messages the player worker posts (`messages`).
"""

from __future__ import annotations

import asyncio
import gc
from datetime import datetime
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType

from elextui import describe
from elextui.clock import Clock
from elextui.describe import clean_text
from elextui.kiosk import DEFAULT_CYCLE_SECONDS
from elextui.night import Grew, Night, NightEvent, ProblemsFound, SourceStatus
from elextui.timeline import Timeline
from elextui.ui.commands import NightCommands
from elextui.ui.frames import CLOCK_FRAME_SECONDS, BoardFrames
from elextui.ui.messages import FeedChanged, post_player_events
from elextui.ui.palette import Palette
from elextui.ui.playback import MAX_GAP_SECONDS, PlaybackKeys
from elextui.ui.screens.council_detail import CouncilDetailScreen
from elextui.ui.screens.help import HelpScreen
from elextui.ui.screens.kiosk import KioskMode, KioskScreen
from elextui.ui.screens.main import MainScreen, View
from elextui.ui.span import first_declaration, moment_at, night_span
from elextui.ui.widgets.council_grid import CouncilOpened
from elextui.ui.widgets.scrub_bar import ScrubBar
from elextui.ui.widgets.ticker import HISTORY

CHECKPOINT_SLICE = 16
"""Checkpoints built per turn of the event loop (2,048 entries: a few milliseconds)."""
CHECKPOINT_PAUSE = 0.002
"""Seconds between slices, so keys and frames go first."""


class ElextuiApp(PlaybackKeys, BoardFrames):
    """Replays a night: the player worker posts events, the App draws the latest state."""

    CSS_PATH = "elextui.tcss"
    COMMANDS = PlaybackKeys.COMMANDS | {NightCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "focus_grid", "Select councils (arrows move, enter opens)", show=False),
        Binding("m", "toggle_view", "Map", tooltip="Switch between the grid and the map"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]
    """The board's own keys; the playback keys (first in the footer) are PlaybackKeys'."""

    def __init__(
        self,
        night: Night,
        colors: str | None = None,
        *,
        kiosk: bool = False,
        cycle_seconds: float = DEFAULT_CYCLE_SECONDS,
        theme: str = "textual-dark",
        view: View = "grid",
    ) -> None:
        super().__init__()
        self.night = night
        timeline = self.timeline = night.timeline
        player = self.player = night.player
        player.max_gap = MAX_GAP_SECONDS  # max is a speed to watch here, not a jump to the end
        player.tick_seconds = CLOCK_FRAME_SECONDS  # the clock's frame: no tick goes unseen
        self.title = clean_text(timeline.feed.election.title)
        self.timezone = timeline.feed.election.timezone
        self.days = describe.spans_days(timeline.start, timeline.end, self.timezone)
        """Whether the night runs over more than one date: then times carry their weekday."""
        self.color_depth = "mono" if self.no_color else colors or self._terminal_colors()
        """The colour depth the board is drawn for: truecolor, 256, 16 or mono."""
        self.palette = Palette(timeline.feed.election.parties, self.color_depth)
        self.state = player.state
        self.at = player.at
        self.playing = player.playing
        self.speed = player.speed
        self.live = player.live
        self.arrived = player.arrived
        self.quiet = player.quiet
        self.stale_since = None
        self.finished = False
        self._theme_name = theme
        self.kiosk = None
        """The presenter's slide cycle, in kiosk mode."""
        span = night_span(timeline, self.timezone, self.days)
        if kiosk:
            first = first_declaration(timeline, self.timezone, self.days)
            self.main = KioskScreen(self.palette, span, self.timezone, first)
            self.kiosk = KioskMode(self.main, player.clock, cycle_seconds)
        else:
            self.main = MainScreen(
                self.palette,
                span,
                day_zone=self.timezone if self.days else None,
                year=timeline.feed.election.polling_day.year,
                timezone=self.timezone,
                view=view,
                clock=player.clock,
            )

    def _terminal_colors(self) -> str:
        """The colour depth the terminal reports (from TERM and COLORTERM)."""
        system = self.console.color_system
        return {"standard": "16", "windows": "16", "256": "256"}.get(system or "", "truecolor")

    def get_default_screen(self) -> MainScreen | KioskScreen:
        """The board (or the presenter's kiosk)."""
        return self.main

    def on_mount(self) -> None:
        """Start playing (and the kiosk's slides); build the checkpoints between frames."""
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.theme = self._theme_name
        self._theme_changed()
        self.run_player()
        if self.kiosk is not None:
            self.run_kiosk()
        self.build_checkpoints()
        if self.night.following:
            self.night.listeners.append(self._night_event)
            self.run_follow()

    def _theme_changed(self, *_: object) -> None:
        """Party colours adapt to a light or dark theme: redraw everything in the new shade."""
        dark = self.current_theme.dark
        if dark == self.palette.dark:
            return
        self.palette.dark = dark
        self.redraw_all()

    # -- workers ---------------------------------------------------------------

    @work(exclusive=True, group="player")
    async def run_player(self) -> None:
        """The one player worker: turn player events into messages for the App."""
        await post_player_events(self.player, self.post_message)

    @work(exclusive=True, group="kiosk")
    async def run_kiosk(self) -> None:
        """The kiosk's slides, one after another on the player's clock."""
        assert self.kiosk is not None
        await self.kiosk.run(lambda: self.state)

    @work(exclusive=True, group="checkpoints")
    async def build_checkpoints(self) -> None:
        """Build the timeline's checkpoints a slice at a time, so later jumps are short.

        A jump before they are all built builds the ones it needs itself.
        """
        while not self.timeline.build_checkpoints(CHECKPOINT_SLICE):
            await asyncio.sleep(CHECKPOINT_PAUSE)
        if gc.get_freeze_count():
            # The night was frozen out of the cyclic collector's sight (`elextui replay`);
            # the checkpoints stay until exit too: at 1M entries they made each full
            # collection a ~90 ms pause that a key could wait behind.
            gc.freeze()

    @work(exclusive=True, group="follow")
    async def run_follow(self) -> None:
        """Read the followed source while the app runs."""
        await self.night.follow()

    # -- a followed feed ---------------------------------------------------------

    def _night_event(self, event: NightEvent) -> None:
        self.post_message(FeedChanged(event))

    def on_feed_changed(self, message: FeedChanged) -> None:
        """Show bad lines and staleness; redraw the night's span when it grew."""
        event = message.event
        if isinstance(event, ProblemsFound):
            shown = [clean_text(str(p)) for p in event.problems[:5]]
            more = len(event.problems) - len(shown)
            if more:
                shown.append(f"... and {more} more")
            self.notify(
                "\n".join(shown), title="Bad lines skipped", severity="warning", markup=False
            )
        elif isinstance(event, SourceStatus):
            was_stale = self.stale_since is not None
            self.stale_since = event.stale_since
            recovered = was_stale and event.stale_since is None
            if event.stale_since is not None and not was_stale:
                text = clean_text(event.message)
                self.notify(text, title="Feed stale", severity="error", markup=False)
            elif recovered or "replaced" in event.message:
                self.notify(clean_text(event.message), markup=False)
            self._request_draw()
        elif isinstance(event, Grew):
            self.main.set_span(night_span(self.timeline, self.timezone, self.days))
            self.build_checkpoints()  # extend dropped those after the first new entry
            self._request_draw()

    # -- councils, views and screens -------------------------------------------

    def action_focus_grid(self) -> None:
        """Select councils with the arrow keys (on the grid or the map)."""
        if isinstance(self.main, MainScreen):
            self.main.councils.focus()
        else:
            self.main.grid.focus()

    def action_toggle_view(self) -> None:
        """Switch between the grid and the map; the map takes the arrow keys."""
        main = self.main
        if not isinstance(main, MainScreen):
            return  # the kiosk's slides have no map yet
        main.set_view("grid" if main.view == "map" else "map")
        if main.view == "map":
            main.map.focus()
        elif main.map.has_focus:
            main.grid.focus()

    def action_help(self) -> None:
        """Show every key."""
        self.open_dialog(HelpScreen(self))

    def open_council(self, council_id: str) -> None:
        """Show a council's detail as of the current time."""
        if council_id not in self.state.councils:
            return
        if isinstance(self.main, MainScreen):
            self.main.select(council_id)
        else:
            self.main.grid.select(council_id)
        self.open_dialog(
            CouncilDetailScreen(
                self.state,
                council_id,
                self.timeline.entries[: self.state.applied],
                self.palette,
                self.timezone,
                day=self.days,
            )
        )

    @on(CouncilOpened)
    def _council_opened(self, message: CouncilOpened) -> None:
        self.open_council(message.council_id)

    @on(ScrubBar.Seek)
    def _bar_clicked(self, message: ScrubBar.Seek) -> None:
        self.player.seek(moment_at(self.timeline, message.fraction))


def make_app(
    night: Timeline | Night,
    *,
    speed: float = 60.0,
    paused: bool = False,
    start: datetime | None = None,
    loop: bool = False,
    loop_pause: float = 10.0,
    idle_limit: float | None = None,
    clock: Clock | None = None,
    colors: str | None = "truecolor",
    kiosk: bool = False,
    cycle: float = DEFAULT_CYCLE_SECONDS,
    theme: str = "textual-dark",
    view: View = "grid",
) -> ElextuiApp:
    """The app on a Night (or a timeline, given a player with these options).

    `colors` is the colour depth to draw for (truecolor, 256, 16; None: the terminal's);
    NO_COLOR in the environment always means monochrome.

    `kiosk` puts up the presenter's screen, whose slides change every `cycle` seconds.
    """
    if isinstance(night, Timeline):
        night = Night.from_timeline(
            night,
            clock=clock,
            speed=speed,
            paused=paused,
            idle_limit=idle_limit,
            loop=loop,
            loop_pause=loop_pause,
            start=start,
            history=HISTORY,
        )
    return ElextuiApp(night, colors, kiosk=kiosk, cycle_seconds=cycle, theme=theme, view=view)
