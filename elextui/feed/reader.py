"""Decode and validate feed format v1, reporting every problem as FILE:LINE: message."""

from __future__ import annotations

import gc
import re
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import msgspec

from elextui.feed.model import (
    COLOR_PATTERN,
    DAYS_AFTER,
    DAYS_BEFORE,
    FEED_VERSION,
    LINE_TYPES,
    MAX_SEATS,
    NOC,
    ONS_PATTERN,
    PARTY_CODE_PATTERN,
    SLUG_MAX,
    SLUG_PATTERN,
    TIMEZONE_PATTERN,
    YEARS,
    Council,
    Election,
    Entry,
    Line,
    Marker,
    Mayor,
    Pcc,
    Post,
    Result,
)
from elextui.feed.typed import TypedFeed, as_model
from elextui.sanitize import clean_text

_SLUG = re.compile(rf"(?:{SLUG_PATTERN})\Z")
_PARTY_CODE = re.compile(rf"(?:{PARTY_CODE_PATTERN})\Z")
_ONS = re.compile(rf"(?:{ONS_PATTERN})\Z")
_TIMEZONE = re.compile(rf"(?:{TIMEZONE_PATTERN})\Z")
_COLOR = re.compile(rf"(?:{COLOR_PATTERN})\Z")
_AT_PATH = re.compile(r" - at `\$\.?(.*)`$")
_DECODER = msgspec.json.Decoder(Line)
_LONE_SURROGATE = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u)")


class _TypeOnly(msgspec.Struct):
    """Just a line's `type`, to word a problem (every other field is skipped)."""

    type: object = None


_TYPE_DECODER = msgspec.json.Decoder(_TypeOnly)
_TYPE_FIRST = re.compile(rb'\s*\{\s*"type"\s*:\s*"([a-z]+)"')
_BOM = b"\xef\xbb\xbf"
_TYPED_AFTER = 64
"""Lines in a row the generic decoder reads after the councils change, before the typed
decoder is (re)built."""
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a feed, at a line of a file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        # a message may quote feed text (and a path anything): print it safely
        if self.line <= 0:
            return clean_text(f"{self.path}: {self.message}")
        return clean_text(f"{self.path}:{self.line}: {self.message}")


class FeedError(Exception):
    """A feed could not be used; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(slots=True)
class Feed:
    """A validated feed: header, baseline councils and entries in file order."""

    path: str
    election: Election
    councils: dict[str, Council]
    entries: list[Entry]
    warnings: list[Problem] = field(default_factory=list)
    """Things a person should review that do not make the feed invalid (draft results)."""

    @property
    def id(self) -> str:
        """The feed's id from its header."""
        return self.election.id

    @property
    def party_codes(self) -> list[str]:
        """Party codes in header order."""
        return [p.code for p in self.election.parties]


def slugify(name: str) -> str:
    """The council id for a name: lower-case words joined by hyphens."""
    text = name.lower().replace("&", " and ")
    text = text.replace("'", "").replace("\u2019", "")
    return "-".join(re.findall(r"[a-z0-9]+", text))


