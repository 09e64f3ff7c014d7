"""A browser tab on `elextui serve`, whose screen is read from its websocket frames."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from servekit import START_SECONDS, Screen

VIEWPORT = {"width": 1280, "height": 720}


class Tab:
    """A page whose terminal (drawn on a canvas) is mirrored into a pyte screen."""

    def __init__(self, browser: Any, url: str) -> None:
        self.page = browser.new_page(viewport=VIEWPORT)
        self.screen: Screen | None = None
        self.frames = 0
        self.page.on("websocket", self._opened)
        self.response = self.page.goto(url)

    def _opened(self, ws: Any) -> None:
        query = parse_qs(urlsplit(ws.url).query)
        width = int(query.get("width", ["80"])[0])
        height = int(query.get("height", ["24"])[0])
        self.screen = Screen(width, height)
        ws.on("framereceived", self._received)
        ws.on("framesent", self._sent)

    def _received(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes) and self.screen is not None:
            self.frames += 1
            self.screen.feed(payload)

    def _sent(self, payload: bytes | str) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"') and self.screen:
            size = json.loads(payload)[1]
            self.screen.screen.resize(int(size["height"]), int(size["width"]))

    @property
    def text(self) -> str:
        """What the terminal shows now."""
        return self.screen.text if self.screen is not None else ""

    def wait_for_text(self, text: str, seconds: float = START_SECONDS) -> bool:
        """Let the page run until `text` is on its screen (or the bound passes)."""
        deadline = time.monotonic() + seconds
        while text not in self.text and time.monotonic() < deadline:
            self.page.wait_for_timeout(100)
        return text in self.text

    def press(self, key: str) -> None:
        """A key press on the terminal."""
        self.page.focus(".xterm-helper-textarea")  # focus without a click the app would see
        self.page.keyboard.press(key)
