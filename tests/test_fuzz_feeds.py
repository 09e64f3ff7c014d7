"""Fuzzing the reader: mutated feeds raise only the reader's own error, and every feed it
accepts goes through `state`, `state --json`, a `--no-ui` replay and a screenshot.

Mutations start from the valid lines of tests/data/mini.jsonl and change bytes, keys,
value types, nesting, dates, numbers and strings. Examples are bounded so the run stays
a few seconds; hypothesis keeps any failure it finds in its database for the next run.
"""

from __future__ import annotations

import json
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from elextui.cli import main
from elextui.feed import FeedError, load_feed, parse_feed, reader
from elextui.sanitize import UNSAFE

MINI = Path(__file__).parent / "data" / "mini.jsonl"
LINES: list[dict[str, Any]] = [
    json.loads(line) for line in MINI.read_text(encoding="utf-8").splitlines() if line.strip()
]
LINES.append(
    {
        "type": "pcc",
        "at": "2018-05-04T16:00:00+01:00",
        "area": "Somewhere",
        "winner": "A Person",
        "party": "CON",
        "party_before": "LAB",
        "note": "a note",
    }
)
LINES[0]["notes"] = "How times were estimated."
LINES[0]["ends"] = "2018-05-04T18:00:00+01:00"

ODD_DATES = [
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+12:00",
    "2018-05-04T03:28:00",
    "2018-05-04T03:28",
    "2018-02-30T03:28:00+01:00",
    "2018-05-04T23:59:60+01:00",
    "2018-05-04T03:28:00+23:59",
    "2018-05-04T03:28:00-23:59",
    "2018-05-04T03:28:00Z",
    "2018-05-04T03:28:00.999999+01:00",
    "2018-05-11T03:28:00+01:00",
    "2018-06-30T03:28:00+01:00",
    "1800-01-01T00:00:00+00:00",
    "2999-12-31T23:59:59+00:00",
    "1970-01-01T00:00:00Z",
    "",
    "not a date",
]
NIGHT_DATES = [
    "2018-04-27T00:00:00+01:00",
    "2018-05-03T21:00:00+01:00",
    "2018-05-04T03:28:00+01:00",
    "2018-05-05T12:00:00+01:00",
    "2018-06-02T00:00:00Z",
]
"""Times inside the night's window: valid for any entry, and for the header's `ends`."""
HOSTILE = ["\x1b]52;c;eA==\x07", "\u202e", "\x00", "[/]", "[bold]", "\ud800", "\x9b2J", "\n"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(ODD_DATES),
)


def nested(record: dict[str, Any], key: str, depth: int, as_object: bool) -> bytes:
    """The line with `record[key]` wrapped in `depth` arrays (or objects), as JSON text
    (too deep for `json.dumps` itself)."""
    leaf = json.dumps(record[key])
    opening, closing = ('{"k":', "}") if as_object else ("[", "]")
    record = {**record, key: "@nested@"}
    return (
        json.dumps(record).replace('"@nested@"', opening * depth + leaf + closing * depth).encode()
    )


HARSH = ["drop", "rename", "extra", "type", "nest", "date", "number", "text"]
MILD = ["night", "seats", "text"]
"""Mutations that often keep a feed valid, so the commands get to run on it."""


@st.composite
def mutate(draw: st.DrawFn, record: dict[str, Any], kinds: list[str]) -> dict[str, Any] | bytes:
    """One mutation of a line: a key, a value's type, nesting, a date, a number or text."""
    record = json.loads(json.dumps(record))
    keys = sorted(record)
    key = draw(st.sampled_from(keys))
    kind = draw(st.sampled_from(kinds))
    if kind == "drop":
        del record[key]
    elif kind == "rename":
        record[key + draw(st.sampled_from(["_", "s", "X"]))] = record.pop(key)
    elif kind == "extra":
        record[draw(st.text(min_size=1, max_size=6))] = draw(SCALARS)
    elif kind == "type":
        record[key] = draw(SCALARS | st.lists(SCALARS, max_size=3))
    elif kind == "nest":
        depth = draw(st.sampled_from([1, 2, 50, 1000, 3000]))
        return nested(record, key, depth, draw(st.booleans()))
    elif kind == "date":
        field = next((f for f in ("at", "starts", "ends") if f in record), key)
        record[field] = draw(st.sampled_from(ODD_DATES))
    elif kind == "night":
        if "at" in record:
            record["at"] = draw(st.sampled_from(NIGHT_DATES))
        elif "ends" in record:
            record["ends"] = draw(st.sampled_from(NIGHT_DATES[2:]))
    elif kind == "seats":
        if record.get("change"):
            party = draw(st.sampled_from(sorted(record["change"])))
            record["change"][party] = draw(st.integers(-3, 3))
    elif kind == "number":
        numbers = [k for k in keys if isinstance(record[k], int | dict)]
        field = draw(st.sampled_from(numbers)) if numbers else key
        big = draw(st.sampled_from([-1, 0, 1, 58, 10**4 + 1, 10**9, -(10**9), 2**63, 10**30]))
        if isinstance(record[field], dict) and record[field]:
            inner = draw(st.sampled_from(sorted(record[field])))
            record[field][inner] = big
        else:
            record[field] = big
    else:
        strings = [k for k in keys if isinstance(record[k], str)]
        field = draw(st.sampled_from(strings)) if strings else key
        hostile = HOSTILE if kinds is HARSH else [h for h in HOSTILE if h != "\ud800"]
        record[field] = f"{record.get(field, '')}{draw(st.sampled_from(hostile))}"
    return record