@dataclass
class FeedParser:
    """Validates feed lines one at a time, so a growing file can be read in parts."""

    path: str
    election: Election | None = None
    councils: dict[str, Council] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    line_no: int = 0
    _parties: frozenset[str] = frozenset()
    _sources: frozenset[str] = frozenset()
    _seen_content: bool = False
    _council_lines: dict[str, int] = field(default_factory=dict)
    _earliest: datetime | None = None
    _latest: datetime | None = None
    _typed: TypedFeed | None = None
    """The feed's own decoder, once the header and councils are known (None: not now)."""
    _untyped_run: int = 0
    """Lines decoded the generic way since the header or the councils last changed."""

    def parse_lines(self, lines: Iterable[bytes]) -> list[Entry]:
        """Validate the next lines; return their valid entries in file order."""
        entries: list[Entry] = []
        append = entries.append
        decode = _DECODER.decode
        typed = self._typed
        if typed is not None:
            typed_decode, models, sums_ok, (earliest, latest) = typed.parts
        line_no = first = self.line_no  # counted here; `self.line_no` is set before any check
        for line_no, raw in enumerate(lines, first + 1):
            if typed is not None:
                # The feed's own decoder checks ids and codes in C: a line it accepts needs
                # only the window and seat sums; any other (or a blank line) goes on below.
                try:
                    record = typed_decode(raw)
                except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
                    pass
                else:
                    model = models[type(record)]
                    if model is not None and earliest <= record.at <= latest:
                        if model is not Result:
                            as_model(record, model)
                            append(record)
                            continue
                        if sums_ok(record):
                            as_model(record, model)
                            append(record)
                            if record.draft:
                                self.line_no = line_no
                                self._warn_draft(record)
                            continue
            self.line_no = line_no
            if not raw or raw.isspace():
                continue
            try:
                record = decode(raw)
            except (msgspec.DecodeError, UnicodeDecodeError) as err:
                self._problem(_describe(err, raw))
                self._seen_content = True
                continue
            except RecursionError:
                self._problem("invalid JSON: nested too deeply")
                self._seen_content = True
                continue
            # Posts and results are most lines: a cheap test passes the valid ones, and
            # only a line that fails it goes through the checks that word the problems.
            if type(record) is Post:
                if self._post_ok(record) or self._check_post(record):
                    append(record)
            elif type(record) is Result:
                if self._result_ok(record) or self._check_result(record):
                    append(record)
                    if record.draft:
                        self._warn_draft(record)
            elif (entry := self._take(record)) is not None:
                append(entry)
            self._seen_content = True
            if self._typed is not typed or typed is None:
                new = self._typed_after_generic_line()
                if new is not typed:
                    typed = new
                    if typed is not None:
                        typed_decode, models, sums_ok, (earliest, latest) = typed.parts
        self.line_no = line_no
        return entries

    def _typed_after_generic_line(self) -> TypedFeed | None:
        """The typed decoder, built once `_TYPED_AFTER` lines in a row went the generic way
        with a usable header (so a feed mixing councils into its entries cannot make the
        reader rebuild it on every line)."""
        if self._typed is None:
            self._untyped_run += 1
            earliest, latest = self._earliest, self._latest
            if (
                self._untyped_run >= _TYPED_AFTER
                and self._parties
                and earliest is not None
                and latest is not None
            ):
                self._typed = TypedFeed(
                    self._parties, self._sources, self.councils, earliest, latest
                )
        return self._typed

    def _retype(self) -> None:
        """The header or the councils changed: the typed decoder is out of date."""
        self._typed = None
        self._untyped_run = 0

    def add(self, record: Line) -> Entry | None:
        """Validate one decoded record as the next line; return it if it is a valid entry.

        Problems are added to `problems`; headers and councils update the parser.
        """
        self.line_no += 1
        entry = self._take(record)
        self._seen_content = True
        return entry

    def _take(self, record: Line) -> Entry | None:
        if isinstance(record, Post):
            return record if self._post_ok(record) or self._check_post(record) else None
        if isinstance(record, Result):
            if not (self._result_ok(record) or self._check_result(record)):
                return None
            if record.draft:
                self._warn_draft(record)
            return record
        if isinstance(record, (Mayor, Pcc)):
            return record if self._check_mayor(record) else None
        if isinstance(record, Marker):
            ok = self._check_time(record.at, "at", "marker")
            return record if ok and self._check_window(record.at, "at", "marker") else None
        if isinstance(record, Council):
            self._add_council(record)
        elif isinstance(record, Election):
            self._set_election(record)
        return None

    def finish(self) -> None:
        """Report problems only visible at the end of the file."""
        if self.election is None and not self._seen_content:
            self._problem("empty feed: the first line must be the `election` header", line=1)

    # -- checks -----------------------------------------------------------------

    def _problem(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.path, self.line_no if line is None else line, message))

    def _warn_draft(self, result: Result) -> None:
        where = f"result for {result.council!r} at {result.at:%Y-%m-%d %H:%M}"
        message = f"warning: draft {where} was read from text by an importer; check it"
        self.warnings.append(Problem(self.path, self.line_no, message))

    def _set_election(self, header: Election) -> None:
        if self._seen_content:
            self._problem("the `election` header must be the first line of the feed")
            return
        self.election = header
        if header.feed_version != FEED_VERSION:
            self._problem(
                f"election: feed_version {header.feed_version} is not supported "
                f"(this reader knows version {FEED_VERSION})"
            )
        self._check_slug(header.id, "election: id")
        self._check_timezone(header.timezone)
        if self._check_time(header.starts, "starts", "election"):
            self._set_window(header)
        ends = header.ends
        if (
            ends is not None
            and self._check_time(ends, "ends", "election")
            and self._check_window(ends, "ends", "election")
            and header.starts.tzinfo is not None
            and ends < header.starts
        ):
            self._problem("election: `ends` is before `starts`")
        codes = [p.code for p in header.parties]
        for code in sorted(code for code, n in Counter(codes).items() if n > 1):
            self._problem(f"election: party code {code!r} is listed twice")
        if NOC in codes:
            self._problem(f"election: {NOC!r} is reserved for no overall control")
        if not codes:
            self._problem("election: `parties` is empty")
        for party in header.parties:
            if not _PARTY_CODE.match(party.code):
                self._problem(
                    f"election: party code {party.code!r} must be 1 to 8 upper-case letters "
                    "or digits, starting with a letter (e.g. 'LAB', 'UKIP')"
                )
            if party.color is not None and not _COLOR.match(party.color):
                self._problem(
                    f"election: party {party.code!r} color {party.color!r} must be printable "
                    "ASCII (e.g. '#E4003B')"
                )
        ids = [s.id for s in header.sources]
        for source_id in sorted(i for i, n in Counter(ids).items() if n > 1):
            self._problem(f"election: source id {source_id!r} is listed twice")
        for source_id in ids:
            self._check_slug(source_id, "election: source id")
        self._parties = frozenset(codes)
        self._sources = frozenset(ids)
        self._retype()

    def _check_slug(self, value: str, what: str) -> bool:
        if _SLUG.match(value) and len(value) <= SLUG_MAX:
            return True
        example = slugify(value)[:SLUG_MAX] or "plymouth"
        self._problem(
            f"{what} {value!r} must be a lower-case slug of at most {SLUG_MAX} characters "
            f"(letters and digits joined by single hyphens), such as {example!r}"
        )
        return False

    def _check_timezone(self, name: str) -> None:
        if len(name) <= 64 and _TIMEZONE.match(name):
            try:
                zoneinfo.ZoneInfo(name)
                return
            except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
                pass  # OSError: a name such as "Europe" is a tzdata directory
        self._problem(f"election: unknown timezone {name!r}")

    def _set_window(self, header: Election) -> None:
        """The times entries may have: from DAYS_BEFORE before `starts` to DAYS_AFTER after."""
        first, last = YEARS
        starts = header.starts
        if not datetime(first, 1, 1, tzinfo=UTC) <= starts < datetime(last + 1, 1, 1, tzinfo=UTC):
            self._problem(
                f"election: `starts` {starts.isoformat()} is not between the years "
                f"{first} and {last}"
            )
            return
        self._earliest = starts - timedelta(days=DAYS_BEFORE)
        self._latest = starts + timedelta(days=DAYS_AFTER)
        if abs((starts.date() - header.polling_day).days) > DAYS_BEFORE:
            self._problem(
                f"election: `polling_day` {header.polling_day.isoformat()} is more than "
                f"{DAYS_BEFORE} days from `starts` ({starts.date().isoformat()})"
            )

    def _check_window(self, value: datetime, name: str, kind: str) -> bool:
        """Whether an aware time is in the night's window (unknown without a valid header)."""
        earliest, latest = self._earliest, self._latest
        if earliest is None or latest is None or earliest <= value <= latest:
            return True
        side = f"{DAYS_BEFORE} days before" if value < earliest else f"{DAYS_AFTER} days after"
        self._problem(f"{kind}: `{name}` {value.isoformat()} is more than {side} `starts`")
        return False

    def _require_header(self, kind: str) -> bool:
        if self.election is None:
            if not self._seen_content:
                self._problem(f"no `election` header: the first line is a `{kind}` line")
            return False
        return True

    def _check_time(self, value: datetime, name: str, kind: str) -> bool:
        if value.tzinfo is None:
            self._problem(f"{kind}: timestamp `{name}` has no UTC offset (e.g. +01:00)")
            return False
        return True

    def _check_party(self, code: str, where: str, allow_noc: bool = False) -> bool:
        if code in self._parties or (allow_noc and code == NOC):
            return True
        if self.election is not None:
            self._problem(f"{where}: unknown party code {code!r}")
        return False

    def _check_parties(self, seats: Mapping[str, int], where: str) -> bool:
        return all([self._check_party(code, where) for code in seats])

    def _add_council(self, council: Council) -> None:
        self._require_header("council")
        where = f"council {council.id!r}"
        ok = True
        if council.id in self.councils:
            first = self._council_lines[council.id]
            self._problem(f"duplicate council id {council.id!r} (first on line {first})")
            return
        if not _SLUG.match(council.id) or len(council.id) > SLUG_MAX:
            example = slugify(council.name)[:SLUG_MAX] or "plymouth"
            self._problem(
                f"{where}: id must be a lower-case slug of at most {SLUG_MAX} characters "
                f"(letters and digits joined by single hyphens), such as {example!r}"
            )
            ok = False
        if council.seats > MAX_SEATS:
            self._problem(f"{where}: seats {council.seats} is more than {MAX_SEATS}")
            return
        if council.ons is not None and not _ONS.match(council.ons):
            self._problem(
                f"{where}: ons {council.ons!r} is not an ONS code (a letter and 8 digits, "
                "e.g. 'E06000026')"
            )
            ok = False
        if council.control is not None:
            ok = self._check_party(council.control, where, allow_noc=True) and ok
        if council.composition is not None:
            ok = self._check_parties(council.composition, where) and ok
            total = sum(council.composition.values())
            if total != council.seats:
                self._problem(f"{where}: composition sums to {total}, not seats {council.seats}")
                ok = False
        if council.seats_up is not None and council.seats_up > council.seats:
            up = council.seats_up
            self._problem(f"{where}: seats_up {up} is more than seats {council.seats}")
            ok = False
        if ok:
            self.councils[council.id] = council
            self._council_lines[council.id] = self.line_no
            self._retype()

    def _check_source(self, source: str | None, kind: str) -> bool:
        if source is None or source in self._sources or self.election is None:
            return True
        self._problem(f"{kind}: unknown source {source!r} (not in the header's sources)")
        return False

    def _post_ok(self, post: Post) -> bool:
        """Whether a post is valid, quickly; False means "let `_check_post` say why"."""
        return (
            self.election is not None
            and post.at.tzinfo is not None
            and self._earliest is not None
            and self._latest is not None
            and self._earliest <= post.at <= self._latest
            and (post.source is None or post.source in self._sources)
            and (post.councils is None or all(c in self.councils for c in post.councils))
        )

    def _result_ok(self, result: Result) -> bool:
        """Whether a result is valid, quickly; False means "let `_check_result` say why"."""
        council = self.councils.get(result.council)
        if council is None or self.election is None or result.at.tzinfo is None:
            return False
        earliest, latest = self._earliest, self._latest
        if earliest is None or latest is None or not earliest <= result.at <= latest:
            return False
        parties = self._parties
        composition, control, won = result.composition, result.control, result.seats_won
        if composition is None:
            if control is None:
                return False
        elif not parties.issuperset(composition) or sum(composition.values()) != council.seats:
            return False
        if control is not None and control not in parties and control != NOC:
            return False
        if won is not None:
            limit = council.seats if council.seats_up is None else council.seats_up
            if not parties.issuperset(won) or sum(won.values()) > limit:
                return False
        change = result.change
        if change is not None:
            seats = council.seats
            if not parties.issuperset(change) or not all(
                -seats <= v <= seats for v in change.values()
            ):
                return False
        return result.source is None or result.source in self._sources

    def _check_post(self, post: Post) -> bool:
        if not self._require_header("post"):
            return False
        ok = self._check_time(post.at, "at", "post") and self._check_window(post.at, "at", "post")
        ok = self._check_source(post.source, "post") and ok
        for council_id in post.councils or ():
            if council_id not in self.councils:
                self._problem(f"post: unknown council {council_id!r}")
                ok = False
        return ok

    def _check_result(self, result: Result) -> bool:
        if not self._require_header("result"):
            return False
        where = f"result for {result.council!r}"
        ok = self._check_time(result.at, "at", "result")
        ok = ok and self._check_window(result.at, "at", "result")
        ok = self._check_source(result.source, "result") and ok
        council = self.councils.get(result.council)
        if council is None:
            self._problem(f"result: unknown council {result.council!r}")
            return False
        if result.composition is None and result.control is None:
            self._problem(f"{where}: needs `composition` or `control`")
            ok = False
        if result.control is not None:
            ok = self._check_party(result.control, where, allow_noc=True) and ok
        if result.composition is not None:
            ok = self._check_parties(result.composition, where) and ok
            total = sum(result.composition.values())
            if total != council.seats:
                self._problem(f"{where}: composition sums to {total}, not seats {council.seats}")
                ok = False
        if result.seats_won is not None:
            ok = self._check_parties(result.seats_won, f"{where} seats_won") and ok
            won = sum(result.seats_won.values())
            limit = council.seats if council.seats_up is None else council.seats_up
            if won > limit:
                name = "seats" if council.seats_up is None else "seats_up"
                self._problem(f"{where}: seats_won sums to {won}, more than {name} {limit}")
                ok = False
        if result.change is not None:
            ok = self._check_parties(result.change, f"{where} change") and ok
            for code, value in result.change.items():
                if abs(value) > council.seats:
                    self._problem(
                        f"{where}: change {value:+d} for {code!r} is more than the council's "
                        f"{council.seats} seats"
                    )
                    ok = False
        return ok

    def _check_mayor(self, entry: Mayor | Pcc) -> bool:
        kind = "mayor" if isinstance(entry, Mayor) else "pcc"
        if not self._require_header(kind):
            return False
        ok = self._check_time(entry.at, "at", kind) and self._check_window(entry.at, "at", kind)
        ok = self._check_source(entry.source, kind) and ok
        ok = self._check_party(entry.party, f"{kind} {entry.area!r}") and ok
        if entry.party_before is not None:
            ok = self._check_party(entry.party_before, f"{kind} {entry.area!r} party_before") and ok
        return ok


