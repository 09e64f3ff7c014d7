"""The FeedWriter: canonical lines, the reader's verdict first, atomic and never clobbering."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from elextui.feed import Council, Election, FeedError, Post, Result, load_feed
from elextui.feed.bundled import bundled_feeds
from elextui.feed.model import Party, Source
from elextui.feed.writer import FeedWriter, encode_line

BST = timezone(timedelta(hours=1))
STARTS = datetime(2018, 5, 3, 22, tzinfo=BST)


def header() -> Election:
    return Election(
        feed_version=1,
        id="tiny",
        title="Tiny night",
        polling_day=date(2018, 5, 3),
        timezone="Europe/London",
        starts=STARTS,
        parties=[Party("LAB", "Labour"), Party("CON", "Conservative", "#0087DC")],
        sources=[Source("lb", "A blog")],
    )


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2018, 5, 4, hour, minute, tzinfo=BST)


def tiny() -> FeedWriter:
    writer = FeedWriter(header())
    writer.add(Council("plymouth", "Plymouth", 57, seats_up=19, control="CON"), ("c.csv", 2))
    writer.add(Post(at(3, 30), "Later post", source="lb"), ("blog.txt", 9))
    writer.add(
        Result(at(3, 28), "plymouth", composition={"CON": 26, "LAB": 31}, change={"LAB": 4}),
        ("r.csv", 2),
    )
    writer.add(Post(at(3, 28), "Same time, added after the result"), ("blog.txt", 7))
    return writer


def test_lines_are_canonical_sorted_by_time_and_keep_ties_in_order() -> None:
    lines = [json.loads(line) for line in tiny().encode().splitlines()]
    assert [line["type"] for line in lines] == ["election", "council", "result", "post", "post"]
    assert list(lines[1]) == ["type", "id", "name", "seats", "seats_up", "control"]
    result = lines[2]
    assert list(result) == ["type", "at", "council", "composition", "change"]  # no defaults
    assert list(result["composition"]) == ["LAB", "CON"]  # the header's party order
    assert result["at"] == "2018-05-04T03:28:00+01:00"
    assert lines[0]["parties"][0] == {"code": "LAB", "name": "Labour"}  # no "color": null


def test_defaults_are_left_out_and_other_values_kept() -> None:
    call = Result(at(3), "plymouth", control="LAB", final=False, draft=True, estimated=True)
    assert json.loads(encode_line(call)) == {
        "type": "result",
        "at": "2018-05-04T03:00:00+01:00",
        "council": "plymouth",
        "control": "LAB",
        "final": False,
        "estimated": True,
        "draft": True,
    }


@pytest.mark.parametrize("name", sorted(bundled_feeds()))
def test_bundled_feeds_read_back_to_the_same_records(name: str, tmp_path: Path) -> None:
    feed = load_feed(bundled_feeds()[name])
    writer = FeedWriter(feed.election)
    for council in feed.councils.values():
        writer.add(council)
    for entry in feed.entries:
        writer.add(entry)
    again = writer.write(tmp_path / "again.jsonl")
    assert again.election == feed.election
    assert again.councils == feed.councils
    assert sorted(again.entries, key=lambda e: e.at) == sorted(feed.entries, key=lambda e: e.at)


def test_problems_point_at_the_line_each_record_came_from(tmp_path: Path) -> None:
    writer = tiny()
    writer.add(Result(at(4), "plymouth", composition={"LAB": 30}), ("r.csv", 3))
    writer.add(Result(at(5), "nowhere", control="LAB"), ("r.csv", 4))
    writer.add(Post(at(6), "cites a source not in the header", source="zz"))
    out = tmp_path / "out.jsonl"
    with pytest.raises(FeedError) as caught:
        writer.write(out)
    assert [str(p) for p in caught.value.problems] == [
        "r.csv:3: result for 'plymouth': composition sums to 30, not seats 57",
        "r.csv:4: result: unknown council 'nowhere'",
        f"{out}:8: post: unknown source 'zz' (not in the header's sources)",
    ]
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file left


def test_never_replaces_a_file_without_force(tmp_path: Path) -> None:
    out = tmp_path / "night.jsonl"
    out.write_text("precious\n")
    with pytest.raises(FileExistsError):
        tiny().write(out)
    assert out.read_text() == "precious\n"
    feed = tiny().write(out, force=True)
    assert len(feed.entries) == 3
    assert out.read_bytes() == tiny().encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["night.jsonl"]
