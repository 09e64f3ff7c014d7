"""The playback keys: pause, speed, steps and jumps through the night, all on the player."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar, TypeVar

from textual.app import App
from textual.binding import Binding, BindingType

from elextui import describe
from elextui.night import Night
from elextui.player import Player
from elextui.timeline import Timeline
from elextui.ui.screens.dialog import Dialog
from elextui.ui.screens.go_to_time import GoToTimeScreen
from elextui.ui.screens.kiosk import KioskMode

ResultType = TypeVar("ResultType")

SHIFT_SECONDS = 600
"""How far shift+left/right jump in feed time."""
MAX_GAP_SECONDS = 0.01
"""On the board, max speed crosses any gap between entries within this many wall seconds
(never slower than 10,000x): a bundled night plays in a few seconds, and `-` comes back
from it mid-night. Without the board (--no-ui), max plays everything at once."""


class PlaybackKeys(App[None]):
    """Mixed into the App: the keys that move through the night (they come first in the
    footer and the help) and the actions that drive the player."""

    night: Night
    player: Player
    timeline: Timeline
    timezone: str
    days: bool
    at: datetime
    kiosk: KioskMode | None
    play_pending: Callable[[], None]
    """Take what a control just asked of the player at once (BoardFrames.play_pending)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pause", "Pause", tooltip="Pause or resume"),
        Binding(
            "plus,equals_sign", "faster", "Speed", key_display="+/-", tooltip="Faster, up to max"
        ),
        Binding("minus", "slower", "Slower, back down from max", show=False),
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
        Binding("g", "go_to_time", "Go to", tooltip="Go to a time (pauses a replay while open)"),
        Binding("l", "go_live", "Live", tooltip="Back to the live edge (following a feed)"),
        Binding("home", "to_start", "Start", show=False),
        Binding("end", "to_end", "End", show=False),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`l` (live) exists only while following a feed."""
        if action == "go_live":
            return self.night.following
        return True

    def action_toggle_pause(self) -> None:
        """Pause or resume."""
        self.player.toggle_pause()
        self.play_pending()

    def action_go_live(self) -> None:
        """Back to the live edge of a followed feed."""
        if self.night.following:
            self.player.go_live()
            self.play_pending()
        else:
            self.notify("Not following a feed: nothing is live (see elextui follow).", markup=False)

    def action_faster(self) -> None:
        """One step up the speed ladder."""
        self.player.faster()
        self.play_pending()

    def action_slower(self) -> None:
        """One step down the speed ladder."""
        self.player.slower()
        self.play_pending()

    def action_step(self, delta: int) -> None:
        """Pause and step one entry."""
        self.player.step(delta)
        self.play_pending()

    def action_shift(self, direction: int) -> None:
        """Jump ten minutes back or on."""
        self.player.shift(direction * SHIFT_SECONDS)
        self.play_pending()

    def action_previous_marker(self) -> None:
        """Jump to the previous marker."""
        self.player.previous_marker()
        self.play_pending()

    def action_next_marker(self) -> None:
        """Jump to the next marker."""
        self.player.next_marker()
        self.play_pending()

    def action_to_start(self) -> None:
        """Jump to the start of the night."""
        self.player.to_start()
        self.play_pending()

    def action_to_end(self) -> None:
        """Jump to the end of the night."""
        self.player.to_end()
        self.play_pending()

    def open_dialog(
        self, dialog: Dialog[ResultType], then: Callable[[ResultType | None], None] | None = None
    ) -> None:
        """Put up a dialog with a replay paused; when it closes, run `then` with its result
        and play on if it was playing. At the live edge the feed keeps coming (it says so)."""
        player = self.player
        paused = player.playing and not player.live
        if paused:
            player.pause()
        dialog.playback_note = (
            "replay paused" if paused else "live: the feed keeps coming" if player.live else ""
        )

        def closed(result: ResultType | None) -> None:
            if then is not None:
                then(result)
            if paused and not (player.playing or player.live or player.at_end):
                player.resume()  # (at the end, resuming would start the night again)

        self.push_screen(dialog, closed)

    def action_go_to_time(self) -> None:
        """Ask for a time and jump there."""
        tl = self.timeline
        self.open_dialog(
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
            self.play_pending()

    # -- the presenter's clicker (kiosk) ---------------------------------------

    def action_previous_moment(self) -> None:
        """A presenter's clicker: back to the previous key moment, with the board up."""
        self.player.previous_marker()
        self.play_pending()
        if self.kiosk is not None:
            self.kiosk.jumped(self.player.state, board=True)

    def action_next_moment(self) -> None:
        """A presenter's clicker: on to the next key moment, with the board up."""
        self.player.next_marker()
        self.play_pending()
        if self.kiosk is not None:
            self.kiosk.jumped(self.player.state, board=True)
