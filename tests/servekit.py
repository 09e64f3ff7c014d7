"""Helpers for the web tests: a real `elextui serve` process, its app processes, and a
terminal emulator (pyte) that reads the screen from the websocket's bytes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini.jsonl"
START_SECONDS = 60.0
"""Bounds for waits on a loaded machine (the waits end as soon as their condition holds)."""
URL = re.compile(r"serving .* on (http://\S+)")


@dataclass
class Server:
    """A running `elextui serve`."""

    process: subprocess.Popen[str]
    url: str
    """The page's URL as printed (with the token, if any)."""

    @property
    def origin(self) -> str:
        """`http://host:port`."""
        match = re.match(r"http://[^/]+", self.url)
        assert match is not None
        return match.group(0)

    @property
    def token(self) -> str | None:
        """The token in the printed URL."""
        match = re.search(r"token=([\w-]+)", self.url)
        return match.group(1) if match else None

    def apps(self) -> list[int]:
        """The server's app processes (its children)."""
        return children(self.process.pid)


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def rss_kib(pid: int) -> int:
    """A process's resident memory in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def wait_for(condition: Callable[[], bool], seconds: float = START_SECONDS) -> bool:
    """Poll `condition` until it holds or `seconds` pass; return whether it held."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@contextmanager
def serving(*args: str) -> Iterator[Server]:
    """`elextui serve ARGS --port 0` until the block ends; then SIGTERM and check it exits."""
    command = [sys.executable, "-m", "elextui", "serve", "--port", "0", *args]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        url = ""
        assert process.stdout is not None
        deadline = time.monotonic() + START_SECONDS
        while not url and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            match = URL.search(line)
            url = match.group(1) if match else ""
        assert url, f"the server did not start: {' '.join(command)}"
        yield Server(process, url)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(START_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Screen:
    """A terminal of the page's size that the app's bytes are fed into."""

    def __init__(self, width: int, height: int) -> None:
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)

    def feed(self, data: bytes) -> None:
        """Draw bytes from the app."""
        self.stream.feed(data)

    @property
    def text(self) -> str:
        """The screen's characters, line by line."""
        return "\n".join(self.screen.display)


def kill_leftovers(pids: list[int]) -> None:
    """Last resort in a failing test: never leave an app process behind."""
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
