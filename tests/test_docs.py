"""The example feed in docs/feed-format.md is valid and ends as the page says."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from elextui.feed import bundled_feeds, load_feed, parse_feed
from elextui.report import state_json
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


def test_the_documented_state_json_is_what_state_prints() -> None:

    text = DOC.read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```json\n(.*?)```", text, re.S) if '"coverage"' in b)
    doc = json.loads(block)
    feed = load_feed(bundled_feeds()[doc["feed"]])
    timeline = Timeline(feed)
    at = datetime.fromisoformat(doc["at"])
    real = state_json(feed, timeline.seek(at), at)
    for key in ("declared", "called", "councils_total", "coverage"):
        assert real[key] == doc[key], key
    for code in ("LAB", "NOC"):
        assert real["parties"][code] == doc["parties"][code]
    for council_id, council in doc["councils"].items():
        assert real["councils"][council_id] == council
