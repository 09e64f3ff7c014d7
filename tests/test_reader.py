"""The reader: every broken case gives `FILE:LINE: message`, and valid feeds load."""

from __future__ import annotations

import gc
import io
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from feedkit import council, entry, header, jsonl, write
from hypothesis import given, settings
from hypothesis import strategies as st

from elextui.feed import (
    Entry,
    FeedError,
    FeedParser,
    Marker,
    Mayor,
    Pcc,
    Post,
    Result,
    check_feed,
    load_feed,
    parse_feed,
    reader,
    slugify,
)


@pytest.fixture(scope="module", autouse=True, params=["typed", "generic"])
def decoder(request: pytest.FixtureRequest) -> Iterable[None]:
    """Every test here runs twice: with the feed's typed decoder from the first line after
    the header (a big feed uses it after 64 lines) and with the generic decoder alone."""
    after = 0 if request.param == "typed" else 10**9
    with patch.object(reader, "_TYPED_AFTER", after):
        yield


PLYMOUTH = council("plymouth", 57, seats_up=19, control="CON", composition={"CON": 30, "LAB": 27})


def problems_in(tmp_path: Path, *lines: dict[str, Any] | str | bytes) -> list[str]:
    """Every problem of a feed written to a file, as printed; the feed must be rejected."""
    path = write(tmp_path / "night.jsonl", *lines)
    feed, problems = check_feed(path)
    assert feed is None
    return [str(p) for p in problems]


def test_valid_mini_feed_loads() -> None:
    feed = load_feed(Path(__file__).parent / "data" / "mini.jsonl")
    assert feed.id == "mini"
    assert list(feed.councils) == ["plymouth", "sunderland", "trafford"]
    assert len(feed.entries) == 8
    assert feed.party_codes == ["LAB", "CON", "LD"]


def test_invalid_json(tmp_path: Path) -> None:
    got = problems_in(tmp_path, header(), PLYMOUTH, '{"type":"post",')
    assert got == [f"{tmp_path}/night.jsonl:3: invalid JSON: Input data was truncated"]


def test_no_election_header(tmp_path: Path) -> None:
    got = problems_in(tmp_path, PLYMOUTH, entry("marker", label="x"))
    assert got == [
        f"{tmp_path}/night.jsonl:1: no `election` header: the first line is a `council` line"
    ]


def test_header_not_first_non_blank_line(tmp_path: Path) -> None:
    got = problems_in(tmp_path, "", PLYMOUTH, header())
    prefix = f"{tmp_path}/night.jsonl"
    assert got == [
        f"{prefix}:2: no `election` header: the first line is a `council` line",
        f"{prefix}:3: the `election` header must be the first line of the feed",
    ]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"\n\n")
    feed, problems = check_feed(path)
    assert feed is None
    assert [str(p) for p in problems] == [
        f"{path}:1: empty feed: the first line must be the `election` header"
    ]


def test_unknown_type(tmp_path: Path) -> None:
    got = problems_in(tmp_path, header(), entry("tally", council="plymouth"))
    assert got == [
        f"{tmp_path}/night.jsonl:2: unknown type 'tally' "
        "(known types: election, council, post, result, mayor, pcc, marker)"
    ]


def test_missing_type(tmp_path: Path) -> None:
    got = problems_in(tmp_path, header(), {"at": "2018-05-04T03:00:00+01:00", "label": "x"})
    assert got == [f"{tmp_path}/night.jsonl:2: missing field `type`"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (entry("post"), "post: missing required field `text`"),
        ({"type": "marker", "label": "x"}, "marker: missing required field `at`"),
        (council("leeds", 99, name=None), "council: `name` expected `str`, got `null`"),
        (entry("mayor", area="Sheffield", winner="X"), "mayor: missing required field `party`"),
        (entry("pcc", area="Kent", party="CON"), "pcc: missing required field `winner`"),
    ],
)
def test_missing_required_field(tmp_path: Path, line: dict[str, Any], message: str) -> None:
    got = problems_in(tmp_path, header(), line)
    assert got == [f"{tmp_path}/night.jsonl:2: {message}"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (council("leeds", "99"), "council: `seats` expected `int`, got `str`"),
        (
            entry("result", council="plymouth", composition={"CON": "30", "LAB": 27}),
            "result: `composition` values expected `int`, got `str`",
        ),
        (entry("post", text=["a"]), "post: `text` expected `str`, got `array`"),
        (
            entry("marker", label="x", estimated="yes"),
            "marker: `estimated` expected `bool`, got `str`",
        ),
        (
            entry("post", at="04:00", text="x"),
            "post: `at` not an ISO 8601 timestamp with seconds and offset, "
            "e.g. 2018-05-04T03:28:00+01:00",
        ),
    ],
)
def test_wrong_field_type(tmp_path: Path, line: dict[str, Any], message: str) -> None:
    got = problems_in(tmp_path, header(), PLYMOUTH, line)
    assert got == [f"{tmp_path}/night.jsonl:3: {message}"]


