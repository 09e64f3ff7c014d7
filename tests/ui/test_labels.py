"""Tile names: short forms people recognise, and no two councils of a night alike."""

from __future__ import annotations

import pytest

from elextui.feed import load_feed
from elextui.feed.bundled import bundled_feeds
from elextui.ui.labels import abbreviate


@pytest.mark.parametrize(
    ("name", "width", "short"),
    [
        ("Barnet", 7, "Barnet"),  # fits: unchanged
        ("Bournemouth, Christchurch and Poole", 8, "BCP"),
        ("Kingston upon Hull", 8, "Hull"),
        ("Kingston upon Thames", 8, "Kingston"),
        ("Blackburn with Darwen", 9, "Blackburn"),
        ("Stoke-on-Trent", 7, "Stoke"),
        ("Basingstoke and Deane", 8, "Basingst"),
        ("Amber Valley", 10, "Amber Vall"),
        ("North East Lincolnshire", 8, "N E Linc"),
    ],
)
def test_short_forms(name: str, width: int, short: str) -> None:
    assert abbreviate(name, width) == short


@pytest.mark.parametrize("feed", sorted(bundled_feeds()))
@pytest.mark.parametrize("width", [7, 8, 9, 10, 12])
def test_no_two_councils_share_a_tile_name(feed: str, width: int) -> None:
    names = [c.name for c in load_feed(bundled_feeds()[feed]).councils.values()]
    short = [abbreviate(n, width) for n in names]
    assert all(len(s) <= width for s in short)
    clashes = {s for s in short if short.count(s) > 1}
    assert not clashes, clashes
