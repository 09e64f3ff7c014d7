"""Every key, read from the bindings themselves so the list never drifts."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from elextui.ui.screens.dialog import Dialog
from elextui.ui.widgets.council_grid import CouncilGrid
from elextui.ui.widgets.council_map import CouncilMap

_KEY_NAMES = {
    "left": "\u2190",
    "right": "\u2192",
    "up": "\u2191",
    "down": "\u2193",
    "plus": "+",
    "equals_sign": "=",
    "minus": "-",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "question_mark": "?",
}


def key_names(keys: str) -> str:
    """`shift+left,equals_sign` as `shift+← / =`."""
    names = []
    for key in keys.split(","):
        parts = [_KEY_NAMES.get(part, part) for part in key.split("+")] if key != "plus" else ["+"]
        names.append("+".join(parts))
    return " / ".join(names)


def key_table(title: str, bindings: list[Binding]) -> Table:
    """A two-column table of keys and what they do."""
    table = Table(title=title, title_justify="left", box=None, show_header=False, padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for binding in bindings:
        table.add_row(key_names(binding.key), Text(binding.tooltip or binding.description))
    return table


LEGEND = (
    ("was CON", "not declared yet; CON ran it before the poll (faint tile)"),
    ("CON HOLD", "declared, CON kept control (full colour)"),
    (
        "LAB GAIN",
        "declared, LAB took control (bold; highlighted as it lands; wide tiles add 'from CON')",
    ),
    ("NOC GAIN", "declared, nobody has a majority now (NOC: no overall control)"),
    (
        "LAB call",
        "called: control known, seats still being counted (italic; wider tiles say"
        " 'LAB GAIN call'); not in declared n/N or the scoreboard",
    ),
    ("+LAB LAB LAB? CON\u2026", "small map hexes: gain, hold, call, not declared yet"),
    ("Cllrs: ...", "councillor figures are sums over the declared councils that report them"),
    ("\u224803:10", "a time the feed estimated"),
    ("\u25c6", "a key moment (marker); jump with [ and ]"),
    ("60x \u00b7 skipping quiet 2h50m", "idle compression crossing a quiet spell faster"),
)
"""What the marks on the board mean: every colour is backed by text."""


def legend_table() -> Table:
    """The marks of the board, explained."""
    table = Table(title="Reading the board", title_justify="left", box=None, show_header=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for mark, meaning in LEGEND:
        table.add_row(mark, meaning)
    return table


class HelpScreen(Dialog[None]):
    """The keys of the board, of the council grid, and of Textual itself."""

    BINDINGS = [Binding("escape,question_mark", "dismiss", "Close")]

    def __init__(self, app: App[None]) -> None:
        super().__init__()
        own = [c for c in reversed(type(app).__mro__) if issubclass(c, App) and c is not App]
        self.bindings = [
            b
            for cls in own  # the App's keys are bound in its parts (playback first)
            for b in cls.__dict__.get("BINDINGS", [])
            if isinstance(b, Binding) and app.check_action(b.action, ()) is not False
        ]

    def compose(self) -> ComposeResult:
        """The key tables."""
        with VerticalScroll(id="help") as box:
            box.border_title = "Keys"
            box.border_subtitle = self.subtitle("esc to close")
            grid = [b for b in CouncilGrid.BINDINGS if isinstance(b, Binding)]
            extra = [
                Binding(
                    "ctrl+p",
                    "",
                    "Command palette: type a council, a marker or a time (fri 23:25, +2h) "
                    "to go there; speed",
                ),
                Binding("click", "", "Click the scrub bar to seek, a tile or hex to select it"),
                Binding(
                    "question_mark,g,enter",
                    "",
                    "Help, go to and a council's detail pause a replay while open",
                ),
            ]
            yield Static(key_table("Playback", self.bindings))
            yield Static(key_table("Council grid (after tab)", grid))
            hexes = [b for b in CouncilMap.BINDINGS if isinstance(b, Binding)]
            yield Static(key_table("Map (m)", hexes))
            yield Static(key_table("Also", extra))
            yield Static(legend_table())
