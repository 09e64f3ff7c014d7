"""Command palette: the night's commands, and at the top level councils, markers and times.

Typing `plymouth` offers Plymouth's detail and its declaration; `first gain` the marker;
`fri 23:25`, `03:30` or `+2h` a jump to that time. Names from the feed are plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.app import App
from textual.command import (
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Matcher,
    Provider,
    SimpleCommand,
    SimpleProvider,
)
from textual.content import Content

from elextui.describe import clean_text, clock
from elextui.feed.model import Marker, Result
from elextui.player import SPEEDS, speed_label
from elextui.timeparse import parse_time

if TYPE_CHECKING:
    from elextui.ui.app import ElextuiApp

TIME_SCORE = 1.0
"""A query that reads as a TIME puts its jump first."""


def literal_match(matcher: Matcher, name: str) -> tuple[float, Content] | None:
    """The score of `name` against what is typed, and the name as plain text with the
    matched letters highlighted (None: no match). Never read as markup."""
    score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    if score <= 0:
        return None
    content = Content(name)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return score, content


class LiteralProvider(SimpleProvider):
    """Choices whose names come from the feed: shown as plain text, never read as markup.

    (Textual's own list parses each name as markup: a council called `[/]` crashed it.)
    """

    async def search(self, query: str) -> Hits:
        """The choices matching what is typed, the matched letters highlighted."""
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands:
            found = literal_match(matcher, name)
            if found is not None:
                score, content = found
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
    """The night's commands (each opens a second palette listing its choices); typed text
    also finds councils, markers and times at the top level."""

    _first_results: tuple[int, dict[str, list[Result]]] | None = None
    """(timeline length, each council's first call and declaration), kept while open."""

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
        """The commands, the time, the councils and the markers matching what is typed."""
        matcher = self.matcher(query)
        time_hit = self._time_hit(query)
        if time_hit is not None:
            yield time_hit
        for name, help_text, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_text)
        for hit in self._council_hits(matcher):
            yield hit
        for hit in self._marker_hits(matcher):
            yield hit

    # -- top-level hits ----------------------------------------------------------

    def _when(self, moment: datetime, estimated: bool = False) -> str:
        app = self.night
        return clock(moment, app.timezone, estimated, day=app.days)

    def _time_hit(self, query: str) -> Hit | None:
        """`Go to Fri 23:25` when what is typed reads as a TIME (clamped to the night)."""
        app = self.night
        tl = app.timeline
        if not query.strip():
            return None
        try:
            moment = parse_time(query, tl.start, tl.end, app.timezone)
        except ValueError:
            return None
        note = "Jump to this time"
        if moment < tl.start or moment > tl.end:
            moment = min(max(moment, tl.start), tl.end)
            note = "Outside the night: jump to its nearest end"
        text = f"Go to {self._when(moment)}"
        return Hit(TIME_SCORE, Content(text), partial(app.player.seek, moment), text, note)

    def _council_hits(self, matcher: Matcher) -> Iterator[Hit]:
        """Each matching council: open its detail, jump to its declaration (and its call)."""
        app = self.night
        results = self._results()
        for status in app.state.councils.values():
            name = clean_text(status.council.name)
            found = literal_match(matcher, name)
            if found is None:
                continue
            score, content = found
            council_id = status.council.id
            detail = partial(app.open_council, council_id)
            yield Hit(score, content, detail, name, f"{status.outcome} \u00b7 open its detail")
            for rank, result in enumerate(results.get(council_id, ()), 1):
                what = "declared" if result.final else "called"
                when = self._when(result.at, result.estimated)
                jump = partial(app.player.seek, result.at)
                shown = content + Content(f" {what} {when}")
                note = "Jump to its declaration" if result.final else "Jump to its call"
                yield Hit(score * (1 - rank / 100), shown, jump, f"{name} {what} {when}", note)

    def _results(self) -> dict[str, list[Result]]:
        """Each council's first call (if it came before its declaration) and its first
        declaration, in time order (found once per palette)."""
        tl = self.night.timeline
        if self._first_results is None or self._first_results[0] != len(tl):
            found: dict[str, list[Result]] = {}
            for index in tl.declarations:
                entry = tl.entries[index]
                if not isinstance(entry, Result):
                    continue
                kept = found.setdefault(entry.council, [])
                if not any(r.final for r in kept) and all(r.final != entry.final for r in kept):
                    kept.append(entry)
            self._first_results = (len(tl), found)
        return self._first_results[1]

    def _marker_hits(self, matcher: Matcher) -> Iterator[Hit]:
        """Each matching marker: jump to it."""
        app = self.night
        for index in app.timeline.markers:
            marker = app.timeline.entries[index]
            assert isinstance(marker, Marker)
            label = clean_text(marker.label)
            found = literal_match(matcher, label)
            if found is None:
                continue
            score, content = found
            when = self._when(marker.at, marker.estimated)
            text = f"{when} {label}"
            jump = partial(app.player.seek, marker.at)
            yield Hit(score, Content(f"{when} ") + content, jump, text, "Jump to this key moment")

    # -- second palettes ---------------------------------------------------------

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
            when = self._when(marker.at, marker.estimated)
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
