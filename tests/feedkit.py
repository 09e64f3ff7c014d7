"""Small builders for feed lines in tests: a header, councils and entries as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from elextui.feed import Feed, parse_feed

STARTS = "2018-05-03T22:00:00+01:00"


def header(**overrides: Any) -> dict[str, Any]:
    """An `election` header with LAB, CON and LD and one source `lb`."""
    line: dict[str, Any] = {
        "type": "election",
        "feed_version": 1,
        "id": "test-night",
        "title": "Test night",
        "polling_day": "2018-05-03",
        "timezone": "Europe/London",
        "starts": STARTS,
        "sources": [{"id": "lb", "name": "A liveblog"}],
        "parties": [
            {"code": "LAB", "name": "Labour"},
            {"code": "CON", "name": "Conservative"},
            {"code": "LD", "name": "Liberal Democrats"},
        ],
    }
    line.update(overrides)
    return line


def council(id: str = "plymouth", seats: int = 57, **fields: Any) -> dict[str, Any]:  # noqa: A002
    """A `council` line; the name is the id title-cased unless given."""
    name = fields.pop("name", id.replace("-", " ").title())
    return {"type": "council", "id": id, "name": name, "seats": seats, **fields}


def entry(kind: str, at: str = "2018-05-04T03:00:00+01:00", **fields: Any) -> dict[str, Any]:
    """A timestamped line of type `kind`."""
    return {"type": kind, "at": at, **fields}


def jsonl(*lines: dict[str, Any] | str | bytes) -> bytes:
    """Lines joined as a JSON Lines document; str and bytes lines are taken as they are."""
    out = []
    for line in lines:
        if isinstance(line, dict):
            out.append(json.dumps(line).encode())
        elif isinstance(line, str):
            out.append(line.encode())
        else:
            out.append(line)
    return b"\n".join(out) + b"\n"


def write(path: Path, *lines: dict[str, Any] | str | bytes) -> Path:
    """Write the lines to `path` and return it."""
    path.write_bytes(jsonl(*lines))
    return path


def load(*lines: dict[str, Any] | str | bytes) -> Feed:
    """A valid feed from lines; fails the test with every problem when it is not valid."""
    feed, problems = parse_feed(jsonl(*lines), "test.jsonl")
    assert feed is not None, [str(p) for p in problems]
    return feed
