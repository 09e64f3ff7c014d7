"""`elextui serve [replay|follow] [their arguments] [--host H] [--port N] [--token T]
[--max-sessions N]`: the server's own options, the rest handed to each tab's app."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,}")
"""A token given with --token: long enough to guess never, and safe in a URL."""
SERVED = ("replay", "follow")
"""Commands a served tab can run."""


def serve_parser() -> argparse.ArgumentParser:
    """The options `serve` keeps for itself; everything else goes to the served command."""
    parser = argparse.ArgumentParser(
        prog="elextui serve",
        description="Serve the app as a web page: each browser tab runs its own app.",
        epilog=(
            "Any other arguments are those of `replay` (the default) or `follow`, e.g. "
            "`elextui serve --kiosk --loop --speed 600`. Off loopback a secret token is "
            "required on every request: give one with --token or use the URL printed."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--token", metavar="T", help="the secret the URL must carry (default off loopback: random)"
    )
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=8,
        metavar="N",
        help="at most N tabs at once, each an app process (default 8)",
    )
    return parser


def served_command(
    rest: Sequence[str], commands: Sequence[str], check: Callable[[list[str]], str | None]
) -> list[str]:
    """The served app's arguments (`replay ...` or `follow ...`), checked by `check`.

    `check` parses them as the CLI would and returns a problem, or None if they are fine.
    """
    words = list(rest)
    command = "replay"
    if words and words[0] in SERVED:
        command = words.pop(0)
        if command not in commands:
            raise ValueError(f"`{command}` is not available in this version")
    words = [command, *words]
    problem = check(words)
    if problem:
        raise ValueError(problem)
    return words


def child_argv(words: Sequence[str]) -> list[str]:
    """The command line that runs one tab's app with this Python."""
    return [sys.executable, "-m", "elextui", *words]