def _describe(err: Exception, raw: bytes) -> str:
    """Turn a msgspec error into a message that names the line's type and field."""
    message = str(err)
    if "UTF-8" in message and not isinstance(err, UnicodeDecodeError):
        try:  # msgspec >= 0.19 reports bad UTF-8 as a DecodeError without the byte
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            err = bad
    if isinstance(err, UnicodeDecodeError):
        return f"not valid UTF-8 (byte {err.object[err.start]:#04x} in a string)"
    if message == "Input data was truncated" and _LONE_SURROGATE.search(raw):
        return "invalid JSON: a string has half of a UTF-16 surrogate pair (e.g. \\ud800 alone)"
    if not isinstance(err, msgspec.ValidationError):
        # ValidationError is a DecodeError too: only the others are bad JSON
        return f"invalid JSON: {message.removeprefix('JSON is malformed: ')}"
    try:
        kind = _TYPE_DECODER.decode(raw).type
    except (msgspec.DecodeError, RecursionError):  # msgspec recurses to skip nested values
        first = _TYPE_FIRST.match(raw)
        kind = first.group(1).decode() if first else None
    if message.startswith("Expected `object`"):
        return f"expected a JSON object, got {message.split('got ')[-1]}"
    if message == "Object missing required field `type`":
        return "missing field `type`"
    if message.startswith("Invalid value") and message.endswith("`$.type`"):
        known = ", ".join(LINE_TYPES)
        return f"unknown type {kind!r} (known types: {known})"
    if not isinstance(kind, str) or kind not in LINE_TYPES:
        kind = "line"
    if message.startswith("Object missing required field"):
        return f"{kind}: missing required field {message.split('field ')[-1]}"
    if message.startswith("Object contains unknown field"):
        return f"{kind}: unknown field {message.split('field ')[-1]}"
    match = _AT_PATH.search(message)
    what = message[: match.start()] if match else message
    path = match.group(1) if match else ""
    where = ""
    if path:  # `$.composition[...]` is a value of the mapping `composition`
        values = " values" if path.endswith("[...]") else ""
        where = f" `{path.removesuffix('[...]')}`{values}"
    if "datetime" in what:
        what = "not an ISO 8601 timestamp with seconds and offset, e.g. 2018-05-04T03:28:00+01:00"
    elif "date" in what:
        what = "not an ISO 8601 date, e.g. 2018-05-03"
    elif what.startswith("Expected"):
        what = "expected " + what.removeprefix("Expected ")
    return f"{kind}:{where} {what}"


