"""The scoreboard: a DataTable row per party, changed cells flagged for a moment."""

from __future__ import annotations

import time

from rich.text import Text
from textual.timer import Timer
from textual.widgets import DataTable

from elextui.describe import coverage_variants, signed, standings
from elextui.feed.model import NOC
from elextui.state import PartyTally, State
from elextui.ui.labels import party_label
from elextui.ui.palette import Palette

FLAG_SECONDS = 4.0
"""How long a changed cell stays flagged."""
COLUMNS = ("party", "councils", "councils_change", "councillors", "councillors_change")
LABELS = ("Party", "Councils", "+/-", "Cllrs", "+/-")
WIDTHS = (0, 8, 4, 5, 4)
"""Cells for each figure column: DataTable does not right-align, so figures are padded."""
NAMES_FROM_WIDTH = 52
"""Show party names next to codes when the table is at least this wide."""


def _cells(code: str, tally: PartyTally) -> dict[str, str]:
    """A row's figures as text; NOC has no councillors."""
    is_party = code != NOC
    return {
        "councils": str(tally.councils),
        "councils_change": signed(tally.councils_change),
        "councillors": str(tally.councillors) if is_party else "",
        "councillors_change": signed(tally.councillors_change) if is_party else "",
    }


class Scoreboard(DataTable[Text]):
    """Councils and councillors by party, in the header's party order (`standings`)."""

    def __init__(self, palette: Palette) -> None:
        super().__init__(cursor_type="none", zebra_stripes=True, show_cursor=False, cell_padding=1)
        self.can_focus = False
        self.palette = palette
        self._shown: dict[str, dict[str, str]] = {}
        self._order: list[str] = []
        self._flags: dict[tuple[str, str], float] = {}
        self._timer: Timer | None = None
        self._names = False
        self._state: State | None = None
        self._coverage: list[str] = []

    def on_mount(self) -> None:
        """Add the columns."""
        self._add_columns()

    def _add_columns(self) -> None:
        for key, label, width in zip(COLUMNS, LABELS, WIDTHS, strict=True):
            self.add_column(Text(label.rjust(width)), key=key)

    @property
    def flagged(self) -> set[tuple[str, str]]:
        """The (party, column) cells highlighted right now."""
        return set(self._flags)

    def show(self, state: State, flag: bool = False) -> None:
        """Draw `state`; with `flag`, cells that changed are highlighted for a moment."""
        if state is self._state and not flag:
            return  # a clock tick: nothing on the board changed
        self._state = state
        rows = standings(state)
        order = [code for code, _ in rows]
        cells = {code: _cells(code, tally) for code, tally in rows}
        if flag:
            until = time.monotonic() + FLAG_SECONDS
            for code, values in cells.items():
                old = self._shown.get(code, {})
                for key, value in values.items():
                    if old and old.get(key) != value:
                        self._flags[(code, key)] = until
            if self._flags and self._timer is None:
                self._timer = self.set_interval(0.5, self._expire)
        self._shown = cells
        self._coverage = coverage_variants(state)
        self._show_coverage()
        self._redraw(order)

    @property
    def coverage(self) -> str:
        """What the councillor columns cover, as shown under the table."""
        return str(self.border_subtitle or "")

    def _show_coverage(self) -> None:
        """The longest wording of the coverage that fits under the table."""
        if not self._coverage:
            return
        room = self.size.width - 4  # the rule's corners and the subtitle's padding
        worded = [f"Cllrs: {text}" for text in self._coverage]
        self.border_subtitle = next((t for t in worded if len(t) <= room), self._coverage[-1])

    def on_resize(self) -> None:
        """Show party names when there is room; reword the coverage to fit."""
        self._show_coverage()
        names = self.size.width >= NAMES_FROM_WIDTH
        if names != self._names:
            self._names = names
            self._redraw(self._order, force=True)

    def restyle(self) -> None:
        """Redraw every row (party colours changed with the theme)."""
        if self.columns:  # else on_mount has yet to add them, and the rows will come
            self._redraw(self._order, force=True)

    def _redraw(self, order: list[str], force: bool = False) -> None:
        if force or order != self._order:
            self.clear(columns=force)
            if force:
                self._add_columns()
            for code in order:
                self.add_row(*self._row(code), key=code)
            self._order = order
            return
        for code in order:
            for key, cell in zip(COLUMNS[1:], self._row(code)[1:], strict=True):
                if self.get_cell(code, key) != cell:
                    self.update_cell(code, key, cell)

    def _row(self, code: str) -> list[Text]:
        values = self._shown.get(code, {})
        row = [party_label(code, self.palette, name=self._names)]
        for key, width in zip(COLUMNS[1:], WIDTHS[1:], strict=True):
            flagged = (code, key) in self._flags
            style = "reverse bold" if flagged else ""
            row.append(Text(values.get(key, "").rjust(width), style=style))
        return row

    def _expire(self) -> None:
        now = time.monotonic()
        expired = [key for key, until in self._flags.items() if until <= now]
        for key in expired:
            del self._flags[key]
        if expired:
            self._redraw(self._order)
        if not self._flags and self._timer is not None:
            self._timer.stop()
            self._timer = None
