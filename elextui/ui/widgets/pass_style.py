"""The widget's own style looked up once per drawing pass, not once per line or tile."""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class PassStyle(Widget):
    """Mixed into a Line API widget: `base_style()` is `rich_style` (a property that walks
    every ancestor and blends colours), computed once while `render_lines` runs.

    List it after the Textual base (`class Grid(ScrollView, PassStyle)`): Textual takes
    default CSS only along each class's first base."""

    _pass_style: Style | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in view, with the widget's style computed once for them all."""
        self._pass_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None

    def base_style(self) -> Style:
        """The widget's style: the pass's while drawing, else looked up now."""
        return self.rich_style if self._pass_style is None else self._pass_style
