"""The bundled hex maps: loading, neighbours, moving by direction, and placing every night."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest

from elextui.feed import Feed, bundled_feeds, load_feed
from elextui.hexmap import MAPS, Direction, HexMap, load_map, map_for, parse_hexjson, place

ROOT = Path(__file__).resolve().parents[1]


def night(feed_id: str) -> Feed:
    """A bundled night."""
    return load_feed(bundled_feeds()[feed_id])


def codes(feed: Feed) -> dict[str, str | None]:
    """Council id to ONS code."""
    return {c.id: c.ons for c in feed.councils.values()}


def test_bundled_maps_load_with_their_licence() -> None:
    assert len(load_map(2018).hexes) == 391
    assert len(load_map(2023).hexes) == 361
    package = files("elextui").joinpath("hexmaps")
    assert "MIT License" in package.joinpath("LICENSE").read_text(encoding="utf-8")
    assert "Open Innovations" in package.joinpath("LICENSE").read_text(encoding="utf-8")
    assert {p.name for p in package.iterdir()} >= set(MAPS.values())


def test_the_2018_map_puts_known_districts_where_the_source_says() -> None:
    hexmap = load_map(2018)
    plymouth = hexmap.hexes["E06000026"]
    assert (plymouth.name, plymouth.q, plymouth.r) == ("Plymouth", -4, -4)
    assert (hexmap.hexes["E06000001"].q, hexmap.hexes["E06000001"].r) == (8, 19)  # Hartlepool
    assert "E07000053" in hexmap  # Weymouth and Portland, merged into Dorset in 2019
    assert "E06000059" not in hexmap  # ...so Dorset the unitary is only on the 2023 map
    assert "E06000059" in load_map(2023)


def test_neighbours_follow_odd_r_offsets() -> None:
    hexmap = load_map(2018)
    # Plymouth (-4,-4) is on an even row: its row-above neighbours are q-1 and q.
    assert {h.name for h in hexmap.neighbours("E06000026")} == {"Cornwall", "Torbay", "South Hams"}
    for code, here in hexmap.hexes.items():
        for other in hexmap.neighbours(code):
            x0, y0 = here.centre
            x1, y1 = other.centre
            assert abs(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 - 1) < 1e-9
            assert code in {h.code for h in hexmap.neighbours(other.code)}


def test_odd_rows_sit_half_a_hex_right_even_when_negative() -> None:
    hexmap = parse_hexjson(
        0,
        '{"layout":"odd-r","hexes":{"A":{"n":"A","q":0,"r":-1},"B":{"n":"B","q":0,"r":0},'
        '"C":{"n":"C","q":-1,"r":0}}}',
    )
    assert hexmap.hexes["A"].centre[0] == 0.5
    assert {h.code for h in hexmap.neighbours("A")} == {"B"}
    assert {h.code for h in hexmap.neighbours("C")} == {"B"}


def test_other_layouts_are_refused() -> None:
    with pytest.raises(ValueError, match="odd-q"):
        parse_hexjson(0, '{"layout":"odd-q","hexes":{}}')


def small_map() -> HexMap:
    """A 3x3 block of hexes named by (q, r): rows r=0 (south) to r=2 (north)."""
    hexes = ",".join(
        f'"{q}{r}":{{"n":"{q}{r}","q":{q},"r":{r}}}' for q in range(3) for r in range(3)
    )
    return parse_hexjson(0, '{"layout":"odd-r","hexes":{' + hexes + "}}")


def test_step_moves_to_the_adjacent_hex_a_person_expects() -> None:
    hexmap = small_map()
    everything = list(hexmap.hexes)
    # (1,1) is on an odd row, shifted right: north-west of it is (1,2), north-east (2,2).
    assert hexmap.step("11", "north", everything) == "12"  # a tie: the left-hand one
    assert hexmap.step("11", "south", everything) == "20"  # the left-hand side going south
    assert hexmap.step("11", "east", everything) == "21"
    assert hexmap.step("11", "west", everything) == "01"
    assert hexmap.step("00", "west", everything) is None
    assert hexmap.step("02", "north", everything) is None


def test_step_skips_hexes_not_in_the_set_and_stops_at_an_edge() -> None:
    hexmap = small_map()
    assert hexmap.step("01", "east", ["21", "12"]) == "21"  # same row beats a diagonal
    assert hexmap.step("00", "north", ["02", "20"]) == "02"  # two rows up, not far east
    assert hexmap.step("00", "east", ["02"]) is None  # straight north is not east


@pytest.mark.parametrize(
    ("feed_id", "year"),
    [("england-locals-2018", 2018), ("england-locals-2023", 2023), ("england-locals-2024", 2023)],
)
def test_each_night_gets_the_map_of_its_boundaries(feed_id: str, year: int) -> None:
    feed = night(feed_id)
    assert map_for(feed.election.polling_day.year, codes(feed).values()).year == year


@pytest.mark.parametrize("feed_id", sorted(bundled_feeds()))
def test_every_council_of_every_bundled_night_is_on_the_map_or_listed(feed_id: str) -> None:
    feed = night(feed_id)
    ons = codes(feed)
    placement = place(map_for(feed.election.polling_day.year, ons.values()), ons)
    assert set(placement.codes) | set(placement.unplaced) == set(feed.councils)
    assert not set(placement.codes) & set(placement.unplaced)
    assert len(placement.councils) == len(placement.codes)  # no two councils share a hex
    assert placement.unplaced == []  # today every bundled council has a district hex


def _plain(name: str) -> str:
    name = name.lower().replace("city of", "").replace("county of", "").replace("&", "and")
    return re.sub(r"[^a-z]", "", name.replace("st.", "st"))


@pytest.mark.parametrize("feed_id", sorted(bundled_feeds()))
def test_each_councils_hex_has_its_name(feed_id: str) -> None:
    """The ONS codes in the feeds point at the right districts."""
    feed = night(feed_id)
    ons = codes(feed)
    hexmap = map_for(feed.election.polling_day.year, ons.values())
    placement = place(hexmap, ons)
    wrong = [
        (feed.councils[cid].name, hexmap.hexes[code].name)
        for cid, code in placement.codes.items()
        if _plain(feed.councils[cid].name) != _plain(hexmap.hexes[code].name)
    ]
    assert wrong == []


def test_councils_without_a_code_or_hex_are_listed_in_order() -> None:
    hexmap = load_map(2018)
    placement = place(
        hexmap,
        {"kent": None, "plymouth": "E06000026", "dorset": "E06000059", "twin": "E06000026"},
    )
    assert placement.codes == {"plymouth": "E06000026"}
    assert placement.unplaced == ["kent", "dorset", "twin"]


# Moves on the bundled nights, as a person looking at the map expects them.
MOVES = [
    ("england-locals-2018", "westminster", "north", "islington"),
    ("england-locals-2018", "westminster", "south", "southwark"),
    ("england-locals-2018", "westminster", "east", "tower-hamlets"),
    ("england-locals-2018", "westminster", "west", "kensington-and-chelsea"),
    ("england-locals-2018", "plymouth", "east", "weymouth-and-portland"),
    ("england-locals-2018", "plymouth", "north", "exeter"),
    ("england-locals-2018", "plymouth", "west", None),
    ("england-locals-2018", "trafford", "east", "manchester"),
    ("england-locals-2023", "plymouth", "east", "south-hams"),
    ("england-locals-2023", "hartlepool", "south", "middlesbrough"),
    ("england-locals-2023", "hartlepool", "west", "darlington"),
    ("england-locals-2024", "plymouth", "north", "exeter"),
    ("england-locals-2024", "trafford", "east", "manchester"),
]


@pytest.mark.parametrize(("feed_id", "start", "direction", "expected"), MOVES)
def test_moves_on_the_bundled_nights(
    feed_id: str, start: str, direction: Direction, expected: str | None
) -> None:
    feed = night(feed_id)
    ons = codes(feed)
    placement = place(map_for(feed.election.polling_day.year, ons.values()), ons)
    landed = placement.hexmap.step(placement.codes[start], direction, placement.councils)
    assert (placement.councils[landed] if landed else None) == expected
