"""Words and Rich Text for the UI: tile labels, abbreviations and ticker lines."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from elextui.describe import DRAFT_MARK, clean_text, clock, headline, source_name
from elextui.feed.model import Entry, Marker, Mayor, Pcc, Post, Result
from elextui.state import CouncilStatus, State, outcome, result_control
from elextui.ui.palette import Palette

# Short forms people use for councils whose names are long or would clash when cut,
# longest first: the first that fits (and is not another council's) is used.
_CONVENTIONAL: dict[str, tuple[str, ...]] = {
    "Bath and North East Somerset": ("BaNES",),
    "Bournemouth, Christchurch and Poole": ("BCP",),
    "Central Bedfordshire": ("Central Beds", "C Beds"),
    "Cheshire West and Chester": ("Cheshire W&C", "Cheshire W", "Ches W"),
    "Cheshire East": ("Cheshire E", "Ches E"),
    "Bracknell Forest": ("Bracknell",),
    "Derbyshire Dales": ("Derbys Dales",),
    "East Riding of Yorkshire": ("E Riding",),
    "Forest of Dean": ("F of Dean",),
    "Hammersmith and Fulham": ("H&F",),
    "Kensington and Chelsea": ("K&C",),
    "King's Lynn and West Norfolk": ("King's Lynn", "K Lynn"),
    "Kingston upon Hull": ("Hull",),
    "Newcastle-under-Lyme": ("Newcastle-u-L", "Newcastle UL", "N-u-Lyme"),
    "Newcastle upon Tyne": ("Newcastle",),
    "Great Yarmouth": ("Gt Yarmouth", "Yarmouth"),
    "Staffordshire Moorlands": ("Staffs Moors", "Moorlands"),
    "Tunbridge Wells": ("T Wells",),
    "Vale of White Horse": ("Vale of WH", "Vale WH"),
}
_JOINED = re.compile(r" and | with | upon | under |-on-|-under-|, ")
"""Where a joined name's usual short form ends: "Blackburn with Darwen" is "Blackburn"."""
COUNTY_SHORT = {
    "Bedfordshire": "Beds",
    "Berkshire": "Berks",
    "Buckinghamshire": "Bucks",
    "Cambridgeshire": "Cambs",
    "Derbyshire": "Derbys",
    "Gloucestershire": "Glos",
    "Hampshire": "Hants",
    "Hertfordshire": "Herts",
    "Huntingdonshire": "Hunts",
    "Lancashire": "Lancs",
    "Leicestershire": "Leics",
    "Lincolnshire": "Lincs",
    "Northamptonshire": "Northants",
    "Nottinghamshire": "Notts",
    "Oxfordshire": "Oxon",
    "Staffordshire": "Staffs",
    "Warwickshire": "Warks",
    "Wiltshire": "Wilts",
    "Worcestershire": "Worcs",
    "Yorkshire": "Yorks",
}
"""The counties' usual abbreviations (`Herts`, `Staffs`)."""
WORD_SHORT = {
    "North East": "NE",
    "North West": "NW",
    "South East": "SE",
    "South West": "SW",
    "North": "N",
    "South": "S",
    "East": "E",
    "West": "W",
    "Great": "Gt",
    "Saint": "St",
}
"""Compass points and other words with a usual short form (`N Devon`, `Gt Yarmouth`)."""
FILLER = {"of", "the", "City"}
"""Words a short name leaves out ("City of London" is "London")."""
MIN_CUT = 3
"""No word of a short name is cut to fewer letters than this."""


