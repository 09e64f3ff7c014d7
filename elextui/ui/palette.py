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
LIGHT_TEXT_MAX = 0.5
"""On a light background, party text is darkened until its brightness is at most this."""


def parse_colour(text: str | None) -> Color | None:
    """A header colour parsed by Rich, or None when it is not a colour."""
    if not text:
        return None
    try:
        return Color.from_rich_color(RichColor.parse(text))
    except ColorParseError:
        return None


COLOR_DEPTHS = ("truecolor", "256", "16", "mono")
"""What the terminal shows: millions of colours, 256, the 16 ANSI colours, or none."""

_ANSI = [
    Color(*rgb)
    for rgb in (
        (0, 0, 0), (170, 0, 0), (0, 170, 0), (170, 85, 0),
        (0, 0, 170), (170, 0, 170), (0, 170, 170), (170, 170, 170),
        (85, 85, 85), (255, 85, 85), (85, 255, 85), (255, 255, 85),
        (85, 85, 255), (255, 85, 255), (85, 255, 255), (255, 255, 255),
    )
]  # fmt: skip
"""The 16 ANSI colours as Rich's standard palette has them: Rich downgrades these exactly."""
_FAMILIES = ((0.0, 1), (0.1, 3), (0.33, 2), (0.48, 6), (0.6, 4), (0.83, 5))
"""(hue, ANSI number) of the six ANSI hues: red, yellow (orange on most terminals), green,
cyan, blue, magenta; blue and cyan sit where party blues (#0087DC) and teals fall."""
_GREY, _NOC_16 = 7, 8
"""ANSI white for grey parties; bright black for no overall control."""


def ansi_colours(colours: Sequence[Color]) -> list[Color]:
    """A distinct ANSI colour for each colour, in order: the nearest hue not yet taken (greys
    get white first), so no two parties share a colour while the hues last."""
    free = list(_FAMILIES)
    grey_free = True
    chosen = []
    for colour in colours:
        hue, saturation, _ = colour.hsl
        if saturation < 0.2 and grey_free:
            chosen.append(_ANSI[_GREY])
            grey_free = False
            continue
        if not free:  # more parties than hues: reuse, the text still tells them apart
            free = list(_FAMILIES)
        best = min(free, key=lambda f: min(abs(hue - f[0]), 1 - abs(hue - f[0])))
        free.remove(best)
        chosen.append(_ANSI[best[1]])
    return chosen


class Palette:
    """Colours and styles for party codes; unknown codes get a neutral grey.

    `depth` adapts them to the terminal: at 16 colours each party gets its own ANSI colour
    and pending tiles have no background; in mono, declared tiles are reversed and pending
    ones dim, so the board reads the same without colour (and the text says it all).
    """

    def __init__(
        self, parties: Sequence[Party], depth: str = "truecolor", dark: bool = True
    ) -> None:
        self.depth = depth
        self.dark = dark
        """Whether text is drawn on a dark background (the App follows its theme)."""
        self.colours: dict[str, Color] = {NOC: NOC_COLOUR}
        for party in parties:
            self.colours[party.code] = parse_colour(party.color) or FALLBACK
        if depth == "16":
            codes = [p.code for p in parties]
            ansi = ansi_colours([self.colours[c] for c in codes])
            self.colours = {NOC: _ANSI[_NOC_16], **dict(zip(codes, ansi, strict=True))}
        self.names: dict[str, str] = {p.code: p.name for p in parties}
        self.names[NOC] = "No overall control"

    def colour(self, code: str | None) -> Color:
        """The colour of a party code (grey when unknown or None)."""
        return self.colours.get(code or "", FALLBACK)

    def text_style(self, code: str | None) -> Style:
        """Bold text in the party colour, lightened on dark backgrounds and darkened on light."""
        colour = self.colour(code)
        if self.depth == "mono":
            return Style(bold=True)
        if self.depth == "16":
            number = _ANSI.index(colour) if colour in _ANSI else _GREY
            bright = number + 8 if 1 <= number <= 6 else 15 if number == _GREY else _GREY
            return Style(color=_ANSI[bright].rich_color, bold=True)
        if self.dark:
            if colour.brightness < 0.45:
                colour = colour.lighten(0.18)
        else:
            for _ in range(8):  # bounded: each step takes 8% off the lightness
                if colour.brightness <= LIGHT_TEXT_MAX:
                    break
                colour = colour.darken(0.08)
        return Style(color=colour.rich_color, bold=True)

    def tile_style(self, code: str | None, background: Color, declared: bool) -> Style:
        """A tile in the party colour: full when declared, a faint tint while pending."""
        colour = self.colour(code)
        if self.depth == "mono":
            if not declared:
                return Style(dim=True)
            return Style(reverse=True, bold=True, italic=code == NOC)
        if self.depth == "16" and not declared:
            return self.text_style(code) + Style(bold=False)
        if declared:
            return Style(color=colour.get_contrast_text(1.0).rich_color, bgcolor=colour.rich_color)
        tint = background.blend(colour, 0.28)
        ink = Color(230, 230, 230) if background.brightness < 0.5 else Color(25, 25, 25)
        text = tint.blend(ink, 0.55)
        return Style(color=text.rich_color, bgcolor=tint.rich_color)
