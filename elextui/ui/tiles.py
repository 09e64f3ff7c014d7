"""A council's tile, shared by the grid and the map: the words of its status and its look.

The words follow one scheme at every width; only how much of it shows depends on the
width, never on the party code, so every tile of a grid reads alike:

| council | 9 cells and more | 18 and more | under 9 (small hexes) |
|---|---|---|---|
| not declared yet (CON before) | `was CON` | `was CON` | `CON…` |
| declared, kept | `CON HOLD` | `CON HOLD` | `CON` |
| declared, changed hands | `LAB GAIN` | `LAB GAIN from CON` | `+LAB` |
| declared, nobody before | `LAB WIN` | `LAB WIN` | `LAB` |
| called (seats still counting) | `LAB call` (14+: `LAB GAIN call`) | `LAB GAIN call` | `LAB?` |

NOC is a code like any other (`NOC HOLD`, `NOC GAIN`). Widths assume codes of up to four
letters (`UKIP GAIN`); a longer code is cut at the tile's edge. A hex too small for a mark
shows the code alone (`LAB`; its style tells a gain), or, not declared yet, `CO…`.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import set_cell_size
from rich.style import Style
from textual.color import Color

from elextui.state import CouncilStatus
from elextui.ui.palette import Palette

WORDS_WIDTH = 9
"""From this width a tile's status is in words (`CON HOLD`); below it, marks (`+LAB`)."""
CALL_WIDTH = 14
"""From this width a call says whether it is a gain or a hold (`LAB GAIN call`)."""
FROM_WIDTH = 18
"""From this width a gain says from whom (`LAB GAIN from CON`)."""


def tile_status(status: CouncilStatus, width: int) -> str:
    """A tile's status line in at most `width` cells, by the scheme above."""
    control = status.control or "?"
    if status.result is None:
        before = status.control_before
        words, mark = (f"was {before}", f"{before}\u2026") if before else ("to come", "\u2026")
    elif status.control_before is None:
        words, mark = f"{control} WIN", control
    elif status.gained:
        words, mark = f"{control} GAIN", f"+{control}"
        if width >= FROM_WIDTH and not status.called:
            words += f" from {status.control_before}"
    else:
        words, mark = f"{control} HOLD", control
    if status.called:
        words = f"{words} call" if width >= CALL_WIDTH else f"{control} call"
        mark = f"{control}?"
    if width >= WORDS_WIDTH:
        text = words
    elif len(mark) <= width:
        text = mark
    elif status.result is None:  # still "to come", however small: `CO…`
        text = set_cell_size(mark[:-1], max(0, width - 1)) + "\u2026"
    else:  # the code alone; the hex's style tells gains and calls
        text = control
    return set_cell_size(text, width).rstrip() if len(text) > width else text


def tile_detail(status: CouncilStatus, width: int) -> str:
    """A tile's third line: seats won tonight (as many parties as fit), or the seats up
    (`14 of 29 seats`, `101/101 seats` when that is too long)."""
    result = status.result
    council = status.council
    if result is None or not result.seats_won:
        if council.seats_up is None:
            return f"{council.seats} seats"
        forms = (
            f"{council.seats_up} of {council.seats} seats",
            f"{council.seats_up}/{council.seats} seats",
        )
        return next((f for f in forms if len(f) <= width), f"{council.seats_up}/{council.seats}")
    text = "so far" if not result.final else ""
    for code, seats in sorted(result.seats_won.items(), key=lambda item: -item[1]):
        part = f"{' ' if text else ''}{code} {seats}"
        if len(text) + len(part) > width:
            break
        text += part
    return text


def tile_style(
    palette: Palette,
    status: CouncilStatus,
    background: Color,
    component: Callable[[str], Style],
    flash: bool | None = None,
    cursor: bool = False,
) -> Style:
    """A tile's (or hex's) style: the party colour (a faint tint until control is known),
    then the widget's component style for `pending`, `called` or `gain`, for a `flash`
    (`flash-gain` when `flash` is true) and for the `cursor`."""
    known = status.result is not None  # declared, or called
    style = palette.tile_style(status.control, background, known)
    if not known:
        style += component("pending")
    elif status.called:
        style += component("called")
    elif status.gained:
        style += component("gain")
    if flash is not None:
        style += component("flash-gain" if flash else "flash")
    if cursor:
        style += component("cursor")
    return style
