"""Import results tables (CSV): councils, results, parties and sources into feed records.

The formats are in docs/import-formats.md. Every problem is a Problem at the CSV file and
line it comes from; the FeedWriter then re-reads the records with the feed reader and
reports what only the whole feed shows (a composition that does not add up, say) at the
same CSV lines.
"""

from __future__ import annotations

import csv
import re
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar

from elextui.feed.model import FEED_VERSION, Council, Election, Party, Result, Source
from elextui.feed.reader import FeedError, Problem, slugify
from elextui.feed.writer import FeedWriter
from elextui.state import control_of

GB_PARTIES: tuple[Party, ...] = (
    Party("LAB", "Labour", "#E4003B"),
    Party("CON", "Conservative", "#0087DC"),
    Party("LD", "Liberal Democrats", "#FAA61A"),
    Party("GRN", "Green", "#02A95B"),
    Party("REF", "Reform UK", "#12B6CF"),
    Party("UKIP", "UKIP", "#70147A"),
    Party("SNP", "Scottish National Party", "#FDF38E"),
    Party("PC", "Plaid Cymru", "#005B54"),
    Party("IND", "Independents and residents' groups", "#B3B3B3"),
    Party("OTH", "Others", "#7F7F7F"),
)
"""The parties used when no `--parties` table is given: the usual ones in Great Britain."""

COUNCIL_COLUMNS = ("id", "name", "kind", "seats", "seats_up", "control", "ons")
RESULT_COLUMNS = ("council", "at", "control", "final", "estimated", "source", "note")
PARTY_COLUMNS = ("code", "name", "color")
SOURCE_COLUMNS = ("id", "name", "url")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
_T = TypeVar("_T")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})\Z")


@dataclass
class Table:
    """A CSV table: its path (for messages), column names and rows with their line numbers."""

    path: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    origins: list[tuple[str, int]] | None = None
    """Where each row came from, for a table a recipe built from other files."""

    @classmethod
    def from_rows(
        cls,
        path: str,
        rows: Sequence[Mapping[str, object]],
        origins: Sequence[tuple[str, int]] | None = None,
    ) -> Table:
        """A table built in memory: each row is reported at its origin, or as line n + 1."""
        columns: list[str] = []
        for row in rows:
            columns.extend(c for c in row if c not in columns)
        body = [
            (n + 2, {c: "" if row.get(c) is None else str(row.get(c)) for c in columns})
            for n, row in enumerate(rows)
        ]
        return cls(path, columns, body, list(origins) if origins is not None else None)

    def where(self, index: int) -> tuple[str, int]:
        """The file and line that row `index` is reported at."""
        if self.origins is not None:
            return self.origins[index]
        return self.path, self.rows[index][0]