def test_header_field_wrong_type(tmp_path: Path) -> None:
    got = problems_in(tmp_path, header(polling_day="3 May 2018"))
    assert got == [
        f"{tmp_path}/night.jsonl:1: election: `polling_day` not an ISO 8601 date, e.g. 2018-05-03"
    ]


@pytest.mark.parametrize("kind", ["post", "result", "marker", "mayor", "pcc"])
def test_timestamp_without_utc_offset(tmp_path: Path, kind: str) -> None:
    fields = {
        "post": {"text": "x"},
        "result": {"council": "plymouth", "control": "LAB"},
        "marker": {"label": "x"},
        "mayor": {"area": "A", "winner": "W", "party": "LAB"},
        "pcc": {"area": "A", "winner": "W", "party": "LAB"},
    }[kind]
    got = problems_in(tmp_path, header(), PLYMOUTH, entry(kind, "2018-05-04T03:00:00", **fields))
    assert got == [
        f"{tmp_path}/night.jsonl:3: {kind}: timestamp `at` has no UTC offset (e.g. +01:00)"
    ]


def test_header_start_without_utc_offset(tmp_path: Path) -> None:
    got = problems_in(tmp_path, header(starts="2018-05-03T22:00:00"))
    assert got == [
        f"{tmp_path}/night.jsonl:1: election: timestamp `starts` has no UTC offset (e.g. +01:00)"
    ]


def test_unknown_council_in_result_and_post(tmp_path: Path) -> None:
    got = problems_in(
        tmp_path,
        header(),
        PLYMOUTH,
        entry("result", council="leeds", control="LAB"),
        entry("post", text="x", councils=["plymouth", "leeds"]),
    )
    prefix = f"{tmp_path}/night.jsonl"
    assert got == [
        f"{prefix}:3: result: unknown council 'leeds'",
        f"{prefix}:4: post: unknown council 'leeds'",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            entry("result", council="plymouth", control="UKIP"),
            "result for 'plymouth': unknown party code 'UKIP'",
        ),
        (
            entry("result", council="plymouth", control="LAB", seats_won={"GRN": 1}),
            "result for 'plymouth' seats_won: unknown party code 'GRN'",
        ),
        (
            entry("mayor", area="Sheffield", winner="W", party="YP"),
            "mayor 'Sheffield': unknown party code 'YP'",
        ),
        (
            council("leeds", 3, composition={"LAB": 2, "Lab": 1}),
            "council 'leeds': unknown party code 'Lab'",
        ),
    ],
)
def test_unknown_party_code(tmp_path: Path, line: dict[str, Any], message: str) -> None:
    got = problems_in(tmp_path, header(), PLYMOUTH, line)
    assert got == [f"{tmp_path}/night.jsonl:3: {message}"]


def test_noc_is_a_valid_control_but_not_a_seat_holder(tmp_path: Path) -> None:
    got = problems_in(
        tmp_path,
        header(),
        PLYMOUTH,
        entry("result", council="plymouth", control="NOC"),
        entry("result", council="plymouth", control="NOC", seats_won={"NOC": 1}),
    )
    assert got == [
        f"{tmp_path}/night.jsonl:4: result for 'plymouth' seats_won: unknown party code 'NOC'"
    ]


def test_duplicate_council_id(tmp_path: Path) -> None:
    got = problems_in(tmp_path, header(), PLYMOUTH, council("sunderland", 75), PLYMOUTH)
    assert got == [f"{tmp_path}/night.jsonl:4: duplicate council id 'plymouth' (first on line 2)"]


def test_council_id_must_be_a_slug(tmp_path: Path) -> None:
    got = problems_in(tmp_path, header(), council("Kingston_upon_Hull", 57, name="Hull City"))
    assert got == [
        f"{tmp_path}/night.jsonl:2: council 'Kingston_upon_Hull': "
        "id must be a lower-case slug of at most 64 characters "
        "(letters and digits joined by single hyphens), such as 'hull-city'"
    ]


