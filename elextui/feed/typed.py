"""A decoder made for one feed, so msgspec checks its ids and party codes in C while decoding.

The model's Structs take any string as a council id, a party code or a source id; the
reader then checks each one in Python, which cost as much again as the decode. Once the
header and the councils are known, `entry_decoder` makes subclasses of the entry Structs
whose ids are `Literal` types of exactly the known values and whose times must carry an
offset. A line they accept needs only the checks msgspec cannot do (the time window, seat
sums); a line they reject goes to the generic decoder and the reader's checks, which word
the problem exactly as before. An accepted record gets its model class back at once
(`as_model`), so nothing downstream ever sees a subclass.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from elextui.feed.model import (
    NOC,
    Council,
    Election,
    Entry,
    Marker,
    Mayor,
    Pcc,
    Post,
    Result,
    SeatCount,
)

_Aware = Annotated[datetime, msgspec.Meta(tz=True)]
as_model = object.__dict__["__class__"].__set__
"""`as_model(record, Model)` gives a record of a typed subclass its model class back.

Allowed because a subclass that only narrows field types has the model's exact layout
(`entry_decoder` checks that once per feed); far cheaper than copying the record.
"""


def _one_of(values: Iterable[str]) -> Any:
    """The type accepting exactly these strings (None: no string at all)."""
    ordered = tuple(sorted(set(values)))
    return Literal[ordered] if ordered else None


def _typed(model: type[msgspec.Struct], tag: str, fields: list[tuple[str, Any, Any]]) -> Any:
    """A subclass of `model` with narrower types for `fields` (name, type, default)."""
    spec = [
        (name, kind) if default is ... else (name, kind, default) for name, kind, default in fields
    ]
    typed = msgspec.defstruct(
        f"Typed{model.__name__}",
        spec,
        bases=(model,),
        tag=tag,
        frozen=True,
        forbid_unknown_fields=True,
        gc=False,
    )
    if (
        typed.__struct_fields__ != model.__struct_fields__
        or typed.__basicsize__ != model.__basicsize__
    ):
        raise TypeError(f"typed {model.__name__} does not keep the model's layout")
    return typed


class TypedFeed:
    """One feed's typed decoder and the checks left for Python on the lines it accepts."""

    def __init__(
        self,
        parties: Collection[str],
        sources: Collection[str],
        councils: Mapping[str, Council],
        earliest: datetime,
        latest: datetime,
    ) -> None:
        least = min((c.seats for c in councils.values()), default=0)
        decoder, models = entry_decoder(parties, sources, councils, least)
        self.decode = decoder.decode
        """Decode a line: a typed entry (see `models`), a header or a council."""
        self.models = models
        """Typed entry class -> its model class."""
        self.window = (earliest, latest)
        """The times every entry's `at` must be between (the reader's window)."""
        of: dict[type, type[Entry] | None] = {**models, Election: None, Council: None}
        self.parts = (self.decode, of, self.sums_ok, self.window)
        """For a hot loop: `decode`, the model class of each class it returns (None for a
        header or a council), `sums_ok` and `window`."""
        self._seats = {
            key: (c.seats, c.seats if c.seats_up is None else c.seats_up)
            for key, c in councils.items()
        }

    def sums_ok(self, result: Result) -> bool:
        """Whether a typed result's seats add up (False: let the reader's checks say why)."""
        seats, up = self._seats[result.council]
        composition = result.composition
        if composition is None:
            if result.control is None:
                return False
        elif sum(composition.values()) != seats:
            return False
        won = result.seats_won
        return won is None or sum(won.values()) <= up


def entry_decoder(
    parties: Iterable[str], sources: Iterable[str], councils: Iterable[str], least: int
) -> tuple[msgspec.json.Decoder[Any], dict[type, type[Entry]]]:
    """A decoder for a feed's lines with its parties, sources and councils, and a map from
    its typed entry classes to the model classes (headers and councils decode as usual).

    A result's `change` may be at most `least` (the smallest council's seats) either way:
    a larger one goes to the reader's check against its own council's seats.
    """
    change = Annotated[int, msgspec.Meta(ge=-least, le=least)]
    party = _one_of(parties)
    control = _one_of([*parties, NOC])
    source = _one_of(sources)
    council = _one_of(councils)
    optional_source = ("source", source | None if source is not None else None, None)
    office = [("at", _Aware, ...), ("party", party, ...), ("party_before", party | None, None)]
    typed: dict[type, type[Entry]] = {
        _typed(
            Post,
            "post",
            [
                ("at", _Aware, ...),
                optional_source,
                ("councils", list[council] | None, None),  # type: ignore[valid-type]
            ],
        ): Post,
        _typed(
            Result,
            "result",
            [
                ("at", _Aware, ...),
                ("council", council, ...),
                ("composition", dict[party, SeatCount] | None, None),  # type: ignore[valid-type]
                ("control", control | None, None),
                ("seats_won", dict[party, SeatCount] | None, None),  # type: ignore[valid-type]
                ("change", dict[party, change] | None, None),  # type: ignore[valid-type]
                optional_source,
            ],
        ): Result,
        _typed(Mayor, "mayor", [*office, optional_source]): Mayor,
        _typed(Pcc, "pcc", [*office, optional_source]): Pcc,
        _typed(Marker, "marker", [("at", _Aware, ...)]): Marker,
    }
    union: Any = Election | Council
    for kind in typed:
        union = union | kind
    return msgspec.json.Decoder(union), typed