def parse_feed(data: bytes, path: str) -> tuple[Feed | None, list[Problem]]:
    """Validate a whole feed held in memory; the Feed is None when anything is wrong."""
    parser = FeedParser(path)
    entries = parser.parse_lines(data.removeprefix(_BOM).splitlines())
    return _finish(parser, entries)


def check_feed(path: str | Path) -> tuple[Feed | None, list[Problem]]:
    """Read and validate a feed file (read-only); return it and every problem found."""
    parser = FeedParser(str(path))
    try:
        with open(path, "rb") as handle, paused_gc():
            entries = parser.parse_lines(read_lines(handle))
    except OSError as err:
        return None, [Problem(str(path), 0, f"cannot read: {err.strerror or err}")]
    return _finish(parser, entries)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a feed or timeline is built, then restore it.

    Loading keeps every object it makes and makes no reference cycles, so each collection
    the allocations trigger would only rescan a growing heap (over a second at 1M lines).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_lines(handle: BinaryIO) -> Iterator[bytes]:
    """A file's lines as `bytes.splitlines` gives them, read a chunk at a time.

    Streaming keeps the whole file and a copy of every line out of memory at once.
    """
    carry = b""
    while len(carry) < len(_BOM) and (chunk := handle.read(_CHUNK)):
        carry += chunk  # a byte order mark counts only at the very start of the file
    carry = carry.removeprefix(_BOM)
    while chunk := handle.read(_CHUNK):
        data = carry + chunk
        cut = data.rfind(b"\n") + 1  # split after a newline, so `\r\n` stays whole
        yield from data[:cut].splitlines()
        carry = data[cut:]
    yield from carry.splitlines()


def _finish(parser: FeedParser, entries: list[Entry]) -> tuple[Feed | None, list[Problem]]:
    parser.finish()
    if parser.problems or parser.election is None:
        return None, parser.problems
    feed = Feed(parser.path, parser.election, parser.councils, entries, parser.warnings)
    return feed, []


def load_feed(path: str | Path) -> Feed:
    """Read and validate a feed file; raise FeedError listing every problem."""
    feed, problems = check_feed(path)
    if feed is None:
        raise FeedError(problems)
    return feed