class Problems:
    """Problems collected while importing, each at a file and line."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: str, line: int, message: str) -> None:
        """Record one problem."""
        self.items.append(Problem(path, line, message))

    def raise_any(self) -> None:
        """Raise FeedError listing every problem, if there are any."""
        if self.items:
            raise FeedError(self.items)


def read_table(path: str | Path) -> Table:
    """Read a UTF-8 CSV file with a header row; raise FeedError if it cannot be read."""
    name = str(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            columns = [c.strip() for c in next(reader, [])]
            table = Table(name, columns)
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(columns):
                    message = f"{len(row)} cells but {len(columns)} columns"
                    raise FeedError([Problem(name, reader.line_num, message)])
                cells = {c: (row[i].strip() if i < len(row) else "") for i, c in enumerate(columns)}
                table.rows.append((reader.line_num, cells))
    except OSError as err:
        raise FeedError([Problem(name, 0, f"cannot read: {err.strerror or err}")]) from None
    except UnicodeDecodeError as err:
        raise FeedError([Problem(name, 0, f"not UTF-8 text ({err.reason})")]) from None
    except csv.Error as err:
        raise FeedError([Problem(name, 0, f"not a CSV table: {err}")]) from None
    if not table.columns or table.columns == [""]:
        raise FeedError([Problem(name, 1, "empty table: the first line must name the columns")])
    return table


def _check_columns(
    table: Table,
    known: Sequence[str],
    required: Sequence[str],
    prefixes: Sequence[str],
    codes: Iterable[str],
    problems: Problems,
) -> bool:
    """Report missing, repeated and unknown columns, and party columns of unknown parties.

    False if a required column is missing (the rows cannot be read).
    """
    codes = set(codes)
    seen: set[str] = set()
    for column in table.columns:
        if column in seen:
            problems.add(table.path, 1, f"column {column!r} appears twice")
        seen.add(column)
        prefix, _, code = column.partition(":")
        if column in known:
            continue
        if code and prefix in prefixes:
            if code not in codes:
                listed = ", ".join(sorted(codes))
                problems.add(table.path, 1, f"column {column!r}: unknown party {code!r} ({listed})")
            continue
        expected = ", ".join([*known, *(f"{p}:PARTY" for p in prefixes)])
        problems.add(table.path, 1, f"unknown column {column!r} (columns: {expected})")
    missing = [column for column in required if column not in seen]
    for column in missing:
        problems.add(table.path, 1, f"missing column {column!r}")
    return not missing


def _number(text: str, what: str, where: tuple[str, int], problems: Problems) -> int | None:
    """An integer cell (empty: None), or None with a problem."""
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        problems.add(*where, f"{what}: {text!r} is not a whole number")
        return None


def _flag(text: str, what: str, default: bool, where: tuple[str, int], problems: Problems) -> bool:
    """A yes/no cell (`true`/`false`, `yes`/`no`, `1`/`0`; empty: the default)."""
    word = text.lower()
    if not word:
        return default
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    problems.add(*where, f"{what}: {text!r} is not true or false")
    return default


def _party_seats(
    cells: Mapping[str, str],
    prefix: str,
    where: tuple[str, int],
    problems: Problems,
    signed: bool = False,
) -> dict[str, int] | None:
    """The `prefix:PARTY` cells of a row: None if all are empty, else the figures given
    (seats of 0 are left out; a change of 0 is kept)."""
    figures: dict[str, int] = {}
    any_given = False
    for column, text in cells.items():
        kind, _, code = column.partition(":")
        if kind != prefix or not code or not text:
            continue
        any_given = True
        number = _number(text, column, where, problems)
        if number is None:
            continue
        if number < 0 and not signed:
            problems.add(*where, f"{column}: {number} is negative")
        elif number or signed:  # a change of 0 is a fact; 0 seats is no entry
            figures[code] = number
    return figures if any_given else None


def read_parties(table: Table) -> list[Party]:
    """Parties from a `code,name,color` table; raise FeedError listing every problem."""
    problems = Problems()
    if not _check_columns(table, PARTY_COLUMNS, ("code", "name"), (), (), problems):
        problems.raise_any()
    parties = [
        Party(cells["code"], cells["name"], cells.get("color") or None)
        for line, cells in table.rows
        if _present(cells, ("code", "name"), (table.path, line), problems)
    ]
    problems.raise_any()
    return parties


def read_sources(table: Table) -> list[Source]:
    """Sources from an `id,name,url` table; raise FeedError listing every problem."""
    problems = Problems()
    if not _check_columns(table, SOURCE_COLUMNS, ("id", "name"), (), (), problems):
        problems.raise_any()
    sources = [
        Source(cells["id"], cells["name"], cells.get("url") or None)
        for line, cells in table.rows
        if _present(cells, ("id", "name"), (table.path, line), problems)
    ]
    problems.raise_any()
    return sources


def _present(
    cells: Mapping[str, str], names: Sequence[str], where: tuple[str, int], problems: Problems
) -> bool:
    missing = [name for name in names if name in cells and not cells[name]]
    for name in missing:
        problems.add(*where, f"`{name}` is empty")
    return not missing


@dataclass
class CouncilIndex:
    """Finds a council by id, name (any case, or its slug) or ONS code."""

    councils: list[Council]
    _keys: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for council in self.councils:
            keys = (council.id, council.name.casefold(), slugify(council.name), council.ons)
            for key in keys:
                if key:
                    self._keys.setdefault(key, council.id)

    def find(self, text: str) -> str | None:
        """The council id that `text` names, or None."""
        for key in (text, text.casefold(), slugify(text), text.upper()):
            if key in self._keys:
                return self._keys[key]
        return None


def read_councils(
    table: Table,
    parties: Sequence[Party],
    writer: FeedWriter | None = None,
    problems: Problems | None = None,
) -> list[Council]:
    """Councils from a COUNCILS table (added to `writer` with their lines, if given).

    Raises FeedError listing every problem, unless a `problems` list is given to collect
    them (then the councils that could be read are returned).
    """
    collect = problems or Problems()
    codes = [p.code for p in parties]
    if not _check_columns(table, COUNCIL_COLUMNS, ("name", "seats"), ("seats",), codes, collect):
        return _done(collect, problems, [])
    problems = collect
    councils: list[Council] = []
    for n, (_, cells) in enumerate(table.rows):
        where = table.where(n)
        if not _present(cells, ("name", "seats"), where, problems):
            continue
        seats = _number(cells["seats"], "seats", where, problems)
        up = _number(cells.get("seats_up", ""), "seats_up", where, problems)
        composition = _party_seats(cells, "seats", where, problems)
        if seats is None:
            continue
        council = Council(
            id=cells.get("id") or slugify(cells["name"]),
            name=cells["name"],
            seats=seats,
            kind=cells.get("kind") or None,
            seats_up=up,
            control=cells.get("control") or None,
            composition=composition,
            ons=cells.get("ons") or None,
        )
        councils.append(council)
        if writer is not None:
            writer.add(council, where)
    return _done(collect, problems, councils)


def _done(collected: Problems, given: Problems | None, value: _T) -> _T:
    """`value`, or FeedError if problems were collected here rather than for a caller."""
    if given is None:
        collected.raise_any()
    return value


@dataclass(frozen=True)
class NightClock:
    """Reads the times of a night: ISO 8601, `YYYY-MM-DD HH:MM` or `HH:MM` on the night."""

    polling_day: date
    timezone: str
    starts: time = time(22, 0)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The night's timezone."""
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def start(self) -> datetime:
        """When the night starts: `starts` on polling day."""
        return datetime.combine(self.polling_day, self.starts, self.zone)

    def on_night(self, clock: time) -> datetime:
        """A clock time on the night: polling day from `starts`, the next day before it."""
        day = self.polling_day if clock >= self.starts else self.polling_day + timedelta(days=1)
        return datetime.combine(day, clock, self.zone)

    def parse(self, text: str) -> datetime:
        """A time cell as an aware datetime; ValueError says what is wrong."""
        match = _CLOCK.match(text)
        if match:
            hours, minutes = int(match[1]), int(match[2])
            if hours > 23 or minutes > 59:
                raise ValueError(f"{text!r} is not a time of day")
            return self.on_night(time(hours, minutes))
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"{text!r} is not a time (ISO 8601, `YYYY-MM-DD HH:MM` or `HH:MM`)"
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.zone)
        return moment


