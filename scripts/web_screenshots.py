"""Screenshots of `elextui serve --kiosk` in headless chromium for the README, and two
measurements: server start to the first frame in the browser, and memory per session.

    python scripts/web_screenshots.py            # writes screenshots/web-*.png
    python scripts/web_screenshots.py --measure  # only prints the figures

Needs Debian's chromium and `pip install -e '.[serve,browser]'` (never `playwright install`).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser")]

from conftest import ARGS, CHROMIUM  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from servekit import rss_kib, serving  # noqa: E402
from tabkit import Tab  # noqa: E402

OUT = ROOT / "screenshots"
KIOSK = ("--kiosk", "--cycle", "8", "--speed", "60", "--at", "03:27", "england-locals-2018")
TABS = 4
"""Tabs opened at once to measure memory per session."""


def main() -> int:
    """Take the shots (unless --measure) and print the figures."""
    shots = "--measure" not in sys.argv
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        started = time.monotonic()
        with serving(*KIOSK) as server:
            listening = time.monotonic() - started
            tab = Tab(browser, server.url)
            while tab.frames == 0 and time.monotonic() - started < 120:
                tab.page.wait_for_timeout(10)  # the page's events run only while it waits
            first_frame = time.monotonic() - started
            tab.wait_for_text("REPLAY")
            tab.wait_for_text("councillors")
            board = time.monotonic() - started
            tab.page.wait_for_timeout(1500)  # let the page's fade-in finish
            if shots:
                tab.page.screenshot(path=str(OUT / "web-kiosk-board-1280x720.png"))
                tab.wait_for_text("Latest declarations")
                tab.page.wait_for_timeout(500)
                tab.page.screenshot(path=str(OUT / "web-kiosk-latest-1280x720.png"))
            others = [Tab(browser, server.url) for _ in range(TABS - 1)]
            for other in others:
                other.wait_for_text("REPLAY")
            rss = sorted(rss_kib(pid) / 1024 for pid in server.apps())
            for page in [tab, *others]:
                page.page.close()
        browser.close()
    print(f"server start -> listening: {listening:.2f} s")
    print(f"server start -> first frame in the browser: {first_frame:.2f} s")
    print(f"server start -> kiosk board on screen: {board:.2f} s")
    print(
        f"app process RSS over {len(rss)} sessions: median {statistics.median(rss):.0f} MiB "
        f"(min {rss[0]:.0f}, max {rss[-1]:.0f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
