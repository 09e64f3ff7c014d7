"""The bundled 2023 and 2024 feeds: well-formed, matching published totals and the seeds.

Plain pytest and the stdlib json module only (no elextui imports: the feeds are checked
as data, independently of the app). Published figures are those in
feeds/src/<year>/totals.csv; seed facts come from shared/seeds/003 (2023) and 004 (2024).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from elextui.feed import check_feed

ROOT = Path(__file__).resolve().parent.parent
FEEDS = ROOT / "feeds"

AT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00$")


def load(year: str) -> list[dict]:
    lines = (FEEDS / f"england-locals-{year}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(s) for s in lines if s.strip()]


def slug(name: str) -> str:
    s = name.lower().replace("'", "").replace("\u2019", "").replace("&", "and")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def when(e: dict) -> datetime:
    return datetime.fromisoformat(e["at"])


def control_of(result: dict, seats: int) -> str:
    if "control" in result:
        return result["control"]
    for party, n in result["composition"].items():
        if n * 2 > seats:
            return party
    return "NOC"


def final_state(feed: list[dict]) -> tuple[dict, dict]:
    """(council id -> control before, council id -> control after the last result)."""
    seats = {c["id"]: c["seats"] for c in feed if c["type"] == "council"}
    before = {c["id"]: c["control"] for c in feed if c["type"] == "council"}
    after = {}
    for (
        e
    ) in feed:  # file order is time order (checked below); a later result replaces an earlier one
        if e["type"] == "result":
            after[e["council"]] = control_of(e, seats[e["council"]])
    return before, after


@pytest.fixture(scope="module", params=["2023", "2024"])
def feed(request):
    return request.param, load(request.param)


# ------------------------------------------------------------------ well-formed


def test_feed_passes_the_reader(feed):
    year, _ = feed
    parsed, problems = check_feed(FEEDS / f"england-locals-{year}.jsonl")
    assert parsed is not None and problems == []


def test_feed_is_well_formed(feed):
    year, lines = feed
    header = lines[0]
    assert header["type"] == "election" and header["feed_version"] == 1
    assert header["id"] == f"england-locals-{year}"
    codes = {p["code"] for p in header["parties"]}
    assert {"LAB", "CON", "LD", "GRN", "REF", "IND", "OTH"} <= codes
    assert all(re.fullmatch(r"#[0-9A-F]{6}", p["color"]) for p in header["parties"])
    sources = {s["id"] for s in header["sources"]}
    assert "estimated" in header["notes"].lower() or "estimate" in header["notes"].lower()
    assert header["starts"] == f"{header['polling_day']}T22:00:00+01:00"

    seats, seats_up, problems = {}, {}, []
    seen_entries = False
    for n, e in enumerate(lines, 1):
        kind = e.get("type")
        if kind == "election":
            assert n == 1
            continue
        if kind == "council":
            assert not seen_entries, f"line {n}: council line after timed entries"
            assert e["id"] == slug(e["name"]) and e["id"] not in seats
            assert isinstance(e["seats"], int) and e["seats"] > 0
            assert e.get("control", "NOC") in codes | {"NOC"}
            assert re.fullmatch(r"E0[6-9]\d{6}", e["ons"]), e
            seats[e["id"]] = e["seats"]
            if "seats_up" in e:
                assert 0 < e["seats_up"] <= e["seats"]
                seats_up[e["id"]] = e["seats_up"]
            if "composition" in e:
                assert sum(e["composition"].values()) == e["seats"]
            continue
        seen_entries = True
        assert AT.match(e["at"]), f"line {n}: bad time {e['at']}"
        assert when(e) >= datetime.fromisoformat(header["starts"])
        assert when(e) <= datetime.fromisoformat(header["ends"])
        if "estimated" in e:
            assert e["estimated"] is True
        if "source" in e:
            assert e["source"] in sources, f"line {n}: unknown source {e['source']}"
        if kind == "post":
            assert 0 < len(e["text"]) < 200
            assert all(c in seats for c in e.get("councils", []))
        elif kind == "result":
            cid = e["council"]
            assert cid in seats
            assert "composition" in e or "control" in e
            for key in ("composition", "seats_won", "change"):
                for party, v in e.get(key, {}).items():
                    assert party in codes and isinstance(v, int), (n, key, party)
                    if key != "change":
                        assert v > 0 or key == "seats_won", (n, key, party)
            if "composition" in e:
                assert sum(e["composition"].values()) == seats[cid], f"line {n}"
                if "control" in e:
                    assert e.get("note"), f"line {n}: control override without a note"
            if "control" in e:
                assert e["control"] in codes | {"NOC"}
            if "seats_won" in e:
                assert cid in seats_up and sum(e["seats_won"].values()) <= seats_up[cid], (
                    f"line {n}"
                )
        elif kind in ("mayor", "pcc"):
            assert e["party"] in codes
            if "party_before" in e:
                assert e["party_before"] in codes
            else:
                assert "new post" in e.get("note", "").lower(), (
                    f"line {n}: no party_before and not a new post"
                )
        elif kind == "marker":
            assert 0 < len(e["label"]) <= 60
    timed = [e for e in lines if e["type"] not in ("election", "council")]
    assert [when(e) for e in timed] == sorted(when(e) for e in timed), "entries not sorted by time"
    assert header["ends"] == timed[-1]["at"]
    # every council has exactly its one result
    declared = Counter(e["council"] for e in timed if e["type"] == "result")
    assert set(declared) == set(seats) and set(declared.values()) == {1}
    assert not problems


def test_feed_is_reproducible(feed):
    year, _ = feed
    r = subprocess.run(
        [sys.executable, str(FEEDS.parent / "scripts" / "build_feeds.py"), "--check", year],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr


# ------------------------------------------------------------------ published totals

PUBLISHED_COUNCILS = {
    # BBC / Wikipedia 2023: Lab 71 (+22), Con 33 (-48), LD 29 (+12), Green 1 (+1),
    # Independents & others 2 (+1) + Residents' Associations 2 (0) = IND 4 (+1);
    # NOC = 230 - 138 = 92.
    "2023": (
        {"LAB": 71, "CON": 33, "LD": 29, "GRN": 1, "IND": 4, "NOC": 92},
        {"LAB": 22, "CON": -48, "LD": 12, "GRN": 1, "IND": 1},
    ),
    # Wikipedia/Guardian 2024: Lab 51 (+8), LD 12 (+2), Con 6 (-10), Green 0, NOC/other 38 (0).
    "2024": (
        {"LAB": 51, "CON": 6, "LD": 12, "GRN": 0, "NOC+IND": 38},
        {"LAB": 8, "CON": -10, "LD": 2, "GRN": 0, "NOC+IND": 0},
    ),
}
PUBLISHED_COUNCILLORS = {  # seats won at the election (not whole-council figures)
    "2023": {"LAB": 2675, "CON": 2296, "LD": 1628, "GRN": 481, "REF": 6},
    "2024": {"LAB": 1158, "CON": 515, "LD": 522, "GRN": 181},
}


def test_final_control_matches_published_totals(feed):
    year, lines = feed
    before, after = final_state(lines)
    end, change = Counter(after.values()), Counter(after.values())
    change.subtract(Counter(before.values()))
    want_end, want_change = PUBLISHED_COUNCILS[year]
    if "NOC+IND" in want_end:
        for c in (end, change):
            c["NOC+IND"] = c.pop("NOC", 0) + c.pop("IND", 0)
    for party, n in want_end.items():
        assert end.get(party, 0) == n, (party, end)
    for party, n in want_change.items():
        assert change.get(party, 0) == n, (party, change)
    assert sum(end.values()) == sum(want_end.values()) == len(after)


def test_councillors_published_minus_feed_fits_the_missing_councils(feed):
    """The feed gives seats_won only where a source itemises them, so per party the published
    figure minus the feed's sum must lie between 0 and the seats up in the councils still
    without seats_won (feeds/README.md lists them): a double-counted, mis-coded or invented
    row pushes a party outside that band."""
    year, lines = feed
    councils = {c["id"]: c for c in lines if c["type"] == "council"}
    won: Counter[str] = Counter()
    open_seats = 0
    for e in lines:
        if e["type"] != "result":
            continue
        if "seats_won" in e:
            won.update(e["seats_won"])
        else:
            c = councils[e["council"]]
            open_seats += c.get("seats_up") or c["seats"]
    for party, n in PUBLISHED_COUNCILLORS[year].items():
        assert 0 <= n - won.get(party, 0) <= open_seats, (party, won[party], n, open_seats)


SEATS_WON_AT_LEAST = {
    "2023": 218,
    "2024": 96,
}  # councils with seats_won (feeds/README.md lists the rest)


def test_seats_won_are_sourced_and_consistent(feed):
    """Every seats_won.csv row is sourced, listed once and lands in the feed unchanged;
    seats won never exceed the seats up, and the coverage does not shrink."""
    year, lines = feed
    import csv

    rows = list(csv.DictReader((FEEDS / "src" / year / "seats_won.csv").open(encoding="utf-8")))
    names = [r["council"] for r in rows]
    assert len(names) == len(set(names))
    councils = {c["name"]: c for c in lines if c["type"] == "council"}
    results = {e["council"]: e for e in lines if e["type"] == "result"}
    for r in rows:
        assert r["source"].startswith(("http://", "https://")), r["council"]
        c = councils[r["council"]]
        assert c["seats_up"] == int(r["seats_up"]), r["council"]
        want = {k: int(v) for k, v in (x.split("=") for x in r["seats_won"].split(";"))}
        assert results[c["id"]]["seats_won"] == want, r["council"]
    with_won = [e for e in results.values() if e.get("seats_won")]
    for e in with_won:
        c = next(c for c in councils.values() if c["id"] == e["council"])
        assert sum(e["seats_won"].values()) <= c["seats_up"], c["name"]
    assert len(with_won) >= SEATS_WON_AT_LEAST[year]


# ------------------------------------------------------------------ the seeds

SEED_CONTROL = {
    "2023": {  # seed 003, the Friday-afternoon round-up
        "LAB": [
            "Medway",
            "East Staffordshire",
            "Swindon",
            "Erewash",
            "Bracknell Forest",
            "Dover",
            "Plymouth",
            "Stoke-on-Trent",
            "Blackpool",
            "Middlesbrough",
            "North East Derbyshire",
            "Broxtowe",
            "High Peak",
            "Gravesham",
            "West Lancashire",
            "Gateshead",
            "Rossendale",
            "Knowsley",
            "Manchester",
        ],
        "LD": [
            "Windsor and Maidenhead",
            "Dacorum",
            "Stratford-on-Avon",
            "South Hams",
            "Mid Devon",
            "Teignbridge",
            "Chichester",
            "Watford",
        ],
        "GRN": ["Mid Suffolk"],
        "CON": ["Torbay", "Wyre Forest", "Walsall", "Solihull", "Dudley", "East Cambridgeshire"],
        "NOC": [
            "Tamworth",
            "Brentwood",
            "Hertsmere",
            "North West Leicestershire",
            "East Lindsey",
            "South Gloucestershire",
            "South Kesteven",
            "Welwyn Hatfield",
            "Maidstone",
            "Bromsgrove",
            "Cannock Chase",
            "West Devon",
            "North Warwickshire",
            "Tewkesbury",
            "Pendle",
            "Central Bedfordshire",
            "Runnymede",
            "Wealden",
            "Staffordshire Moorlands",
            "Melton",
            "Charnwood",
            "East Suffolk",
            "Broadland",
            "Newark and Sherwood",
            "East Hertfordshire",
            "Hartlepool",
            "Bolton",
            "Sheffield",
            "Slough",
            "Burnley",
            "North Hertfordshire",
            "Darlington",
            "Milton Keynes",
            "Wokingham",
            "Tunbridge Wells",
            "Elmbridge",
        ],
    },
    "2024": {  # seed 004, The Independent with 35 of 107 declared
        "LAB": ["Hartlepool", "Rushmoor", "Redditch", "South Tyneside", "Sunderland", "Thurrock"],
        "CON": ["Harlow"],
    },
}
SEED_CONTROL_BEFORE = {  # the seeds also say who ran these before
    "2023": {
        "CON": [
            "Medway",
            "East Staffordshire",
            "Swindon",
            "Erewash",
            "Bracknell Forest",
            "Dover",
            "Windsor and Maidenhead",
            "Dacorum",
            "Stratford-on-Avon",
            "South Hams",
            "Tamworth",
            "Brentwood",
            "East Hertfordshire",
            "Charnwood",
            "Broadland",
        ],
        "NOC": [
            "Plymouth",
            "Stoke-on-Trent",
            "Blackpool",
            "Middlesbrough",
            "Torbay",
            "Wyre Forest",
            "Mid Devon",
        ],
        "LAB": ["Slough"],
    },
    "2024": {"CON": ["Rushmoor", "Redditch", "Harlow"], "NOC": ["Hartlepool"]},
}
SEED_CHANGE = {
    "2023": {
        "medway": {"LAB": 11},
        "bracknell-forest": {"LAB": 18},
        "windsor-and-maidenhead": {"CON": -16, "LD": 13, "IND": 3},
        "east-hertfordshire": {"GRN": 17, "CON": -23},
        "mid-devon": {"LD": 22, "CON": -12, "IND": -11},
        "slough": {"LAB": -17},
        "south-hams": {"LD": 9, "CON": -2},
    },
    "2024": {
        "hartlepool": {"LAB": 7, "CON": -6},
        "rushmoor": {"LAB": 7, "CON": -8},
        "redditch": {"LAB": 9, "CON": -11},
        "south-tyneside": {"LAB": -10, "IND": 9, "GRN": 2, "CON": -1},
        "sunderland": {"LAB": 6},
        "thurrock": {"LAB": 8, "IND": 2, "CON": -10},
    },
}


def test_seed_councils_end_with_the_seed_control(feed):
    year, lines = feed
    before, after = final_state(lines)
    for party, names in SEED_CONTROL[year].items():
        for name in names:
            assert after[slug(name)] == party, (name, after[slug(name)], party)
    for party, names in SEED_CONTROL_BEFORE[year].items():
        for name in names:
            assert before[slug(name)] == party, (name, before[slug(name)], party)


def test_seed_seat_changes(feed):
    year, lines = feed
    change = {e["council"]: e.get("change", {}) for e in lines if e["type"] == "result"}
    for cid, want in SEED_CHANGE[year].items():
        for party, n in want.items():
            assert change[cid].get(party) == n, (cid, party)
    composition = {e["council"]: e.get("composition") for e in lines if e["type"] == "result"}
    if year == "2024":
        assert composition["south-tyneside"] == {"LAB": 28, "GRN": 11, "IND": 15}
        assert composition["harlow"] == {"CON": 17, "LAB": 16}


def test_seed_posts_are_attributed_and_short(feed):
    year, lines = feed
    seed = {"2023": "roundup2023", "2024": "independent2024"}[year]
    posts = [e for e in lines if e["type"] == "post" and e.get("source") == seed]
    assert len(posts) >= 10
    assert all(len(p["text"]) < 200 for p in posts)


# ------------------------------------------------------------------ the timeline


def results_at_or_before(lines: list[dict], entry: dict) -> set:
    """Councils declared when `entry` plays (file order = play order for equal times)."""
    out = set()
    for e in lines:
        if e is entry:
            return out
        if e["type"] == "result":
            out.add(e["council"])
    raise AssertionError("entry not in feed")


def test_2024_roundup_moment_has_35_of_107_declared():
    lines = load("2024")
    roundup = next(
        e
        for e in lines
        if e["type"] == "post" and e["text"].startswith("35 of 107 councils declared")
    )
    assert len(results_at_or_before(lines, roundup)) == 35
    t = when(roundup)
    assert sum(1 for e in lines if e["type"] == "result" and when(e) <= t) == 35
    marker = next(e for e in lines if e["type"] == "marker" and "35 of 107" in e["label"])
    assert marker["at"] == roundup["at"]
    # every council the round-up names was declared by then
    declared = results_at_or_before(lines, roundup)
    assert {
        "hartlepool",
        "harlow",
        "rushmoor",
        "redditch",
        "south-tyneside",
        "sunderland",
        "thurrock",
    } <= declared
    pccs = [e for e in lines if e["type"] == "pcc" and when(e) <= t]
    assert {p["area"] for p in pccs} == {"Avon and Somerset", "Cumbria", "Lincolnshire"}


def test_2023_roundup_and_york_last():
    lines = load("2023")
    roundup = next(
        e for e in lines if e["type"] == "post" and e["text"].startswith("Still to come")
    )
    declared = results_at_or_before(lines, roundup)
    for name in (
        SEED_CONTROL["2023"]["LAB"] + SEED_CONTROL["2023"]["LD"] + SEED_CONTROL["2023"]["NOC"]
    ):
        assert slug(name) in declared, name
    for cid in (
        "lancaster",
        "new-forest",
        "south-derbyshire",
        "west-suffolk",
        "bedford",
        "waverley",
        "york",
    ):
        assert cid not in declared, cid
    results = [e for e in lines if e["type"] == "result"]
    assert results[-1]["council"] == "york" and results[-1]["at"].startswith("2023-05-05T20:00")
    mansfield = next(e for e in lines if e["type"] == "mayor" and e["area"] == "Mansfield")
    assert when(mansfield) > when(roundup)


def test_markers(feed):
    year, lines = feed
    labels = {e["label"]: e for e in lines if e["type"] == "marker"}
    assert "Polls close" in labels
    assert any(k.startswith("First declaration") for k in labels)
    assert any(k.startswith("Halfway") for k in labels)
    assert any(k.startswith("Last declaration") for k in labels)
    result_at = {e["council"]: e["at"] for e in lines if e["type"] == "result"}
    wanted = {
        "2023": {"Medway": "medway", "Mid Suffolk": "mid-suffolk"},
        "2024": {"Hartlepool": "hartlepool", "Thurrock": "thurrock"},
    }[year]
    for name, cid in wanted.items():
        m = next(e for k, e in labels.items() if name in k)
        assert m["at"] == result_at[cid]
    if year == "2023":  # Medway is Labour's first gain from the Conservatives
        before, _ = final_state(lines)
        seats = {c["id"]: c["seats"] for c in lines if c["type"] == "council"}
        gains = [
            e
            for e in lines
            if e["type"] == "result"
            and before[e["council"]] == "CON"
            and control_of(e, seats[e["council"]]) == "LAB"
        ]
        assert gains[0]["council"] == "medway"


def test_estimates_are_flagged(feed):
    """Only the times a source reported are unflagged; everything else carries estimated."""
    year, lines = feed
    reported = {e["council"] for e in lines if e["type"] == "result" and not e.get("estimated")}
    expected = {
        "2023": {"sefton", "wychavon", "dover", "medway", "bassetlaw", "mid-suffolk", "wealden"},
        "2024": set(),
    }[year]
    assert reported == expected
    for e in lines:
        if e["type"] in ("mayor", "pcc") and year == "2024":
            assert e.get("estimated") is True


def test_mayors():
    m23 = {e["area"]: e for e in load("2023") if e["type"] == "mayor"}
    assert set(m23) == {"Bedford", "Leicester", "Mansfield", "Middlesbrough"}
    assert m23["Bedford"]["party"] == "CON" and m23["Bedford"]["party_before"] == "LD"
    assert m23["Middlesbrough"]["party"] == "LAB" and m23["Middlesbrough"]["party_before"] == "IND"
    m24 = {e["area"]: e for e in load("2024") if e["type"] == "mayor"}
    assert len(m24) == 11
    assert sum(1 for e in m24.values() if e["party"] == "LAB") == 10
    assert m24["West Midlands"]["party_before"] == "CON" and m24["Tees Valley"]["party"] == "CON"
    for area in ("East Midlands", "North East", "York and North Yorkshire"):
        assert "party_before" not in m24[area]
