#!/usr/bin/env python3
"""Build the bundled 2023 and 2024 English local-election feeds (feed format v1).

Stdlib only and deterministic: the same inputs give byte-identical output.

    python feeds/src/build_2023_2024.py            # both years
    python feeds/src/build_2023_2024.py 2023       # one year

Inputs live under feeds/src/<year>/:
  councils.csv, declarations.csv, totals.csv, mayors.csv (copies of the shared data)
  corrections.csv   fields filled or fixed, each with its source (listed in feeds/README.md)
  seats_won.csv     seats won tonight (and change, where stated) for councils not elected all-out,
                    one line per council with its source (all-out councils take them from the composition)
  timeline.json     seed facts (posts in our own words), reported times, changes, mayors, PCCs
and feeds/src/ons_codes.csv (ONS codes of the 2023 hex map, matched by council name).

`build_year(year)` returns the feed as a list of dicts; `write_year(year)` writes
feeds/england-locals-<year>.jsonl. scripts/build_feeds.py can call either.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path

SRC = Path(__file__).resolve().parent
FEEDS = SRC.parent

PARTIES = [
    {"code": "LAB", "name": "Labour", "color": "#E4003B"},
    {"code": "CON", "name": "Conservative", "color": "#0087DC"},
    {"code": "LD", "name": "Liberal Democrats", "color": "#FAA61A"},
    {"code": "GRN", "name": "Green", "color": "#02A95B"},
    {"code": "REF", "name": "Reform UK", "color": "#12B6CF"},
    {"code": "IND", "name": "Independents and residents' groups", "color": "#B3B3B3"},
    {"code": "OTH", "name": "Others", "color": "#7F7F7F"},
]
CODES = [p["code"] for p in PARTIES]
OFFSET = "+01:00"  # every time in both nights is British Summer Time

SOURCES = {
    "pa": {"id": "pa", "name": "PA Media provisional declaration times (expected, not actual)"},
    "press-expected": {
        "id": "press-expected",
        "name": "Regional press and BBC expected declaration times",
    },
    "compiled": {
        "id": "compiled",
        "name": "Per-council results compiled from public pages (see feeds/src/<year>/councils.csv)",
    },
    "bbc": {
        "id": "bbc",
        "name": "BBC News live and regional pages",
        "url": "https://www.bbc.co.uk/news",
    },
    "labourlist": {
        "id": "labourlist",
        "name": "LabourList",
        "url": "https://labourlist.org/2023/05/local-elections-results-medway",
    },
    "worksop-guardian": {
        "id": "worksop-guardian",
        "name": "Worksop Guardian",
        "url": "https://www.worksopguardian.co.uk/news/politics/labour-maintains-grip-on-bassetlaw-council-with-increased-majority-4131111",
    },
    "sussex-express": {
        "id": "sussex-express",
        "name": "Sussex Express",
        "url": "https://www.sussexexpress.co.uk/news/politics/tories-at-wealden-suffer-heavy-losses-as-lib-dems-and-greens-make-big-gains-4132687",
    },
    "roundup2023": {
        "id": "roundup2023",
        "name": "Friday-afternoon results round-up, 5 May 2023 (seed 003)",
    },
    "independent2024": {
        "id": "independent2024",
        "name": "The Independent: key wins and losses, 35 of 107 declared (seed 004)",
        "url": "https://www.independent.co.uk/news/uk/politics/local-election-results-all-councils-mayors-b2539057.html",
    },
    "mayors2024": {
        "id": "mayors2024",
        "name": "Mayoral results compiled from public pages (see feeds/src/2024/mayors.csv)",
    },
    "pcc2024": {
        "id": "pcc2024",
        "name": "Police and crime commissioner results seen in regional press and the 2024 round-up",
    },
}

YEARS = {
    "2023": {
        "id": "england-locals-2023",
        "title": "English local elections 2023",
        "polling_day": "2023-05-04",
        "councils_total": 230,
    },
    "2024": {
        "id": "england-locals-2024",
        "title": "English local elections 2024",
        "polling_day": "2024-05-02",
        "councils_total": 107,
    },
}

NOTES = {
    "2023": (
        "Times are BST. A time without 'estimated' was reported by a source (a live page or local report of the result). "
        "Estimated times: (1) PA's provisional declaration list of 3 May 2023, or for councils missing from the copies read, "
        "the PA-based chronological list (upday) and regional expected times (Yorkshire Post, BBC regional live pages); "
        "(2) seed consistency: a council the Friday round-up (placed at 17:30) already reports is moved to 17:25 if its "
        "expected time was later; the round-up's still-to-come councils are spaced evenly 18:00-19:30 and York, "
        "expected last 'from 8pm', is put at 20:00 after every other result; "
        "(3) councils with no reported or expected time are assumed to be Friday counts and are spaced evenly "
        "12:00-17:20 in alphabetical order. Mayors: PA's expected time, else the time of their council's result; "
        "Mansfield is placed after the round-up, which still listed it. Posts about one council share its result's time."
    ),
    "2024": (
        "Times are BST. No declaration in this feed has a reported time: all council, mayor and PCC times are estimates. "
        "Estimated times: (1) PA's at-a-glance list of expected declaration times (The Independent, 3 May 2024) for the 35 "
        "overnight counts, and regional expected times (ITV Granada, Haslemere Herald, The Star) for some Friday-to-Sunday "
        "counts; (2) the other councils are assumed to be Friday daytime counts and are spaced evenly 11:00-19:00 in "
        "alphabetical order; (3) The Independent's round-up with 35 of 107 councils declared is placed at 07:00 on Friday, "
        "after the last overnight result and before the first daytime one; (4) mayors: the four PA listed for Friday "
        "spaced 14:00-20:00, the seven for Saturday spaced 12:00-23:00 in the order the live blogs report them "
        "(West Midlands last); PCCs: the three PA listed as overnight at 04:00-05:00, the others in the Friday afternoon."
    ),
}


# ---------------------------------------------------------------- helpers


def slug(name: str) -> str:
    s = name.lower().replace("'", "").replace("\u2019", "").replace("&", "and")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def parse_at(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=None)


def fmt(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S") + OFFSET


def spread(items: list, start: str, end: str) -> dict:
    """Space items evenly from start to end (inclusive), rounded to the minute."""
    a, b = parse_at(start), parse_at(end)
    n = len(items)
    out = {}
    for i, item in enumerate(items):
        frac = 0 if n == 1 else i / (n - 1)
        t = a + (b - a) * frac
        out[item] = t.replace(second=0, microsecond=0) + timedelta(
            minutes=1 if t.second >= 30 else 0
        )
    return out


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def parse_comp(text: str) -> dict:
    comp = {}
    for part in text.split(";"):
        code, n = part.split("=")
        comp[code.strip()] = int(n)
    return comp


def derived_control(comp: dict, seats: int) -> str:
    for code, n in comp.items():
        if n * 2 > seats:
            return code
    return "NOC"


def source_of(url: str) -> str:
    pa_hosts = ("jerseyeveningpost", "independent.co.uk", "upday", "cloudfront", "magzter")
    return "pa" if any(h in url for h in pa_hosts) else "press-expected"


# ---------------------------------------------------------------- councils


def load_councils(year: str) -> list[dict]:
    ydir = SRC / year
    rows = read_csv(ydir / "councils.csv")
    by_name = {r["council"]: r for r in rows}
    ons = {r["council"]: r["ons"] for r in read_csv(SRC / "ons_codes.csv")}
    for c in read_csv(ydir / "corrections.csv"):
        row = by_name[c["council"]]  # KeyError = a typo in corrections.csv
        if c["field"] == "composition":
            comp = parse_comp(c["value"])
            for code in CODES:
                row[code] = str(comp.get(code, 0))
        else:
            row[c["field"]] = c["value"]
    won = load_seats_won(year)
    for name, w in won.items():
        row = by_name[name]  # KeyError = a typo in seats_won.csv
        if row["seats_up"] and int(row["seats_up"]) != w["seats_up"]:
            raise ValueError(
                f"{year} {name}: seats_won.csv has seats_up {w['seats_up']}, councils.csv "
                f"{row['seats_up']} (fix one of them in corrections.csv)"
            )
        row["seats_up"] = str(w["seats_up"])
    out = []
    for r in rows:
        seats = int(r["seats_total"])  # every council needs a size: see corrections.csv
        comp = None
        if all(r[c] != "" for c in CODES):
            comp = {c: int(r[c]) for c in CODES if int(r[c])}
            if sum(comp.values()) != seats:
                raise ValueError(
                    f"{year} {r['council']}: composition sums to {sum(comp.values())}, not {seats}"
                )
        out.append(
            {
                "name": r["council"],
                "id": slug(r["council"]),
                "kind": r["kind"],
                "seats": seats,
                "seats_up": int(r["seats_up"]) if r["seats_up"] else None,
                "before": r["control_before"],
                "after": r["control_after"],
                "composition": comp,
                "ons": ons[r["council"]],
            }
        )
        c = out[-1]
        w = won.get(c["name"])
        if w:
            check_seats_won(year, c, w)
            c["seats_won"], c["change"] = w["seats_won"], w["change"]
        elif comp and c["seats_up"] == seats:  # all-out: the new council is tonight's result
            c["seats_won"], c["change"] = comp, None
        else:
            c["seats_won"], c["change"] = None, None
    return out


def office_entry(kind: str, t, office: dict, source: str, estimated: bool) -> dict:
    """A `mayor` or `pcc` entry from a timeline.json record (party_before only if a party code)."""
    e = {
        "type": kind,
        "at": fmt(t),
        "area": office["area"],
        "winner": office["winner"],
        "party": office["party"],
    }
    if office.get("party_before") in CODES:
        e["party_before"] = office["party_before"]
    e.update({"note": office["note"], "source": source})
    if estimated:
        e["estimated"] = True
    return e


def load_seats_won(year: str) -> dict:
    """council name -> {seats_up, seats_won, change} from feeds/src/<year>/seats_won.csv (if any)."""
    path = SRC / year / "seats_won.csv"
    if not path.exists():
        return {}
    out = {}
    for r in read_csv(path):
        if r["council"] in out:
            raise ValueError(f"{year} seats_won.csv: {r['council']} listed twice")
        if not r["source"].startswith(("http://", "https://")):
            raise ValueError(f"{year} seats_won.csv: {r['council']} has no source address")
        out[r["council"]] = {
            "seats_up": int(r["seats_up"]),
            "seats_won": parse_comp(r["seats_won"]),
            "change": parse_comp(r["change"]) if r["change"] else None,
        }
    return out


def check_seats_won(year: str, c: dict, w: dict) -> None:
    """Sanity checks: known party codes, total within the seats up, consistent with the new council."""
    won = w["seats_won"]
    for code in list(won) + list(w["change"] or {}):
        if code not in CODES:
            raise ValueError(f"{year} {c['name']}: unknown party code {code} in seats_won.csv")
    if any(n <= 0 for n in won.values()):
        raise ValueError(f"{year} {c['name']}: seats_won lists a party with no seat")
    if sum(won.values()) > c["seats_up"]:
        raise ValueError(
            f"{year} {c['name']}: seats won {sum(won.values())} > seats up {c['seats_up']}"
        )
    comp = c["composition"]
    if comp:
        for code, n in won.items():
            if n > comp.get(code, 0):
                raise ValueError(
                    f"{year} {c['name']}: {code} won {n} seats but holds {comp.get(code, 0)}"
                )
        if c["seats_up"] == c["seats"] and won != comp:
            raise ValueError(
                f"{year} {c['name']}: all-out election but seats won differ from the composition"
            )


# ---------------------------------------------------------------- times


def council_times(year: str, councils: list[dict], tl: dict) -> dict:
    """name -> (datetime, estimated, source_id, note)."""
    decl = read_csv(SRC / year / "declarations.csv")
    times: dict = {}
    for d in decl:  # expected first; an actual time replaces it
        if d["kind"] == "expected":
            times[d["council"]] = (
                parse_at(d["declared_at"]),
                True,
                source_of(d["source_url"]),
                None,
            )
    for d in decl:
        if d["kind"] == "actual":
            times[d["council"]] = (
                parse_at(d["declared_at"]),
                False,
                "bbc",
                "Time of the BBC live-page post reporting the result.",
            )
    for r in tl["reported_times"]:
        times[r["council"]] = (parse_at(r["at"]), False, r["source"], r.get("note"))

    ru = tl["roundup"]
    names = [c["name"] for c in councils]
    if year == "2023":
        t_r = parse_at(ru["at"])
        for name in ru["decided"]:
            if name in times and times[name][0] > t_r:
                times[name] = (
                    t_r - timedelta(minutes=5),
                    True,
                    "roundup2023",
                    "Moved before the round-up, which already reports this result (expected later).",
                )
        to_come = [n for n in ru["to_come"]]
        slots = spread(to_come, *ru["to_come_window"])
        for n in to_come:
            t = times.get(n)
            if t is None or t[0] < slots[n]:
                note = "Still to come in the Friday round-up; placed in the evening wave."
                times[n] = (slots[n], True, "roundup2023", note)
        times[ru["last"]] = (
            parse_at(ru["last_at"]),
            True,
            "roundup2023",
            "Expected last, from 8pm (round-up and PA).",
        )
    missing = sorted(n for n in names if n not in times)
    for n, t in spread(missing, *tl["unknown_window"]).items():
        times[n] = (t, True, None, None)
    return times


# ---------------------------------------------------------------- build


def build_year(year: str) -> list[dict]:
    meta = YEARS[year]
    tl = json.loads((SRC / year / "timeline.json").read_text(encoding="utf-8"))
    councils = load_councils(year)
    assert len(councils) == meta["councils_total"], len(councils)
    ids = {c["name"]: c["id"] for c in councils}
    times = council_times(year, councils, tl)
    used_sources = {"compiled"}

    # (time, order, entry): order keeps file order for equal times
    entries: list[tuple] = []

    def add(t: datetime, order: int, entry: dict):
        entries.append((t, order, len(entries), entry))

    last_name = tl["roundup"].get("last")
    for c in councils:
        t, est, src, note = times[c["name"]]
        r = {"type": "result", "at": fmt(t), "council": c["id"]}
        if c["composition"]:
            r["composition"] = c["composition"]
            if derived_control(c["composition"], c["seats"]) != c["after"]:
                r["control"] = c["after"]
        else:
            r["control"] = c["after"]
        if c["seats_won"]:
            r["seats_won"] = c["seats_won"]
        ch = dict(c["change"] or {})
        for code, n in (
            tl["changes"].get(c["name"], {}).items()
        ):  # the seeds' figures (timeline.json)
            if code in ch and ch[code] != n:
                raise ValueError(
                    f"{year} {c['name']}: change {code} {ch[code]} in seats_won.csv, {n} in timeline.json"
                )
            ch[code] = n
        if ch:
            r["change"] = ch
        notes = [n for n in (tl["result_notes"].get(c["name"]), note) if n]
        if notes:
            r["note"] = " ".join(notes)
        if "control" in r and c["composition"] and not tl["result_notes"].get(c["name"]):
            raise ValueError(
                f"{year} {c['name']}: control overrides the composition without a note"
            )
        r["source"] = "compiled" if est or not src else src  # a reported time cites who reported it
        if est:
            r["estimated"] = True
        if src:
            used_sources.add(src)
        add(t, 9 if c["name"] == last_name else 1, r)

    # mayors and PCCs
    mayor_times = {}
    if year == "2023":
        for m in tl["mayors"]:
            basis = m["time_basis"]
            if basis.startswith("council:"):
                t, est, _, _ = times[basis.split(":", 1)[1]]
            else:
                t, est = parse_at(m["at"]), True
            mayor_times[m["area"]] = (t, est)
            add(t, 2, office_entry("mayor", t, m, "compiled", est))
    else:
        for day in ("fri", "sat"):
            group = [m for m in tl["mayors"] if m["day"] == day]
            slots = spread([m["area"] for m in group], *tl["mayor_windows"][day])
            for m in group:
                t = slots[m["area"]]
                mayor_times[m["area"]] = (t, True)
                add(t, 2, office_entry("mayor", t, m, "mayors2024", True))
        used_sources.add("mayors2024")
        for p in tl["pccs"]:
            t = parse_at(p["at"])
            mayor_times["pcc:" + p["area"]] = (t, True)
            add(t, 2, office_entry("pcc", t, p, "pcc2024", True))
        used_sources.add("pcc2024")

    ru = tl["roundup"]
    t_r = parse_at(ru["at"])
    used_sources.add(ru["source"])
    for p in tl["posts"]:
        e = {"type": "post"}
        if p.get("roundup"):
            t, est, cl = t_r, True, [ids[n] for n in p["councils"]]
        elif "council" in p:
            t, est, _, _ = times[p["council"]]
            cl = [ids[p["council"]]]
        elif "mayor" in p:
            t, est = mayor_times[p["mayor"]]
            cl = [ids[p["mayor"]]] if p["mayor"] in ids else []
        else:
            t, est = mayor_times["pcc:" + p["pcc"]]
            cl = []
        if len(p["text"]) > 200:
            raise ValueError(f"post too long: {p['text']}")
        e.update({"at": fmt(t), "text": p["text"], "source": ru["source"]})
        if cl:
            e["councils"] = cl
        if est:
            e["estimated"] = True
        add(t, 5 if p.get("roundup") else 3, e)

    # markers
    starts = parse_at(meta["polling_day"] + "T22:00:00")
    add(starts, 0, {"type": "marker", "at": fmt(starts), "label": "Polls close"})
    for mk in tl["markers"]:
        if "council" in mk:
            t, est, _, _ = times[mk["council"]]
        else:
            t, est = mayor_times[mk["mayor"]]
        e = {"type": "marker", "at": fmt(t), "label": mk["label"]}
        if est:
            e["estimated"] = True
        add(t, 4, e)
    n = sum(1 for x in entries if x[3]["type"] == "result")

    if year == "2024":  # the round-up moment, findable by jumping between markers
        add(
            t_r,
            6,
            {
                "type": "marker",
                "at": fmt(t_r),
                "label": f"Round-up: {ru['declared']} of {n} councils declared",
                "estimated": True,
            },
        )
    entries.sort(key=lambda x: x[:3])
    if year == "2024":  # the round-up moment: exactly `declared` results at or before it
        done = sum(1 for x in entries if x[3]["type"] == "result" and x[0] <= t_r)
        assert done == ru["declared"], done

    header = {
        "type": "election",
        "feed_version": 1,
        "id": meta["id"],
        "title": meta["title"],
        "polling_day": meta["polling_day"],
        "timezone": "Europe/London",
        "starts": fmt(starts),
        "ends": fmt(entries[-1][0]),
        "parties": PARTIES,
        "sources": [SOURCES[s] for s in SOURCES if s in used_sources],
        "notes": NOTES[year],
    }
    lines = [header]
    for c in councils:
        line = {
            "type": "council",
            "id": c["id"],
            "name": c["name"],
            "kind": c["kind"],
            "seats": c["seats"],
        }
        if c["seats_up"] is not None:
            line["seats_up"] = c["seats_up"]
        line["control"] = c["before"]
        line["ons"] = c["ons"]
        lines.append(line)
    n_entries = len(entries)
    lines.extend(x[3] for x in entries)
    # first declaration, first gain, each change of control, halfway, last declaration:
    # read off the app's own board, after everything else at their time
    for marker in automatic_markers(lines):
        add(parse_at(marker["at"]), 9.5, marker)
    entries.sort(key=lambda x: x[:3])
    return lines[: len(lines) - n_entries] + [x[3] for x in entries]


def automatic_markers(lines: list[dict]) -> list[dict]:
    """The markers elextui.markers reads off the board of the feed `lines`."""
    root = str(SRC.parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from elextui.feed import parse_feed
    from elextui.markers import derive_markers

    data = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()
    feed, problems = parse_feed(data, "<build>")
    if feed is None:
        raise ValueError("; ".join(str(p) for p in problems))
    out = []
    for m in derive_markers(feed):
        marker = {"type": "marker", "at": fmt(m.at), "label": m.label}
        if m.estimated:
            marker["estimated"] = True
        out.append(marker)
    return out


def write_year(year: str) -> Path:
    out = FEEDS / f"england-locals-{year}.jsonl"
    text = "".join(
        json.dumps(x, ensure_ascii=False, separators=(",", ":")) + "\n" for x in build_year(year)
    )
    out.write_text(text, encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    years = argv or sorted(YEARS)
    for y in years:
        if y not in YEARS:
            print(f"unknown year {y!r}; known: {', '.join(sorted(YEARS))}", file=sys.stderr)
            return 2
        print(write_year(y))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
