"""Write feed records as canonical JSON Lines, after the reader has accepted them."""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from elextui.feed.model import Council, Election, Entry, Line
from elextui.feed.reader import Feed, FeedError, Problem, parse_feed

Origin = tuple[str, int]
"""Where a record came from: a file and a line (0 when there is no line)."""

_ENCODER = msgspec.json.Encoder()


@dataclass
class FeedWriter:
    """Collects one night's records and writes them as a feed file.

    The output is canonical: the header, then councils in the order added, then entries
    sorted by time (equal times keep the order added); each line has its fields in the
    model's order with defaults left out, and every seats-by-party mapping in the
    header's party order. Before anything is written the bytes are re-read by the
    feed reader, and each problem it finds is reported at the record's origin (the CSV
    or text line it came from) when the importer gave one.
    """

    election: Election
    councils: list[tuple[Council, Origin | None]] = field(default_factory=list)
    entries: list[tuple[Entry, Origin | None]] = field(default_factory=list)
    header_origin: Origin | None = None

    def add(self, record: Council | Entry, origin: Origin | None = None) -> None:
        """Add a council or an entry, remembering where it came from."""
        if isinstance(record, Council):
            self.councils.append((record, origin))
        else:
            self.entries.append((record, origin))

    def lines(self) -> list[tuple[Line, Origin | None]]:
        """Every record in output order, each with its origin."""
        entries = sorted(self.entries, key=lambda item: item[0].at)  # stable: keeps ties
        return [(self.election, self.header_origin), *self.councils, *entries]

    def encode(self) -> bytes:
        """The feed as canonical JSON Lines (UTF-8, one record a line)."""
        order = [party.code for party in self.election.parties]
        return b"".join(encode_line(line, order) + b"\n" for line, _ in self.lines())

    def check(self, path: str = "<feed>") -> tuple[Feed | None, list[Problem]]:
        """Re-read the encoded feed with the reader; problems point at the origins."""
        lines = self.lines()
        feed, problems = parse_feed(self.encode(), path)
        located = [_locate(problem, lines) for problem in problems]
        if feed is not None:
            feed.warnings = [_locate(warning, lines) for warning in feed.warnings]
        return feed, located

    def write(self, path: str | Path, force: bool = False) -> Feed:
        """Write the feed to `path` atomically; raise FeedError and write nothing if invalid.

        An existing file is replaced only with `force`; raises FileExistsError otherwise.
        """
        path = Path(path)
        if path.exists() and not force:
            raise FileExistsError(f"{path} exists (use --force to replace it)")
        feed, problems = self.check(str(path))
        if feed is None:
            raise FeedError(problems)
        write_atomically(path, self.encode(), force)
        return feed


def write_atomically(path: Path, data: bytes, force: bool = False) -> None:
    """Write `data` to a temporary file beside `path`, then move it into place.

    A reader of `path` sees the old file or the new one, never a part. Without `force`
    the move fails (FileExistsError) if `path` appeared in the meantime.
    """
    folder = path.parent if str(path.parent) else Path(".")
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if force:
            os.replace(temp, path)
        else:
            os.link(temp, path)  # fails if `path` exists: never clobbers a file
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def encode_line(record: Line, party_order: Iterable[str] = ()) -> bytes:
    """One record as compact JSON: `type` first, fields in model order, defaults left out."""
    return _ENCODER.encode(_canonical(record, list(party_order)))


@functools.cache
def _struct_info(kind: type[msgspec.Struct]) -> msgspec.inspect.StructType:
    info = msgspec.inspect.type_info(kind)
    assert isinstance(info, msgspec.inspect.StructType)
    return info


def _canonical(record: msgspec.Struct, order: list[str]) -> dict[str, Any]:
    info = _struct_info(type(record))
    out: dict[str, Any] = {}
    if info.tag_field is not None:
        out[info.tag_field] = info.tag
    for spec in info.fields:
        value = getattr(record, spec.name)
        if value is None or (spec.default is not msgspec.NODEFAULT and value == spec.default):
            continue
        if isinstance(value, msgspec.Struct):
            value = _canonical(value, order)
        elif isinstance(value, list):
            value = [_canonical(v, order) if isinstance(v, msgspec.Struct) else v for v in value]
        elif isinstance(value, Mapping):
            value = _in_order(value, order)
        out[spec.encode_name] = value
    return out


def _in_order(mapping: Mapping[str, Any], order: list[str]) -> dict[str, Any]:
    """A seats-by-party mapping with the header's parties first, in header order."""
    rank = {code: n for n, code in enumerate(order)}
    return dict(sorted(mapping.items(), key=lambda kv: rank.get(kv[0], len(rank))))


def _locate(problem: Problem, lines: list[tuple[Line, Origin | None]]) -> Problem:
    """The problem at the origin of the record on its line, if that is known."""
    if not 1 <= problem.line <= len(lines):
        return problem
    record, origin = lines[problem.line - 1]
    if origin is None:
        return problem
    return Problem(origin[0], origin[1], problem.message)
