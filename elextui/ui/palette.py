"""Party colours from the feed header, as Textual colours with a readable text colour."""

from __future__ import annotations

from collections.abc import Sequence

from rich.color import Color as RichColor
from rich.color import ColorParseError
from rich.style import Style
from textual.color import Color

from elextui.feed.model import NOC, Party

FALLBACK = Color.parse("#8b919c")
"""Colour for a party whose header colour is missing or unreadable."""
NOC_COLOUR = Color.parse("#6e7380")
"""Colour for no overall control."""


def parse_colour(text: str | None) -> Color | None:
    """A header colour parsed by Rich, or None when it is not a colour."""
    if not text:
        return None
    try:
        return Color.from_rich_color(RichColor.parse(text))
    except ColorParseError:
        return None


class Palette:
    """Colours and styles for party codes; unknown codes get a neutral grey."""

    def __init__(self, parties: Sequence[Party]) -> None:
        self.colours: dict[str, Color] = {NOC: NOC_COLOUR}
        for party in parties:
            self.colours[party.code] = parse_colour(party.color) or FALLBACK
        self.names: dict[str, str] = {p.code: p.name for p in parties}
        self.names[NOC] = "No overall control"

    def colour(self, code: str | None) -> Color:
        """The colour of a party code (grey when unknown or None)."""
        return self.colours.get(code or "", FALLBACK)

    def text_style(self, code: str | None) -> Style:
        """Bold text in the party colour, lightened enough to read on a dark background."""
        colour = self.colour(code)
        if colour.brightness < 0.45:
            colour = colour.lighten(0.18)
        return Style(color=colour.rich_color, bold=True)

    def tile_style(self, code: str | None, background: Color, declared: bool) -> Style:
        """A tile in the party colour: full when declared, a faint tint while pending."""
        colour = self.colour(code)
        if declared:
            return Style(color=colour.get_contrast_text(1.0).rich_color, bgcolor=colour.rich_color)
        tint = background.blend(colour, 0.28)
        text = tint.blend(Color(230, 230, 230), 0.55)
        return Style(color=text.rich_color, bgcolor=tint.rich_color)
