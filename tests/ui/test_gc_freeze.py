"""Checkpoints built after `elextui replay` froze the night are frozen too (a full collection
would otherwise rescan them: ~90 ms pauses at 1M entries); an app that was not frozen is
left alone (tests, embedding)."""

from __future__ import annotations

import gc

from uikit import until

from elextui.clock import FakeClock
from elextui.feed import load_feed, resolve_feed
from elextui.timeline import Timeline
from elextui.ui.app import make_app

SIZE = (160, 48)


async def test_checkpoints_are_frozen_only_when_the_night_was() -> None:
    assert gc.get_freeze_count() == 0  # nothing before this test froze anything
    for freeze in (False, True):
        timeline = Timeline(load_feed(resolve_feed(None)))  # no checkpoints built yet
        assert not timeline.checkpoints_built
        if freeze:
            gc.freeze()
        frozen = gc.get_freeze_count()
        try:
            app = make_app(timeline, speed=60, clock=FakeClock())
            async with app.run_test(size=SIZE) as pilot:
                await until(pilot, lambda t=timeline: t.checkpoints_built, "checkpoints built")
                if freeze:
                    await until(pilot, lambda f=frozen: gc.get_freeze_count() > f, "frozen again")
                else:
                    await pilot.pause()
                    assert gc.get_freeze_count() == 0
        finally:
            gc.unfreeze()
