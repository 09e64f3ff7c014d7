"""The board's frames: take the player's events as they come, redraw at a bounded rate."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Sequence
from datetime import datetime

from textual.app import App
from textual.timer import Timer

from elextui.describe import duration
from elextui.feed.model import Entry, Result
from elextui.night import Night
from elextui.player import Finished, Played, Player, Reset, Tick, speed_label
from elextui.state import State
from elextui.timeline import Timeline
from elextui.ui.labels import entry_row
from elextui.ui.messages import ClockTicked, EntriesPlayed, NightFinished, PositionReset
from elextui.ui.palette import Palette
from elextui.ui.screens.board import Frame
from elextui.ui.screens.kiosk import KioskMode, KioskScreen
from elextui.ui.screens.main import MainScreen
from elextui.ui.span import fraction
from elextui.ui.widgets.night_header import HeaderInfo
from elextui.ui.widgets.ticker import HISTORY, TickerItem

FRAME_SECONDS = 0.05
"""Redraw at most this often (20 frames a second), however fast entries arrive."""
CLOCK_FRAME_SECONDS = 0.25
"""When only the feed clock moved (no entry, no control), redraw at most this often: the
player's tick period in the app (`Player.tick_seconds`), so each tick is a frame."""
BURST_ROWS = 60
"""At most this many new entries reach the ticker per frame, and no more than it has lines:
the rest of a burst would scroll past unseen within the frame (each row costs a label and
a measure: on a million-entry night at 60x a frame brings ~80 entries)."""
TICKER_STEP_SECONDS = 0.2
"""While frames bring more new entries than the ticker has lines (rows would scroll past
unseen), the ticker moves on at most this often, to the newest rows: readable, and each
step redraws all of it."""


