"""The example feed in docs/feed-format.md is valid and ends as the page says."""

from __future__ import annotations

import re
from pathlib import Path

from elextui.feed import parse_feed
from elextui.state import PartyTally
from elextui.timeline import Timeline

DOC = Path(__file__).parent.parent / "docs" / "feed-format.md"


def test_the_documented_example_is_valid_and_counts_as_described() -> None:
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    feed, problems = parse_feed(blocks[-1].encode(), "example.jsonl")
    assert problems == []
    assert feed is not None
    end = Timeline(feed).seek(feed.entries[-1].at)
    assert end.tallies["LAB"] == PartyTally(2, 1, 43, 6)
    assert end.tallies["CON"] == PartyTally(0, 2, 19, -6)
    assert end.tallies["LD"] == PartyTally(0, 0, 3, 0)
    assert end.tallies["NOC"] == PartyTally(1, 0, 0, 0)
    assert end.councils["trafford"].outcome == "NOC GAIN from CON"
