"""Shared fixtures for the UI tests: timelines, a fake clock and a way to let the app catch up."""

from __future__ import annotations

from pathlib import Path

import pytest

from elextui.clock import FakeClock
from elextui.feed import load_feed
from elextui.timeline import Timeline

ROOT = Path(__file__).resolve().parents[2]
FEED_2018 = ROOT / "feeds" / "england-locals-2018.jsonl"
MINI = ROOT / "tests" / "data" / "mini.jsonl"
HOSTILE = Path(__file__).parent / "data" / "hostile.jsonl"


@pytest.fixture(scope="session")
def night_2018() -> Timeline:
    """The bundled 2018 night."""
    return Timeline(load_feed(FEED_2018))


@pytest.fixture
def mini() -> Timeline:
    """Three councils, a handful of entries."""
    return Timeline(load_feed(MINI))


@pytest.fixture
def hostile() -> Timeline:
    """A feed whose text is full of markup and escape codes."""
    return Timeline(load_feed(HOSTILE))


@pytest.fixture
def clock() -> FakeClock:
    """A clock that only moves when a test moves it."""
    return FakeClock()
