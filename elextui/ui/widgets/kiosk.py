"""The kiosk's parts: a big clock and badge, party figures in big digits, the latest
declarations, one gain in detail, and the attract slide before the first result."""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from elextui.describe import clean_text, clock, coverage, leading, signed, since
from elextui.feed.model import NOC
from elextui.state import CouncilStatus, PartyTally, State
from elextui.ui.labels import coloured_outcome, outcome_text
from elextui.ui.palette import Palette
from elextui.ui.widgets.composition_bar import CompositionBar
from elextui.ui.widgets.night_header import HeaderInfo

CARDS = 5
"""Parties with a card on the board (besides no overall control)."""


def coverage_note(state: State) -> Text:
    """What the councillor figures cover: `seats won known for 147 of 150 · change ...`."""
    if not state.declared:
        return Text("")
    return Text(f"Councillors: {coverage(state)}", style="dim")


class KioskHeader(Horizontal):
    """Title and progress on the left; the night's clock in big digits; REPLAY or LIVE."""

    DEFAULT_CSS = """
    KioskHeader {
        height: 3;
        background: $panel;
        padding: 0 1;
    }
    KioskHeader #kiosk-title {
        width: 1fr;
        height: 3;
    }
    KioskHeader #kiosk-clock {
        width: auto;
        margin: 0 2;
    }
    KioskHeader #kiosk-badge {
        width: 12;
        height: 3;
        content-align: center middle;
        text-style: bold;
        background: $accent;
        color: $text;
    }
    KioskHeader #kiosk-badge.-live {
        background: $error;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.title_block = Static(id="kiosk-title")
        self.clock = Digits("", id="kiosk-clock")
        self.badge = Static(id="kiosk-badge")
        self.info: tuple[HeaderInfo, int] | None = None

    def compose(self) -> ComposeResult:
        """Title, clock, badge."""
        yield self.title_block
        yield self.clock
        yield self.badge

    def show(self, info: HeaderInfo, called: int = 0) -> None:
        """Draw the header (only what changed); `called`: councils called, not yet declared."""
        if (info, called) == self.info:
            return
        self.info = (info, called)
        title = Text(clean_text(info.title), style="bold", no_wrap=True, overflow="ellipsis")
        title.append(f"\ndeclared {info.declared} of {info.total}", style="bold")
        if called:
            title.append(f" \u00b7 {called} called", style="bold")
        title.append(f"  \u00b7  {since(info.at, info.start)} since polls closed", style="dim")
        if info.finished:
            state = "\u25a0 END"
        elif info.playing:
            state = f"\u25b6 {info.speed}"
        else:
            state = "\u275a\u275a PAUSED"
        title.append(f"\n{state}", style="bold")
        if info.live is False and info.arrived:
            title.append(f"   +{info.arrived} new since (l: live)", style="bold")
        self.title_block.update(title)
        self.clock.update(clock(info.at, info.timezone))
        following = info.live is not None
        self.badge.update(("LIVE" if info.live else "BEHIND LIVE") if following else "REPLAY")
        self.badge.set_class(bool(info.live), "-live")


class PartyCard(Vertical):
    """One party: councils in big digits and their change, then councillors."""

    DEFAULT_CSS = """
    PartyCard {
        width: 1fr;
        height: 10;
        border: tall $primary 40%;
        border-title-style: bold;
        padding: 0 1;
        margin: 0 1 0 0;
    }
    PartyCard Digits {
        width: auto;
    }
    PartyCard .caption {
        height: 1;
    }
    """

    def __init__(self, palette: Palette) -> None:
        super().__init__()
        self.palette = palette
        self.councils = Digits("0")
        self.councils_caption = Static(classes="caption")
        self.councillors = Digits("0")
        self.councillors_caption = Static(classes="caption")
        self.shown: tuple[str, PartyTally, bool] | None = None

    def compose(self) -> ComposeResult:
        """Two figures, each with its caption."""
        yield self.councils
        yield self.councils_caption
        yield self.councillors
        yield self.councillors_caption

    def show(self, code: str, tally: PartyTally) -> None:
        """Draw a party's figures."""
        key = (code, tally, self.palette.dark)
        if key == self.shown:
            return
        self.shown = key
        name = clean_text(self.palette.names.get(code, code))
        self.border_title = Text.assemble(("\u2588 ", self.palette.text_style(code)), code)
        self.border_subtitle = name if code != NOC else None
        colour = self.palette.text_style(code).color
        self.styles.border = ("tall", colour.name if colour else "grey")
        self.councils.update(str(tally.councils))
        self.councils_caption.update(
            Text.assemble("councils ", (signed(tally.councils_change), "bold"))
        )
        is_party = code != NOC
        self.councillors.display = is_party
        self.councillors_caption.display = is_party
        if is_party:
            self.councillors.update(f"{tally.councillors:,}")
            self.councillors_caption.update(
                Text.assemble("councillors ", (signed(tally.councillors_change), "bold"))
            )


