"""Colour depths: distinct parties at 16 colours, pending unlike NOC, and a board that
still reads in monochrome."""

from __future__ import annotations

import pytest
from textual.color import Color

from elextui.feed import load_feed, resolve_feed
from elextui.feed.model import NOC
from elextui.ui.palette import Palette, ansi_colours

NIGHTS = ["england-locals-2018", "england-locals-2023", "england-locals-2024"]
DARK = Color(18, 18, 18)


def palette(night: str, depth: str) -> tuple[Palette, list[str]]:
    parties = load_feed(resolve_feed(night)).election.parties
    return Palette(parties, depth), [p.code for p in parties]


@pytest.mark.parametrize("night", NIGHTS)
def test_16_colours_give_every_party_its_own_colour(night: str) -> None:
    pal, codes = palette(night, "16")
    declared = [pal.tile_style(code, DARK, declared=True).bgcolor for code in [*codes, NOC]]
    assert len(set(declared)) == len(declared), dict(zip([*codes, NOC], declared, strict=True))
    assert all(colour is not None and colour.triplet is not None for colour in declared)


def test_16_colours_keep_the_parties_hues() -> None:
    pal, _ = palette("england-locals-2018", "16")
    assert pal.colour("LAB") == Color(170, 0, 0)  # red
    assert pal.colour("CON") == Color(0, 0, 170)  # blue
    assert pal.colour("LD") == Color(170, 85, 0)  # ANSI yellow: orange on most terminals
    assert pal.colour("GRN") == Color(0, 170, 0)  # green


@pytest.mark.parametrize("depth", ["truecolor", "16", "mono"])
def test_pending_tiles_look_unlike_no_overall_control(depth: str) -> None:
    pal, codes = palette("england-locals-2018", depth)
    noc = pal.tile_style(NOC, DARK, declared=True)
    for code in [*codes, NOC]:
        assert pal.tile_style(code, DARK, declared=False) != noc


def test_16_colour_pending_tiles_have_no_background() -> None:
    pal, codes = palette("england-locals-2018", "16")
    for code in [*codes, NOC]:
        assert pal.tile_style(code, DARK, declared=False).bgcolor is None


def test_mono_marks_declared_tiles_without_colour() -> None:
    pal, _ = palette("england-locals-2018", "mono")
    declared = pal.tile_style("LAB", DARK, declared=True)
    pending = pal.tile_style("LAB", DARK, declared=False)
    assert declared.reverse and declared.bold and not pending.reverse
    assert pending.dim
    assert declared.color is None and declared.bgcolor is None


def test_more_parties_than_hues_still_get_colours() -> None:
    colours = [Color(200, 0, 0)] * 9
    assert len(ansi_colours(colours)) == 9