def test_composition_not_summing_to_seats(tmp_path: Path) -> None:
    got = problems_in(
        tmp_path,
        header(),
        council("plymouth", 57, composition={"CON": 30, "LAB": 26}),
        council("trafford", 63),
        entry("result", council="trafford", composition={"CON": 30, "LAB": 30, "LD": 4}),
    )
    prefix = f"{tmp_path}/night.jsonl"
    assert got == [
        f"{prefix}:2: council 'plymouth': composition sums to 56, not seats 57",
        f"{prefix}:4: result for 'trafford': composition sums to 64, not seats 63",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (council("leeds", 99, seats_up=-1), "council: `seats_up` expected `int` >= 0"),
        (council("leeds", 0), "council: `seats` expected `int` >= 1"),
        (
            council("leeds", 3, composition={"LAB": 4, "CON": -1}),
            "council: `composition` values expected `int` >= 0",
        ),
        (
            entry("result", council="plymouth", control="LAB", seats_won={"LAB": -2}),
            "result: `seats_won` values expected `int` >= 0",
        ),
    ],
)
def test_negative_seat_numbers(tmp_path: Path, line: dict[str, Any], message: str) -> None:
    got = problems_in(tmp_path, header(), PLYMOUTH, line)
    assert got == [f"{tmp_path}/night.jsonl:3: {message}"]


def test_negative_change_is_allowed() -> None:
    feed, problems = parse_feed(
        jsonl(
            header(),
            PLYMOUTH,
            entry("result", council="plymouth", control="LAB", change={"LAB": 4, "CON": -4}),
        ),
        "x.jsonl",
    )
    assert problems == []
    assert feed is not None


def test_seats_won_more_than_seats_up(tmp_path: Path) -> None:
    got = problems_in(
        tmp_path,
        header(),
        PLYMOUTH,
        council("leeds", 5),
        entry("result", council="plymouth", control="LAB", seats_won={"LAB": 12, "CON": 8}),
        entry("result", council="leeds", control="LAB", seats_won={"LAB": 6}),
    )
    prefix = f"{tmp_path}/night.jsonl"
    assert got == [
        f"{prefix}:4: result for 'plymouth': seats_won sums to 20, more than seats_up 19",
        f"{prefix}:5: result for 'leeds': seats_won sums to 6, more than seats 5",
    ]


def test_seats_up_more_than_seats(tmp_path: Path) -> None:
    got = problems_in(tmp_path, header(), council("leeds", 5, seats_up=6))
    assert got == [f"{tmp_path}/night.jsonl:2: council 'leeds': seats_up 6 is more than seats 5"]


def test_result_needs_composition_or_control(tmp_path: Path) -> None:
    got = problems_in(tmp_path, header(), PLYMOUTH, entry("result", council="plymouth"))
    assert got == [
        f"{tmp_path}/night.jsonl:3: result for 'plymouth': needs `composition` or `control`"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (entry("result", council="plymouth", contorl="LAB"), "result: unknown field `contorl`"),
        (entry("marker", label="x", time="03:00"), "marker: unknown field `time`"),
        (council("leeds", 99, sesats=3), "council: unknown field `sesats`"),
    ],
)
def test_unknown_field(tmp_path: Path, line: dict[str, Any], message: str) -> None:
    got = problems_in(tmp_path, header(), PLYMOUTH, line)
    assert got == [f"{tmp_path}/night.jsonl:3: {message}"]


def test_unknown_source(tmp_path: Path) -> None:
    got = problems_in(tmp_path, header(), entry("post", text="x", source="bbc"))
    assert got == [
        f"{tmp_path}/night.jsonl:2: post: unknown source 'bbc' (not in the header's sources)"
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"feed_version": 2},
            "election: feed_version 2 is not supported (this reader knows version 1)",
        ),
        ({"timezone": "Europe/Londres"}, "election: unknown timezone 'Europe/Londres'"),
        ({"parties": []}, "election: `parties` is empty"),
        (
            {"parties": [{"code": "LAB", "name": "a"}, {"code": "LAB", "name": "b"}]},
            "election: party code 'LAB' is listed twice",
        ),
        (
            {"parties": [{"code": "NOC", "name": "a"}]},
            "election: 'NOC' is reserved for no overall control",
        ),
        ({"ends": "2018-05-03T21:00:00+01:00"}, "election: `ends` is before `starts`"),
    ],
)
def test_bad_header(tmp_path: Path, overrides: dict[str, Any], message: str) -> None:
    got = problems_in(tmp_path, header(**overrides))
    assert got == [f"{tmp_path}/night.jsonl:1: {message}"]


