"""Wall clocks for the player: the real one, and a fake one that tests move by hand."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from typing import Protocol


class Clock(Protocol):
    """Monotonic wall time in seconds, and a way to wait on it."""

    def now(self) -> float:
        """Seconds on a monotonic clock."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds` of this clock's time."""
        ...


class MonotonicClock:
    """The event loop's own clock."""

    def now(self) -> float:
        """The running loop's time (the same monotonic clock when no loop is running)."""
        try:
            return asyncio.get_running_loop().time()
        except RuntimeError:  # e.g. the App reading the clock before its loop starts
            return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Sleep for real."""
        await asyncio.sleep(seconds)


class FakeClock:
    """A clock that stands still until `advance` is called: no test ever sleeps."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> float:
        """The fake time."""
        return self._now

    async def sleep(self, seconds: float) -> None:
        """Wait until `advance` has moved the time past now + seconds."""
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._now + seconds, next(self._order), future))
        await future

    def advance(self, seconds: float) -> None:
        """Move time forward and wake every sleeper whose time has come."""
        self._now += seconds
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _, _, future = heapq.heappop(self._sleepers)
            if not future.done():
                future.set_result(None)

    async def settle(self, rounds: int = 20) -> None:
        """Let woken tasks run (a few turns of the event loop, no real time)."""
        for _ in range(rounds):
            await asyncio.sleep(0)

    async def run(self, seconds: float, step: float = 0.05) -> None:
        """Advance `seconds` in small steps, letting tasks run after each."""
        remaining = seconds
        while remaining > 1e-9:
            delta = min(step, remaining)
            self.advance(delta)
            remaining -= delta
            await self.settle()
