"""The header lays out its title and status by hand exactly as the Rich grid it replaced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual.strip import Strip

from elextui.ui.widgets.night_header import side_by_side


def line(renderable: Table | Text, width: int) -> tuple[str, list[tuple[int, str, str]]]:
    """The first line's text, and each visible character's place and style (a space looks
    the same bold or not)."""
    console = Console(width=width, color_system="truecolor")
    strip = Strip(console.render_lines(renderable, console.options)[0])
    styled, x = [], 0
    for segment in strip:
        for char in segment.text:
            if char != " ":
                styled.append((x, char, str(segment.style)))
            x += 1
    return strip.text, styled


def grid(title: Text, status: Text) -> Table:
    """The header's old layout."""
    table = Table.grid(expand=True, padding=(0, 1))
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(no_wrap=True, justify="right")
    table.add_row(title, status)
    return table


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(st.sampled_from("Local elections 2018: England [b]x"), max_size=60),
    status=st.text(st.sampled_from("0123:456 Fri May+h ▶❚ PLAYING declared/·"), max_size=80).map(
        str.rstrip
    ),  # the header's status ends in a figure, never a space
    width=st.integers(10, 200),
)
def test_title_and_status_sit_as_in_the_grid(title: str, status: str, width: int) -> None:
    bold = Text(title, style="bold", no_wrap=True)
    right = Text(no_wrap=True)
    right.append(status[:20], "bold")
    right.append(status[20:], "dim")
    shown = line(side_by_side(bold, right, width), width)
    if width - right.cell_len - 1 >= 1:  # room for some of the title: exactly the grid
        assert shown == line(grid(bold, right), width)
    else:  # none: a space, then the status cut to fit (the grid's quirks there differ)
        expected = Text.assemble(" ", right)
        expected.truncate(width, overflow="ellipsis")
        assert shown[0] == line(expected, width)[0]
