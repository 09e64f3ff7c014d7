"""Tile names: short forms people recognise, readable, and no two councils of a night alike."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from elextui.describe import clean_text
from elextui.feed import load_feed
from elextui.feed.bundled import bundled_feeds
from elextui.ui.labels import (
    _CONVENTIONAL,
    COUNTY_SHORT,
    FILLER,
    MIN_CUT,
    WORD_SHORT,
    abbreviate,
    short_names,
)

TILE_WIDTHS = (9, 10, 11, 12, 13, 14, 15, 16, 20)
"""Cells of a tile's name line: compact tiles (10) up to the biggest grids'."""
KNOWN = {*COUNTY_SHORT.values(), *WORD_SHORT.values(), "&"}


@pytest.mark.parametrize(
    ("name", "width", "short"),
    [
        ("Barnet", 7, "Barnet"),  # fits: unchanged
        ("Bournemouth, Christchurch and Poole", 8, "BCP"),
        ("Kingston upon Hull", 8, "Hull"),
        ("Kingston upon Thames", 8, "Kingston"),
        ("Blackburn with Darwen", 9, "Blackburn"),
        ("Stoke-on-Trent", 7, "Stoke"),
        ("Basingstoke and Deane", 9, "Basingsto"),
        ("Brighton and Hove", 15, "Brighton & Hove"),
        ("Amber Valley", 9, "Amber Val"),
        ("Milton Keynes", 9, "Milton K"),
        ("North Devon", 9, "N Devon"),
        ("North Hertfordshire", 13, "North Herts"),
        ("North East Lincolnshire", 9, "NE Lincs"),
        ("North West Leicestershire", 9, "NW Leics"),
        ("South Cambridgeshire", 9, "S Cambs"),
        ("Staffordshire Moorlands", 13, "Staffs Moors"),
        ("Tower Hamlets", 11, "Tower Ham"),
        ("Great Yarmouth", 10, "Yarmouth"),
        ("Birmingham", 10, "Birmingham"),
    ],
)
def test_short_forms(name: str, width: int, short: str) -> None:
    assert abbreviate(name, width) == short


def readable(name: str, short: str, width: int) -> str | None:
    """Why `short` is not a readable short form of `name`, or None when it is.

    The rule: the whole name, or one of its usual short forms; otherwise its words in order,
    each whole, a usual abbreviation (`Herts`, `N`, `NE`, `&`) or cut to no fewer than three
    letters, except that the last may be the initials of the words left (`Milton K`); and
    the first word whole (or abbreviated) whenever it fits (`Amber Val`, never `Amb Vall`).
    """
    if short == name or short in _CONVENTIONAL.get(name, ()):
        return None
    parts = re.split(r" and | with | upon | under |-on-|-under-|, ", name)
    words = [w for w in re.split(r"[ -]", name) if w not in FILLER and w not in ("and",)]
    tokens = short.split()
    if len(tokens) == 1 and len(words) == 1:  # one word: its abbreviation, or cut at the edge
        if short == COUNTY_SHORT.get(name) or name.startswith(short) and len(short) == width:
            return None
        return "cut"
    for i, token in enumerate(tokens):
        whole = any(token == w or w.startswith(token) and len(token) >= MIN_CUT for w in words)
        initials = i == len(tokens) - 1 and i > 0 and token.isupper() and token.isalpha()
        if not (whole or token in KNOWN or initials):
            return f"word {token!r}"
    first = words[0]
    kept = {first, COUNTY_SHORT.get(first, first), *WORD_SHORT.values()}
    if len(first) <= width and len(parts[0].split()) > 1 and tokens[0] not in kept:
        return f"first word {first!r} cut"
    return None


@pytest.mark.parametrize("feed", sorted(bundled_feeds()))
@pytest.mark.parametrize("width", TILE_WIDTHS)
def test_short_names_are_unique_and_readable(feed: str, width: int) -> None:
    councils = {c.id: c.name for c in load_feed(bundled_feeds()[feed]).councils.values()}
    short = short_names(councils, width)
    assert short.keys() == councils.keys()
    assert all(len(s) <= width for s in short.values())
    names = list(short.values())
    clashes = {s for s in names if names.count(s) > 1}
    assert not clashes, clashes
    problems = {
        councils[c]: (s, why) for c, s in short.items() if (why := readable(councils[c], s, width))
    }
    assert not problems, problems


def test_a_clash_takes_the_next_form() -> None:
    """Two councils whose first choice would be the same tell themselves apart."""
    short = short_names({"a": "Kingston upon Thames", "b": "Kingston upon Hull"}, 8)
    assert short == {"a": "Kingston", "b": "Hull"}
    short = short_names({"a": "Mid Suffolk", "b": "Mid Sussex"}, 9)
    assert len(set(short.values())) == 2


@given(
    st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=12, unique=True),
    st.integers(min_value=1, max_value=24),
)
def test_any_names_fit_their_width(names: list[str], width: int) -> None:
    """Whatever a feed calls its councils (wide characters, hyphens, filler words only),
    every short name fits the width and every council gets one."""
    councils = {f"c{i}": clean_text(name) for i, name in enumerate(names)}
    short = short_names(councils, width)
    assert short.keys() == councils.keys()
    assert all(cell_len(s) <= width for s in short.values())
    assert all(cell_len(abbreviate(n, width)) <= width for n in councils.values())
