"""`elextui import results`: two CSV tables into a feed, or every problem at FILE:LINE."""

from __future__ import annotations

from pathlib import Path

import pytest

from elextui.cli import main
from elextui.feed import Result, check_feed
from elextui.state import result_control

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
NIGHT = ["--id", "t", "--title", "T", "--date", "2018-05-03"]
COUNCILS = """id,name,kind,seats,seats_up,control,ons,seats:LAB,seats:CON
,Plymouth,unitary,57,19,CON,E06000026,27,30
derby,Derby,unitary,51,17,LAB,E06000015,,
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def tables(tmp_path: Path, results: str, councils: str = COUNCILS) -> list[str]:
    (tmp_path / "c.csv").write_text(councils, encoding="utf-8")
    (tmp_path / "r.csv").write_text(results, encoding="utf-8")
    return [str(tmp_path / "c.csv"), str(tmp_path / "r.csv")]


def test_the_example_tables_make_a_valid_night(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "night.jsonl"
    files = [str(EXAMPLES / "councils.csv"), str(EXAMPLES / "results.csv")]
    status, said, err = run(capsys, "import", "results", *files, *NIGHT, "-o", str(out))
    assert (status, err) == (0, "")
    assert said == f"wrote {out}: 11 councils, 10 results (1 call, 0 estimated)\n"
    feed, problems = check_feed(out)
    assert problems == [] and feed is not None
    ids = list(feed.councils)
    assert ids[:3] == ["nuneaton-and-bedworth", "sunderland", "basildon"]  # slugs of names
    results = [e for e in feed.entries if isinstance(e, Result)]
    by_council = {r.council: r for r in results}
    assert by_council["basildon"].composition == {"LAB": 12, "CON": 23, "UKIP": 5, "IND": 2}
    assert by_council["dudley"].change == {"CON": 7, "UKIP": -7}  # empty cells are no change
    call = next(r for r in results if not r.final)
    assert (call.council, call.control, f"{call.at:%d %H:%M}") == ("plymouth", "LAB", "04 03:02")
    kirklees = by_council["kirklees"]
    assert result_control(kirklees, feed.councils["kirklees"].seats) == "LAB"
    assert kirklees.at.isoformat() == "2018-05-04T12:37:00+01:00"


def test_councils_by_id_name_or_ons_and_every_time_form(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = tables(
        tmp_path,
        "council,at,control,final,estimated\n"
        "E06000026,23:50,LAB,no,yes\n"
        "DERBY,2018-05-04 04:08,NOC,,\n"
        "plymouth,2018-05-04T03:28:00+01:00,LAB,,\n",
    )
    out = tmp_path / "o.jsonl"
    assert run(capsys, "import", "results", *files, *NIGHT, "-o", str(out))[0] == 0
    feed, _ = check_feed(out)
    assert feed is not None
    got = [(e.council, e.at.isoformat(), e.final, e.estimated) for e in feed.entries]
    assert got == [
        ("plymouth", "2018-05-03T23:50:00+01:00", False, True),  # HH:MM at or after 22:00
        ("plymouth", "2018-05-04T03:28:00+01:00", True, False),
        ("derby", "2018-05-04T04:08:00+01:00", True, False),  # local time, BST
    ]


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ("council,at,control\nNowhere,01:00,LAB\n", "r.csv:2: unknown council 'Nowhere'"),
        ("council,at,control\nDerby,25:00,LAB\n", "r.csv:2: at: '25:00' is not a time of day"),
        ("council,at,control\nDerby,soon,LAB\n", "r.csv:2: at: 'soon' is not a time"),
        ("council,at,contorl\nDerby,01:00,LAB\n", "r.csv:1: unknown column 'contorl'"),
        ("council,at,won:XYZ\nDerby,01:00,1\n", "r.csv:1: column 'won:XYZ': unknown party 'XYZ'"),
        ("council,at,seats:LAB\nDerby,01:00,many\n", "r.csv:2: seats:LAB: 'many' is not a whole"),
        ("council,at,control,final\nDerby,01:00,LAB,maybe\n", "r.csv:2: final: 'maybe' is not"),
        ("council,at\nDerby,01:00\n", "r.csv:2: needs `control` or `seats:PARTY`"),
        ("council,control\nDerby,LAB\n", "r.csv:1: missing column 'at'"),
        ("council,at,seats:LAB\nDerby,01:00,50\n", "r.csv:2: result for 'derby': composition sums"),
        (
            "council,at,control,seats:LAB,seats:CON\nPlymouth,01:00,CON,31,26\n",
            "r.csv:2: control CON differs from the seats (LAB): say why in `note`",
        ),
        ("council,at,control\nDerby,01:00,XYZ\n", "r.csv:2: result for 'derby': unknown party"),
    ],
)
def test_every_problem_is_reported_at_its_csv_line_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, results: str, expected: str
) -> None:
    files = tables(tmp_path, results)
    out = tmp_path / "o.jsonl"
    status, said, err = run(capsys, "import", "results", *files, *NIGHT, "-o", str(out))
    assert status == 1 and said == ""
    assert err.startswith(str(tmp_path / expected.split(":")[0]) + ":" + expected.split(":", 1)[1])
    assert not out.exists()


def test_problems_in_both_tables_are_all_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    councils = COUNCILS + ",Nowhere,district,ten,,,,,\n"
    files = tables(tmp_path, "council,at,control\nDerby,01:00,LAB\nX,02:00,LAB\n", councils)
    status, _, err = run(capsys, "import", "results", *files, *NIGHT, "-o", str(tmp_path / "o"))
    assert status == 1
    assert err.splitlines() == [
        f"{tmp_path / 'c.csv'}:4: seats: 'ten' is not a whole number",
        f"{tmp_path / 'r.csv'}:3: unknown council 'X' (not in the councils)",
    ]


def test_an_existing_output_is_kept_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = tables(tmp_path, "council,at,control\nDerby,01:00,NOC\n")
    out = tmp_path / "o.jsonl"
    out.write_text("mine\n")
    status, _, err = run(capsys, "import", "results", *files, *NIGHT, "-o", str(out))
    assert (status, err) == (1, f"elextui: {out} exists (use --force to replace it)\n")
    assert out.read_text() == "mine\n"
    assert run(capsys, "import", "results", *files, *NIGHT, "-o", str(out), "--force")[0] == 0
    assert check_feed(out)[1] == []


def test_parties_and_sources_tables(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    results = "council,at,control,source\nDerby,01:00,NOC,pa\nPlymouth,02:00,LAB,x\n"
    files = tables(tmp_path, results)
    (tmp_path / "p.csv").write_text("code,name,color\nLAB,Labour,#E4003B\nCON,Conservative,\n")
    (tmp_path / "s.csv").write_text("id,name,url\npa,PA Media,https://pa.example\n")
    out = tmp_path / "o.jsonl"
    extra = ["--parties", str(tmp_path / "p.csv"), "--sources", str(tmp_path / "s.csv")]
    assert run(capsys, "import", "results", *files, *NIGHT, *extra, "-o", str(out))[0] == 0
    feed, _ = check_feed(out)
    assert feed is not None
    assert feed.party_codes == ["LAB", "CON"]
    assert [(s.id, s.name) for s in feed.election.sources] == [("pa", "PA Media"), ("x", "x")]


def test_bad_options_are_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    files = tables(tmp_path, "council,at,control\nDerby,01:00,NOC\n")
    argv = ["import", "results", *files, "--id", "t", "--title", "T", "-o", str(tmp_path / "o")]
    assert run(capsys, *argv, "--date", "3 May")[:2] == (2, "")
    assert run(capsys, *argv, "--date", "2018-05-03", "--timezone", "Mars/Olympus")[0] == 2
    assert run(capsys, *argv, "--date", "2018-05-03", "--starts", "late")[0] == 2


def test_control_agreeing_with_the_seats_is_not_repeated_and_zero_changes_are_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = tables(
        tmp_path,
        "council,at,control,seats:LAB,seats:CON,change:LAB,change:CON\n"
        "Plymouth,03:28,LAB,31,26,0,\n",
    )
    out = tmp_path / "o.jsonl"
    assert run(capsys, "import", "results", *files, *NIGHT, "-o", str(out))[0] == 0
    feed = check_feed(out)[0]
    assert feed is not None
    result = feed.entries[0]
    assert isinstance(result, Result)
    assert (result.control, result.change) == (None, {"LAB": 0})  # CON's change not given


def test_an_all_out_council_must_have_won_what_it_holds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    councils = "name,seats,seats_up\nWandsworth,60,60\n"
    results = "council,at,seats:LAB,seats:CON,won:LAB,won:CON\nWandsworth,04:40,26,34,26,33\n"
    files = tables(tmp_path, results, councils)
    status, _, err = run(capsys, "import", "results", *files, *NIGHT, "-o", str(tmp_path / "o"))
    assert status == 1
    assert err == (
        f"{tmp_path / 'r.csv'}:2: all seats were up, so won: and seats: must be the same figures\n"
    )