def read_results(
    table: Table,
    councils: Sequence[Council],
    parties: Sequence[Party],
    clock: NightClock,
    writer: FeedWriter | None = None,
    problems: Problems | None = None,
) -> list[Result]:
    """Results from a RESULTS table (added to `writer` with their lines, if given).

    Raises FeedError listing every problem, unless a `problems` list collects them.
    """
    collect = problems or Problems()
    codes = [p.code for p in parties]
    prefixes = ("won", "change", "seats")
    if not _check_columns(table, RESULT_COLUMNS, ("council", "at"), prefixes, codes, collect):
        return _done(collect, problems, [])
    given, problems = problems, collect
    index = CouncilIndex(list(councils))
    by_id = {c.id: c for c in councils}
    results: list[Result] = []
    for n, (_, cells) in enumerate(table.rows):
        where = table.where(n)
        if not _present(cells, ("council", "at"), where, problems):
            continue
        council = index.find(cells["council"])
        if council is None:
            problems.add(*where, f"unknown council {cells['council']!r} (not in the councils)")
        try:
            at = clock.parse(cells["at"])
        except ValueError as err:
            problems.add(*where, f"at: {err}")
            continue
        composition = _party_seats(cells, "seats", where, problems)
        control = cells.get("control") or None
        note = cells.get("note") or None
        if composition is None and control is None:
            problems.add(*where, "needs `control` or `seats:PARTY` figures (the whole council)")
        won = _party_seats(cells, "won", where, problems)
        known = by_id.get(council or "")
        if known is not None and composition:
            derived = control_of(composition, known.seats)
            if control == derived:
                control = None  # agrees with the seats: checked, not repeated
            elif control is not None and note is None:
                message = f"control {control} differs from the seats ({derived}): say why in `note`"
                problems.add(*where, message)
            _check_won(won or {}, composition, known, where, problems)
        result = Result(
            at=at,
            council=council or "",
            composition=composition,
            control=control,
            seats_won=won,
            change=_party_seats(cells, "change", where, problems, signed=True),
            final=_flag(cells.get("final", ""), "final", True, where, problems),
            note=note,
            source=cells.get("source") or None,
            estimated=_flag(cells.get("estimated", ""), "estimated", False, where, problems),
        )
        if council is not None:
            results.append(result)
            if writer is not None:
                writer.add(result, where)
    return _done(collect, given, results)


