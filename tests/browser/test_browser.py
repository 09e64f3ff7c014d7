"""`elextui serve` in headless chromium: what a person at the page sees and does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from servekit import ROOT, alive, kill_leftovers, serving, wait_for
from tabkit import Tab

FEED_2018 = str(ROOT / "feeds" / "england-locals-2018.jsonl")


def test_kiosk_shows_the_cycling_board(browser: Any, tmp_path: Path) -> None:
    args = ("--kiosk", "--cycle", "3", "--speed", "60", "--at", "03:25", FEED_2018)
    with serving(*args) as server:
        tab = Tab(browser, server.url)
        assert tab.response.status == 200
        assert tab.wait_for_text("REPLAY"), tab.text
        assert tab.wait_for_text("councillors"), tab.text  # the board's party cards
        assert tab.wait_for_text("Latest declarations"), tab.text  # then the next slide
        assert tab.wait_for_text("councillors"), tab.text  # and the board again
        tab.page.screenshot(path=str(tmp_path / "kiosk.png"))
        assert (tmp_path / "kiosk.png").stat().st_size > 10_000
        tab.page.close()


def test_space_pauses(browser: Any) -> None:
    with serving("--speed", "60", FEED_2018) as server:
        tab = Tab(browser, server.url)
        assert tab.wait_for_text("PLAYING"), tab.text
        tab.press(" ")
        assert tab.wait_for_text("PAUSED"), tab.text
        tab.press(" ")
        assert tab.wait_for_text("PLAYING"), tab.text
        tab.page.close()


def test_a_second_tab_gets_its_own_session(browser: Any) -> None:
    with serving("--speed", "60", FEED_2018) as server:
        first, second = Tab(browser, server.url), Tab(browser, server.url)
        assert first.wait_for_text("PLAYING") and second.wait_for_text("PLAYING")
        assert len(server.apps()) == 2
        first.press(" ")
        assert first.wait_for_text("PAUSED"), first.text
        assert "PLAYING" in second.text and "PAUSED" not in second.text
        first.page.close()
        second.page.close()


def test_off_loopback_the_page_needs_its_token(browser: Any) -> None:
    with serving("--paused", "--host", "127.0.0.2", FEED_2018) as server:
        assert server.token
        refused = Tab(browser, server.origin + "/")
        assert refused.response.status == 403
        assert refused.screen is None and server.apps() == []
        refused.page.close()
        tab = Tab(browser, server.url)
        assert tab.response.status == 200
        assert tab.wait_for_text("PAUSED"), tab.text
        tab.page.close()


def test_a_closed_tab_leaves_no_process(browser: Any) -> None:
    with serving("--paused", FEED_2018) as server:
        tab = Tab(browser, server.url)
        assert tab.wait_for_text("PAUSED"), tab.text
        apps = server.apps()
        assert len(apps) == 1
        try:
            tab.page.close()
            assert wait_for(lambda: not any(alive(pid) for pid in apps))
            assert server.apps() == []
        finally:
            kill_leftovers(apps)