@st.composite
def feeds(draw: st.DrawFn, rounds: int = 4, harsh: bool = True) -> bytes:
    """The mini feed with 1 to `rounds` lines mutated (and sometimes raw bytes changed);
    with `harsh`, half the feeds get any mutation, the others mild ones only."""
    lines: list[Any] = list(LINES)
    kinds = HARSH if harsh and draw(st.booleans()) else MILD
    for _ in range(draw(st.integers(1, rounds))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        if isinstance(line, dict):
            lines[index] = draw(mutate(line, kinds))
    out = [json.dumps(x).encode() if isinstance(x, dict) else x for x in lines]
    if harsh and draw(st.integers(0, 4)) == 0:  # raw bytes: cut, insert or replace a few
        index = draw(st.integers(0, len(out) - 1))
        raw = bytearray(out[index])
        at = draw(st.integers(0, len(raw)))
        raw[at : at + draw(st.integers(0, 3))] = draw(st.binary(max_size=3))
        out[index] = bytes(raw)
    return b"\n".join(out) + b"\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=feeds())
def test_the_typed_decoder_reads_mutated_feeds_as_the_generic_checks_do(data: bytes) -> None:
    """With the feed's typed decoder from the first line after the header, the reader gives
    the same records (of the model classes) and the same problems, word for word."""
    with patch.object(reader, "_TYPED_AFTER", 10**9):
        expected, expected_problems = parse_feed(data, "fuzz.jsonl")
    with patch.object(reader, "_TYPED_AFTER", 0):
        got, problems = parse_feed(data, "fuzz.jsonl")
    assert [str(p) for p in problems] == [str(p) for p in expected_problems]
    if expected is None:
        assert got is None
        return
    assert got is not None
    assert got.entries == expected.entries
    assert [type(e) for e in got.entries] == [type(e) for e in expected.entries]
    assert got.warnings == expected.warnings


SLOW_EXAMPLES: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}
"""Settings of the tests that run whole commands on each example."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a command that must succeed; its output holds nothing unsafe."""
    assert main(list(argv)) == 0, argv
    out, err = capsys.readouterr()
    for text in (out, err):
        for line in text.split("\n"):
            assert UNSAFE.search(line) is None, line
    return out


def load_or_reject(data: bytes, directory: str) -> str | None:
    """Write the feed; return its path if the reader accepts it, None if it says why not.

    Records the outcome as a hypothesis event.
    """
    path = Path(directory) / "fuzz.jsonl"
    path.write_bytes(data)
    try:
        load_feed(path)
    except FeedError as err:
        assert err.problems
        for problem in err.problems:
            assert problem.line >= 1, problem  # every problem names its line
            assert UNSAFE.search(str(problem)) is None
        event("rejected")
        return None
    event("accepted")
    return str(path)


@settings(max_examples=150, **SLOW_EXAMPLES)
@given(data=feeds())
def test_mutated_feeds_load_or_fail_cleanly_and_accepted_ones_play(
    capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = load_or_reject(data, directory)
        if path is None:
            return
        run(capsys, "check", path)
        run(capsys, "state", path, "--at", "end")
        json.loads(run(capsys, "state", path, "--at", "start", "--json"))
        run(capsys, "replay", path, "--no-ui", "--speed", "max")


@settings(max_examples=8, **SLOW_EXAMPLES)
@given(data=feeds(harsh=False))
def test_accepted_mutated_feeds_make_a_well_formed_screenshot(
    capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = load_or_reject(data, directory)
        if path is None:
            return
        svg = Path(directory) / "shot.svg"
        run(capsys, "screenshot", path, "--at", "end", "-o", str(svg), "--size", "80x24")
        text = svg.read_text(encoding="utf-8")
        assert UNSAFE.search(text.replace("\n", "")) is None
        ET.fromstring(text)
