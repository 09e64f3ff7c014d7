"""Hex cartograms of local authorities (HexJSON, odd-r): where each council sits on the map.

No UI here: the map widget asks this module where a council is, which hexes border it and
which council lies north, south, east or west of another. Coordinates are the file's:
`q` grows eastwards, `r` grows northwards (a screen must flip `r`), odd rows sit half a
hex to the right.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal

Direction = Literal["north", "south", "east", "west"]

MAPS: dict[int, str] = {
    2018: "uk-local-authority-districts.hexjson",
    2023: "uk-local-authority-districts-2023.hexjson",
}
"""Bundled maps by the year of their boundaries (files in `elextui/hexmaps/`)."""

_UNIT: dict[Direction, tuple[float, float]] = {
    "north": (0.0, 1.0),
    "south": (0.0, -1.0),
    "east": (1.0, 0.0),
    "west": (-1.0, 0.0),
}
_ROW_HEIGHT = math.sqrt(3) / 2
MAX_ACROSS = 3.0
"""How far to the side (in hex widths) a move may land."""
"""Distance between hex rows, in hex widths (pointy-topped hexes)."""


@dataclass(frozen=True)
class Hex:
    """One local authority on the map."""

    code: str
    """ONS GSS code (E06..., E07..., W06...)."""
    name: str
    q: int
    r: int

    @property
    def country(self) -> str:
        """E (England), W (Wales), S (Scotland) or N (Northern Ireland)."""
        return self.code[:1]

    @property
    def centre(self) -> tuple[float, float]:
        """Position in hex widths: x eastwards, y northwards (odd rows shifted half a hex)."""
        return self.q + (0.5 if self.r % 2 else 0.0), self.r * _ROW_HEIGHT


_NEIGHBOURS = {
    0: ((1, 0), (-1, 0), (0, 1), (-1, 1), (0, -1), (-1, -1)),
    1: ((1, 0), (-1, 0), (1, 1), (0, 1), (1, -1), (0, -1)),
}
"""(dq, dr) of the six neighbours, for even and odd rows (odd-r offset layout)."""


class HexMap:
    """A hex cartogram: hexes by ONS code and by position."""

    def __init__(self, year: int, hexes: Iterable[Hex]) -> None:
        self.year = year
        self.hexes: dict[str, Hex] = {h.code: h for h in hexes}
        self.at: dict[tuple[int, int], Hex] = {(h.q, h.r): h for h in self.hexes.values()}
        if len(self.at) != len(self.hexes):
            raise ValueError("two hexes share a position")

    def __contains__(self, code: object) -> bool:
        return code in self.hexes

    def neighbours(self, code: str) -> list[Hex]:
        """The hexes that touch `code`'s hex (up to six)."""
        here = self.hexes[code]
        found = (self.at.get((here.q + dq, here.r + dr)) for dq, dr in _NEIGHBOURS[here.r % 2])
        return [h for h in found if h is not None]

    def step(self, code: str, direction: Direction, among: Iterable[str]) -> str | None:
        """The code in `among` that a person looking at the map sees next in `direction`.

        Candidates lie less than 60 degrees off the direction (the neighbours up and down
        are 30 degrees off, those left and right straight ahead) and at most `MAX_ACROSS`
        hexes to the side, so a coast is an edge; the nearest wins, a sideways
        offset counting as much as distance ahead (so an adjacent hex half a column across
        beats one two rows straight ahead); a tie goes to the left-hand side (north-west
        moving north). None when nothing lies that way.
        """
        x0, y0 = self.hexes[code].centre
        ux, uy = _UNIT[direction]
        best: tuple[float, float, str] | None = None
        for other in among:
            hexagon = self.hexes.get(other)
            if hexagon is None or other == code:
                continue
            x, y = hexagon.centre
            dx, dy = x - x0, y - y0
            ahead = dx * ux + dy * uy
            across = dx * -uy + dy * ux  # positive: to the left
            if ahead <= 1e-9 or abs(across) >= min(ahead * math.sqrt(3) - 1e-9, MAX_ACROSS + 1e-9):
                continue
            key = (round(ahead + abs(across), 6), -round(across, 6), other)
            if best is None or key < best:
                best = key
        return best[2] if best else None


@cache
def load_map(year: int) -> HexMap:
    """A bundled map (`MAPS`), read once."""
    text = files("elextui").joinpath("hexmaps", MAPS[year]).read_text(encoding="utf-8")
    return parse_hexjson(year, text)


def parse_hexjson(year: int, text: str) -> HexMap:
    """A HexJSON document (odd-r layout) as a HexMap."""
    data = json.loads(text)
    if data.get("layout") != "odd-r":
        raise ValueError(f"layout {data.get('layout')!r}: only odd-r is supported")
    hexes = (
        Hex(code, str(v.get("n") or v.get("name") or code), int(v["q"]), int(v["r"]))
        for code, v in data["hexes"].items()
    )
    return HexMap(year, hexes)


def map_for(polling_year: int, codes: Iterable[str | None]) -> HexMap:
    """The bundled map that places most of `codes`; on a tie, the latest not after the poll.

    2018's map still has the districts merged away since (Weymouth, Daventry...); the 2023
    map has the new unitaries (Dorset, BCP, North Yorkshire...).
    """
    wanted = {c for c in codes if c}

    def fit(year: int) -> tuple[int, int, int]:
        placed = sum(1 for c in wanted if c in load_map(year))
        return placed, year <= polling_year, year if year <= polling_year else -year

    return load_map(max(MAPS, key=fit))


@dataclass(frozen=True)
class Placement:
    """Which councils of a night have a hex, and which do not (counties, combined authorities)."""

    hexmap: HexMap
    codes: dict[str, str]
    """Council id to the ONS code of its hex."""
    councils: dict[str, str]
    """ONS code of a hex to the council id on it."""
    unplaced: list[str]
    """Council ids with no hex (no ONS code, or a code the map does not have), in input order."""


def place(hexmap: HexMap, ons: Mapping[str, str | None]) -> Placement:
    """Put councils (id to ONS code) on `hexmap`; two councils never share a hex."""
    codes: dict[str, str] = {}
    councils: dict[str, str] = {}
    unplaced: list[str] = []
    for council_id, code in ons.items():
        if code and code in hexmap and code not in councils:
            codes[council_id] = code
            councils[code] = council_id
        else:
            unplaced.append(council_id)
    return Placement(hexmap, codes, councils, unplaced)
