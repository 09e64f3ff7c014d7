"""The command line contract: check, state --json, feeds, and one-line usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from feedkit import council, entry, header, write

from elextui.cli import main
from elextui.feed import bundled_feeds

MINI = Path(__file__).parent / "data" / "mini.jsonl"
PARTY_KEYS = {"councils", "councils_change", "councillors", "councillors_change"}
COUNCIL_KEYS = {"name", "status", "control", "control_before", "composition", "estimated"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def state_json(capsys: pytest.CaptureFixture[str], at: str, feed: Path = MINI) -> Any:
    status, out, err = run(capsys, "state", str(feed), "--at", at, "--json")
    assert (status, err) == (0, "")
    assert out.count("\n") == 1
    return json.loads(out)


# -- check -----------------------------------------------------------------------------


def test_check_valid_feed(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "check", str(MINI))
    assert status == 0
    assert out == f"{MINI}: ok (3 councils, 8 entries)\n"
    assert err == ""


def test_check_quiet_valid_feed_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", "-q", str(MINI)) == (0, "", "")


def test_check_reports_every_problem_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = write(
        tmp_path / "bad.jsonl",
        header(),
        council("plymouth", 57, composition={"CON": 30}),
        "{oops",
        entry("result", council="plymouth", control="LAB", contorl="CON"),
    )
    status, out, err = run(capsys, "check", str(MINI), str(bad))
    assert status == 1
    assert out.splitlines() == [
        f"{MINI}: ok (3 councils, 8 entries)",
        f"{bad}:2: council 'plymouth': composition sums to 30, not seats 57",
        f"{bad}:3: invalid JSON: object keys must be strings (byte 1)",
        f"{bad}:4: result: unknown field `contorl`",
    ]
    assert err == ""


def test_check_unknown_feed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, "check", str(tmp_path / "nope.jsonl"))
    assert status == 1
    assert out == ""
    assert "no feed file or bundled feed called" in err
    assert err.count("\n") == 1


# -- state --json ----------------------------------------------------------------------


def test_state_json_at_the_end_matches_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    got = state_json(capsys, "end")
    assert set(got) == {
        "feed",
        "at",
        "declared",
        "called",
        "councils_total",
        "coverage",
        "parties",
        "councils",
    }
    assert got["feed"] == "mini"
    assert got["at"] == "2018-05-04T15:52:00+01:00"
    assert (got["declared"], got["called"], got["councils_total"]) == (3, 0, 3)
    assert got["coverage"] == {"seats_won": 3, "change": 3}
    assert list(got["parties"]) == ["LAB", "CON", "LD", "NOC"]
    assert all(set(row) == PARTY_KEYS for row in got["parties"].values())
    assert got["parties"] == {
        "LAB": {"councils": 2, "councils_change": 1, "councillors": 43, "councillors_change": 6},
        "CON": {"councils": 0, "councils_change": -2, "councillors": 19, "councillors_change": -6},
        "LD": {"councils": 0, "councils_change": 0, "councillors": 3, "councillors_change": 0},
        "NOC": {"councils": 1, "councils_change": 1, "councillors": 0, "councillors_change": 0},
    }
    assert got["councils"] == {
        "plymouth": {
            "name": "Plymouth",
            "status": "declared",
            "control": "LAB",
            "control_before": "CON",
            "composition": {"LAB": 31, "CON": 26},
            "seats_won": {"LAB": 11, "CON": 8},
            "change": {"LAB": 4, "CON": -4},
            "declared_at": "2018-05-04T03:28:00+01:00",
            "estimated": False,
        },
        "sunderland": {
            "name": "Sunderland",
            "status": "declared",
            "control": "LAB",
            "control_before": "LAB",
            "composition": None,  # a control-only result
            "seats_won": {"LAB": 20, "CON": 3, "LD": 2},
            "change": {"LAB": -1, "CON": 1, "LD": 0},
            "declared_at": "2018-05-03T23:45:00+01:00",
            "estimated": False,
        },
        "trafford": {
            "name": "Trafford",
            "status": "declared",
            "control": "NOC",
            "control_before": "CON",
            "composition": {"CON": 30, "LAB": 30, "LD": 3},
            "seats_won": {"CON": 8, "LAB": 12, "LD": 1},
            "change": {"CON": -3, "LAB": 3},
            "declared_at": "2018-05-04T04:10:00+01:00",
            "estimated": True,
        },
    }


def test_state_json_pending_councils_show_the_baseline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    got = state_json(capsys, "03:00")
    assert got["at"] == "2018-05-04T03:00:00+01:00"
    assert (got["declared"], got["councils_total"]) == (1, 3)
    assert got["councils"]["plymouth"] == {
        "name": "Plymouth",
        "status": "pending",
        "control": "CON",
        "control_before": "CON",
        "composition": {"CON": 30, "LAB": 27},
        "estimated": False,
    }
    assert got["councils"]["trafford"]["status"] == "pending"
    assert got["councils"]["trafford"]["control"] == "CON"  # derived from the baseline
    assert got["councils"]["sunderland"]["status"] == "declared"
    assert got["parties"]["CON"] == {
        "councils": 0,
        "councils_change": 0,  # CON councils that have not declared do not count
        "councillors": 3,
        "councillors_change": 1,
    }
    assert got["parties"]["NOC"] == dict.fromkeys(PARTY_KEYS, 0)


def test_state_json_at_start_is_the_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    got = state_json(capsys, "start")
    assert got["declared"] == 0
    assert all(row == dict.fromkeys(PARTY_KEYS, 0) for row in got["parties"].values())
    assert {c["status"] for c in got["councils"].values()} == {"pending"}
    assert all(set(c) == COUNCIL_KEYS for c in got["councils"].values())


def test_state_json_noc_councillor_figures_are_zero(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    feed = write(
        tmp_path / "noc.jsonl",
        header(),
        council("hull", 5, seats_up=5, control="LAB"),
        entry(
            "result",
            council="hull",
            composition={"LAB": 2, "CON": 2, "LD": 1},
            seats_won={"LAB": 2, "CON": 2, "LD": 1},
            change={"LAB": -1, "CON": 1},
        ),
    )
    got = state_json(capsys, "end", feed)
    assert got["parties"]["NOC"] == {
        "councils": 1,
        "councils_change": 1,
        "councillors": 0,
        "councillors_change": 0,
    }
    assert got["parties"]["LAB"]["councils_change"] == -1


def test_state_json_calls_count_apart_from_declarations(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    feed = write(
        tmp_path / "call.jsonl",
        header(),
        council("hull", 5, seats_up=5, control="CON"),
        council("york", 5, seats_up=5, control="LAB"),
        entry("result", at="2018-05-04T01:00:00+01:00", council="york", control="LAB"),
        entry(
            "result",
            at="2018-05-04T02:00:00+01:00",
            council="hull",
            control="LAB",
            seats_won={"LAB": 3},
            final=False,
        ),
        entry(
            "result",
            at="2018-05-04T03:00:00+01:00",
            council="hull",
            composition={"LAB": 4, "CON": 1},
            seats_won={"LAB": 4, "CON": 1},
            estimated=True,
        ),
    )
    got = state_json(capsys, "02:30", feed)
    assert (got["declared"], got["called"]) == (1, 1)
    assert got["coverage"] == {"seats_won": 0, "change": 0}  # York gave only control
    assert got["parties"]["LAB"]["councils"] == 1  # the call is not counted
    assert got["parties"]["LAB"]["councillors"] == 0
    hull = got["councils"]["hull"]
    assert hull["status"] == "called"
    assert hull["control"] == "LAB"
    assert hull["called_at"] == "2018-05-04T02:00:00+01:00"
    assert "declared_at" not in hull
    assert got["councils"]["york"]["seats_won"] is None  # unknown, not zero
    got = state_json(capsys, "end", feed)
    assert (got["declared"], got["called"]) == (2, 0)
    assert got["coverage"] == {"seats_won": 1, "change": 0}
    assert got["councils"]["hull"]["declared_at"] == "2018-05-04T03:00:00+01:00"
    assert got["councils"]["hull"]["estimated"] is True
    assert got["parties"]["LAB"] == {
        "councils": 2,
        "councils_change": 1,
        "councillors": 4,
        "councillors_change": 0,
    }


@pytest.mark.parametrize(
    ("at", "expected"),
    [("+30h", "2018-05-04T15:52:00+01:00"), ("2017-01-01T00:00Z", "2018-05-03T22:00:00+01:00")],
)
def test_state_clamps_time_to_the_night(
    capsys: pytest.CaptureFixture[str], at: str, expected: str
) -> None:
    assert state_json(capsys, at)["at"] == expected


def test_state_tables(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "state", str(MINI), "--at", "end")
    assert (status, err) == (0, "")
    assert "Scoreboard" in out
    assert "LAB GAIN from CON" in out
    assert "\u224804:10" in out  # Trafford's estimated time
    assert "seats won and change known for all 3" in out


# -- usage errors ----------------------------------------------------------------------


@pytest.mark.parametrize("at", ["soon", "25:00", "+5x"])
def test_bad_time_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], at: str) -> None:
    status, out, err = run(capsys, "state", str(MINI), "--at", at, "--json")
    assert status == 2
    assert out == ""
    assert err.startswith("elextui: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_unknown_feed_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, "state", str(tmp_path / "nope.jsonl"), "--at", "end")
    assert status == 2
    assert out == ""
    assert err.startswith("elextui: no feed file or bundled feed called ")
    assert err.count("\n") == 1


def test_invalid_feed_for_state_lists_problems_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = write(tmp_path / "bad.jsonl", header(), "[]")
    status, out, err = run(capsys, "state", str(bad), "--at", "end")
    assert status == 1
    assert out == ""
    assert err == f"{bad}:2: expected a JSON object, got `array`\n"


# -- feeds -----------------------------------------------------------------------------


def test_feeds_lists_the_bundled_feeds(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    status, out, err = run(capsys, "feeds")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["id", "title", "entries", "from", "to"]
    for feed_id in bundled_feeds():
        assert any(line.startswith(feed_id + " ") for line in lines[1:]), feed_id
    assert len(lines) - 1 >= len(bundled_feeds())


# -- a real process --------------------------------------------------------------------


def python_m(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "elextui", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_python_m_elextui_state_json() -> None:
    done = python_m("state", str(MINI), "--at", "03:30", "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["at"] == "2018-05-04T03:30:00+01:00"
    assert got["declared"] == 2
    assert got["councils"]["plymouth"]["control"] == "LAB"


def test_python_m_elextui_bad_time_has_no_traceback() -> None:
    done = python_m("state", str(MINI), "--at", "teatime")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("elextui: cannot read time 'teatime'")
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["--kiosk", "--no-ui"], "--kiosk needs the UI"),
        (["--kiosk", "--cycle", "0"], "--cycle 0: must be more than 0 seconds"),
        (["--theme", "nope"], "--theme 'nope': not a theme"),
    ],
)
def test_kiosk_and_theme_options_are_checked(
    capsys: pytest.CaptureFixture[str], argv: list[str], error: str
) -> None:
    status, out, err = run(capsys, "replay", str(MINI), *argv)
    assert status == 2 and out == ""
    assert err.startswith(f"elextui: {error}")
