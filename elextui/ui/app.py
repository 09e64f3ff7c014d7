"""The elextui App: runs the player in one worker and hands the latest State to the screen."""

from __future__ import annotations

import asyncio
import time
from array import array
from collections import deque
from datetime import datetime
from typing import ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.timer import Timer

from elextui import describe
from elextui.clock import Clock
from elextui.describe import clean_text
from elextui.feed.model import Entry, Result
from elextui.kiosk import DEFAULT_CYCLE_SECONDS
from elextui.night import Grew, Night, NightEvent, ProblemsFound, SourceStatus
from elextui.player import Finished, Played, Reset, Tick, speed_label
from elextui.state import State
from elextui.timeline import Timeline
from elextui.ui.commands import NightCommands
from elextui.ui.labels import entry_row
from elextui.ui.messages import (
    ClockTicked,
    EntriesPlayed,
    FeedChanged,
    NightFinished,
    PositionReset,
)
from elextui.ui.palette import Palette
from elextui.ui.screens.council_detail import CouncilDetailScreen
from elextui.ui.screens.go_to_time import GoToTimeScreen
from elextui.ui.screens.help import HelpScreen
from elextui.ui.screens.kiosk import KioskMode, KioskScreen
from elextui.ui.screens.main import MainScreen, View
from elextui.ui.widgets.council_grid import CouncilGrid
from elextui.ui.widgets.council_map import CouncilMap
from elextui.ui.widgets.night_header import HeaderInfo
from elextui.ui.widgets.scrub_bar import HourTick, NightSpan, ScrubBar
from elextui.ui.widgets.ticker import HISTORY, TickerItem

FRAME_SECONDS = 0.05
"""Redraw at most this often (20 frames a second), however fast entries arrive."""
CLOCK_FRAME_SECONDS = 0.25
"""When only the feed clock moved (no entry, no control), redraw at most this often."""
BURST_ROWS = 60
"""At most this many new entries reach the ticker per frame: the rest of a burst scrolls past."""
SHIFT_SECONDS = 600
"""How far shift+left/right jump in feed time."""
CHECKPOINT_SLICE = 16
"""Checkpoints built per turn of the event loop (2,048 entries: a few milliseconds)."""
CHECKPOINT_PAUSE = 0.002
"""Seconds between slices, so keys and frames go first."""


