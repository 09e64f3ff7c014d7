"""Command palette: go to a council, a time or a marker, and pick a speed."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.app import App
from textual.command import (
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
    SimpleCommand,
    SimpleProvider,
)
from textual.content import Content

from elextui.describe import clean_text, clock
from elextui.feed.model import Marker
from elextui.player import SPEEDS, speed_label

if TYPE_CHECKING:
    from elextui.ui.app import ElextuiApp


class LiteralProvider(SimpleProvider):
    """Choices whose names come from the feed: shown as plain text, never read as markup.

    (Textual's own list parses each name as markup: a council called `[/]` crashed it.)
    """

    async def search(self, query: str) -> Hits:
        """The choices matching what is typed, the matched letters highlighted."""
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands:
            score, offsets = matcher.fuzzy_search.match(matcher.query, name)
            if score > 0:
                content = Content(name)
                for offset in offsets:
                    content = content.stylize(matcher.match_style, offset, offset + 1)
                yield Hit(score, content, callback, text=name, help=help_text)

    async def discover(self) -> Hits:
        """Every choice, as plain text."""
        for name, callback, help_text in self._commands:
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)


def search_literal(app: App[Any], choices: list[SimpleCommand], placeholder: str) -> None:
    """Open the palette on `choices` whose names are feed text (see LiteralProvider)."""
    # an instance stands in for its class, as in Textual's own `App.search_commands`
    provider = cast(type[Provider], LiteralProvider(app.screen, list[Any](choices)))
    app.push_screen(CommandPalette(providers=[provider], placeholder=placeholder))


class NightCommands(Provider):
    """The four night commands; each opens a second palette listing its choices."""

    @property
    def night(self) -> ElextuiApp:
        """The app, typed."""
        return cast("ElextuiApp", self.app)

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        commands: list[tuple[str, str, Callable[[], object]]] = [
            ("Go to council...", "Open a council's detail", self._councils),
            ("Go to time...", "Jump to a time on the night", self.night.action_go_to_time),
            ("Go to marker...", "Jump to a key moment", self._markers),
            ("Speed...", "Choose the replay speed", self._speeds),
        ]
        if self.night.night.following:
            back = "Back to the live edge of the followed feed"
            commands.append(("Go live", back, self.night.action_go_live))
        return commands

    async def discover(self) -> Hits:
        """Offer every command when nothing is typed."""
        for name, help_text, command in self._commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        """The commands matching what is typed."""
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_text)

    def _councils(self) -> None:
        app = self.night
        councils = sorted(app.state.councils.values(), key=lambda s: s.council.name)
        search_literal(
            app,
            [
                SimpleCommand(
                    clean_text(s.council.name), partial(app.open_council, s.council.id), s.outcome
                )
                for s in councils
            ],
            placeholder="Council\u2026",
        )

    def _markers(self) -> None:
        app = self.night
        timeline = app.timeline
        choices = []
        for index in timeline.markers:
            marker = timeline.entries[index]
            assert isinstance(marker, Marker)
            when = clock(marker.at, app.timezone, marker.estimated, day=app.days)
            choices.append(
                SimpleCommand(
                    f"{when} {clean_text(marker.label)}", partial(app.player.seek, marker.at), None
                )
            )
        search_literal(app, choices, placeholder="Marker\u2026")

    def _speeds(self) -> None:
        app = self.night
        app.search_commands(
            [SimpleCommand(speed_label(s), partial(app.player.set_speed, s), None) for s in SPEEDS],
            placeholder="Speed\u2026",
        )
