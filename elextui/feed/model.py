"""Typed records of feed format v1: one msgspec Struct per line `type`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, TypeAlias

import msgspec

FEED_VERSION = 1
NOC = "NOC"
"""Control code for a council where no party has more than half the seats."""

# The shapes of identifiers (docs/feed-format.md, "Ids and party codes"): plain ASCII
# tokens, so no id can carry markup, an escape code or a space into a screen or a file.
SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
"""Election, council and source ids: lower-case letters and digits joined by single hyphens."""
SLUG_MAX = 64
"""Longest id, in characters."""
PARTY_CODE_PATTERN = r"[A-Z][A-Z0-9]{0,7}"
"""Party codes: an upper-case letter then up to 7 upper-case letters or digits (LAB, UKIP)."""
ONS_PATTERN = r"[EKNSW][0-9]{8}"
"""ONS (GSS) area codes: a country letter and eight digits (E06000026)."""
TIMEZONE_PATTERN = r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*"
"""IANA zone names as written (Europe/London, UTC, Etc/GMT-1)."""
COLOR_PATTERN = r"[ -~]{1,40}"
"""Colours: printable ASCII (`#RRGGBB` or a name); one the UI cannot read falls back."""

MAX_SEATS = 10_000
"""Most seats a council may have (the largest English council has about 120)."""
YEARS = (1800, 2999)
"""The header's `starts` must fall in these years (first and last)."""
DAYS_BEFORE = 7
"""Entries may be at most this many days before the header's `starts`..."""
DAYS_AFTER = 31
"""... and entries and `ends` at most this many days after it."""

SeatCount = Annotated[int, msgspec.Meta(ge=0)]
SeatsByParty: TypeAlias = dict[str, SeatCount]
ChangeByParty: TypeAlias = dict[str, int]


class _Line(msgspec.Struct, frozen=True, forbid_unknown_fields=True, tag_field="type", gc=False):
    """Base of every feed line: unknown fields are errors, records are immutable.

    `gc=False`: records hold only strings, numbers, datetimes and lists or dicts of
    those, so they can never be in a reference cycle; untracked, a million-line feed
    loads without the collector rescanning it again and again, and each record is
    16 bytes smaller.
    """


class Party(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """A party of the header: its code in the feed, its name and colour."""

    code: str
    name: str
    color: str | None = None


class Source(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """A source that entries cite by id."""

    id: str
    name: str
    url: str | None = None


class Election(_Line, tag="election", frozen=True):
    """The header: what the night is, its parties and its sources."""

    feed_version: int
    id: str
    title: str
    polling_day: date
    timezone: str
    starts: datetime
    parties: list[Party]
    sources: list[Source] = []
    ends: datetime | None = None
    notes: str | None = None


class Council(_Line, tag="council", frozen=True):
    """A council's position on the eve of the poll (the baseline)."""

    id: str
    name: str
    seats: Annotated[int, msgspec.Meta(gt=0)]
    kind: str | None = None
    seats_up: SeatCount | None = None
    control: str | None = None
    composition: SeatsByParty | None = None
    ons: str | None = None


class Post(_Line, tag="post", frozen=True):
    """A liveblog post: text for the ticker."""

    at: datetime
    text: str
    source: str | None = None
    author: str | None = None
    url: str | None = None
    councils: list[str] | None = None
    estimated: bool = False


class Result(_Line, tag="result", frozen=True):
    """A council's declaration: the whole council after, and tonight's seats.

    With `final` false it is a *call*: control is known, seats are still being counted.
    With `draft` true an importer read it from text and nobody has checked it yet.
    """

    at: datetime
    council: str
    composition: SeatsByParty | None = None
    control: str | None = None
    seats_won: SeatsByParty | None = None
    change: ChangeByParty | None = None
    final: bool = True
    note: str | None = None
    source: str | None = None
    estimated: bool = False
    draft: bool = False


class _Office(_Line, frozen=True):
    """The fields of a one-person office's result (mayor, police commissioner)."""

    at: datetime
    area: str
    winner: str
    party: str
    party_before: str | None = None
    note: str | None = None
    source: str | None = None
    estimated: bool = False


class Mayor(_Office, tag="mayor", frozen=True):
    """A directly elected mayor's result."""


class Pcc(_Office, tag="pcc", frozen=True):
    """A police and crime commissioner's result (same fields as a mayor)."""


class Marker(_Line, tag="marker", frozen=True):
    """A named moment to jump to."""

    at: datetime
    label: str
    estimated: bool = False


Entry: TypeAlias = Post | Result | Mayor | Pcc | Marker
"""A timestamped line: what the player plays."""

Line: TypeAlias = Election | Council | Post | Result | Mayor | Pcc | Marker

LINE_TYPES: tuple[str, ...] = (
    "election",
    "council",
    "post",
    "result",
    "mayor",
    "pcc",
    "marker",
)