class ElextuiApp(App[None]):
    """Replays a night: the player worker posts events, the App draws the latest state."""

    CSS_PATH = "elextui.tcss"
    COMMANDS = App.COMMANDS | {NightCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pause", "Pause", tooltip="Pause or resume"),
        Binding("plus,equals_sign", "faster", "Speed", key_display="+/-", tooltip="Faster"),
        Binding("minus", "slower", "Slower", show=False),
        Binding("left", "step(-1)", "Step back", key_display="\u2190", show=False),
        Binding("right", "step(1)", "Step forward", key_display="\u2192", show=False),
        Binding("shift+left", "shift(-1)", "Back 10 min", show=False),
        Binding("shift+right", "shift(1)", "On 10 min", show=False),
        Binding("left_square_bracket", "previous_marker", "Previous marker", show=False),
        Binding(
            "right_square_bracket",
            "next_marker",
            "Marker",
            key_display="[/]",
            tooltip="Next marker",
        ),
        Binding("g", "go_to_time", "Go to", tooltip="Go to a time"),
        Binding("l", "go_live", "Live", tooltip="Back to the live edge (following a feed)"),
        Binding("home", "to_start", "Start", show=False),
        Binding("end", "to_end", "End", show=False),
        Binding("tab", "focus_grid", "Select councils (arrows move, enter opens)", show=False),
        Binding("m", "toggle_view", "Map", tooltip="Switch between the grid and the map"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

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
        self.title = clean_text(timeline.feed.election.title)
        self.timezone = timeline.feed.election.timezone
        self.days = describe.spans_days(timeline.start, timeline.end, self.timezone)
        """Whether the night runs over more than one date: then times carry their weekday."""
        self.color_depth = "mono" if self.no_color else colors or self._terminal_colors()
        """The colour depth the board is drawn for: truecolor, 256, 16 or mono."""
        self.palette = Palette(timeline.feed.election.parties, self.color_depth)
        self.state: State = player.state
        """The state on screen: the latest the player reported."""
        self.at: datetime = player.at
        """The feed clock on screen."""
        self.playing = player.playing
        self.speed = player.speed
        self.live = player.live
        self.arrived = player.arrived
        self.stale_since: float | None = None
        """Wall time of the followed source's last good read, while it is stale."""
        self.finished = False
        """Whether the player reached the end (until it moves again)."""
        self.frames = 0
        """How many times the board was redrawn (for measuring)."""
        self._theme_name = theme
        self.main: MainScreen | KioskScreen
        self.kiosk: KioskMode | None = None
        """The presenter's slide cycle, in kiosk mode."""
        if kiosk:
            self.main = KioskScreen(
                self.palette, self._span(), self.timezone, self._first_declaration()
            )
            self.kiosk = KioskMode(self.main, player.clock, cycle_seconds)
        else:
            self.main = MainScreen(
                self.palette,
                self._span(),
                day_zone=self.timezone if self.days else None,
                year=timeline.feed.election.polling_day.year,
                timezone=self.timezone,
                view=view,
            )
        self._new_entries: deque[Entry] = deque(maxlen=BURST_ROWS)
        self._reset_entries: list[Entry] | None = None
        self._flashes: dict[str, bool] = {}
        self._flag = False
        self._last_draw = 0.0
        self._draw_timer: Timer | None = None
        self._draw_due = 0.0

    def _terminal_colors(self) -> str:
        """The colour depth the terminal reports (from TERM and COLORTERM)."""
        system = self.console.color_system
        return {"standard": "16", "windows": "16", "256": "256"}.get(system or "", "truecolor")

    def _span(self) -> NightSpan:
        tl, tz, days = self.timeline, self.timezone, self.days
        start, end = tl.start, tl.end  # read once: each is a property over the entries
        first, length = start.timestamp(), end.timestamp() - start.timestamp()
        times = tl.times
        if length <= 0:  # every entry at one instant: at the end, as `_fraction` puts them
            first, length = first - 1.0, 1.0
        declarations = array("d", [(times[i] - first) / length for i in tl.declarations])
        markers = [(times[i] - first) / length for i in tl.markers]
        ticks = [
            HourTick(
                (hour.timestamp() - first) / length,
                hour.hour,
                f"{hour:%H:%M}",
                f"{hour:%a}" if days and hour.hour == 0 else None,
            )
            for hour in describe.whole_hours(start, end, tz)
        ]
        return NightSpan(
            describe.clock(start, tz, day=days),
            describe.clock(end, tz, day=days),
            declarations,
            markers,
            ticks,
            short_start=f"{describe.local(start, tz):%a}" if days else describe.clock(start, tz),
        )

    def _fraction(self, moment: datetime | float) -> float:
        """Where `moment` falls in the night, from 0 (start) to 1 (end)."""
        value = moment if isinstance(moment, float) else moment.timestamp()
        start, end = self.timeline.start.timestamp(), self.timeline.end.timestamp()
        return (value - start) / (end - start) if end > start else 1.0

    def _first_declaration(self) -> str | None:
        tl = self.timeline
        if not tl.declarations:
            return None
        entry = tl.entries[tl.declarations[0]]
        return describe.clock(entry.at, self.timezone, entry.estimated, day=self.days)

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
        if isinstance(self.main, MainScreen):
            self._reset_entries = [*self.main.ticker.entries, *self._new_entries]
            self._new_entries.clear()
            self.main.scoreboard.restyle()
        self._request_draw(immediate=True)

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

    @work(exclusive=True, group="follow")
    async def run_follow(self) -> None:
        """Read the followed source while the app runs."""
        await self.night.follow()

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
            self.main.set_span(self._span())
            self.build_checkpoints()  # extend dropped those after the first new entry
            self._request_draw()

    @work(exclusive=True, group="player")
    async def run_player(self) -> None:
        """The one player worker: turn player events into messages for the App.

        Entries played in one go (between two yields to the event loop) travel as one
        message, so a burst at top speed costs one dispatch, not thousands.
        """
        loop = asyncio.get_running_loop()
        batch: list[Played] = []

        def send_batch() -> None:
            if batch:
                self.post_message(EntriesPlayed(tuple(batch)))
                batch.clear()

        async for event in self.player.events():
            if isinstance(event, Played):
                if not batch:
                    loop.call_soon(send_batch)
                batch.append(event)
                continue
            send_batch()
            if isinstance(event, Tick):
                self.post_message(ClockTicked(event))
            elif isinstance(event, Reset):
                self.post_message(PositionReset(event))
            elif isinstance(event, Finished):
                self.post_message(NightFinished(event))

    # -- player events ---------------------------------------------------------

    def on_clock_ticked(self, message: ClockTicked) -> None:
        """Keep the clock, play state and speed; a tick that only moves the clock waits longer."""
        tick = message.tick
        moved_only = (tick.playing, tick.speed, tick.live, tick.arrived) == (
            self.playing,
            self.speed,
            self.live,
            self.arrived,
        )
        self.at, self.playing, self.speed = tick.at, tick.playing, tick.speed
        self.live, self.arrived = tick.live, tick.arrived
        self._request_draw(frame=CLOCK_FRAME_SECONDS if moved_only else FRAME_SECONDS)

    def on_entries_played(self, message: EntriesPlayed) -> None:
        """Take the newest state; queue the entries for the ticker and results for a flash."""
        for played in message.played:
            self._new_entries.append(played.entry)
            if isinstance(played.entry, Result):
                status = played.state.councils.get(played.entry.council)
                if status is not None:
                    self._flashes[status.council.id] = status.gained
                self._flag = True
        if self.kiosk is not None:
            self.kiosk.played(message.played, self.state)
        last = message.played[-1]
        self.state = last.state
        self.at = max(self.at, last.entry.at)
        self.finished = False
        self._request_draw()

    def on_position_reset(self, message: PositionReset) -> None:
        """Take the state after a jump and rebuild the ticker from `recent`."""
        reset = message.reset
        self.state, self.at, self.finished = reset.state, reset.at, False
        self._reset_entries = list(reset.recent)[-HISTORY:]
        self._new_entries.clear()
        self._flashes.clear()
        self._flag = False
        if self.kiosk is not None:
            self.kiosk.jumped(reset.state)
        self._request_draw(immediate=True)

    def on_night_finished(self, message: NightFinished) -> None:
        """Show that the night is over."""
        self.finished = True
        self.at = message.finished.at
        self._request_draw()

    # -- drawing ---------------------------------------------------------------

    def _request_draw(self, immediate: bool = False, frame: float = FRAME_SECONDS) -> None:
        """Draw now if a frame is due (`frame` seconds after the last), else once it is.

        A waiting clock-only redraw is brought forward when entries need a frame sooner.
        """
        now = time.monotonic()
        due = self._last_draw + frame
        if immediate or now >= due:
            self._draw()
            return
        if self._draw_timer is not None:
            if self._draw_due <= due:
                return
            self._draw_timer.stop()
        self._draw_due = due
        self._draw_timer = self.set_timer(due - now, self._draw)

    @property
    def draw_pending(self) -> bool:
        """Whether a throttled redraw is waiting for its frame time."""
        return self._draw_timer is not None

    def _draw(self) -> None:
        if self._draw_timer is not None:
            self._draw_timer.stop()
            self._draw_timer = None
        if not self.main.is_mounted:
            self._draw_timer = self.set_timer(FRAME_SECONDS, self._draw)
            return
        self._last_draw = time.monotonic()
        self.frames += 1
        state = self.state
        header = HeaderInfo(
            title=state.title,
            at=self.at.replace(microsecond=0),  # the header shows seconds: redraw when they change
            start=self.timeline.start,
            timezone=self.timezone,
            speed=speed_label(self.speed),
            playing=self.playing,
            finished=self.finished,
            declared=state.declared,
            total=state.councils_total,
            live=self.live if self.night.following else None,
            arrived=self.arrived,
            stale_since=self.stale_since,
            called=state.called,
            stale_for=0 if self.stale_since is None else int(self.night.wall() - self.stale_since),
        )
        reset = self._reset_entries
        self.main.show(
            state,
            header,
            self._fraction(self.at),
            flag=self._flag,
            rows=[self._row(entry) for entry in self._new_entries],
            reset_rows=None if reset is None else [self._row(entry) for entry in reset],
            flashes=self._flashes.items(),
        )
        self._new_entries.clear()
        self._reset_entries = None
        self._flashes = {}
        self._flag = False

    def _row(self, entry: Entry) -> TickerItem:
        late = id(entry) in self.player.late
        return entry, entry_row(entry, self.state, self.palette, self.timezone, late=late)

    # -- controls --------------------------------------------------------------

    def action_toggle_pause(self) -> None:
        """Pause or resume."""
        self.player.toggle_pause()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`l` (live) exists only while following a feed."""
        if action == "go_live":
            return self.night.following
        return True

    def action_go_live(self) -> None:
        """Back to the live edge of a followed feed."""
        if self.night.following:
            self.player.go_live()
        else:
            self.notify("Not following a feed: nothing is live (see elextui follow).", markup=False)

    def action_faster(self) -> None:
        """One step up the speed ladder."""
        self.player.faster()

    def action_slower(self) -> None:
        """One step down the speed ladder."""
        self.player.slower()

    def action_step(self, delta: int) -> None:
        """Pause and step one entry."""
        self.player.step(delta)

    def action_shift(self, direction: int) -> None:
        """Jump ten minutes back or on."""
        self.player.shift(direction * SHIFT_SECONDS)

    def action_previous_marker(self) -> None:
        """Jump to the previous marker."""
        self.player.previous_marker()

    def action_next_marker(self) -> None:
        """Jump to the next marker."""
        self.player.next_marker()

    def action_to_start(self) -> None:
        """Jump to the start of the night."""
        self.player.to_start()

    def action_to_end(self) -> None:
        """Jump to the end of the night."""
        self.player.to_end()

    def action_previous_moment(self) -> None:
        """A presenter's clicker: back to the previous key moment, with the board up."""
        self.player.previous_marker()
        if self.kiosk is not None:
            self.kiosk.jumped(self.player.state, board=True)

    def action_next_moment(self) -> None:
        """A presenter's clicker: on to the next key moment, with the board up."""
        self.player.next_marker()
        if self.kiosk is not None:
            self.kiosk.jumped(self.player.state, board=True)

    def action_blank(self) -> None:
        """Blank the kiosk's screen, or bring it back."""
        if isinstance(self.main, KioskScreen):
            self.main.toggle_blank()

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

    def action_go_to_time(self) -> None:
        """Ask for a time and jump there."""
        tl = self.timeline
        self.push_screen(
            GoToTimeScreen(
                tl.start,
                tl.end,
                self.timezone,
                describe.clock(self.at, self.timezone, day=self.days),
            ),
            self._seek_to,
        )

    def _seek_to(self, moment: datetime | None) -> None:
        if moment is not None:
            self.player.seek(moment)

    def action_help(self) -> None:
        """Show every key."""
        self.push_screen(HelpScreen(self))

    def open_council(self, council_id: str) -> None:
        """Show a council's detail as of the current time."""
        if council_id not in self.state.councils:
            return
        if isinstance(self.main, MainScreen):
            self.main.select(council_id)
        else:
            self.main.grid.select(council_id)
        self.push_screen(
            CouncilDetailScreen(
                self.state,
                council_id,
                self.timeline.entries[: self.state.applied],
                self.palette,
                self.timezone,
                day=self.days,
            )
        )

    @on(CouncilGrid.Opened)
    @on(CouncilMap.Opened)
    def _council_opened(self, message: CouncilGrid.Opened | CouncilMap.Opened) -> None:
        self.open_council(message.council_id)

    @on(ScrubBar.Seek)
    def _bar_clicked(self, message: ScrubBar.Seek) -> None:
        tl = self.timeline
        self.player.seek(tl.start + (tl.end - tl.start) * message.fraction)


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
