"""What the 2023 and 2024 recipes share: reading a year's tables into the import format,
placing declarations in time, and the night's entries in their playing order.

A year's folder holds councils.csv, corrections.csv, seats_won.csv, declarations.csv and
timeline.json (see feeds/README.md); feeds/src/ons_codes.csv has the ONS codes. Each
recipe adds its own rules (the round-up, the mayors) and calls `Night.writer()`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from elextui.feed import FeedError, Marker, Problem
from elextui.feed.model import Election, Entry, Mayor, Party, Pcc, Post, Source
from elextui.feed.reader import slugify
from elextui.feed.writer import FeedWriter, Origin
from elextui.importers.tables import NightClock, Table, read_councils, read_results, read_table
from elextui.markers import derive_markers

SRC = Path(__file__).resolve().parent
PARTIES = [
    Party("LAB", "Labour", "#E4003B"),
    Party("CON", "Conservative", "#0087DC"),
    Party("LD", "Liberal Democrats", "#FAA61A"),
    Party("GRN", "Green", "#02A95B"),
    Party("REF", "Reform UK", "#12B6CF"),
    Party("IND", "Independents and residents' groups", "#B3B3B3"),
    Party("OTH", "Others", "#7F7F7F"),
]
CODES = [p.code for p in PARTIES]
SOURCES = {
    s.id: s
    for s in [
        Source("pa", "PA Media provisional declaration times (expected, not actual)"),
        Source("press-expected", "Regional press and BBC expected declaration times"),
        Source(
            "compiled",
            "Per-council results compiled from public pages (see feeds/src/<year>/councils.csv)",
        ),
        Source("bbc", "BBC News live and regional pages", "https://www.bbc.co.uk/news"),
        Source(
            "labourlist",
            "LabourList",
            "https://labourlist.org/2023/05/local-elections-results-medway",
        ),
        Source(
            "worksop-guardian",
            "Worksop Guardian",
            "https://www.worksopguardian.co.uk/news/politics/labour-maintains-grip-on-bassetlaw-council-with-increased-majority-4131111",
        ),
        Source(
            "sussex-express",
            "Sussex Express",
            "https://www.sussexexpress.co.uk/news/politics/tories-at-wealden-suffer-heavy-losses-as-lib-dems-and-greens-make-big-gains-4132687",
        ),
        Source("roundup2023", "Friday-afternoon results round-up, 5 May 2023 (seed 003)"),
        Source(
            "independent2024",
            "The Independent: key wins and losses, 35 of 107 declared (seed 004)",
            "https://www.independent.co.uk/news/uk/politics/local-election-results-all-councils-mayors-b2539057.html",
        ),
        Source(
            "mayors2024",
            "Mayoral results compiled from public pages (see feeds/src/2024/mayors.csv)",
        ),
        Source(
            "pcc2024",
            "Police and crime commissioner results seen in regional press and the 2024 round-up",
        ),
    ]
}
"""Every source the two nights may cite; a night's header lists those it uses, in this order."""

ORDER = {"start": 0, "result": 1, "office": 2, "post": 3, "marker": 4, "roundup": 5, "derived": 9.5}
"""How entries at the same time play: results, offices, posts, markers; the markers read
off the board last (after the last result, which a recipe may give order 9)."""


@dataclass
class Timing:
    """When a council's result is placed, whether that is an estimate, and why."""

    at: datetime
    estimated: bool
    source: str | None = None
    note: str | None = None


