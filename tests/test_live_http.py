"""Follow over HTTP against real servers on loopback: the relay, and a server full of faults.

Every server binds 127.0.0.1 on a free port and stops with its test; every wait is on a
condition, bounded.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from elextui.clock import FakeClock
from elextui.feed import load_feed
from elextui.night import Night, NightEvent, SourceStatus
from elextui.player import Played
from elextui.relay import Relay, serving
from elextui.report import state_json
from elextui.source import HttpSource
from elextui.timeline import Timeline

ROOT = Path(__file__).resolve().parents[1]
FEED_2018 = ROOT / "feeds" / "england-locals-2018.jsonl"
WAIT = 20.0
"""Longest any condition is waited for, in seconds."""


async def until(condition: Callable[[], bool], what: str) -> None:
    """Wait (bounded) until `condition()` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while not condition():
        assert loop.time() < deadline, f"gave up waiting for {what}"
        await asyncio.sleep(0.01)


class Follower:
    """A Night following a URL, its player's entries and its events."""

    def __init__(self, night: Night, source: HttpSource) -> None:
        self.night = night
        self.source = source
        self.played: list[Played] = []
        self.events: list[NightEvent] = []
        night.listeners.append(self.events.append)

    def stale_reports(self) -> list[SourceStatus]:
        return [e for e in self.events if isinstance(e, SourceStatus) and e.stale_since]

    def recovered(self) -> bool:
        return any(isinstance(e, SourceStatus) and e.stale_since is None for e in self.events)


@asynccontextmanager
async def follower(url: str, timeout: float = 0.3) -> AsyncIterator[Follower]:
    """Follow `url` polling every 20 ms; stop everything after."""
    source = HttpSource(url, interval=0.02, timeout=timeout)
    night = await asyncio.wait_for(Night.open(source), WAIT)
    run = Follower(night, source)

    async def play() -> None:
        async for event in night.player.events():
            if isinstance(event, Played):
                run.played.append(event)

    tasks = [asyncio.create_task(night.follow()), asyncio.create_task(play())]
    try:
        yield run
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


REFERENCE = Timeline(load_feed(FEED_2018))


def end_state(night: Night) -> dict[str, object]:
    """`state --json --at end` of what the follower has."""
    end = REFERENCE.end
    return state_json(night.timeline.feed, night.player.state, end)


WANT = state_json(REFERENCE.feed, REFERENCE.seek(REFERENCE.end), REFERENCE.end)


# -- the relay ---------------------------------------------------------------------


async def get(url: str, **headers: str) -> tuple[int, Mapping[str, str], bytes]:
    """One GET: status, headers (any case) and body."""
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as response:
        return response.status, response.headers.copy(), await response.read()


async def test_relay_releases_entries_as_its_clock_passes_with_range_and_etag() -> None:
    clock = FakeClock()
    relay = Relay(FEED_2018, speed=600, clock=clock)
    async with serving(relay) as url:
        assert url.startswith("http://127.0.0.1:")
        status, headers, body = await get(url)
        assert status == 200
        head = body.splitlines()
        assert b'"type":"election"' in head[0]
        # the header and councils at once, and the entries timed at the very start
        at_start = REFERENCE.index_at(REFERENCE.start)
        assert len(head) == 1 + len(REFERENCE.feed.councils) + at_start
        await until(lambda: relay.player.started, "the relay's player")
        clock.advance(6 * 3600 / 600)  # six hours of the night
        await clock.settle()
        await until(lambda: relay.player.index > 0, "entries released")
        index = relay.player.index
        assert index == REFERENCE.index_at(relay.player.at)
        status, headers, more = await get(url, Range=f"bytes={len(body)}-")
        assert status == 206
        released = relay.released
        assert headers["Content-Range"] == f"bytes {len(body)}-{released - 1}/{released}"
        assert len(more.splitlines()) == index - at_start
        status, _, nothing = await get(url, **{"If-None-Match": headers["ETag"]})
        assert (status, nothing) == (304, b"")
        status, headers, _ = await get(url, Range=f"bytes={relay.released}-")
        assert status == 416 and headers["Content-Range"] == f"bytes */{relay.released}"
        assert "X-Elextui-Clock" in headers and headers["X-Elextui-Speed"] == "600"


