"""The 2018 night: its tables and hand-written entries, through the package's importers.

Inputs (this folder): councils.csv (eve-of-poll control and the council after, by party),
ons_codes.csv, seats_won.csv, result_times.csv (reported times), count_day.csv and
pa2022_overnight.csv (what the estimated times are made from), entries.jsonl (posts,
mayors and markers in our own words, times as `HH:MM` on the night). How the estimates
are made is in the header's notes and feeds/README.md.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import msgspec

from elextui.feed import FeedError, Problem
from elextui.feed.model import Election, Entry, Party, Source
from elextui.feed.writer import FeedWriter
from elextui.importers.tables import NightClock, Table, read_councils, read_results, read_table
from elextui.markers import derive_markers

HERE = Path(__file__).resolve().parent
CLOCK = NightClock(date(2018, 5, 3), "Europe/London")
PARTIES = [
    Party("LAB", "Labour", "#E4003B"),
    Party("CON", "Conservative", "#0087DC"),
    Party("LD", "Liberal Democrats", "#FAA61A"),
    Party("GRN", "Green", "#6AB023"),
    Party("UKIP", "UKIP", "#70147A"),
    Party("IND", "Independents and residents' groups", "#B0B0B0"),
    Party("OTH", "Others", "#707070"),
]
CODES = [p.code for p in PARTIES]
SOURCES = [
    # no url for the two seed liveblogs: the stored copies do not record their addresses
    Source("labourlist", "LabourList, Local Elections 2018: Results liveblog (Sienna Rodgers)"),
    Source("independent", "The Independent, Local elections - as it happened (3-4 May 2018)"),
    Source(
        "guardian",
        "The Guardian liveblog, 3-4 May 2018 (PA figures)",
        "https://www.theguardian.com/politics/blog/live/2018/may/03/local-elections-council-england-2018-tories-labour-corbyn-may",
    ),
    Source(
        "bbc-oxford",
        "BBC News, Oxford result report",
        "http://www.bbc.com/news/uk-england-oxfordshire-43999547",
    ),
    Source(
        "bbc-london",
        "BBC London live page",
        "https://feeds.bbci.co.uk/news/live/uk-england-london-43951855?page=6",
    ),
    Source(
        "businessinsider",
        "Business Insider live coverage",
        "https://www.businessinsider.my/local-elections-results-2018-england-london-live-coverage-exit-poll-conservatives-labour-2018-5/",
    ),
    Source(
        "hammersmithtoday",
        "Wimbledon SW19 / Hammersmith Today, Merton result",
        "https://new.hammersmithtoday.co.uk/page/wimbledonsw19/info/merton2018councilelectionresult001.htm",
    ),
    Source(
        "insidecroydon",
        "Inside Croydon live blog",
        "https://insidecroydon.com/2018/05/03/vote-2018-how-you-voted-in-the-town-hall-elections/",
    ),
    Source(
        "barnetsociety",
        "The Barnet Society, 4 May 2018",
        "https://www.barnetsociety.org.uk/component/k2/conservatives-sweep-back-to-power-in-barnet",
    ),
    Source(
        "mancunion",
        "The Mancunion live results",
        "http://mancunion.com/2018/05/04/live-manchester-local-council-election-results/",
    ),
    Source(
        "onlondon",
        "On London, Tower Hamlets 2018",
        "https://www.onlondon.co.uk/tower-hamlets-2018-labours-council-win-repeats-history-for-mayor-john-biggs/",
    ),
    Source(
        "thorncliffe",
        "Thorncliffe, London election 6pm special",
        "https://thorncliffe.com/thorncliffes-london-election-6pm-special/",
    ),
]
NOTES = (
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


def build() -> FeedWriter:
    """The 2018 feed, ready to write; FeedError lists every problem in the inputs."""
    councils_csv = read_table(HERE / "councils.csv")
    ons = {cells["council"]: cells["ons"] for _, cells in read_table(HERE / "ons_codes.csv").rows}
    rows = {cells["council"]: (line, cells) for line, cells in councils_csv.rows}
    names = list(rows)

    header = Election(
        feed_version=1,
        id="england-locals-2018",
        title="English local elections 2018",
        polling_day=CLOCK.polling_day,
        timezone=CLOCK.timezone,
        starts=CLOCK.start,
        parties=PARTIES,
        sources=SOURCES,
        notes=NOTES,
    )
    writer = FeedWriter(header)
    baseline = Table(
        str(HERE / "councils.csv"),
        ["name", "kind", "seats", "seats_up", "control", "ons"],
        [
            (line, {
                "name": name,
                "kind": cells["kind"],
                "seats": cells["seats_total"],
                "seats_up": cells["seats_up"],
                "control": cells["control_before"],
                "ons": ons.get(name, ""),
            })
            for name, (line, cells) in rows.items()
        ],
    )  # fmt: skip
    councils = {c.name: c for c in read_councils(baseline, PARTIES, writer)}
    missing = [name for name in names if not ons.get(name)]
    if missing:
        raise FeedError([Problem(str(HERE / "ons_codes.csv"), 0, f"no ONS code for {missing}")])
    results = read_results(_results_table(rows), list(councils.values()), PARTIES, CLOCK, writer)
    for entry in _hand_written():
        writer.add(entry, (str(HERE / "entries.jsonl"), 0))
    last = max(results, key=lambda r: r.at)
    writer.election = msgspec.structs.replace(header, ends=last.at)
    feed, problems = writer.check()
    if feed is None:
        raise FeedError(problems)
    for marker in derive_markers(feed):  # first declaration, gains, halfway... off the board
        writer.add(marker)
    return writer


def _results_table(rows: dict[str, tuple[int, dict[str, str]]]) -> Table:
    """Every result as a row of the import format, in council order, with its origin."""
    won = {cells["council"]: cells for _, cells in read_table(HERE / "seats_won.csv").rows}
    times_csv = read_table(HERE / "result_times.csv")
    timed: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, cells in times_csv.rows:
        if cells["council"] not in rows:
            message = f"unknown council {cells['council']!r}"
            raise FeedError([Problem(times_csv.path, line, message)])
        timed.setdefault(cells["council"], []).append((line, cells))
    estimated = _estimated_times(rows, timed)
    out: list[dict[str, object]] = []
    origins: list[tuple[str, int]] = []
    for name, (council_line, cells) in rows.items():
        figures = _figures(cells, won.get(name))
        for line, report in timed.get(name, []):
            row: dict[str, object] = {"council": name, "at": report["at"]}
            if report["control"]:
                row["control"] = report["control"]
            else:
                row.update(figures)
            row.update({k: v for k, v in report.items() if k not in row and v})
            out.append(row)
            origins.append((times_csv.path, line))
        if name not in timed:
            out.append({"council": name, "at": estimated[name].isoformat(), **figures})
            out[-1]["estimated"] = "true"
            origins.append((str(HERE / "councils.csv"), council_line))
    return Table.from_rows(times_csv.path, out, origins)


def _figures(cells: dict[str, str], won: dict[str, str] | None) -> dict[str, object]:
    """The council after (`seats:`, checked against `control_after`), tonight's seats
    (`won:`) and the change (`change:`; this night leaves a change of 0 out)."""
    row: dict[str, object] = {f"seats:{code}": cells[code] for code in CODES}
    row["control"] = cells["control_after"]
    if won and any(won[f"won_{code}"] for code in CODES):
        row.update({f"won:{code}": won[f"won_{code}"] or "0" for code in CODES})
        changes = {f"change:{code}": _nonzero(won[f"chg_{code}"]) for code in CODES}
        if any(changes.values()):
            row.update(changes)
    return row


def _nonzero(cell: str) -> str:
    return "" if cell.strip().lstrip("+-") in ("", "0") else cell


def _estimated_times(
    rows: dict[str, tuple[int, dict[str, str]]],
    timed: dict[str, list[tuple[int, dict[str, str]]]],
) -> dict[str, datetime]:
    """When each council no source times is placed (see NOTES)."""
    at = CLOCK.parse
    pa = {c["council_2018"]: c["time"] for _, c in read_table(HERE / "pa2022_overnight.csv").rows}
    count_day = read_table(HERE / "count_day.csv")
    cday = {c["council"]: (line, c) for line, c in count_day.rows}
    listed = dict(pa)
    listed.update({n: c["list_time"] for n, (_, c) in cday.items() if c["list_time"]})
    # Councils with both a reported time and a listed (expected) one give the typical lead
    # of 2018 over the lists: the median, in 5-minute steps, for London and elsewhere.
    offsets: dict[bool, list[float]] = {True: [], False: []}
    for name, reports in timed.items():
        if name in listed:
            first = min(at(r["at"]) for _, r in reports)
            minutes = (first - at(listed[name])).total_seconds() / 60
            offsets[rows[name][1]["kind"] == "london"].append(minutes)
    shift = {}
    for london, values in offsets.items():
        values.sort()
        middle = (values[len(values) // 2] + values[(len(values) - 1) // 2]) / 2 if values else 0
        shift[london] = timedelta(minutes=5 * round(middle / 5))
    earliest = at(EARLIEST_ESTIMATE)
    estimated: dict[str, datetime] = {}
    friday: list[str] = []
    for name, (_, cells) in rows.items():
        if name in timed:
            continue
        line, day = cday.get(name, (0, None))
        if day and day["at"]:
            estimated[name] = at(day["at"])
            continue
        session = day["session"] if day else ("overnight" if name in pa else "friday")
        if session == "overnight":
            if name not in listed:
                message = f"{name}: an overnight count with no listed time to estimate from"
                raise FeedError([Problem(count_day.path, line, message)])
            estimated[name] = max(at(listed[name]) + shift[cells["kind"] == "london"], earliest)
        else:
            friday.append(name)
    # Friday counts: evenly spaced in order of seats contested (smaller first), then name
    friday.sort(key=lambda n: (int(rows[n][1]["seats_up"] or 0), n))
    first, last = at(FRIDAY_FROM), at(FRIDAY_TO)
    step = (last - first) / max(1, len(friday) - 1)
    for n, name in enumerate(friday):
        moment = (first + step * n).replace(second=0, microsecond=0)
        moment -= timedelta(minutes=moment.minute % 5)  # round down to 5 minutes
        not_before = cday.get(name, (0, {}))[1].get("not_before")
        if not_before and moment < at(not_before):
            moment = at(not_before) + timedelta(minutes=5)
        estimated[name] = moment
    return estimated


def _hand_written() -> list[Entry]:
    """Posts, mayors and markers from entries.jsonl (`at` as a time on the night)."""
    path = HERE / "entries.jsonl"
    entries: list[Entry] = []
    problems: list[Problem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            fields = json.loads(line)
            fields["at"] = CLOCK.parse(fields["at"]).isoformat()
            entries.append(msgspec.convert(fields, Entry))
        except (ValueError, KeyError, TypeError, msgspec.ValidationError) as err:
            problems.append(Problem(str(path), number, str(err)))
    if problems:
        raise FeedError(problems)
    return entries
