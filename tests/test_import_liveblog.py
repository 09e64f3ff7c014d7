"""`elextui import liveblog`: stamps, days, merged snapshots, sanitised text, and drafts
only for outcomes a blog states as done."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elextui.cli import main
from elextui.feed import Result, load_feed
from elextui.feed.bundled import bundled_feeds
from elextui.feed.model import Source
from elextui.feed.writer import FeedWriter
from elextui.importers.liveblog import import_liveblog, parse_stamp
from elextui.importers.outcomes import OutcomeFinder
from elextui.importers.tables import NightClock
from elextui.state import result_control

SEEDS = Path("/work/shared/seeds")
LABOURLIST = [SEEDS / "000_5b42d6c4a2da003d.txt", SEEDS / "001_f04d2841d4978d27.txt"]
INDEPENDENT = SEEDS / "002_ec83214b519e3c44.txt"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed liveblogs")
CLOCK = NightClock(date(2018, 5, 3), "Europe/London")
NIGHT_2018 = load_feed(bundled_feeds()["england-locals-2018"])
COUNCILS = list(NIGHT_2018.councils.values())
PARTIES = NIGHT_2018.election.parties


def blog(*texts: str, **options: object) -> list[tuple[str, str, list[str]]]:
    """Posts as (day and time, text, councils), plus drafts as (time, council, control)."""
    got = import_liveblog(
        [(f"blog{n}.txt", text) for n, text in enumerate(texts)],
        CLOCK,
        "lb",
        COUNCILS,
        PARTIES,
        **options,  # type: ignore[arg-type]
    )
    return [(f"{p.at:%a %H:%M}", p.text, p.councils or []) for p, _ in got.posts]


def drafts(*texts: str) -> list[tuple[str, str, str]]:
    got = import_liveblog([("b.txt", t) for t in texts], CLOCK, "lb", COUNCILS, PARTIES)
    return [(f"{d.at:%a %H:%M}", d.council, d.control or "") for d, _ in got.drafts]


@pytest.mark.parametrize(
    ("line", "clock", "rest"),
    [
        ("04.43 The Tories", "04:43", "The Tories"),
        ("23:16 Derby", "23:16", "Derby"),
        ("10:34: Norwich is next", "10:34", "Norwich is next"),
        ("11.30pm Late", "23:30", "Late"),
        ("12.15 am Just after midnight", "00:15", "Just after midnight"),
        ("9:05am \u2013 Morning", "09:05", "Morning"),
        ("22.59\xa0Turnout is down", "22:59", "Turnout is down"),
        ("04.43", "04:43", ""),
    ],
)
def test_stamps_in_the_forms_blogs_use(line: str, clock: str, rest: str) -> None:
    stamped = parse_stamp(line)
    assert stamped is not None
    assert (f"{stamped[0].clock:%H:%M}", stamped[1]) == (clock, rest)


@pytest.mark.parametrize(
    "line", ["38.31% turnout in Hillingdon", "10.50 per cent swing", "25.10 no", "13.30pm x", "x"]
)
def test_numbers_that_are_not_stamps(line: str) -> None:
    assert parse_stamp(line) is None


def test_a_byline_with_a_date_is_a_stamp_with_its_author() -> None:
    stamped = parse_stamp("Kristin Hugo3 May 2018 22:29")
    assert stamped is not None
    stamp, rest, author = stamped
    assert (stamp.day, f"{stamp.clock:%H:%M}", rest, author) == (
        date(2018, 5, 3),
        "22:29",
        "",
        "Kristin Hugo",
    )


NEWEST_FIRST = """Results night, live (a page title: skipped)

01:05: The Liberal Democrats have gained Richmond upon Thames from the Conservatives.

00:58: I'm told Labour has gained Barnet. We will wait for the count.

00:40: Labour and the Lib Dems have taken Sutton, says nobody yet.

00:31: Labour gained Plymouth Sutton and Devonport at the general election.

00:20: Labour could lose Derby tonight. If Labour holds Trafford it will be a surprise.

Labour is set to take Barnet, say activists. The Tories would need three gains to take Harlow.

00:12: Labour has not won Westminster. Labour gains Westminster's Maida Vale ward from the Tories.

00:02: Dudley was hung in 2014 as well. Has Labour gained Swindon? Not yet.

23:55: Labour holds Sunderland, as expected.

23:40: Sunderland is counting now.
"""


def test_newest_first_blog_rolls_over_midnight_and_keeps_paragraphs() -> None:
    posts = blog(NEWEST_FIRST)
    assert [when for when, _, _ in posts] == [
        "Thu 23:40",
        "Thu 23:55",
        "Fri 00:02",
        "Fri 00:12",
        "Fri 00:20",
        "Fri 00:31",
        "Fri 00:40",
        "Fri 00:58",
        "Fri 01:05",
    ]
    when, text, councils = posts[4]
    assert text.split("\n") == [
        "Labour could lose Derby tonight. If Labour holds Trafford it will be a surprise.",
        "Labour is set to take Barnet, say activists. The Tories would need three gains to "
        "take Harlow.",
    ]
    assert councils == ["derby", "trafford", "barnet", "harlow"]


def test_only_plain_reports_of_outcomes_become_drafts() -> None:
    """Predictions, conditions, hearsay, denials, questions, other years, wards,
    constituencies and shared subjects are all in NEWEST_FIRST: none is a draft."""
    assert drafts(NEWEST_FIRST) == [
        ("Thu 23:55", "sunderland", "LAB"),
        ("Fri 01:05", "richmond-upon-thames", "LD"),
    ]


OLDEST_FIRST = """Live: the count