async def test_two_followers_of_one_relay_show_the_same_moment() -> None:
    clock = FakeClock()
    relay = Relay(FEED_2018, speed=600, clock=clock)
    async with serving(relay) as url, follower(url) as one, follower(url) as two:
        await until(lambda: relay.player.started, "the relay's player")
        for hours in (2, 5, 9):
            clock.advance(hours * 3600 / 600)
            await clock.settle()
            await until(lambda: relay.player.index > 0, "entries released")
            want = relay.player.index
            await until(
                lambda want=want: one.night.player.index == two.night.player.index == want,  # type: ignore[misc]
                "both followers",
            )
            assert one.night.player.state == two.night.player.state
            assert one.night.player.state == REFERENCE.state_at_index(want)
            # both live clocks come from the relay's: within the poll interval of each other
            gap = abs(one.night.live_time() - two.night.live_time())
            assert gap < 600 * 0.5


# -- a server full of faults ---------------------------------------------------------


class FaultServer:
    """Serves `content` with Range and ETag, except when the next fault says otherwise."""

    def __init__(self) -> None:
        self.content = b""
        self.faults: list[str] = []
        self.always: str | None = None
        self.requests = 0

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests += 1
        fault = self.faults.pop(0) if self.faults else self.always
        content = self.content
        if fault == "500":
            return web.Response(status=500, text="boom")
        if fault == "stall":
            await asyncio.sleep(1.0)  # the follower gives up after 0.3 s
        if fault == "truncate":
            content = content[: len(content) // 2]  # cut mid-line, as a writer restarting
        if fault == "drop":
            response = web.StreamResponse(headers={"Content-Length": str(len(content) + 50)})
            await response.prepare(request)
            await response.write(content[:40])
            assert request.transport is not None
            request.transport.close()
            return response
        etag = f'"{hashlib.sha256(content).hexdigest()[:12]}"'
        headers = {"ETag": etag}
        if fault != "norange" and request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers=headers)
        wanted = request.http_range
        if fault == "norange" or wanted.start is None:
            return web.Response(body=content, headers=headers)
        start = wanted.start
        if start >= len(content):
            headers["Content-Range"] = f"bytes */{len(content)}"
            return web.Response(status=416, headers=headers)
        headers["Content-Range"] = f"bytes {start}-{len(content) - 1}/{len(content)}"
        return web.Response(status=206, body=content[start:], headers=headers)


@asynccontextmanager
async def fault_server() -> AsyncIterator[tuple[FaultServer, str]]:
    server = FaultServer()
    app = web.Application()
    app.router.add_get("/feed.jsonl", server.handle)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        yield server, f"http://127.0.0.1:{port}/feed.jsonl"
    finally:
        await runner.cleanup()


FAULTS = ["500", "stall", "drop", "norange", "truncate"]


@pytest.mark.parametrize("fault", FAULTS)
async def test_follower_survives_each_fault_with_nothing_lost_or_doubled(fault: str) -> None:
    data = FEED_2018.read_bytes()
    cuts = [len(data) * k // 6 for k in range(1, 7)]  # cut anywhere, mid-line included
    async with fault_server() as (server, url):
        server.content = data[: cuts[0]]
        async with follower(url) as run:
            for cut in cuts[1:]:
                server.faults += [fault, fault]
                asked = server.requests
                await until(lambda asked=asked: server.requests >= asked + 2, "faulty answers")  # type: ignore[misc]
                server.content = data[:cut]
            await until(lambda: len(run.night.timeline) == len(REFERENCE), "every entry")
            await until(lambda: run.night.player.index == len(REFERENCE), "every entry played")
            await until(lambda: run.night.stale_since is None, "recovery")
            assert end_state(run.night) == WANT
            assert len(run.played) == len(REFERENCE)  # nothing doubled
            assert len({id(p.entry) for p in run.played}) == len(REFERENCE)
            if fault in ("500", "stall", "drop"):
                assert run.stale_reports() and run.recovered()
            else:
                assert not run.stale_reports()


async def test_a_server_that_always_ignores_range_still_works() -> None:
    data = FEED_2018.read_bytes()
    async with fault_server() as (server, url):
        server.always = "norange"
        server.content = data[: len(data) // 3]
        async with follower(url) as run:
            asked = server.requests
            await until(lambda: server.requests > asked + 2, "polls")
            server.content = data
            await until(lambda: run.night.player.index == len(REFERENCE), "every entry played")
            assert end_state(run.night) == WANT
            assert len(run.played) == len(REFERENCE)
