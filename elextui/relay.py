"""`elextui relay`: serve a recorded night as a growing feed, each entry when its time comes.

The relay plays the night on its own clock and serves what has been released at
`/feed.jsonl`: the header and councils at once, then each entry's own line (in play
order) once the clock reaches it. The body only ever grows, so any follower (or an HTTP
cache in front) can ask for just the new bytes with `Range`, and `If-None-Match` answers
"nothing new" in a few bytes. Every answer carries the relay's clock, so every follower
shows the same moment.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
from collections.abc import AsyncIterator
from contextlib import aclosing, asynccontextmanager
from datetime import datetime
from pathlib import Path

from aiohttp import web

from elextui.clock import Clock
from elextui.feed.model import Entry
from elextui.feed.reader import Feed, FeedError, FeedParser, Problem, read_lines
from elextui.player import Finished, Player
from elextui.source import CLOCK_HEADER, SPEED_HEADER
from elextui.timeline import Timeline

FEED_PATH = "/feed.jsonl"
CACHE_SECONDS = 1
"""`Cache-Control: max-age` of the feed: a cache in front may serve it this long."""


class Relay:
    """A recorded night played on a clock; `released` bytes of its feed are public."""

    def __init__(
        self,
        path: str | Path,
        *,
        speed: float = 60.0,
        start: datetime | None = None,
        clock: Clock | None = None,
    ) -> None:
        parser = FeedParser(str(path))
        head: list[bytes] = []
        raw_of: dict[int, bytes] = {}
        in_file_order: list[Entry] = []
        try:
            with open(path, "rb") as handle:
                for raw in read_lines(handle):
                    entries = parser.parse_lines([raw])
                    if entries:
                        raw_of[id(entries[0])] = raw
                        in_file_order.append(entries[0])
                    elif raw.strip() and not parser.problems:
                        head.append(raw)
        except OSError as err:
            message = f"cannot read: {err.strerror or err}"
            raise FeedError([Problem(str(path), 0, message)]) from None
        parser.finish()
        if parser.problems or parser.election is None:
            raise FeedError(parser.problems)
        feed = Feed(parser.path, parser.election, parser.councils, in_file_order)
        self.timeline = Timeline(feed)
        lines = [line + b"\n" for line in head]
        lines += [raw_of[id(entry)] + b"\n" for entry in self.timeline.entries]
        self.body = b"".join(lines)
        self.offsets: list[int] = []
        """Bytes released after the first n entries (n = 0 is the header and councils)."""
        total = sum(len(line) for line in lines[: len(head)])
        self.offsets.append(total)
        for line in lines[len(head) :]:
            total += len(line)
            self.offsets.append(total)
        self._tag = hashlib.sha256(self.body).hexdigest()[:16]
        self.player = Player(self.timeline, clock=clock, speed=speed, start=start)
        self.requests = 0
        """Feed requests answered (for the log and tests)."""

    @property
    def released(self) -> int:
        """Bytes of the feed released so far."""
        return self.offsets[self.player.index]

    @property
    def etag(self) -> str:
        """The ETag of the feed as released now (it changes whenever it grows)."""
        return f'"{self._tag}-{self.released}"'

    async def run(self) -> None:
        """Play the night until cancelled (the clock that releases entries)."""
        async with aclosing(self.player.events()) as events:
            async for event in events:
                if isinstance(event, Finished):
                    continue

    def headers(self) -> dict[str, str]:
        """Headers of every feed answer: caching, the ETag and the relay's clock."""
        player = self.player
        speed = player.speed if player.playing and math.isfinite(player.speed) else 0.0
        return {
            "ETag": self.etag,
            "Cache-Control": f"public, max-age={CACHE_SECONDS}",
            "Accept-Ranges": "bytes",
            CLOCK_HEADER: player.at.isoformat(),
            SPEED_HEADER: f"{speed:g}",
        }

    async def feed(self, request: web.Request) -> web.Response:
        """`GET /feed.jsonl`: the released feed, or the part `Range` asks for."""
        self.requests += 1
        length = self.released
        headers = self.headers()
        content_type = "application/x-ndjson"
        wanted = request.headers.get("If-None-Match", "")
        if wanted.strip() == "*" or self.etag in (tag.strip() for tag in wanted.split(",")):
            return web.Response(status=304, headers=headers)
        try:
            wanted_range = request.http_range
        except ValueError:
            wanted_range = slice(None, None)
        start, stop = wanted_range.start, wanted_range.stop
        if start is None and stop is None:
            body = self.body[:length]
            return web.Response(body=body, headers=headers, content_type=content_type)
        if start is None:
            start = 0
        if start < 0:  # `bytes=-N`: the last N bytes
            start = max(0, length + start)
        stop = length if stop is None else min(stop, length)
        if start >= length or start >= stop:
            headers["Content-Range"] = f"bytes */{length}"
            return web.Response(status=416, headers=headers)
        headers["Content-Range"] = f"bytes {start}-{stop - 1}/{length}"
        body = self.body[start:stop]
        return web.Response(status=206, body=body, headers=headers, content_type=content_type)

    async def index(self, request: web.Request) -> web.Response:
        """`GET /`: what this server is."""
        title = self.timeline.feed.election.id
        text = f"elextui relay of {title}: the feed is at {FEED_PATH}\n"
        return web.Response(text=text)


@asynccontextmanager
async def serving(relay: Relay, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Serve `relay` while the block runs; yields the feed's URL (port 0: any free port)."""
    app = web.Application()
    app.router.add_get(FEED_PATH, relay.feed)
    app.router.add_get("/", relay.index)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = runner.addresses[0][1]
        shown = f"[{host}]" if ":" in host else host
        player = asyncio.create_task(relay.run())
        try:
            yield f"http://{shown}:{bound}{FEED_PATH}"
        finally:
            player.cancel()
            await asyncio.gather(player, return_exceptions=True)
    finally:
        await runner.cleanup()
