"""Where feed lines come from: a file read once, a file still growing, or an HTTP(S) URL.

A Source yields `Chunk`s of complete lines (a partial last line waits for its newline)
and `Status` changes (stale since when, recovered). `Chunk.restart` says the lines start
again from the beginning of the feed: the file was truncated or replaced, or a server sent
the whole body again. The Night that reads a Source skips lines it already has.
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import re
import time
from collections.abc import AsyncGenerator, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

if TYPE_CHECKING:
    from aiohttp import ClientSession
    from multidict import CIMultiDictProxy

from elextui.clock import Clock, MonotonicClock
from elextui.feed.bundled import bundled_feeds, resolve_feed
from elextui.feed.reader import read_lines

FILE_INTERVAL = 0.5
"""Seconds between looks at a followed file, unless `--interval` says otherwise."""
URL_INTERVAL = 2.0
"""Seconds between polls of a followed URL, unless `--interval` says otherwise."""
MAX_BACKOFF = 10.0
"""Longest wait between retries after errors (before jitter)."""
TIMEOUT = 10.0
"""Seconds a URL may take to connect or send before the poll counts as failed."""
OVERLAP = 64
"""Bytes before the read position re-checked on each poll, to notice a rewritten feed."""
CLOCK_HEADER = "X-Elextui-Clock"
"""Response header of a relay: its night's clock (ISO 8601) when it answered."""
SPEED_HEADER = "X-Elextui-Speed"
"""Response header of a relay: feed seconds per wall second (0 when paused or finished)."""

_BOM = b"\xef\xbb\xbf"
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


@dataclass(frozen=True, slots=True)
class RelayClock:
    """A relay's night clock as it answered: feed time `at`, running at `speed`."""

    at: float
    speed: float
    received: float
    """When the answer came, on the follower's clock."""

    def now(self, moment: float) -> float:
        """The relay's feed time at `moment` on the follower's clock."""
        return self.at + max(0.0, moment - self.received) * self.speed


@dataclass(frozen=True, slots=True)
class Chunk:
    """New complete lines; with `restart`, the feed's lines again from its first."""

    lines: list[bytes]
    restart: bool = False
    relay: RelayClock | None = None


@dataclass(frozen=True, slots=True)
class Status:
    """The source went stale (`stale_since`: wall time of the last good read) or recovered."""

    stale_since: float | None
    message: str


Update = Chunk | Status


class Source(Protocol):
    """Feed lines a few at a time."""

    name: str
    """What to call the source in messages (a path or URL)."""
    growing: bool
    """Whether more lines may come after the first read (follow), or not (replay)."""

    def updates(self) -> AsyncGenerator[Update, None]:
        """New lines and status changes; may be called again to carry on where it stopped."""
        ...


class FileSource:
    """A complete feed file (or a bundled feed), read once."""

    growing = False

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = str(path)

    def lines(self) -> Iterator[bytes]:
        """Every line of the file, streamed (raises OSError if it cannot be read)."""
        with open(self.path, "rb") as handle:
            yield from read_lines(handle)

    async def updates(self) -> AsyncGenerator[Update, None]:
        """The whole file as one chunk."""
        yield Chunk(list(self.lines()))


class _Lines:
    """Splits bytes into complete lines, holding a partial last line back."""

    def __init__(self) -> None:
        self.carry = b""
        self.offset = 0
        """Bytes taken so far, partial line included."""
        self.tail = b""
        """The last bytes taken (up to OVERLAP), to check the feed was not rewritten."""

    def reset(self) -> None:
        self.carry, self.offset, self.tail = b"", 0, b""

    def take(self, data: bytes) -> list[bytes]:
        """Complete lines in `data` appended to what came before."""
        if not data:
            return []
        first = self.offset == 0
        self.offset += len(data)
        self.tail = (self.tail + data)[-OVERLAP:]
        data = self.carry + data
        if first:  # a byte order mark counts only at the very start
            data = data.removeprefix(_BOM)
        cut = data.rfind(b"\n") + 1
        self.carry = data[cut:]
        return data[:cut].splitlines()


