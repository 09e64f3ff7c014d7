"""While frames bring more entries than the ticker has lines, it moves on a few times a
second (to the newest rows); sparser entries reach it every frame. On the fake clock: the
steps are paced on the player's clock, so nothing waits for real time."""

from __future__ import annotations

from uikit import catch_up, moment, recorded_frames

from elextui.clock import FakeClock
from elextui.feed.model import Entry
from elextui.player import Played
from elextui.state import State, apply
from elextui.timeline import Timeline
from elextui.ui.app import ElextuiApp, make_app
from elextui.ui.frames import TICKER_STEP_SECONDS
from elextui.ui.messages import EntriesPlayed

SIZE = (160, 48)


class Feeder:
    """Posts the night's entries to the app as the player would, a batch at a time."""

    def __init__(self, app: ElextuiApp, night: Timeline) -> None:
        self.app = app
        self.entries = night.entries
        self.state: State = night.baseline
        self.index = 0

    def post(self, count: int) -> list[Entry]:
        """Play the next `count` entries; the entries played."""
        batch = []
        for entry in self.entries[self.index : self.index + count]:
            self.index += 1
            self.state = apply(self.state, entry)
            batch.append(Played(entry, self.index, self.state, jump=self.app.player.jumps))
        self.app.post_message(EntriesPlayed(tuple(batch)))
        return [played.entry for played in batch]


async def test_a_ticker_overrun_by_bursts_steps_a_few_times_a_second_to_the_newest(
    night_2018: Timeline, clock: FakeClock
) -> None:
    app = make_app(night_2018, paused=True, clock=clock, start=moment(night_2018, "22:00"))
    async with app.run_test(size=SIZE) as pilot:
        await catch_up(pilot, clock)
        ticker = app.main.ticker
        lines = ticker.size.height
        drawn = recorded_frames(app)
        feed = Feeder(app, night_2018)

        played = feed.post(lines + 10)  # more than it has lines: a step, the newest rows
        await catch_up(pilot, clock)
        assert [len(frame.rows) for frame in drawn] == [lines]
        assert ticker.entries[-lines:] == played[-lines:]

        shown = ticker.entries
        played += feed.post(lines + 10)  # another, within the step's time: the ticker waits
        await catch_up(pilot, clock)
        assert [len(frame.rows) for frame in drawn] == [lines, 0]
        assert ticker.entries == shown

        clock.advance(TICKER_STEP_SECONDS)
        played += feed.post(5)  # the step's time is up: the newest rows, held ones too
        await catch_up(pilot, clock)
        assert [len(frame.rows) for frame in drawn] == [lines, 0, lines]
        assert ticker.entries[-lines:] == played[-lines:]

        played = feed.post(3)  # entries that fit: every frame, however soon
        await catch_up(pilot, clock)
        played += feed.post(3)
        await catch_up(pilot, clock)
        assert [len(frame.rows) for frame in drawn] == [lines, 0, lines, 3, 3]
        assert ticker.entries[-6:] == played
