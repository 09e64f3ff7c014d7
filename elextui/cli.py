"""The `elextui` command line: parse arguments and hand them to the right part."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table
from rich.text import Text

from elextui.describe import clean_text
from elextui.feed import Feed, FeedError, bundled_feeds, check_feed, load_feed, resolve_feed
from elextui.report import state_json, state_tables
from elextui.timeline import Timeline
from elextui.timeparse import TIME_FORMS, parse_time


class UsageError(Exception):
    """A bad argument: reported in one line with exit status 2."""


def open_feed(name: str | None) -> Feed:
    """Load a feed named on the command line (path or bundled id)."""
    try:
        path = resolve_feed(name)
    except LookupError as err:
        raise UsageError(str(err)) from None
    return load_feed(path)


def moment(text: str, timeline: Timeline) -> datetime:
    """A TIME argument as a moment on the timeline's night."""
    try:
        return parse_time(text, timeline.start, timeline.end, timeline.feed.election.timezone)
    except ValueError as err:
        raise UsageError(str(err)) from None


def cmd_feeds(args: argparse.Namespace) -> int:
    """List bundled feeds: id, title, entries, time span."""
    table = Table(box=None, pad_edge=False)
    for column in ("id", "title", "entries", "from", "to"):
        table.add_column(column)
    for feed_id, path in bundled_feeds().items():
        feed, problems = check_feed(path)
        if feed is None:
            table.add_row(feed_id, Text(f"invalid: {problems[0]}"), "", "", "")
            continue
        timeline = Timeline(feed)
        tz = feed.election.timezone
        table.add_row(
            feed_id,
            Text(clean_text(feed.election.title)),
            str(len(timeline)),
            f"{timeline.start.astimezone(ZoneInfo(tz)):%Y-%m-%d %H:%M}",
            f"{timeline.end.astimezone(ZoneInfo(tz)):%Y-%m-%d %H:%M}",
        )
    Console().print(table)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate feeds; print every problem as FILE:LINE: message."""
    bad = 0
    for name in args.feeds:
        try:
            path = resolve_feed(name)
        except LookupError as err:
            print(f"{name}: {err}", file=sys.stderr)
            bad += 1
            continue
        feed, problems = check_feed(path)
        for problem in problems:
            print(problem)
        if feed is None:
            bad += 1
        elif not args.quiet:
            print(f"{path}: ok ({len(feed.councils)} councils, {len(feed.entries)} entries)")
    return 1 if bad else 0


def cmd_state(args: argparse.Namespace) -> int:
    """Print the state at a moment, as tables or as JSON."""
    feed = open_feed(args.feed)
    timeline = Timeline(feed)
    at = moment(args.at, timeline)
    state = timeline.seek(at)
    if args.json:
        print(json.dumps(state_json(feed, state, at), ensure_ascii=False))
    else:
        Console().print(state_tables(feed, state, at))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="elextui",
        description="Replay an election night live in the terminal.",
        epilog=f"TIME: {TIME_FORMS}. FEED: a feed file or a bundled feed id (elextui feeds).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    feeds = sub.add_parser("feeds", help="list the bundled feeds")
    feeds.set_defaults(run=cmd_feeds)

    check = sub.add_parser("check", help="validate feed files")
    check.add_argument("feeds", nargs="+", metavar="FEED")
    check.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    check.set_defaults(run=cmd_check)

    state = sub.add_parser("state", help="print the state at a moment, without a UI")
    state.add_argument("feed", nargs="?", metavar="FEED")
    state.add_argument("--at", required=True, metavar="TIME")
    state.add_argument("--json", action="store_true", help="print one JSON object")
    state.set_defaults(run=cmd_state)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["state", "--at", "end"])
    try:
        status: int = args.run(args)
    except UsageError as err:
        print(f"elextui: {err}", file=sys.stderr)
        return 2
    except FeedError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return status
