#!/usr/bin/env python3
"""Build the bundled election-night feeds (feed format v1, JSON Lines).

Usage:
    python scripts/build_feeds.py 2018      # build feeds/england-locals-2018.jsonl
    python scripts/build_feeds.py all       # build every year that has a builder
    python scripts/build_feeds.py --check 2018   # build in memory, compare with the file on disk

Inputs live in feeds/src/<year>/ (copied data CSVs with corrections applied there, plus
hand-written entries). Stdlib only; the output is deterministic (same bytes every run).

To add a year: write a build_<year>() that returns (header, councils, entries) using the
shared helpers below, and register it in BUILDERS.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEEDS = ROOT / "feeds"
SRC = FEEDS / "src"
HEXMAPS = [
    Path("/work/shared/data/hexmaps/uk-local-authority-districts.hexjson"),
    Path("/work/shared/data/hexmaps/uk-local-authority-districts-2021.hexjson"),
]
ONS_FILE = "ons_codes.csv"  # per-year cache of name -> ONS code, so builds do not need /work/shared

BST = timezone(timedelta(hours=1))

# ---------------------------------------------------------------- common helpers


class FeedError(Exception):
    pass


def slug(name: str) -> str:
    """Council id: lower-case slug (drop apostrophes, & -> and, other runs -> '-')."""
    s = name.lower().replace("'", "").replace("\u2019", "").replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", "-", s)
    return s.strip("-")


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_jsonl(path: Path) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            try:
                out.append(json.loads(s))
            except json.JSONDecodeError as e:
                raise FeedError(f"{path}:{n}: bad JSON: {e}") from None
    return out


def night_time(text: str, polling_day: str, evening_from: int = 22) -> str:
    """Expand a clock time on the night to ISO 8601 with +01:00.

    "HH:MM" at or after `evening_from` o'clock is polling day; earlier clock times are
    the next day. A full ISO string is passed through (normalised).
    """
    text = text.strip()
    if "T" in text:
        dt = datetime.fromisoformat(text)
    else:
        h, m = (int(x) for x in text.split(":"))
        day = datetime.fromisoformat(polling_day).replace(tzinfo=BST)
        dt = day.replace(hour=h, minute=m)
        if h < evening_from:
            dt += timedelta(days=1)
    if dt.tzinfo is None:
        raise FeedError(f"time without offset: {text}")
    return dt.isoformat(timespec="seconds")


def parse_at(at: str) -> datetime:
    return datetime.fromisoformat(at)


def fmt_at(dt: datetime) -> str:
    return dt.astimezone(BST).isoformat(timespec="seconds")


def ons_lookup(names: list[str], cache: Path) -> dict[str, str]:
    """Name -> ONS code, from the hex maps (matched by name), cached in feeds/src/<year>."""
    if cache.exists():
        return {r["council"]: r["ons"] for r in read_csv(cache)}
    by_name: dict[str, str] = {}
    for hexfile in HEXMAPS:
        hexes = json.loads(hexfile.read_text(encoding="utf-8"))["hexes"]
        for code, h in hexes.items():
            key = norm_place(h["n"])
            by_name.setdefault(key, code)
    out = {}
    for name in names:
        code = by_name.get(norm_place(name))
        if not code:
            raise FeedError(f"no ONS code for {name!r}")
        out[name] = code
    with open(cache, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["council", "ons"])
        for name in names:
            w.writerow([name, out[name]])
    return out


def norm_place(n: str) -> str:
    n = n.lower().replace("st. ", "st ")
    n = re.sub(r", (city|county) of$", "", n)
    return n.strip()


def derive_control(composition: dict, seats: int) -> str:
    for party, n in composition.items():
        if n * 2 > seats:
            return party
    return "NOC"


def dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


ALLOWED = {
    "election": (
        {"type", "feed_version", "id", "title", "polling_day", "timezone", "starts", "parties"},
        {"sources", "ends", "notes"},
    ),
    "council": (
        {"type", "id", "name", "seats"},
        {"kind", "seats_up", "control", "composition", "ons"},
    ),
    "post": ({"type", "at", "text"}, {"source", "author", "url", "councils", "estimated"}),
    "result": (
        {"type", "at", "council"},
        {"composition", "control", "seats_won", "change", "final", "note", "source", "estimated"},
    ),
    "mayor": (
        {"type", "at", "area", "winner", "party"},
        {"party_before", "note", "source", "estimated"},
    ),
    "marker": ({"type", "at", "label"}, {"estimated"}),
}


def validate(header: dict, councils: list[dict], entries: list[dict]) -> list[str]:
    """Our own checks of feed format v1 (the app's `elextui check` is the authority)."""
    problems: list[str] = []
    parties = {p["code"] for p in header["parties"]}
    sources = {s["id"] for s in header.get("sources", [])}
    seats: dict[str, int] = {}
    seats_up: dict[str, int] = {}

    def fields(obj: dict, where: str) -> None:
        req, opt = ALLOWED[obj["type"]]
        missing = req - obj.keys()
        extra = obj.keys() - req - opt
        if missing:
            problems.append(f"{where}: missing {sorted(missing)}")
        if extra:
            problems.append(f"{where}: unknown fields {sorted(extra)}")

    def partydict(d: dict, where: str, allow_negative: bool = False) -> None:
        for k, v in d.items():
            if k not in parties:
                problems.append(f"{where}: unknown party {k}")
            if not isinstance(v, int) or (v < 0 and not allow_negative):
                problems.append(f"{where}: bad number {k}={v}")

    fields(header, "header")
    for c in councils:
        where = f"council {c.get('id')}"
        fields(c, where)
        if c["id"] != slug(c["name"]):
            problems.append(f"{where}: id is not the slug of {c['name']!r}")
        if c["id"] in seats:
            problems.append(f"{where}: duplicate council")
        seats[c["id"]] = c["seats"]
        if "seats_up" in c:
            seats_up[c["id"]] = c["seats_up"]
        if "composition" in c:
            partydict(c["composition"], where)
            if sum(c["composition"].values()) != c["seats"]:
                problems.append(f"{where}: composition does not sum to seats")
        if "control" in c and c["control"] not in parties | {"NOC"}:
            problems.append(f"{where}: bad control {c['control']}")
    start = parse_at(header["starts"])
    for i, e in enumerate(entries):
        where = f"entry {i} ({e.get('type')} {e.get('at')})"
        if e.get("type") not in ALLOWED:
            problems.append(f"{where}: unknown type")
            continue
        fields(e, where)
        if parse_at(e["at"]) < start - timedelta(hours=1):
            problems.append(f"{where}: before the night starts")
        if "source" in e and e["source"] not in sources:
            problems.append(f"{where}: unknown source {e['source']}")
        if e["type"] == "post":
            for cid in e.get("councils", []):
                if cid not in seats:
                    problems.append(f"{where}: unknown council {cid}")
            if len(e["text"]) > 200:
                problems.append(f"{where}: post longer than 200 characters")
        if e["type"] == "result":
            cid = e["council"]
            if cid not in seats:
                problems.append(f"{where}: unknown council {cid}")
                continue
            if "composition" not in e and "control" not in e:
                problems.append(f"{where}: needs composition or control")
            if "composition" in e:
                partydict(e["composition"], where)
                if sum(e["composition"].values()) != seats[cid]:
                    problems.append(
                        f"{where}: composition sums to {sum(e['composition'].values())}, not {seats[cid]}"
                    )
                if "control" in e and "note" not in e:
                    problems.append(f"{where}: control override without a note")
            if "seats_won" in e:
                partydict(e["seats_won"], where)
                if cid in seats_up and sum(e["seats_won"].values()) > seats_up[cid]:
                    problems.append(f"{where}: seats_won exceeds seats_up")
            if "change" in e:
                partydict(e["change"], where, allow_negative=True)
        if e["type"] == "mayor":
            for k in ("party", "party_before"):
                if k in e and e[k] not in parties:
                    problems.append(f"{where}: unknown party {e[k]}")
    return problems


def automatic_markers(header: dict, councils: list[dict], entries: list[dict]) -> list[dict]:
    """The markers read off the board by the app's own reducer (elextui.markers)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from elextui.feed import parse_feed
    from elextui.markers import derive_markers

    feed, problems = parse_feed(write_feed(None, header, councils, entries), "<build>")
    if feed is None:
        raise FeedError("; ".join(str(p) for p in problems))
    out = []
    for m in derive_markers(feed):
        marker = {"type": "marker", "at": fmt_at(m.at), "label": m.label}
        if m.estimated:
            marker["estimated"] = True
        out.append(marker)
    return out


def write_feed(path: Path | None, header: dict, councils: list[dict], entries: list[dict]) -> bytes:
    # stable sort by time: equal times keep the order we built them in
    entries = sorted(entries, key=lambda e: parse_at(e["at"]))
    lines = [dumps(header)] + [dumps(c) for c in councils] + [dumps(e) for e in entries]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return data


# ---------------------------------------------------------------- 2018

PARTIES_2018 = [
    {"code": "LAB", "name": "Labour", "color": "#E4003B"},
    {"code": "CON", "name": "Conservative", "color": "#0087DC"},
    {"code": "LD", "name": "Liberal Democrats", "color": "#FAA61A"},
    {"code": "GRN", "name": "Green", "color": "#6AB023"},
    {"code": "UKIP", "name": "UKIP", "color": "#70147A"},
    {"code": "IND", "name": "Independents and residents' groups", "color": "#B0B0B0"},
    {"code": "OTH", "name": "Others", "color": "#707070"},
]
PARTY_COLS = ["LAB", "CON", "LD", "GRN", "UKIP", "IND", "OTH"]

SOURCES_2018 = [
    # no url for the two seed liveblogs: the stored copies do not record their addresses
    {
        "id": "labourlist",
        "name": "LabourList, Local Elections 2018: Results liveblog (Sienna Rodgers)",
    },
    {
        "id": "independent",
        "name": "The Independent, Local elections - as it happened (3-4 May 2018)",
    },
    {
        "id": "guardian",
        "name": "The Guardian liveblog, 3-4 May 2018 (PA figures)",
        "url": "https://www.theguardian.com/politics/blog/live/2018/may/03/local-elections-council-england-2018-tories-labour-corbyn-may",
    },
    {
        "id": "bbc-oxford",
        "name": "BBC News, Oxford result report",
        "url": "http://www.bbc.com/news/uk-england-oxfordshire-43999547",
    },
    {
        "id": "bbc-london",
        "name": "BBC London live page",
        "url": "https://feeds.bbci.co.uk/news/live/uk-england-london-43951855?page=6",
    },
    {
        "id": "businessinsider",
        "name": "Business Insider live coverage",
        "url": "https://www.businessinsider.my/local-elections-results-2018-england-london-live-coverage-exit-poll-conservatives-labour-2018-5/",
    },
    {
        "id": "hammersmithtoday",
        "name": "Wimbledon SW19 / Hammersmith Today, Merton result",
        "url": "https://new.hammersmithtoday.co.uk/page/wimbledonsw19/info/merton2018councilelectionresult001.htm",
    },
    {
        "id": "insidecroydon",
        "name": "Inside Croydon live blog",
        "url": "https://insidecroydon.com/2018/05/03/vote-2018-how-you-voted-in-the-town-hall-elections/",
    },
    {
        "id": "barnetsociety",
        "name": "The Barnet Society, 4 May 2018",
        "url": "https://www.barnetsociety.org.uk/component/k2/conservatives-sweep-back-to-power-in-barnet",
    },
    {
        "id": "mancunion",
        "name": "The Mancunion live results",
        "url": "http://mancunion.com/2018/05/04/live-manchester-local-council-election-results/",
    },
    {
        "id": "onlondon",
        "name": "On London, Tower Hamlets 2018",
        "url": "https://www.onlondon.co.uk/tower-hamlets-2018-labours-council-win-repeats-history-for-mayor-john-biggs/",
    },
    {
        "id": "thorncliffe",
        "name": "Thorncliffe, London election 6pm special",
        "url": "https://thorncliffe.com/thorncliffes-london-election-6pm-special/",
    },
]

NOTES_2018 = (
    "All times BST. A result is placed at the earliest time a stored source reports it (liveblog post, "
    "declaration report). Where a source gave only the outcome first, a control-only result comes first and "
    "the full figures follow (Plymouth, Derby, Tower Hamlets). Results no source times are marked estimated: "
    "the council's count session comes from 2018 evidence (London Councils' list of Friday counts, the "
    "liveblogs) or else from PA's 2022 provisional list for the same electoral cycle (listed overnight = "
    "overnight); overnight counts take their PA 2022 time; Friday counts are spread evenly from 12:00 to "
    "17:00 in order of seats contested, never before a post showing the count still running; Hackney, "
    "Lewisham, Watford and Lambeth, still to declare at 17:15, are placed between 18:20 and 20:30. "
    "Control before the poll is the eve-of-poll position (Barnet and Basildon NOC, Carlisle LAB), so the "
    "replay's councils_change differs from published net figures. See feeds/README.md."
)

FRIDAY_FROM, FRIDAY_TO = "12:00", "17:00"
EARLIEST_ESTIMATE = "23:45"  # LabourList shows a seat tally at 23:59, so some councils had declared


def num(s: str):
    s = (s or "").strip()
    return int(s) if s else None


def build_2018() -> tuple[dict, list[dict], list[dict]]:
    src = SRC / "2018"
    day = "2018-05-03"
    T = lambda s: night_time(s, day)  # noqa: E731

    crows = read_csv(src / "councils.csv")
    wrows = {r["council"]: r for r in read_csv(src / "seats_won.csv")}
    names = [r["council"] for r in crows]
    ons = ons_lookup(names, src / ONS_FILE)

    councils, info = [], {}
    for r in crows:
        cid = slug(r["council"])
        c = {
            "type": "council",
            "id": cid,
            "name": r["council"],
            "kind": r["kind"],
            "seats": int(r["seats_total"]),
        }
        if num(r["seats_up"]) is not None:
            c["seats_up"] = int(r["seats_up"])
        c["control"] = r["control_before"]
        c["ons"] = ons[r["council"]]
        councils.append(c)
        comp = {p: int(r[p]) for p in PARTY_COLS if int(r[p])}
        info[r["council"]] = {"id": cid, "row": r, "comp": comp, "seats": c["seats"]}

    # ---- result payloads (figures)
    def payload(name: str) -> dict:
        r = info[name]
        out = {"composition": r["comp"]}
        derived = derive_control(r["comp"], r["seats"])
        if derived != r["row"]["control_after"]:
            raise FeedError(
                f"{name}: control_after {r['row']['control_after']} != derived {derived}"
            )
        w = wrows.get(name)
        if w and any(num(w[f"won_{p}"]) is not None for p in PARTY_COLS):
            won = {p: num(w[f"won_{p}"]) or 0 for p in PARTY_COLS}
            out["seats_won"] = {p: n for p, n in won.items() if n}
            chg = {p: num(w[f"chg_{p}"]) for p in PARTY_COLS}
            chg = {p: n for p, n in chg.items() if n}
            if chg:
                out["change"] = chg
        return out

    entries: list[dict] = []
    timed: dict[str, list[dict]] = {}
    for r in read_csv(src / "result_times.csv"):
        timed.setdefault(r["council"], []).append(r)
    unknown = set(timed) - set(info)
    if unknown:
        raise FeedError(f"result_times.csv: unknown councils {sorted(unknown)}")

    # ---- estimates
    pa = {r["council_2018"]: r["time"] for r in read_csv(src / "pa2022_overnight.csv")}
    cday = {r["council"]: r for r in read_csv(src / "count_day.csv")}
    listed = dict(pa)
    listed.update({n: r["list_time"] for n, r in cday.items() if r["list_time"]})
    # Calibrate: councils with both a reported 2018 time and a listed (expected) time give the
    # typical lead of 2018 over the lists, separately for London and elsewhere (median, 5-minute steps).
    offsets = {True: [], False: []}
    for name, rows in timed.items():
        if name in listed:
            first = min(parse_at(T(r["at"])) for r in rows)
            lst = parse_at(T(listed[name]))
            offsets[info[name]["row"]["kind"] == "london"].append(
                (first - lst).total_seconds() / 60
            )
    shift = {}
    for k, v in offsets.items():
        v.sort()
        med = (v[len(v) // 2] + v[(len(v) - 1) // 2]) / 2 if v else 0
        shift[k] = timedelta(minutes=5 * round(med / 5))
    earliest = parse_at(T(EARLIEST_ESTIMATE))
    estimated: dict[str, str] = {}
    friday: list[str] = []
    for name in names:
        if name in timed:
            continue
        d = cday.get(name)
        if d and d["at"]:
            estimated[name] = T(d["at"])
            continue
        session = d["session"] if d else ("overnight" if name in pa else "friday")
        if session == "overnight":
            if name not in listed:
                raise FeedError(f"{name}: overnight but no time to estimate from")
            t = parse_at(T(listed[name])) + shift[info[name]["row"]["kind"] == "london"]
            estimated[name] = fmt_at(max(t, earliest))
        else:
            friday.append(name)
    # Friday: evenly spaced in order of seats contested (smaller counts first), then name
    friday.sort(key=lambda n: (num(info[n]["row"]["seats_up"]) or 0, n))
    t0, t1 = parse_at(T(FRIDAY_FROM)), parse_at(T(FRIDAY_TO))
    step = (t1 - t0) / max(1, len(friday) - 1)
    for i, name in enumerate(friday):
        t = t0 + step * i
        t = t.replace(second=0, microsecond=0)
        t = t - timedelta(minutes=t.minute % 5)  # round down to 5 minutes
        nb = cday.get(name, {}).get("not_before")
        if nb and t < parse_at(T(nb)):
            t = parse_at(T(nb)) + timedelta(minutes=5)
        estimated[name] = fmt_at(t)

    # ---- result entries, in council order (stable within equal times)
    for name in names:
        cid = info[name]["id"]
        if name in timed:
            for r in timed[name]:
                e = {"type": "result", "at": T(r["at"]), "council": cid}
                if r["control"]:
                    e["control"] = r["control"]
                else:
                    e.update(payload(name))
                if r["won:LAB"]:  # a call's seats so far
                    e["seats_won"] = {"LAB": int(r["won:LAB"])}
                if r["final"] == "false":
                    e["final"] = False  # a call: control known, seats still being counted
                if r["note"]:
                    e["note"] = r["note"]
                e["source"] = r["source"]
                entries.append(e)
        else:
            e = {"type": "result", "at": estimated[name], "council": cid}
            e.update(payload(name))
            e["estimated"] = True
            entries.append(e)

    # ---- hand-written posts, mayors, markers
    for e in read_jsonl(src / "entries.jsonl"):
        e = dict(e)
        e["at"] = T(e["at"])
        entries.append(e)

    last = max((e for e in entries if e["type"] == "result"), key=lambda e: parse_at(e["at"]))
    header = {
        "type": "election",
        "feed_version": 1,
        "id": "england-locals-2018",
        "title": "English local elections 2018",
        "polling_day": day,
        "timezone": "Europe/London",
        "starts": T("22:00"),
        "ends": last["at"],
        "sources": SOURCES_2018,
        "parties": PARTIES_2018,
        "notes": NOTES_2018,
    }
    build_2018.shift = shift  # for the README / report
    return header, councils, entries + automatic_markers(header, councils, entries)


BUILDERS = {"2018": ("england-locals-2018.jsonl", build_2018)}


# ---------------------------------------------------------------- 2023, 2024
# Built by feeds/src/build_2023_2024.py (its own year-specific rules); this adapter only
# plugs them into BUILDERS. 2024 uses the `pcc` entry, which has the fields of `mayor`.

ALLOWED.setdefault("pcc", ALLOWED["mayor"])


def build_2023_2024(year: str) -> tuple[dict, list[dict], list[dict]]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_2023_2024", SRC / "build_2023_2024.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    lines = mod.build_year(year)
    return (
        lines[0],
        [x for x in lines if x["type"] == "council"],
        [x for x in lines[1:] if x["type"] != "council"],
    )


BUILDERS["2023"] = ("england-locals-2023.jsonl", lambda: build_2023_2024("2023"))
BUILDERS["2024"] = ("england-locals-2024.jsonl", lambda: build_2023_2024("2024"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("years", nargs="*", default=["all"], help="year(s) to build, or 'all'")
    ap.add_argument(
        "--check", action="store_true", help="do not write; fail if the file on disk differs"
    )
    args = ap.parse_args(argv)
    years = sorted(BUILDERS) if "all" in args.years else args.years
    rc = 0
    for y in years:
        if y not in BUILDERS:
            print(f"no builder for {y}; known: {', '.join(sorted(BUILDERS))}", file=sys.stderr)
            return 2
        fname, fn = BUILDERS[y]
        header, councils, entries = fn()
        problems = validate(header, councils, entries)
        for p in problems:
            print(f"{y}: {p}", file=sys.stderr)
        if problems:
            rc = 1
            continue
        data = write_feed(FEEDS / fname, header, councils, entries)
        out = FEEDS / fname
        if args.check:
            if not out.exists() or out.read_bytes() != data:
                print(f"{out} is out of date; run scripts/build_feeds.py {y}", file=sys.stderr)
                rc = 1
            continue
        out.write_bytes(data)
        n_res = sum(1 for e in entries if e["type"] == "result")
        n_est = sum(1 for e in entries if e["type"] == "result" and e.get("estimated"))
        print(
            f"wrote {out.relative_to(ROOT)}: {len(councils)} councils, {len(entries)} entries "
            f"({n_res} results, {n_est} estimated)"
        )
    return rc


if __name__ == "__main__":
    sys.exit(main())
