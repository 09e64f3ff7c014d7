"""`follow` and `relay` as real processes: a writer appending partial lines and rewriting the
file, a relay stopped by signals, and `follow --no-ui` printing what `replay --no-ui` prints.

Every process is stopped in `finally`; every wait is bounded and on a condition.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FEED_2018 = ROOT / "feeds" / "england-locals-2018.jsonl"
MINI = ROOT / "tests" / "data" / "mini.jsonl"
WAIT = 60.0
"""Longest any condition is waited for (the machine is shared and slow), in seconds."""


def elextui(*argv: str) -> list[str]:
    """The command line for `elextui ARGV` in this interpreter."""
    return [sys.executable, "-m", "elextui", *argv]


def replay_lines(feed: Path) -> list[str]:
    """What `replay --no-ui --speed max` prints for a feed."""
    done = subprocess.run(
        elextui("replay", str(feed), "--speed", "max", "--no-ui"),
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=True,
    )
    return done.stdout.splitlines()


class Lines:
    """A process's output lines, read by a thread as they come."""

    def __init__(self, stream: object) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.append(line.rstrip("\n"))

    def join(self) -> None:
        self._thread.join(WAIT)


def until(condition: Callable[[], bool], what: str) -> None:
    """Wait (bounded) until `condition()` holds."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.02)


@contextmanager
def process(*argv: str) -> Iterator[tuple[subprocess.Popen[str], Lines, Lines]]:
    """Start `elextui ARGV`; its stdout and stderr lines; killed if still running after."""
    proc = subprocess.Popen(
        elextui(*argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    out, err = Lines(proc.stdout), Lines(proc.stderr)
    try:
        yield proc, out, err
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(WAIT)
        out.join()
        err.join()


WRITER = r"""
import os, random, sys, time
path, source = sys.argv[1], sys.argv[2]
data = open(source, "rb").read()
rng = random.Random(7)
lines = data.splitlines(keepends=True)
third = len(data) // 3

def append(chunk):
    # a few bytes at a time: a line is often left half written between two writes
    with open(path, "ab") as handle:
        i = 0
        while i < len(chunk):
            n = rng.randint(1, 900)
            handle.write(chunk[i : i + n])
            handle.flush()
            i += n
            time.sleep(0.003)

append(data[:third])
time.sleep(0.1)
with open(path, "r+b") as handle:  # rewritten in place with the same bytes
    handle.truncate(0)
    handle.write(data[:third])
time.sleep(0.1)
new = path + ".new"
with open(new, "wb") as handle:  # replaced atomically by a longer copy
    handle.write(data[: 2 * third])
os.replace(new, path)
time.sleep(0.1)
rest = data[2 * third :]
cut = rest.index(b"\n") + 1
append(rest[:cut] + b"{this line is not JSON\n" + rest[cut:])
"""


def test_follow_a_file_being_written_prints_every_entry_once(tmp_path: Path) -> None:
    path = tmp_path / "night.jsonl"
    want = replay_lines(FEED_2018)
    with process("follow", str(path), "--no-ui", "--interval", "0.02") as (follower, out, err):
        writer = subprocess.run(
            [sys.executable, "-c", WRITER, str(path), str(FEED_2018)], timeout=WAIT, check=True
        )
        assert writer.returncode == 0
        until(lambda: len(out.lines) >= len(want), "every entry printed")
        follower.send_signal(signal.SIGTERM)
        assert follower.wait(WAIT) == 0
    out.join()
    assert out.lines == want  # every entry once, in the order replay prints them
    bad = [line for line in err.lines if ": invalid JSON" in line]
    assert len(bad) == 1 and bad[0].startswith(f"{path}:")


def feed_url(err: Lines) -> str:
    """The feed URL a relay announces on stderr."""
    until(lambda: any("relaying" in line for line in err.lines), "the relay to start")
    announced = next(line for line in err.lines if "relaying" in line)
    match = re.search(r"http://127\.0\.0\.1:\d+/feed\.jsonl", announced)
    assert match, announced
    return match.group(0)


def test_relay_serves_the_feed_and_stops_cleanly_on_sigterm_and_sigint() -> None:
    for signum in (signal.SIGTERM, signal.SIGINT):
        with process("relay", str(MINI), "--speed", "max", "--port", "0") as (relay, _, err):
            url = feed_url(err)
            with urllib.request.urlopen(url, timeout=WAIT) as response:
                body = response.read()
            lines = [line for line in MINI.read_bytes().splitlines() if line.strip()]
            assert sorted(body.splitlines()) == sorted(lines)  # all released at max speed
            relay.send_signal(signum)
            assert relay.wait(WAIT) == 0
        assert "relay stopped" in err.lines[-1]


def test_follow_a_relay_prints_what_replay_prints() -> None:
    want = replay_lines(FEED_2018)
    with process("relay", "england-locals-2018", "--speed", "max", "--port", "0") as (
        relay,
        _,
        relay_err,
    ):
        url = feed_url(relay_err)
        with process("follow", url, "--no-ui", "--interval", "0.05") as (follower, out, err):
            until(lambda: len(out.lines) >= len(want), "every entry printed")
            follower.send_signal(signal.SIGINT)
            assert follower.wait(WAIT) == 0
        relay.send_signal(signal.SIGTERM)
        assert relay.wait(WAIT) == 0
    assert out.lines == want
    assert err.lines == [f"elextui: following {url}"]