@dataclass
class Night:
    """One night's councils, times and entries while its recipe builds it."""

    folder: Path
    feed_id: str
    title: str
    polling_day: date
    notes: str
    clock: NightClock = field(init=False)
    timeline: dict[str, Any] = field(init=False)
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    lines: dict[str, tuple[str, int]] = field(default_factory=dict)
    won: dict[str, dict[str, Any]] = field(default_factory=dict)
    times: dict[str, Timing] = field(default_factory=dict)
    entries: list[tuple[datetime, float, int, Entry, Origin | None]] = field(default_factory=list)
    used: set[str] = field(default_factory=lambda: {"compiled"})
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.clock = NightClock(self.polling_day, "Europe/London")
        path = self.folder / "timeline.json"
        self.timeline = json.loads(path.read_text(encoding="utf-8"))
        self._read_councils()

    # -- inputs -----------------------------------------------------------------

    def problem(self, path: Path | str, line: int, message: str) -> None:
        """Record a problem in an input file."""
        self.problems.append(Problem(str(path), line, message))

    def _read_councils(self) -> None:
        table = read_table(self.folder / "councils.csv")
        for line, cells in table.rows:
            self.rows[cells["council"]] = dict(cells)
            self.lines[cells["council"]] = (table.path, line)
        corrections = read_table(self.folder / "corrections.csv")
        for line, fix in corrections.rows:
            row = self.rows.get(fix["council"])
            if row is None:
                self.problem(corrections.path, line, f"unknown council {fix['council']!r}")
            elif fix["field"] == "composition":
                seats = parse_seats(fix["value"])
                row.update({code: str(seats.get(code, 0)) for code in CODES})
            else:
                row[fix["field"]] = fix["value"]
        self._read_seats_won()

    def _read_seats_won(self) -> None:
        path = self.folder / "seats_won.csv"
        if not path.exists():
            return
        table = read_table(path)
        for line, cells in table.rows:
            name = cells["council"]
            row = self.rows.get(name)
            if name in self.won:
                self.problem(path, line, f"{name} is listed twice")
            elif row is None:
                self.problem(path, line, f"unknown council {name!r}")
            elif not cells["source"].startswith(("http://", "https://")):
                self.problem(path, line, f"{name} has no source address")
            elif row["seats_up"] and int(row["seats_up"]) != int(cells["seats_up"]):
                message = (
                    f"{name}: seats_up {cells['seats_up']} here, {row['seats_up']} in "
                    "councils.csv (fix one of them in corrections.csv)"
                )
                self.problem(path, line, message)
            else:
                row["seats_up"] = cells["seats_up"]
                won = parse_seats(cells["seats_won"])
                change = parse_seats(cells["change"]) if cells["change"] else None
                self.won[name] = {"won": won, "change": change, "line": line}
                self._check_won(name, won, path, line)

    def _check_won(self, name: str, won: dict[str, int], path: Path, line: int) -> None:
        """Seats won: parties with a seat each, within what the party holds after."""
        composition = self.composition(name)
        if any(n <= 0 for n in won.values()):
            self.problem(path, line, f"{name}: seats_won lists a party with no seat")
        for code, count in won.items():
            if composition and count > composition.get(code, 0):
                held = composition.get(code, 0)
                self.problem(path, line, f"{name}: {code} won {count} seats but holds {held}")

    def composition(self, name: str) -> dict[str, int] | None:
        """The council after the poll, if every party's seats are known."""
        row = self.rows[name]
        if any(row[code] == "" for code in CODES):
            return None
        return {code: int(row[code]) for code in CODES if int(row[code])}

    # -- times ------------------------------------------------------------------

    def place_declarations(self) -> None:
        """Times from declarations.csv (expected, then actual) and timeline.json."""
        table = read_table(self.folder / "declarations.csv")
        for kind in ("expected", "actual"):  # an actual time replaces an expected one
            for _, d in table.rows:
                if d["kind"] != kind:
                    continue
                at = datetime.fromisoformat(d["declared_at"])
                if kind == "expected":
                    self.times[d["council"]] = Timing(at, True, source_of(d["source_url"]))
                else:
                    note = "Time of the BBC live-page post reporting the result."
                    self.times[d["council"]] = Timing(at, False, "bbc", note)
        for r in self.timeline["reported_times"]:
            at = datetime.fromisoformat(r["at"])
            self.times[r["council"]] = Timing(at, False, r["source"], r.get("note"))

    def place_unknown(self) -> None:
        """Councils nobody timed: spaced evenly over the timeline's `unknown_window`."""
        missing = sorted(n for n in self.rows if n not in self.times)
        for name, at in spread(missing, *self.timeline["unknown_window"]).items():
            self.times[name] = Timing(at, True)

    # -- entries ----------------------------------------------------------------

    def add(self, at: datetime, order: float, entry: Entry, origin: Origin | None = None) -> None:
        """An entry, played after those with a lower `order` at the same time."""
        self.entries.append((at, order, len(self.entries), entry, origin))

    def add_results(self, last: str | None = None) -> None:
        """One result per council, through the results importer (the `last` one plays last)."""
        changes = self.timeline["changes"]
        notes = self.timeline["result_notes"]
        rows: list[dict[str, object]] = []
        origins: list[tuple[str, int]] = []
        for name, row in self.rows.items():
            timing = self.times[name]
            result: dict[str, object] = {"council": name, "at": timing.at.isoformat()}
            result["control"] = row["control_after"]
            composition = self.composition(name)
            for code, count in (composition or {}).items():
                result[f"seats:{code}"] = count
            won = self.won.get(name)
            seats = int(row["seats_total"])
            if won is not None:
                result.update({f"won:{code}": n for code, n in won["won"].items()})
            elif composition and row["seats_up"] and int(row["seats_up"]) == seats:
                result.update({f"won:{code}": n for code, n in composition.items()})
            change = dict((won or {}).get("change") or {})
            for code, n in changes.get(name, {}).items():  # the seeds' figures
                if code in change and change[code] != n:
                    message = f"change {code} {change[code]} in seats_won.csv, {n} in timeline.json"
                    self.problem(self.folder / "timeline.json", 0, f"{name}: {message}")
                change[code] = n
            result.update({f"change:{code}": n for code, n in change.items()})
            note = " ".join(n for n in (notes.get(name), timing.note) if n)
            result["note"] = note
            # a reported time cites who reported it
            result["source"] = (
                timing.source if timing.source and not timing.estimated else "compiled"
            )
            result["estimated"] = "true" if timing.estimated else ""
            if timing.source:
                self.used.add(timing.source)
            rows.append(result)
            origins.append(self.lines[name])
        table = Table.from_rows(str(self.folder / "councils.csv"), rows, origins)
        councils = read_councils(self._council_table(), PARTIES)
        for n, result in enumerate(read_results(table, councils, PARTIES, self.clock)):
            name = str(rows[n]["council"])
            order = 9 if name == last else ORDER["result"]
            self.add(result.at, order, result, origins[n])

    def _council_table(self) -> Table:
        rows = [
            {
                "name": name,
                "kind": row["kind"],
                "seats": row["seats_total"],
                "seats_up": row["seats_up"],
                "control": row["control_before"],
                "ons": self.ons.get(name, ""),
            }
            for name, row in self.rows.items()
        ]
        path = str(self.folder / "councils.csv")
        return Table.from_rows(path, rows, [self.lines[name] for name in self.rows])

    @property
    def ons(self) -> dict[str, str]:
        """ONS codes by council name."""
        return {c["council"]: c["ons"] for _, c in read_table(SRC / "ons_codes.csv").rows}

    def time_of(self, name: str) -> Timing:
        """A council's placed time."""
        return self.times[name]

    def office(
        self, kind: str, at: datetime, office: dict[str, Any], source: str, est: bool
    ) -> None:
        """A `mayor` or `pcc` entry from a timeline.json record (party_before if a party)."""
        before = office.get("party_before")
        record = (Mayor if kind == "mayor" else Pcc)(
            at=at,
            area=office["area"],
            winner=office["winner"],
            party=office["party"],
            party_before=before if before in CODES else None,
            note=office["note"],
            source=source,
            estimated=est,
        )
        self.add(at, ORDER["office"], record)
        self.used.add(source)

    def add_posts(self, offices: dict[str, tuple[datetime, bool]]) -> None:
        """The timeline's posts, each at the time of what it is about."""
        roundup = self.timeline["roundup"]
        at_roundup = datetime.fromisoformat(roundup["at"])
        self.used.add(roundup["source"])
        ids = {name: slugify(name) for name in self.rows}
        for p in self.timeline["posts"]:
            if p.get("roundup"):
                at, est, named = at_roundup, True, [ids[n] for n in p["councils"]]
            elif "council" in p:
                timing = self.times[p["council"]]
                at, est, named = timing.at, timing.estimated, [ids[p["council"]]]
            elif "mayor" in p:
                at, est = offices[p["mayor"]]
                named = [ids[p["mayor"]]] if p["mayor"] in ids else []
            else:
                at, est = offices["pcc:" + p["pcc"]]
                named = []
            if len(p["text"]) > 200:
                self.problem(self.folder / "timeline.json", 0, f"post too long: {p['text']}")
            post = Post(
                at, p["text"], source=roundup["source"], councils=named or None, estimated=est
            )
            self.add(at, ORDER["roundup"] if p.get("roundup") else ORDER["post"], post)

    def add_markers(self, offices: dict[str, tuple[datetime, bool]]) -> None:
        """Polls close and the timeline's own markers (the rest are read off the board)."""
        self.add(self.clock.start, ORDER["start"], Marker(self.clock.start, "Polls close"))
        for m in self.timeline["markers"]:
            if "council" in m:
                timing = self.times[m["council"]]
                at, est = timing.at, timing.estimated
            else:
                at, est = offices[m["mayor"]]
            self.add(at, ORDER["marker"], Marker(at, m["label"], estimated=est))

    def writer(self) -> FeedWriter:
        """The FeedWriter of the night, with the markers read off its board
        (`elextui.markers`) playing after everything else at their time.

        FeedError lists every problem found on the way.
        """
        if self.problems:
            raise FeedError(self.problems)
        self.entries.sort(key=lambda e: e[:3])
        feed, problems = self._writer().check()
        if feed is None:
            raise FeedError(problems)
        for marker in derive_markers(feed):
            self.add(marker.at, ORDER["derived"], marker)
        return self._writer()

    def _writer(self) -> FeedWriter:
        self.entries.sort(key=lambda e: e[:3])
        header = Election(
            feed_version=1,
            id=self.feed_id,
            title=self.title,
            polling_day=self.polling_day,
            timezone=self.clock.timezone,
            starts=self.clock.start,
            parties=PARTIES,
            sources=[s for s in SOURCES.values() if s.id in self.used],
            ends=self.entries[-1][0],
            notes=self.notes,
        )
        writer = FeedWriter(header)
        for council in read_councils(self._council_table(), PARTIES):
            writer.add(council)
        for _, _, _, entry, origin in self.entries:
            writer.add(entry, origin)
        return writer


def parse_seats(text: str) -> dict[str, int]:
    """`LAB=14;CON=13` as a mapping."""
    seats = {}
    for part in text.split(";"):
        code, count = part.split("=")
        seats[code.strip()] = int(count)
    return seats


def spread(items: list[str], start: str, end: str) -> dict[str, datetime]:
    """Space items evenly from start to end (inclusive), rounded to the minute."""
    first, last = datetime.fromisoformat(start), datetime.fromisoformat(end)
    out = {}
    for n, item in enumerate(items):
        moment = first + (last - first) * (0 if len(items) == 1 else n / (len(items) - 1))
        rounded = moment.replace(second=0, microsecond=0)
        out[item] = rounded + timedelta(minutes=1 if moment.second >= 30 else 0)
    return out


def source_of(url: str) -> str:
    """Which source an expected-time address is: PA's list, or the regional press."""
    pa_hosts = ("jerseyeveningpost", "independent.co.uk", "upday", "cloudfront", "magzter")
    return "pa" if any(h in url for h in pa_hosts) else "press-expected"