class BoardFrames(App[None]):
    """Mixed into the App: keeps the picture on screen (state, clock, play state) from the
    player's messages and hands it to the screen at most once a frame."""

    night: Night
    player: Player
    timeline: Timeline
    timezone: str
    palette: Palette
    main: MainScreen | KioskScreen
    kiosk: KioskMode | None
    state: State
    """The state on screen: the latest the player reported."""
    at: datetime
    """The feed clock on screen."""
    playing: bool
    speed: float
    live: bool
    arrived: int
    quiet: float
    """Feed seconds of the quiet spell the clock is crossing faster (idle compression)."""
    stale_since: float | None
    """Wall time of the followed source's last good read, while it is stale."""
    finished: bool
    """Whether the player reached the end (until it moves again)."""

    def __init__(self) -> None:
        super().__init__()
        self.frames = 0
        """How many times the board was redrawn (for measuring)."""
        self._new_entries: deque[Entry] = deque(maxlen=BURST_ROWS)
        self._reset_entries: list[Entry] | None = None
        self._jump = 0
        """The player's count of jumps as of the state on screen (`Reset.jump`)."""
        self._controls = 0
        """The player's count of controls as of the play state on screen (`Tick.controls`)."""
        self._older_entries: list[Entry] = []
        """A jump's ticker rows beyond those in view: drawn in the frame after the jump's."""
        self._shown_index = 0
        """How many timeline entries the state on screen has played (`Played.index`)."""
        self._played_since_draw = 0
        self._ticker_gaps = False
        """Whether bursts left out rows the ticker's history should hold (refilled on a stop)."""
        self._ticker_step_at = float("-inf")
        """When the ticker last took new rows (on the player's clock)."""
        self._flashes: dict[str, bool] = {}
        self._flag = False
        self._last_draw = 0.0
        self._draw_timer: Timer | None = None
        self._draw_due = 0.0
        self._board_stale = True
        """Whether the next frame has more to draw than the clock (header and scrub bar)."""

    def redraw_all(self) -> None:
        """Redraw everything now, the ticker's rows too (after a change of colours)."""
        if isinstance(self.main, MainScreen):
            ticker = self.main.ticker
            self._reset_entries = [*self._older_entries, *ticker.entries, *self._new_entries]
            self._older_entries = []
            self._new_entries.clear()
            self.main.scoreboard.restyle()
            self.main.map.restyle()
        self._request_draw(immediate=True)

    # -- player events ---------------------------------------------------------

    def play_pending(self) -> None:
        """Take what a key just asked of the player (a jump, a pause) now, not after the
        player's next turn: a busy event loop (a burst at top speed, a dialog closing and
        the screen laid out again) could keep it waiting for hundreds of milliseconds."""
        for event in self.player.take_pending():
            if isinstance(event, Tick):
                self._ticked(event)
            elif isinstance(event, Reset):
                self._reset(event)
            elif isinstance(event, Finished):
                self._finished(event)
            else:
                self._played((event,))

    def on_clock_ticked(self, message: ClockTicked) -> None:
        """Keep the clock, play state and speed; a tick that only moves the clock waits longer."""
        self._ticked(message.tick)

    def on_entries_played(self, message: EntriesPlayed) -> None:
        """Take the newest state; queue the entries for the ticker and results for a flash."""
        self._played(message.played)

    def on_position_reset(self, message: PositionReset) -> None:
        """Take the state after a jump and rebuild the ticker from `recent`."""
        self._reset(message.reset)

    def on_night_finished(self, message: NightFinished) -> None:
        """Show that the night is over."""
        self._finished(message.finished)

    def _ticked(self, tick: Tick) -> None:
        if tick.controls < self._controls:
            return  # made before a control taken at once (play_pending): a pause undone
        self._controls = tick.controls
        moved_only = (tick.playing, tick.speed, tick.live, tick.arrived, tick.quiet) == (
            self.playing,
            self.speed,
            self.live,
            self.arrived,
            self.quiet,
        )
        if self.playing and not tick.playing:
            self._fill_ticker_gaps()
        self.at, self.playing, self.speed = tick.at, tick.playing, tick.speed
        self.live, self.arrived, self.quiet = tick.live, tick.arrived, tick.quiet
        if not moved_only and self.main.is_mounted:
            # A key changed the play state: say so at once (a header costs ~1 ms to draw,
            # a board frame at top speed on a big night ~100); the board follows in its frame.
            self.main.show_header(self._header(), self.state)
        # The player paces clock-only ticks (one per CLOCK_FRAME_SECONDS, or per second
        # of a slow clock): each is drawn as it comes, unless a frame was just drawn.
        self._request_draw(clock=moved_only)

    def _played(self, batch: Sequence[Played]) -> None:
        if batch[0].jump < self._jump:  # played before a jump taken early (play_pending)
            batch = [played for played in batch if played.jump >= self._jump]
            if not batch:
                return
        for played in batch:
            self._new_entries.append(played.entry)
            self._played_since_draw += 1
            if isinstance(played.entry, Result):
                status = played.state.councils.get(played.entry.council)
                if status is not None:
                    self._flashes[status.council.id] = status.gained
                self._flag = True
        if self.kiosk is not None:
            self.kiosk.played(batch, self.state)
        last = batch[-1]
        self.state = last.state
        self._shown_index = last.index
        self.at = max(self.at, last.entry.at)
        self.finished = False
        self._request_draw()

    def _reset(self, reset: Reset) -> None:
        self._jump = reset.jump
        self._shown_index = reset.index
        self._played_since_draw = 0
        self._ticker_gaps = False
        self.state, self.at, self.finished = reset.state, reset.at, False
        self._reset_entries = list(reset.recent)[-HISTORY:]
        self._older_entries = []
        self._new_entries.clear()
        self._flashes.clear()
        self._flag = False
        if self.kiosk is not None:
            self.kiosk.jumped(reset.state)
        self._request_draw(immediate=True)

    def _finished(self, finished: Finished) -> None:
        self._fill_ticker_gaps()
        self.finished = True
        self.at = finished.at
        self._request_draw()

    def _fill_ticker_gaps(self) -> None:
        """Play stopped after bursts that left rows out of the ticker: give it back its whole
        history up to the state on screen, as a jump does, so scrolling back misses nothing."""
        if not self._ticker_gaps or not isinstance(self.main, MainScreen):
            return
        self._ticker_gaps = False
        self._played_since_draw = 0
        self._new_entries.clear()
        self._older_entries = []
        self._reset_entries = list(self.timeline.recent(self._shown_index, HISTORY))
        self._request_draw()

    # -- drawing ---------------------------------------------------------------

    def _request_draw(
        self, immediate: bool = False, frame: float = FRAME_SECONDS, clock: bool = False
    ) -> None:
        """Draw now if a frame is due (`frame` seconds after the last), else once it is.

        `clock`: only the clock moved; if nothing else waits to be drawn, the frame redraws
        the header and the scrub bar alone.
        """
        if not clock:
            self._board_stale = True
        now = time.monotonic()
        due = self._last_draw + frame
        if immediate or now >= due:
            if self._board_stale or self._new_entries:  # (rows a ticker step held back)
                self._draw(None if immediate else due)
            else:
                self._draw_clock()
            return
        if self._draw_timer is not None:
            if self._draw_due <= due:
                return
            self._draw_timer.stop()
        self._draw_due = due
        self._draw_timer = self.set_timer(due - now, self._draw_on_time)

    @property
    def draw_pending(self) -> bool:
        """Whether a throttled redraw is waiting for its frame time."""
        return self._draw_timer is not None

    def _draw_clock(self) -> None:
        """A frame in which only the clock moved: the header and the scrub bar."""
        if not self.main.is_mounted:
            self._draw()  # (which waits for the screen)
            return
        self._last_draw = time.monotonic()
        self.frames += 1
        self.main.show_header(self._header(), self.state)
        self.main.scrub_bar.show(fraction(self.timeline, self.at))

    def _draw_on_time(self) -> None:
        self._draw_timer = None  # (it fired)
        if self._board_stale or self._new_entries:
            self._draw(self._draw_due)
        else:
            self._draw_clock()

    def _draw(self, due: float | None = None) -> None:
        """Draw a frame; `due`: when it was due (None: a frame asked for at once)."""
        if self._draw_timer is not None:
            self._draw_timer.stop()
            self._draw_timer = None
        if not self.main.is_mounted:
            self._draw_timer = self.set_timer(FRAME_SECONDS, self._draw)
            return
        self._board_stale = False
        now = time.monotonic()
        # Frames keep to their beat: one drawn a little late (a timer's or a busy loop's
        # delay) times the next from when it was due, or every delay would slow the rate.
        self._last_draw = due if due is not None and now - due < FRAME_SECONDS else now
        self.frames += 1
        reset, older = self._reset_entries, self._older_entries
        burst = self._burst()
        player_time = self.player.clock.now()  # paces the ticker's steps
        if self._played_since_draw > len(burst):
            self._ticker_gaps = True
            if reset is None and player_time < self._ticker_step_at + TICKER_STEP_SECONDS:
                burst = []  # its entries stay queued: the next step shows the newest
        if burst:
            self._ticker_step_at = player_time
            self._new_entries.clear()
        self._played_since_draw = 0
        self._older_entries = []
        if reset is not None:
            # A jump: the rows the ticker shows now, the older ones in the next frame
            # (each row costs a label and a measure: 200 of them delayed the jump's frame).
            view = self._ticker_lines()
            if view and len(reset) > view:
                self._older_entries, reset = reset[:-view], reset[-view:]
        self.main.show(
            Frame(
                self.state,
                self._header(),
                fraction(self.timeline, self.at),
                flag=self._flag,
                rows=[self._row(entry) for entry in burst],
                reset_rows=None if reset is None else [self._row(entry) for entry in reset],
                older_rows=[self._row(entry) for entry in older],
                flashes=tuple(self._flashes.items()),
            )
        )
        self._reset_entries = None
        self._flashes = {}
        self._flag = False
        if self._older_entries:
            self._request_draw()

    def _burst(self) -> list[Entry]:
        """The newest entries since the last frame, at most a screenful of them."""
        lines = self._ticker_lines()
        entries = list(self._new_entries)
        return entries[-lines:] if lines else entries

    def _ticker_lines(self) -> int:
        """Lines the ticker shows (0: no ticker, or not laid out yet)."""
        return self.main.ticker.size.height if isinstance(self.main, MainScreen) else 0

    def _header(self) -> HeaderInfo:
        state = self.state
        return HeaderInfo(
            title=state.title,
            at=self.at.replace(microsecond=0),  # the header shows seconds: redraw when they change
            start=self.timeline.start,
            timezone=self.timezone,
            speed=speed_label(self.speed),
            quiet=duration(self.quiet) if self.quiet and self.playing else "",
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

    def _row(self, entry: Entry) -> TickerItem:
        late = id(entry) in self.player.late
        return entry, entry_row(entry, self.state, self.palette, self.timezone, late=late)
