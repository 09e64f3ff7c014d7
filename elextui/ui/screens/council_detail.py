"""A council's detail: seats, control before and after, composition bars, its posts."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from elextui.describe import clean_text, clock, signed
from elextui.feed.model import Entry, Post
from elextui.state import State
from elextui.ui.labels import coloured_outcome, entry_row, outcome_text
from elextui.ui.palette import Palette
from elextui.ui.widgets.composition_bar import CompositionBar


def posts_about(council_id: str, entries: Sequence[Entry]) -> list[Post]:
    """The posts among `entries` that name the council."""
    return [e for e in entries if isinstance(e, Post) and council_id in (e.councils or ())]


class CouncilDetailScreen(ModalScreen[None]):
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
            box.border_subtitle = "esc to close"
            facts = Text()
            kind = f"{clean_text(council.kind).capitalize()} \u00b7 " if council.kind else ""
            up = f" \u00b7 {council.seats_up} up tonight" if council.seats_up is not None else ""
            facts.append(f"{kind}{council.seats} seats{up}\n")
            if result is None:
                facts.append("Not declared yet", "bold")
            else:
                when = clock(result.at, self.timezone, result.estimated, day=self.day)
                facts.append(f"Declared {when}  ")
                facts.append_text(outcome_text(status, self.palette))
            facts.append("\nControl  ")
            facts.append_text(coloured_outcome(status.control_before or "?", self.palette))
            facts.append(" \u2192 ")
            after = status.control if status.declared else "?"
            facts.append_text(coloured_outcome(after or "?", self.palette))
            yield Static(facts, id="facts")
            yield Static("Before", classes="label")
            yield CompositionBar(council.composition, self.palette)
            yield Static("After", classes="label")
            if status.declared:
                yield CompositionBar(status.composition, self.palette)
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
        result = self.status.result
        text = Text("Tonight  ", style="bold")
        if result is None or not result.seats_won:
            text.append("no seats reported yet" if result is None else "seats not reported")
            return text
        change = result.change or {}
        parts = []
        for code, seats in sorted(result.seats_won.items(), key=lambda item: -item[1]):
            part = Text.assemble((code, self.palette.text_style(code)), f" {seats}")
            if code in change:
                part.append(f" ({signed(change[code])})", "dim")
            parts.append(part)
        return text.append_text(Text(" \u00b7 ").join(parts))
