"""A council's detail: seats, control before and after, composition bars, its posts."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from elextui.describe import clean_text, clock, seat_lines, signed
from elextui.feed.model import Entry, Post
from elextui.state import State
from elextui.ui.labels import coloured_outcome, entry_row, outcome_text
from elextui.ui.palette import Palette
from elextui.ui.screens.dialog import Dialog
from elextui.ui.widgets.composition_bar import CompositionBar


def posts_about(council_id: str, entries: Sequence[Entry]) -> list[Post]:
    """The posts among `entries` that name the council."""
    return [e for e in entries if isinstance(e, Post) and council_id in (e.councils or ())]


class CouncilDetailScreen(Dialog[None]):
    """One council as of the current feed time."""

    BINDINGS = [Binding("escape,enter", "dismiss", "Close")]

    def __init__(
        self,
        state: State,
        council_id: str,
        played: Sequence[Entry],
        palette: Palette,
        timezone: str,
        *,
        day: bool = False,
    ) -> None:
        super().__init__()
        self.state = state
        self.status = state.councils[council_id]
        self.posts = posts_about(council_id, played)
        self.palette = palette
        self.timezone = timezone
        self.day = day
        """Whether times carry their weekday (the night spans days)."""

    def compose(self) -> ComposeResult:
        """The facts, two bars, the seats won and the posts."""
        status, council, result = self.status, self.status.council, self.status.result
        with Vertical(id="detail") as box:
            box.border_title = Text(clean_text(council.name))
            box.border_subtitle = self.subtitle("esc to close")
            facts = Text()
            kind = f"{clean_text(council.kind).capitalize()} \u00b7 " if council.kind else ""
            up = f" \u00b7 {council.seats_up} up tonight" if council.seats_up is not None else ""
            facts.append(f"{kind}{council.seats} seats{up}\n")
            if result is None:
                facts.append("Not declared yet", "bold")
            else:
                when = clock(result.at, self.timezone, result.estimated, day=self.day)
                facts.append(
                    "Declared " if result.final else "CALLED ", "" if result.final else "bold"
                )
                facts.append(f"{when}  ")
                facts.append_text(outcome_text(status, self.palette))
                if not result.final:
                    facts.append(
                        "\nA call: seats are still being counted; not counted on the board"
                    )
            facts.append("\nControl  ")
            facts.append_text(coloured_outcome(status.control_before or "?", self.palette))
            facts.append(" \u2192 ")
            after = status.control if status.result is not None else "?"
            facts.append_text(coloured_outcome(after or "?", self.palette))
            if status.called:
                facts.append(" (call)", "italic")
            yield Static(facts, id="facts")
            yield Static("Before", classes="label")
            yield CompositionBar(council.composition, self.palette)
            yield Static("After", classes="label")
            if status.declared:
                yield CompositionBar(status.composition, self.palette)
            elif status.called:
                yield CompositionBar(None, self.palette, missing="called, still counting")
            else:
                yield CompositionBar(None, self.palette, missing="not declared yet")
            yield Static(self._seats_won(), id="won")
            with VerticalScroll(id="posts") as posts:
                posts.border_title = f"Posts so far ({len(self.posts)})"
                rows = [
                    entry_row(p, self.state, self.palette, self.timezone, day=self.day)
                    for p in self.posts
                ]
                yield Static(Group(*rows) if rows else Text("None yet.", style="dim"))

    def _seats_won(self) -> Text:
        """Tonight's seats and change for every party with either, in the header's order."""
        result = self.status.result
        text = Text("Tonight  ", style="bold")
        if result is None:
            return text.append("no seats reported yet")
        lines = seat_lines(self.state.parties, result)
        if not lines:
            return text.append("seats not reported")
        if not result.final:
            text.append("so far  ", "italic")
        parts = []
        for code, seats, change in lines:
            part = Text(code, self.palette.text_style(code))
            part.append(f" {seats}" if seats is not None else " ?")
            if change is not None:
                part.append(f" ({signed(change)})", "dim")
            parts.append(part)
        text.append_text(Text(" \u00b7 ").join(parts))
        if result.seats_won is None:
            text.append("\nseats won not reported", "dim")
        elif result.change is None:
            text.append("\nchange not reported", "dim")
        return text