class TailSource:
    """A file that another program is still appending to (or rewriting)."""

    growing = True

    def __init__(
        self,
        path: str | Path,
        *,
        interval: float = FILE_INTERVAL,
        clock: Clock | None = None,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self.name = str(path)
        self.interval = interval
        self.clock: Clock = clock or MonotonicClock()
        self.wall = wall
        self._lines = _Lines()
        self._identity: tuple[int, int] | None = None
        self._stale_since: float | None = None
        self._last_ok = wall()

    async def updates(self) -> AsyncGenerator[Update, None]:
        """Look at the file every `interval` seconds; yield what changed."""
        while True:
            for update in self.poll():
                yield update
            await self.clock.sleep(self.interval)

    def poll(self) -> list[Update]:
        """One look at the file."""
        try:
            with open(self.path, "rb") as handle:
                stat = os.fstat(handle.fileno())
                restart = self._rewritten(handle, stat.st_dev, stat.st_ino, stat.st_size)
                if restart:
                    self._lines.reset()
                handle.seek(self._lines.offset)
                data = handle.read()
        except OSError as err:
            return self._failed(f"cannot read {self.name}: {err.strerror or err}")
        updates: list[Update] = []
        if self._stale_since is not None:
            updates.append(Status(None, f"{self.name}: readable again"))
            self._stale_since = None
        self._last_ok = self.wall()
        lines = self._lines.take(data)
        if lines or restart:
            updates.append(Chunk(lines, restart=restart))
        return updates

    def _rewritten(self, handle: BinaryIO, dev: int, ino: int, size: int) -> bool:
        """Whether the file was replaced, truncated or rewritten since the last look."""
        first = self._identity is None
        replaced = self._identity not in (None, (dev, ino))
        self._identity = (dev, ino)
        if first:
            return False
        offset = self._lines.offset
        if replaced or size < offset:
            return True
        tail = self._lines.tail
        if not tail:
            return False
        handle.seek(offset - len(tail))
        return bool(handle.read(len(tail)) != tail)

    def _failed(self, message: str) -> list[Update]:
        if self._stale_since is None:
            self._stale_since = self._last_ok
            return [Status(self._stale_since, message)]
        return []


class HttpSource:
    """An http(s) URL polled for new bytes with `Range` and `If-None-Match`.

    A 206 answer must repeat the last bytes already read (the request starts OVERLAP
    bytes early), so a feed rewritten under the same URL is noticed; a server that
    ignores `Range` sends the whole body, and only what is past the bytes already read
    (checked by hash) is new. Errors and timeouts back off with jitter.
    """

    growing = True

    def __init__(
        self,
        url: str,
        *,
        interval: float = URL_INTERVAL,
        timeout: float = TIMEOUT,
        clock: Clock | None = None,
        wall: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self.url = url
        self.name = url
        self.interval = interval
        self.timeout = timeout
        self.clock: Clock = clock or MonotonicClock()
        self.wall = wall
        self.rng = rng or random.Random()
        self.requests = 0
        """Requests made (for tests and measuring)."""
        self.received = 0
        """Body bytes received."""
        self._lines = _Lines()
        self._hash = hashlib.sha256()
        self._etag: str | None = None
        self._fails = 0
        self._stale_since: float | None = None
        self._last_ok = wall()

    async def updates(self) -> AsyncGenerator[Update, None]:
        """Poll every `interval` seconds (longer, with jitter, after errors)."""
        import aiohttp  # only a follower of a URL pays for importing it

        timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=self.timeout, sock_read=self.timeout
        )
        async with aiohttp.ClientSession(timeout=timeout, auto_decompress=False) as session:
            while True:
                for update in await self.poll(session):
                    yield update
                await self.clock.sleep(self.delay())

    def delay(self) -> float:
        """Seconds until the next poll: the interval, or a jittered backoff after errors."""
        if not self._fails:
            return self.interval
        base = min(MAX_BACKOFF, self.interval * 2.0**self._fails)
        return self.rng.uniform(base / 2, base)

    async def poll(self, session: ClientSession) -> list[Update]:
        """One request (two if the feed was replaced); what it brought."""
        import aiohttp

        try:
            updates = await self._get(session, ranged=True)
        except (aiohttp.ClientError, TimeoutError, ValueError) as err:
            return self._failed(_reason(err))
        if self._stale_since is not None:
            quiet = self.wall() - self._stale_since
            updates.insert(0, Status(None, f"{self.url}: reconnected after {quiet:.0f} s"))
            self._stale_since = None
        self._fails = 0
        self._last_ok = self.wall()
        return updates

    async def _get(self, session: ClientSession, *, ranged: bool) -> list[Update]:
        have = self._lines.offset
        back = min(len(self._lines.tail), have) if ranged else 0
        headers = {"Accept-Encoding": "identity"}
        if ranged and have:
            headers["Range"] = f"bytes={have - back}-"
        if ranged and self._etag:
            headers["If-None-Match"] = self._etag
        self.requests += 1
        async with session.get(self.url, headers=headers) as response:
            body = await response.read()
            status = response.status
            relay = self._relay_clock(response.headers)
            content_range = response.headers.get("Content-Range", "")
            etag = response.headers.get("ETag")
        self.received += len(body)
        if status == 304:
            return [Chunk([], relay=relay)] if relay else []
        if status == 416 and not have:
            return [Chunk([], relay=relay)] if relay else []
        if status == 416 and ranged:
            return await self._restart(session)
        if status == 206 and ranged:
            match = _CONTENT_RANGE.fullmatch(content_range.strip())
            if (
                match is None
                or int(match.group(1)) != have - back
                or body[:back] != self._lines.tail[-back:]
            ):
                return await self._restart(session)
            return self._took(body[back:], etag, relay, restart=False)
        if status == 200:
            if len(body) >= have and hashlib.sha256(body[:have]).digest() == self._hash.digest():
                return self._took(body[have:], etag, relay, restart=False)
            self._reset()
            return self._took(body, etag, relay, restart=bool(have))
        raise ValueError(f"HTTP {status} {_status_text(status)}")

    async def _restart(self, session: ClientSession) -> list[Update]:
        self._reset()
        updates = await self._get(session, ranged=False)
        for update in updates:
            if isinstance(update, Chunk) and not update.restart:
                return [Chunk(update.lines, restart=True, relay=update.relay)]
        return updates or [Chunk([], restart=True)]

    def _reset(self) -> None:
        self._lines.reset()
        self._hash = hashlib.sha256()
        self._etag = None

    def _took(
        self, data: bytes, etag: str | None, relay: RelayClock | None, *, restart: bool
    ) -> list[Update]:
        if restart:
            self._reset()
        self._etag = etag
        self._hash.update(data)
        lines = self._lines.take(data)
        if lines or restart or relay:
            return [Chunk(lines, restart=restart, relay=relay)]
        return []

    def _relay_clock(self, headers: CIMultiDictProxy[str]) -> RelayClock | None:
        clock, speed = headers.get(CLOCK_HEADER), headers.get(SPEED_HEADER)
        if not clock or not speed:
            return None
        try:
            at = datetime.fromisoformat(clock).timestamp()
            rate = float(speed)
        except ValueError:
            return None
        if not math.isfinite(rate) or rate < 0:
            rate = 0.0
        return RelayClock(at, rate, self.clock.now())

    def _failed(self, reason: str) -> list[Update]:
        self._fails += 1
        first = self._stale_since is None
        if first:
            self._stale_since = self._last_ok
        wait = self.delay()
        message = f"{self.url}: {reason}; retrying in {wait:.1f} s"
        assert self._stale_since is not None
        return [Status(self._stale_since, message)]


def _reason(err: BaseException) -> str:
    if isinstance(err, TimeoutError):
        return "no answer (timed out)"
    text = str(err) or type(err).__name__
    return text.splitlines()[0]


def _status_text(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def is_url(name: str) -> bool:
    """Whether a SOURCE argument is an http(s) URL."""
    return name.startswith(("http://", "https://"))


def open_source(
    name: str | None,
    *,
    follow: bool = False,
    interval: float | None = None,
    clock: Clock | None = None,
) -> FileSource | TailSource | HttpSource:
    """The Source for a command-line FEED or SOURCE argument.

    With `follow`, a file that does not exist yet is waited for (its folder must exist).
    Raises LookupError (one line) when it is neither a URL, a file nor a bundled feed.
    """
    if name is not None and is_url(name):
        return HttpSource(name, interval=interval or URL_INTERVAL, clock=clock)
    if not follow:
        return FileSource(resolve_feed(name))
    if name is None:
        raise LookupError("follow needs a SOURCE: a file or an http(s) URL")
    path = Path(name)
    if not path.exists() and name in bundled_feeds():
        path = bundled_feeds()[name]
    elif not path.exists() and not path.parent.is_dir():
        raise LookupError(f"no such file, folder or bundled feed: {name}")
    return TailSource(path, interval=interval or FILE_INTERVAL, clock=clock)
