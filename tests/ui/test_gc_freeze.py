"""Checkpoints built after `elextui replay` froze the night are frozen too (a full collection
would otherwise rescan them: ~90 ms pauses at 1M entries); an app whose night was not
frozen (tests, embedding) freezes nothing."""

from __future__ import annotations

import gc

import pytest
from uikit import until

from elextui.clock import FakeClock
from elextui.feed import load_feed, resolve_feed
from elextui.timeline import Timeline
from elextui.ui.app import make_app

SIZE = (160, 48)


@pytest.mark.parametrize("frozen", [0, 1])
async def test_checkpoints_are_frozen_once_built_only_when_the_night_was(
    monkeypatch: pytest.MonkeyPatch, frozen: int
) -> None:
    timeline = Timeline(load_feed(resolve_feed(None)))  # no checkpoints built yet
    assert not timeline.checkpoints_built
    freezes: list[bool] = []
    monkeypatch.setattr(gc, "get_freeze_count", lambda: frozen)
    monkeypatch.setattr(gc, "freeze", lambda: freezes.append(timeline.checkpoints_built))
    app = make_app(timeline, speed=60, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: timeline.checkpoints_built, "checkpoints built")
        await pilot.pause()
    assert freezes == ([True] if frozen else [])