def _check_won(
    won: Mapping[str, int],
    composition: Mapping[str, int],
    council: Council,
    where: tuple[str, int],
    problems: Problems,
) -> None:
    """When every seat was up, the seats won tonight are the council after."""
    if won and council.seats_up == council.seats and dict(won) != dict(composition):
        problems.add(*where, "all seats were up, so won: and seats: must be the same figures")


def import_results(
    councils_csv: str | Path | Table,
    results_csv: str | Path | Table,
    *,
    feed_id: str,
    title: str,
    clock: NightClock,
    parties: Sequence[Party] = GB_PARTIES,
    sources: Sequence[Source] = (),
    notes: str | None = None,
) -> FeedWriter:
    """A FeedWriter holding the night the two tables describe.

    Sources named in the results but not in `sources` are added with their id as name.
    Raises FeedError listing every problem in both tables.
    """
    tables = [t if isinstance(t, Table) else read_table(t) for t in (councils_csv, results_csv)]
    header = Election(
        feed_version=FEED_VERSION,
        id=feed_id,
        title=title,
        polling_day=clock.polling_day,
        timezone=clock.timezone,
        starts=clock.start,
        parties=list(parties),
        sources=_with_cited(sources, tables[1]),
        notes=notes,
    )
    writer = FeedWriter(header)
    problems = Problems()
    councils = read_councils(tables[0], parties, writer, problems)
    read_results(tables[1], councils, parties, clock, writer, problems)
    problems.raise_any()
    return writer


def _with_cited(sources: Sequence[Source], results: Table) -> list[Source]:
    """`sources`, plus each source id the results cite that is not among them."""
    out = list(sources)
    known = {s.id for s in out}
    for _, cells in results.rows:
        cited = cells.get("source", "")
        if cited and cited not in known:
            known.add(cited)
            out.append(Source(cited, cited))
    return out


__all__ = [
    "GB_PARTIES",
    "CouncilIndex",
    "NightClock",
    "Table",
    "import_results",
    "read_councils",
    "read_parties",
    "read_results",
    "read_sources",
    "read_table",
]
