"""Words and Rich Text for the UI: tile labels, abbreviations and ticker lines."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from elextui.describe import DRAFT_MARK, clean_text, clock, headline
from elextui.feed.model import Entry, Marker, Mayor, Pcc, Post, Result
from elextui.state import CouncilStatus, State, outcome, result_control
from elextui.ui.palette import Palette

_SHORT_WORDS = {
    "and": "&",
    "upon": "u",
    "under": "u",
    "with": "w",
    "on": "o",
    "North": "N",
    "South": "S",
    "East": "E",
    "West": "W",
    "City": "",
    "of": "",
}


# Short forms people use for councils whose names are long or would clash when cut.
_CONVENTIONAL = {
    "Bath and North East Somerset": "BaNES",
    "Bournemouth, Christchurch and Poole": "BCP",
    "Cheshire West and Chester": "Cheshire W",
    "East Riding of Yorkshire": "E Riding",
    "Forest of Dean": "F of Dean",
    "Great Yarmouth": "Gt Yarmouth",
    "King's Lynn and West Norfolk": "King's Lynn",
    "Kingston upon Hull": "Hull",
    "Newcastle-under-Lyme": "N-u-Lyme",
    "Vale of White Horse": "Vale WH",
}
# "Blackburn with Darwen" is "Blackburn" for short, "Stoke-on-Trent" "Stoke".
_JOINED = re.compile(r" and | with | upon | under |-on-|-under-")


def abbreviate(name: str, width: int) -> str:
    """`name` in at most `width` cells: whole if it fits, else its usual short form
    (a known one, or the part before "and", "with", "upon", "-on-"), shortened word by
    word if that is still too long."""
    if cell_len(name) <= width:
        return name
    name = _CONVENTIONAL.get(name) or _JOINED.split(name, maxsplit=1)[0]
    if cell_len(name) <= width:
        return name
    words = name.replace("-", " ").split()
    words = [w for w in (_SHORT_WORDS.get(w, w) for w in words) if w]
    text = " ".join(words)
    if cell_len(text) <= width:
        return text
    words = [w for w in words if len(w) > 1 or w.isupper()] if len(words) > 2 else words
    while cell_len(" ".join(words)) > width:
        # the longest word loses a letter; on a tie the later one ("Amber Vall")
        longest = max(range(len(words)), key=lambda i: (len(words[i]), i))
        if len(words[longest]) <= 2:
            break
        words[longest] = words[longest][:-1]
    return " ".join(words)[:width]


def tile_status(status: CouncilStatus, width: int) -> str:
    """The control line of a tile: `LAB<CON` (gain), `LAB HOLD`, `(CON)` while pending, and
    for a call `LAB GAIN (call)`, `LAB<CON call` or `LAB call`, whichever fits."""
    control = status.control or "?"
    if status.called:
        words = [f"{control} GAIN (call)", f"{control}<{status.control_before} call"]
        if not status.gained:
            words = [f"{control} HOLD (call)"]
        return next((w for w in [*words, f"{control} call"] if len(w) <= width), control)
    if not status.declared:
        return f"({control})"
    if status.gained:
        long = f"{control} GAIN from {status.control_before}"
        return long if len(long) <= width else f"{control}<{status.control_before}"
    long = f"{control} HOLD"
    return long if len(long) <= width else control


def tile_detail(status: CouncilStatus, width: int) -> str:
    """A tile's third line: seats won tonight (as many parties as fit), or the seats up."""
    result = status.result
    council = status.council
    if result is None or not result.seats_won:
        up = f"{council.seats_up} of " if council.seats_up is not None else ""
        return f"{up}{council.seats} seats"
    text = "so far" if not result.final else ""
    for code, seats in sorted(result.seats_won.items(), key=lambda item: -item[1]):
        part = f"{' ' if text else ''}{code} {seats}"
        if len(text) + len(part) > width:
            break
        text += part
    return text


def coloured_outcome(words: str, palette: Palette) -> Text:
    """`LAB GAIN from CON` with each party code in its colour and the rest bold."""
    text = Text()
    for i, word in enumerate(words.split(" ")):
        if i:
            text.append(" ")
        known = word in palette.colours
        text.append(word, palette.text_style(word) if known else "bold")
    return text


def outcome_text(status: CouncilStatus, palette: Palette) -> Text:
    """A council's outcome in colour (`... (call)` for a call), or a dim `pending`."""
    if status.result is None:
        return Text("pending", style="dim")
    return coloured_outcome(status.outcome, palette)


def party_label(code: str, palette: Palette, name: bool = False) -> Text:
    """A colour swatch then the party code (and name): the colour never stands alone."""
    text = Text("\u2588 ", style=palette.text_style(code))
    text.append(code, style="bold")
    if name:
        text.append(f" {clean_text(palette.names.get(code, code))}", style="dim")
    return text


def entry_body(entry: Entry, state: State, palette: Palette) -> Text:
    """An entry's ticker text (no time): headlines for results, literal text for posts."""
    if isinstance(entry, Result):
        status = state.councils.get(entry.council)
        if status is None:
            return Text(headline(entry, state))
        control = result_control(entry, status.council.seats)
        text = Text(clean_text(status.council.name), style="bold")
        text.append("  ")
        words = outcome(control, status.control_before, entry.final)
        text.append_text(coloured_outcome(words, palette))
        if entry.draft:
            text.append(f"  {DRAFT_MARK}", style="italic")
        return text
    if isinstance(entry, Post):
        text = Text(clean_text(entry.text))
        if entry.source:
            text.append("  ")
            text.append(f"\u2014 {clean_text(entry.source)}", style="dim italic")
        return text
    if isinstance(entry, Mayor | Pcc):
        return Text(headline(entry, state), style=palette.text_style(entry.party))
    assert isinstance(entry, Marker)
    return Text(headline(entry, state), style="bold italic")


class HangingRow:
    """A time label then text wrapped beside it with a hanging indent (cheaper than a Table)."""

    def __init__(self, label: Text, body: Text, indent: int = 7) -> None:
        self.label = label
        self.body = body
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The label on the first line, the body wrapped to the rest of the width."""
        width = max(1, options.max_width - self.indent)
        lines = self.body.wrap(console, width, overflow="fold")
        pad = Text(" " * self.indent)
        for i, line in enumerate(lines):
            prefix = self.label.copy() if i == 0 else pad.copy()
            prefix.align("left", self.indent)
            yield Text.assemble(prefix, line, end="\n")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """As wide as the label plus the longest line."""
        return Measurement(self.indent + 1, self.indent + self.body.cell_len)


def entry_row(
    entry: Entry,
    state: State,
    palette: Palette,
    timezone: str,
    *,
    day: bool = False,
    late: bool = False,
) -> HangingRow:
    """One entry: its time (with its weekday if `day`), then its text with a hanging indent.

    `late`: the entry arrived after later ones (a followed feed); it says so in front.
    """
    when = Text(clock(entry.at, timezone, entry.estimated, day=day), style="dim")
    body = entry_body(entry, state, palette)
    if late:
        body = Text.assemble(Text("LATE", style="bold reverse"), " ", body)
    return HangingRow(when, body, indent=11 if day else 7)
