"""Ask for a TIME and return the moment it names (or say why it cannot be read)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from elextui.timeparse import TIME_FORMS, parse_time
from elextui.ui.screens.dialog import Dialog


class GoToTimeScreen(Dialog[datetime | None]):
    """An input for a time on the night; errors are shown under it, the screen stays."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, start: datetime, end: datetime, timezone: str, now: str) -> None:
        super().__init__()
        self.start = start
        self.end = end
        self.timezone = timezone
        self.now = now

    def compose(self) -> ComposeResult:
        """The prompt, the input and the error line."""
        with Vertical(id="go-to-time") as box:
            box.border_title = "Go to time"
            box.border_subtitle = self.subtitle("enter to go \u00b7 esc to cancel")
            yield Static(f"Accepts {TIME_FORMS}.", id="forms")
            yield Input(placeholder=self.now, id="time")
            yield Static("", id="error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            moment = parse_time(event.value, self.start, self.end, self.timezone)
        except ValueError as err:
            self.query_one("#error", Static).update(Text(str(err)))  # never markup
            return
        self.dismiss(moment)

    def action_cancel(self) -> None:
        """Close without moving."""
        self.dismiss(None)