def _word_pattern(table: dict[str, str]) -> re.Pattern[str]:
    """One pattern for a table's words, longest first (`North East` before `North`)."""
    words = sorted(table, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")


_COUNTY_WORDS = _word_pattern(COUNTY_SHORT)
_SHORT_WORDS = _word_pattern(WORD_SHORT)


@lru_cache(maxsize=4096)
def name_forms(name: str) -> tuple[str, ...]:
    """Ways to write a council's name, longest and plainest first: the name, its usual short
    forms, the part before "and"/"upon"/"-on-", county and compass abbreviations, then the
    first word whole with the others cut to three letters (`Tower Ham`) or to their
    initials (`Milton K`), then every word cut (none below three letters)."""
    forms = [name, *_CONVENTIONAL.get(name, ())]  # a list while built; cached as a tuple
    parts = _JOINED.split(name, maxsplit=1)
    if len(parts) > 1:
        if " and " in name:
            forms.append(name.replace(" and ", " & "))
        if parts[0] != name:
            forms += [f for f in name_forms(parts[0]) if f not in forms]
    words = " ".join(w for w in name.split() if w not in FILLER)
    counties = _COUNTY_WORDS.sub(lambda m: COUNTY_SHORT[m[1]], words)
    compact = _SHORT_WORDS.sub(lambda m: WORD_SHORT[m[1]], counties)
    forms += [words, counties, compact]
    split = compact.replace("-", " ").split()
    if len(split) > 1:  # the first word whole, the rest cut short (`Tower Ham`), or initials
        forms.append(" ".join([split[0], *(w[:MIN_CUT] for w in split[1:])]))
        forms.append(f"{split[0]} {''.join(w[0] for w in split[1:])}")
    cut = list(split)
    for _ in range(sum(len(w) for w in cut)):  # bounded: one letter per step
        longest = max(range(len(cut)), key=lambda i: (len(cut[i]), i))
        if len(cut[longest]) <= MIN_CUT:
            break
        cut[longest] = cut[longest][:-1]
        forms.append(" ".join(cut))
    return tuple(dict.fromkeys(forms))


def abbreviate(name: str, width: int) -> str:
    """`name` in at most `width` cells: its first form (see `name_forms`) that fits, else cut."""
    for form in name_forms(name):
        if cell_len(form) <= width:
            return form
    return set_cell_size(name_forms(name)[-1], width).rstrip()


def short_names(names: Mapping[str, str], width: int) -> dict[str, str]:
    """Each council's name in at most `width` cells, no two alike: by name, each takes its
    first form that fits and that no council before it has taken (a council whose every
    form is taken keeps its first that fits)."""
    taken: set[str] = set()
    short: dict[str, str] = {}
    for key in sorted(names, key=lambda k: names[k]):
        fitting = [f for f in name_forms(names[key]) if cell_len(f) <= width]
        choice = next((f for f in fitting if f not in taken), None)
        if choice is None:
            choice = fitting[0] if fitting else abbreviate(names[key], width)
        taken.add(choice)
        short[key] = choice
    return short


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
            text.append(f"\u2014 {source_name(state, entry.source)}", style="dim italic")
        return text
    if isinstance(entry, Mayor | Pcc):
        return Text(headline(entry, state), style=palette.text_style(entry.party))
    assert isinstance(entry, Marker)
    return Text(headline(entry, state), style="bold italic")


class HangingRow:
    """A time label then text wrapped beside it with a hanging indent (cheaper than a Table).

    The body's lines at the last width asked for are kept: the ticker measures a row, then
    draws it at the same width."""

    def __init__(self, label: Text, body: Text, indent: int = 7) -> None:
        self.label = label
        self.body = body
        self.indent = indent
        self._wrapped: tuple[int, list[Text]] | None = None
        """The body wrapped to a width: (width, lines)."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The label on the first line, the body wrapped to the rest of the width."""
        for line in self._lines(console, options.max_width):
            line.end = "\n"
            yield line

    def segment_lines(self, console: Console, width: int) -> list[list[Segment]]:
        """The row's lines at `width` as segments: what rendering it gives, without the
        console wrapping each (already wrapped) line again."""
        return [list(line.render(console, end="")) for line in self._lines(console, width)]

    def _lines(self, console: Console, width: int) -> Iterator[Text]:
        label = self.label.copy()
        label.align("left", self.indent)
        pad = Text(" " * self.indent)
        for i, line in enumerate(self._wrap(console, max(1, width - self.indent))):
            yield Text.assemble(label if i == 0 else pad, line)

    def _wrap(self, console: Console, width: int) -> list[Text]:
        """The body's lines at `width` (a body that fits is its own line: nothing to wrap)."""
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        body = self.body
        plain = body.plain
        if body.cell_len <= width and "\n" not in plain and "\t" not in plain:
            lines = [body]  # what wrapping gives (a copy of it): no line is changed
        else:
            lines = list(body.wrap(console, width, overflow="fold"))
        self._wrapped = (width, lines)
        return lines

    def height(self, console: Console, width: int) -> int:
        """How many lines the row takes at `width` (as `__rich_console__` wraps it)."""
        return len(self._wrap(console, max(1, width - self.indent)))

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