def test_several_problems_all_reported_in_line_order(tmp_path: Path) -> None:
    got = problems_in(
        tmp_path,
        header(),
        PLYMOUTH,
        "not json",
        entry("result", council="nowhere", control="LAB"),
        "",
        entry("marker", "2018-05-04T03:00:00", label="x"),
        entry("post", text="fine"),
        entry("tally"),
        PLYMOUTH,
    )
    lines = [int(p.split(":")[1]) for p in got]
    assert lines == [3, 4, 6, 8, 9]
    assert got[0].endswith(":3: invalid JSON: invalid character (byte 4)")
    assert got[1].endswith("result: unknown council 'nowhere'")
    assert got[2].endswith("marker: timestamp `at` has no UTC offset (e.g. +01:00)")
    assert "unknown type 'tally'" in got[3]
    assert got[4].endswith("duplicate council id 'plymouth' (first on line 2)")


def test_blank_lines_are_allowed(tmp_path: Path) -> None:
    path = write(
        tmp_path / "night.jsonl",
        "",
        "   ",
        header(),
        "",
        "\t",
        PLYMOUTH,
        "",
        entry("post", text="x"),
        "",
    )
    feed, problems = check_feed(path)
    assert problems == []
    assert feed is not None
    assert len(feed.entries) == 1


def test_crlf_line_endings_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "night.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + jsonl(header(), PLYMOUTH).replace(b"\n", b"\r\n"))
    feed, problems = check_feed(path)
    assert problems == []
    assert feed is not None


def test_invalid_utf8_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    got = problems_in(
        tmp_path,
        header(),
        b'{"type":"post","at":"2018-05-04T03:00:00+01:00","text":"caf\xe9"}',
        b"\xff\xfe{}",
    )
    prefix = f"{tmp_path}/night.jsonl"
    assert got[0] == f"{prefix}:2: not valid UTF-8 (byte 0xe9 in a string)"
    assert got[1].startswith(f"{prefix}:3: invalid JSON: ")
    assert len(got) == 2


@pytest.mark.parametrize(
    ("text", "what"),
    [("[1, 2]", "`array`"), ('"post"', "`str`"), ("3", "`int`"), ("null", "`null`")],
)
def test_non_object_line_is_a_problem_not_a_crash(tmp_path: Path, text: str, what: str) -> None:
    got = problems_in(tmp_path, header(), text)
    assert got == [f"{tmp_path}/night.jsonl:2: expected a JSON object, got {what}"]


def test_unreadable_path(tmp_path: Path) -> None:
    feed, problems = check_feed(tmp_path / "missing.jsonl")
    assert feed is None
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{tmp_path}/missing.jsonl: cannot read: ")


def test_load_feed_raises_with_every_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "night.jsonl", header(), "{", "[]")
    with pytest.raises(FeedError) as info:
        load_feed(path)
    assert [p.line for p in info.value.problems] == [2, 3]
    assert str(info.value).count("\n") == 1


@pytest.mark.parametrize("valid", [True, False])
def test_reader_never_writes_to_the_file(tmp_path: Path, valid: bool) -> None:
    lines: list[Any] = [header(), PLYMOUTH, entry("post", text="x")]
    if not valid:
        lines += ["{broken", entry("result", council="nowhere", control="LAB")]
    path = write(tmp_path / "night.jsonl", *lines)
    before = path.read_bytes()
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    path.chmod(stat.S_IRUSR)  # read-only: opening it for writing would fail
    try:
        feed, problems = check_feed(path)
        assert (feed is not None) is valid
        assert bool(problems) is not valid
        assert path.read_bytes() == before
        assert path.stat().st_mtime_ns == 1_000_000_000
        assert sorted(p.name for p in tmp_path.iterdir()) == ["night.jsonl"]
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_entries_keep_file_order_and_types() -> None:
    feed, _ = parse_feed(
        jsonl(
            header(),
            PLYMOUTH,
            entry("post", "2018-05-04T04:00:00+01:00", text="later"),
            entry("result", "2018-05-04T03:00:00+01:00", council="plymouth", control="LAB"),
        ),
        "x.jsonl",
    )
    assert feed is not None
    assert [type(e) for e in feed.entries] == [Post, Result]