10.30pm
Polls closed half an hour ago.

Counting agents are arriving at the leisure centre.
11.45pm First boxes opened in Swindon.
11.40pm A late post about the earlier turnout, out of order.
12.20am Labour hold Sunderland and Wigan.
1.05am \x1b[31mStill\x1b[0m counting in Swindon.
"""


def test_oldest_first_blog_with_pm_stamps_and_a_post_out_of_order() -> None:
    posts = blog(OLDEST_FIRST)
    assert [(when, text.count("\n") + 1) for when, text, _ in posts] == [
        ("Thu 22:30", 2),
        ("Thu 23:40", 1),  # a step back under an hour is not a new day
        ("Thu 23:45", 1),
        ("Fri 00:20", 1),
        ("Fri 01:05", 1),
    ]
    assert posts[-1][1] == "\\x1b[31mStill\\x1b[0m counting in Swindon."  # made visible
    assert drafts(OLDEST_FIRST) == [
        ("Fri 00:20", "sunderland", "LAB"),
        ("Fri 00:20", "wigan", "LAB"),
    ]


def test_snapshots_merge_without_duplicates_keeping_the_longer_text() -> None:
    early = "23:55 Labour holds Sunderland.\n\n23:40 Counting in Sunderland.\n"
    later = (
        "00:10 Swindon next.\n\n23:55 Labour holds Sunderland.\n\nA bigger majority.\n\n"
        "23:40 Counting in Sunderland.\n"
    )
    got = import_liveblog([("a", early), ("b", later)], CLOCK, "lb", COUNCILS, PARTIES)
    texts = [(f"{p.at:%H:%M}", p.text) for p, _ in got.posts]
    assert texts == [
        ("23:40", "Counting in Sunderland."),
        ("23:55", "Labour holds Sunderland.\nA bigger majority."),
        ("00:10", "Swindon next."),
    ]
    assert got.duplicates == 2
    assert len(got.drafts) == 1


def test_a_later_contradicting_report_makes_a_second_draft_and_a_repeat_does_not() -> None:
    text = (
        "00:10 Labour holds Sunderland.\n00:20 Labour hold Sunderland again, we hear it twice.\n"
        "00:30 Correction: Sunderland is hung.\n"
    )
    assert drafts(text) == [
        ("Fri 00:10", "sunderland", "LAB"),
        ("Fri 00:30", "sunderland", "NOC"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Labour has gained control of Kirklees, a target.", [("kirklees", "LAB")]),
        ("Confirmed: the Tories have gained Basildon from NOC.", [("basildon", "CON")]),
        ("Labour has lost control of Derby, which is now hung.", [("derby", "NOC")]),
        ("Labour has lost control of Derby to the Conservatives.", [("derby", "CON")]),
        ("The Tories hold Havant and Castle Point.", [("havant", "CON"), ("castle-point", "CON")]),
        ("Labour gains 4 seats in Plymouth, taking control of the council.", [("plymouth", "LAB")]),
        ("In Plymouth, Labour now has control of the council.", [("plymouth", "LAB")]),
        ("Dudley is hung.", [("dudley", "NOC")]),
        ("Trafford has gone to no overall control.", [("trafford", "NOC")]),
        ("Lab GAIN Plymouth from Con", [("plymouth", "LAB")]),
        ("The Tories are on course to take Dudley.", []),
        ("Labour would need 12 seats to gain Wandsworth.", []),
        ("Labour hopes to gain Barnet.", []),
        ("Labour could take Welwyn Hatfield.", []),
        ("It looks like Labour has taken Barnet.", []),
        ("Labour definitely has not won Westminster.", []),
        ("Labour has won the council seat in Hart.", []),
        ("Labour has won the Hartlepool by-election.", []),
        ("Labour gained Plymouth in 2014.", []),
        ("The Tories fear they have lost control of Trafford.", []),
        ("Labour has gained three seats in Wandsworth.", []),
        ("Labour won Derby before the boundary changes.", []),
    ],
)
def test_outcome_shapes(sentence: str, expected: list[tuple[str, str]]) -> None:
    finder = OutcomeFinder(COUNCILS, PARTIES)
    assert [(o.council, o.control) for o in finder.find(sentence)] == expected


@needs_seeds
def test_the_labourlist_snapshots_give_one_post_per_stamp_on_the_right_day() -> None:
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in LABOURLIST]
    got = import_liveblog(texts, CLOCK, "labourlist", COUNCILS, PARTIES, ["More from LabourList"])
    later = texts[1][1]
    stamps = [line for line in later.splitlines() if parse_stamp(line.strip())]
    assert len(got.posts) == len(stamps) == 111  # the later copy holds every entry of the first
    assert got.duplicates == 68
    days = [f"{p.at:%a}" for p, _ in got.posts]
    assert days.count("Thu") == 23 and days.count("Fri") == 88
    first, last = got.posts[0][0], got.posts[-1][0]
    assert (f"{first.at:%a %H:%M}", f"{last.at:%a %H:%M}") == ("Thu 22:00", "Fri 17:15")
    # the 10:34: style of the morning shift is read too, on Friday
    assert any(f"{p.at:%a %H:%M}" == "Fri 10:34" for p, _ in got.posts)


@needs_seeds
def test_the_labourlist_drafts_agree_with_the_checked_2018_night() -> None:
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in LABOURLIST]
    got = import_liveblog(texts, CLOCK, "labourlist", COUNCILS, PARTIES, ["More from LabourList"])
    final = {
        e.council: result_control(e, NIGHT_2018.councils[e.council].seats)
        for e in NIGHT_2018.entries
        if isinstance(e, Result)
    }
    drafted = {d.council: d.control for d, _ in got.drafts}
    assert len(got.drafts) == len(drafted) == 17
    assert {council: final[council] for council in drafted} == drafted  # no false draft
    assert {"plymouth", "derby", "dudley", "trafford", "nuneaton-and-bedworth"} <= set(drafted)


@needs_seeds
def test_the_independent_bylines_and_an_oldest_first_blog() -> None:
    text = INDEPENDENT.read_text(encoding="utf-8")
    got = import_liveblog(
        [(str(INDEPENDENT), text)],
        CLOCK,
        "independent",
        COUNCILS,
        PARTIES,
        ["Join our commenting forum"],
    )
    assert [f"{p.at:%H:%M}" for p, _ in got.posts] == [
        "22:29", "22:44", "22:53", "22:57", "23:02", "23:16", "23:28", "23:30",
    ]  # fmt: skip
    assert {p.author for p, _ in got.posts} == {"Kristin Hugo"}
    assert (got.skipped, got.empty, len(got.drafts)) == (20, 2, 0)  # ward gains are not drafts


def test_cli_adds_a_blog_to_a_feed_and_check_warns_about_each_draft(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "blog.txt").write_text(NEWEST_FIRST, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = ["import", "liveblog", str(tmp_path / "blog.txt"), "--date", "2018-05-03"]
    argv += ["--source", "mine", "--source-name", "My blog", "-o", str(out)]
    assert main([*argv, "--councils", "england-locals-2018"]) == 0
    feed = load_feed(out)
    assert len(feed.entries) == len(NIGHT_2018.entries) + 9  # every council has a result
    assert feed.election.sources[-1].name == "My blog"
    capsys.readouterr()
    csv = tmp_path / "c.csv"
    csv.write_text("name,seats\nSunderland,75\nRichmond upon Thames,54\n", encoding="utf-8")
    assert main([*argv, "--councils", str(csv), "--force"]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"wrote {out}: 9 posts from 1 text (1 line before the first stamp")
    assert "2 draft results to review" in said
    assert main(["check", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{out}:6: warning: draft result for 'sunderland'")
    assert lines[-1] == f"{out}: ok (2 councils, 11 entries, 2 drafts to review)"
    draft = [e for e in load_feed(out).entries if isinstance(e, Result)][0]
    assert draft.draft and draft.note is not None and "Labour holds Sunderland" in draft.note


LINES = st.one_of(
    st.sampled_from(["", "23:59 x", "00.01", "11.30pm Labour hold Sunderland.", "Dudley is hung."]),
    st.from_regex(r"\A[0-9]{1,2}[.:][0-9]{2}(:| |pm |am )?[^\n]{0,30}\Z"),
    st.text(max_size=40).map(lambda t: t.replace("\n", " ")),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(LINES, max_size=25), st.booleans())
def test_any_text_imports_to_a_valid_feed_or_nothing(lines: list[str], two: bool) -> None:
    """Whatever is pasted, the importer never crashes and its posts and drafts form a feed
    the reader accepts, with no control character left in a post."""
    text = "\n".join(lines)
    texts = [("a.txt", text), ("b.txt", text[::-1])] if two else [("a.txt", text)]
    got = import_liveblog(texts, CLOCK, "lb", COUNCILS, PARTIES)
    writer = FeedWriter(msgspec.structs.replace(NIGHT_2018.election, sources=[Source("lb", "lb")]))
    for council in COUNCILS:
        writer.add(council)
    for record, origin in [*got.posts, *got.drafts]:
        writer.add(record, origin)
    feed, problems = writer.check()
    assert problems == [] and feed is not None
    for post, _ in got.posts:
        assert not any(ord(c) < 32 and c != "\n" for c in post.text)