class PartyCards(Vertical):
    """The leading parties' cards side by side, no overall control last, and a coverage note."""

    DEFAULT_CSS = """
    PartyCards {
        height: auto;
    }
    PartyCards > Horizontal {
        height: 10;
    }
    PartyCards #coverage {
        height: 1;
        padding: 0 1;
    }
    """

    def __init__(self, palette: Palette) -> None:
        super().__init__()
        self.cards = [PartyCard(palette) for _ in range(CARDS + 1)]
        self.note = Static(id="coverage")

    def compose(self) -> ComposeResult:
        """The cards in a row, then the note."""
        with Horizontal():
            yield from self.cards
        yield self.note

    def show(self, state: State) -> None:
        """Draw the leading parties (by councils, then councillors) and NOC."""
        shown = [*leading(state, CARDS), (NOC, state.tallies[NOC])]
        for card, (code, tally) in zip(self.cards, shown, strict=False):
            card.display = True
            card.show(code, tally)
        for card in self.cards[len(shown) :]:
            card.display = False
        self.note.update(coverage_note(state))


def latest_table(state: State, palette: Palette, timezone: str, rows: int) -> RenderableType:
    """The newest `rows` declarations, newest first: time, council, outcome, seats won."""
    declared = [s for s in state.councils.values() if s.declared and s.result is not None]
    declared.sort(key=lambda s: s.result.at if s.result else 0, reverse=True)
    if not declared:
        return Text("No declarations yet.", style="dim")
    table = Table.grid(padding=(0, 3))
    table.add_column(no_wrap=True, style="dim")
    table.add_column(no_wrap=True, style="bold", max_width=34, overflow="ellipsis")
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, overflow="ellipsis")
    for status in declared[:rows]:
        result = status.result
        assert result is not None
        won = sorted((result.seats_won or {}).items(), key=lambda item: -item[1])
        seats = Text("  ").join(
            Text.assemble((code, palette.text_style(code)), f" {n}") for code, n in won[:4]
        )
        table.add_row(
            clock(result.at, timezone, result.estimated),
            clean_text(status.council.name),
            outcome_text(status, palette),
            seats,
        )
        table.add_row("", "", "", "")
    return table


class LatestDeclarations(Static):
    """The latest declarations, one every other line so they read from a distance."""

    DEFAULT_CSS = """
    LatestDeclarations {
        height: 1fr;
        padding: 1 2;
        border-top: solid $primary 50%;
        border-title-style: bold;
    }
    """

    def __init__(self, palette: Palette, timezone: str) -> None:
        super().__init__()
        self.palette = palette
        self.timezone = timezone
        self.border_title = "Latest declarations"
        self._state: State | None = None

    def show(self, state: State) -> None:
        """Draw the newest declarations that fit."""
        if state is self._state:
            return
        self._state = state
        rows = max(1, (self.size.height or 40) // 2)
        self.update(latest_table(state, self.palette, self.timezone, rows))

    def on_resize(self) -> None:
        """Fit as many rows as the new height allows."""
        if self._state is not None:
            state, self._state = self._state, None
            self.show(state)


class GainDetail(Vertical):
    """One council that changed hands: who gained it from whom, and the seats before and after."""

    DEFAULT_CSS = """
    GainDetail {
        height: 1fr;
        padding: 1 4;
        border-top: solid $warning;
        border-title-style: bold;
        border-title-color: $warning;
    }
    GainDetail #gain-name {
        text-style: bold;
        height: auto;
        margin-bottom: 1;
    }
    GainDetail .label {
        color: $text-muted;
        margin-top: 1;
    }
    GainDetail CompositionBar {
        height: 2;
    }
    """

    def __init__(self, palette: Palette, timezone: str) -> None:
        super().__init__()
        self.palette = palette
        self.timezone = timezone
        self.name_line = Static(id="gain-name")
        self.before = CompositionBar(None, palette)
        self.after = CompositionBar(None, palette)
        self.council_id: str | None = None
        self.border_title = "GAIN"

    def compose(self) -> ComposeResult:
        """Name and outcome, then the council before and after."""
        yield self.name_line
        yield Static("Before", classes="label")
        yield self.before
        yield Static("After", classes="label")
        yield self.after

    def show(self, status: CouncilStatus) -> None:
        """Draw one council's gain."""
        self.council_id = status.council.id
        result = status.result
        text = Text(clean_text(status.council.name).upper(), style="bold")
        text.append("\n\n")
        text.append_text(outcome_text(status, self.palette))
        if result is not None:
            text.append(f"   declared {clock(result.at, self.timezone, result.estimated)}")
            if result.seats_won:
                won = sorted(result.seats_won.items(), key=lambda item: -item[1])
                text.append("\nTonight  ", style="dim")
                text.append_text(
                    Text(" \u00b7 ").join(
                        Text.assemble((code, self.palette.text_style(code)), f" {n}")
                        for code, n in won
                    )
                )
        self.name_line.update(text)
        self.before.composition = dict(status.council.composition or {})
        self.after.composition = dict(status.composition or {}) if status.declared else {}
        self.before.refresh()
        self.after.refresh()
        self.border_title = Text.assemble("GAIN  ", coloured_outcome(status.outcome, self.palette))


class Attract(Static):
    """Before the first declaration: the night, how many councils, and that results are due."""

    DEFAULT_CSS = """
    Attract {
        height: 1fr;
        content-align: center middle;
        text-align: center;
    }
    """

    def show(self, state: State, first: str | None) -> None:
        """Draw the night's title and what is to come."""
        text = Text(clean_text(state.title).upper(), style="bold")
        text.append(f"\n\n{state.councils_total} councils to declare")
        if first is not None:
            text.append(f"\nfirst declaration in this feed at {first}", style="dim")
        text.append("\n\nWaiting for the first result", style="bold")
        self.update(text)