def test_parser_reads_a_growing_file_in_parts() -> None:
    parser = FeedParser("live.jsonl")
    first = parser.parse_lines(jsonl(header(), PLYMOUTH).splitlines())
    second = parser.parse_lines(jsonl(entry("post", text="x"), "{").splitlines())
    assert first == []
    assert [type(e) for e in second] == [Post]
    assert [str(p) for p in parser.problems] == [
        "live.jsonl:4: invalid JSON: Input data was truncated"
    ]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Plymouth", "plymouth"),
        ("Kingston upon Hull", "kingston-upon-hull"),
        ("Brighton & Hove", "brighton-and-hove"),
        ("King's Lynn and West Norfolk", "kings-lynn-and-west-norfolk"),
        ("St. Helens", "st-helens"),
        ("Newcastle-under-Lyme", "newcastle-under-lyme"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


# -- streaming and the GC pause ----------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    data=st.lists(
        st.sampled_from([b"a", b"{}", b" ", b"\n", b"\r", b"\r\n", b"\xef\xbb\xbf", b"\xff"]),
        max_size=40,
    ).map(b"".join),
    chunk=st.integers(1, 9),
    bom=st.booleans(),
)
def test_read_lines_in_chunks_equals_splitlines(data: bytes, chunk: int, bom: bool) -> None:
    if bom:
        data = b"\xef\xbb\xbf" + data
    with patch.object(reader, "_CHUNK", chunk):
        got = list(reader.read_lines(io.BytesIO(data)))
    assert got == data.removeprefix(b"\xef\xbb\xbf").splitlines()


def test_check_feed_reads_across_chunks(tmp_path: Path) -> None:
    path = write(tmp_path / "night.jsonl", header(), PLYMOUTH, "", entry("post", text="x"), "{")
    with patch.object(reader, "_CHUNK", 16):
        feed, problems = check_feed(path)
    assert feed is None
    assert [str(p) for p in problems] == [f"{path}:5: invalid JSON: Input data was truncated"]


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_restores_the_garbage_collector(tmp_path: Path, enabled: bool) -> None:
    seen: list[bool] = []
    original = FeedParser.parse_lines

    def spy(self: FeedParser, lines: Iterable[bytes]) -> list[Entry]:
        seen.append(gc.isenabled())
        return original(self, lines)

    (gc.enable if enabled else gc.disable)()
    try:
        with patch.object(FeedParser, "parse_lines", spy):
            check_feed(Path(__file__).parent / "data" / "mini.jsonl")
            with pytest.raises(RuntimeError), reader.paused_gc():
                raise RuntimeError("boom")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert seen == [False]


def test_records_are_not_tracked_by_the_cyclic_gc() -> None:
    """Feed records cannot form cycles; untracked, a big feed costs the collector nothing."""
    feed = load_feed(Path(__file__).parent / "data" / "mini.jsonl")
    assert not any(gc.is_tracked(record) for record in feed.entries)
    assert not any(gc.is_tracked(council) for council in feed.councils.values())
    assert not gc.is_tracked(feed.election)


def test_a_big_feed_reads_as_with_the_generic_decoder_alone() -> None:
    """Past `_TYPED_AFTER` lines the typed decoder reads; records, problems and warnings are
    the same as the generic decoder's, and every record has its model class."""
    councils = [council(f"c{i}", 10 + i, composition={"CON": 10 + i}) for i in range(5)]
    lines: list[dict[str, Any] | str] = [header(), *councils]
    for i in range(200):
        at = f"2018-05-04T0{i % 10}:00:00+01:00"
        lines.append(entry("post", at, text=f"p{i}", councils=[f"c{i % 5}"], source="lb"))
        lines.append(
            entry("result", at, council=f"c{i % 5}", composition={"LAB": 10 + i % 5}, draft=i == 7)
        )
        lines.append(entry("marker", at, label=f"m{i}"))
        lines.append(entry("mayor", at, area="A", winner="W", party="LAB", party_before="CON"))
    lines[300] = entry("post", text="x", councils=["nowhere"])
    lines[500] = entry("result", council="c1", composition={"LAB": 10})
    lines[600] = council("late", 3, composition={"LD": 3})
    lines[700] = entry("result", council="late", control="NOC", source="nobody")
    lines[701] = entry("result", council="late", control="XYZ", change={"LD": -4})
    lines[702] = entry("post", "2018-05-04T03:00:00", text="naive")
    lines[703] = entry("pcc", area="B", winner="V", party="NOC")
    lines[704] = entry("result", council="c0", control="LAB", seats_won={"LAB": 11})
    lines[705] = "{"
    data = jsonl(*lines)
    with patch.object(reader, "_TYPED_AFTER", 10**9):
        generic = FeedParser("big.jsonl")
        expected = generic.parse_lines(data.splitlines())
    with patch.object(reader, "_TYPED_AFTER", 64):
        typed = FeedParser("big.jsonl")
        got = typed.parse_lines(data.splitlines())
    assert typed._typed is not None
    assert got == expected
    assert [type(e) for e in got] == [type(e) for e in expected]
    assert {type(e) for e in got} <= {Post, Result, Mayor, Pcc, Marker}
    assert typed.problems == generic.problems
    assert typed.warnings == generic.warnings
    assert len(typed.problems) == 9
