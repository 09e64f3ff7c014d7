"""A council's seats by party as one bar, with the figures written out beneath it."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from elextui.ui.palette import Palette


def shares(counts: list[int], width: int) -> list[int]:
    """Split `width` cells in proportion to `counts` (largest remainders get the spare cells)."""
    total = sum(counts)
    if total <= 0:
        return [0 for _ in counts]
    exact = [count * width / total for count in counts]
    cells = [int(x) for x in exact]
    spare = width - sum(cells)
    for i in sorted(range(len(counts)), key=lambda i: exact[i] - cells[i], reverse=True)[:spare]:
        cells[i] += 1
    return cells


class CompositionBar(Widget):
    """Two lines: the bar (party codes inside where they fit) and `LAB 31 · CON 26`."""

    def __init__(
        self,
        composition: Mapping[str, int] | None,
        palette: Palette,
        missing: str = "seats by party not in the feed",
    ) -> None:
        super().__init__()
        self.composition = dict(composition or {})
        self.palette = palette
        self.missing = missing

    def render(self) -> RenderableType:
        """The bar at this width, then the figures."""
        if not self.composition:
            return Text(self.missing, style="dim italic")
        parties = sorted(self.composition.items(), key=lambda item: -item[1])
        parties = [(code, seats) for code, seats in parties if seats > 0]
        widths = shares([seats for _, seats in parties], self.size.width)
        bar = Text(no_wrap=True)
        for (code, seats), cells in zip(parties, widths, strict=True):
            colour = self.palette.colour(code)
            style = Style(bgcolor=colour.rich_color, color=colour.get_contrast_text(1).rich_color)
            label = f"{code} {seats}" if len(code) + len(str(seats)) + 2 <= cells else code
            label = label if len(label) + 1 <= cells else ""
            bar.append(f" {label}".ljust(cells)[:cells], style)
        legend = Text(" \u00b7 ").join(
            Text.assemble((code, self.palette.text_style(code)), f" {seats}")
            for code, seats in parties
        )
        return Text("\n").join([bar, legend])
