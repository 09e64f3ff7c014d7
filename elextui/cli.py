"""The `elextui` command line: parse arguments and hand them to the right part."""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import signal
import sys
from collections.abc import Sequence
from contextlib import aclosing
from datetime import datetime
from importlib import metadata
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table
from rich.text import Text

from elextui.describe import clean_text, entry_line, spans_days
from elextui.feed import FeedError, bundled_feeds, check_feed, resolve_feed
from elextui.importers.cli import ImportUsageError, add_import_commands
from elextui.night import Night, NightEvent, ProblemsFound, SourceStatus
from elextui.player import Finished, Played, Player, parse_speed
from elextui.report import state_json, state_tables
from elextui.sanitize import safe_json
from elextui.serve_cli import TOKEN, child_argv, serve_parser, served_command
from elextui.source import FileSource, HttpSource, TailSource, open_source
from elextui.timeline import Timeline
from elextui.timeparse import TIME_FORMS, parse_time

DEFAULT_HOLD = 10.0
"""Wall seconds the final board stays up before `--loop` starts the night again."""
DEFAULT_IDLE_LIMIT = 300.0
"""Feed seconds: longer quiet spells play as this long, so the overnight lull is short."""


COMMANDS = (
    "feeds", "check", "state", "replay", "follow", "relay", "screenshot", "import", "serve",
)  # fmt: skip


class UsageError(Exception):
    """A bad argument: reported in one line with exit status 2."""


def source_for(name: str | None, *, follow: bool = False, interval: float | None = None) -> Any:
    """The Source for a FEED or SOURCE argument (path, bundled id or, following, a URL)."""
    if interval is not None and interval <= 0:
        raise UsageError(f"--interval {interval:g}: must be more than 0 seconds")
    if not follow and name is not None and name.startswith(("http://", "https://")):
        raise UsageError(f"{name}: a URL can be followed (elextui follow), not replayed")
    try:
        return open_source(name, follow=follow, interval=interval)
    except LookupError as err:
        raise UsageError(str(err)) from None


def open_night(name: str | None, **player_options: object) -> Night:
    """Load a complete feed named on the command line (path or bundled id) into a Night."""
    source = source_for(name)
    assert isinstance(source, FileSource)
    return Night.load(source, **player_options)


def moment(text: str, timeline: Timeline) -> datetime:
    """A TIME argument as a moment on the timeline's night, clamped to it as the TUI does."""
    try:
        when = parse_time(text, timeline.start, timeline.end, timeline.feed.election.timezone)
    except ValueError as err:
        raise UsageError(str(err)) from None
    return min(max(when, timeline.start), timeline.end)


def cmd_feeds(args: argparse.Namespace) -> int:
    """List bundled feeds: id, title, entries, time span."""
    table = Table(box=None, pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("title")
    table.add_column("entries", justify="right", no_wrap=True)
    table.add_column("from", no_wrap=True)
    table.add_column("to", no_wrap=True)
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
        for warning in feed.warnings if feed else ():
            print(warning)
        if feed is None:
            bad += 1
        elif not args.quiet:
            n = len(feed.warnings)
            drafts = f", {n} draft{'' if n == 1 else 's'} to review" if n else ""
            counts = f"{len(feed.councils)} councils, {len(feed.entries)} entries{drafts}"
            print(f"{path}: ok ({counts})")
    return 1 if bad else 0


def cmd_state(args: argparse.Namespace) -> int:
    """Print the state at a moment, as tables or as JSON."""
    timeline = open_night(args.feed).timeline
    feed = timeline.feed
    at = moment(args.at, timeline)
    state = timeline.seek(at)
    if args.json:
        print(safe_json(state_json(feed, state, at)))
    else:
        day = spans_days(timeline.start, timeline.end, feed.election.timezone)
        Console().print(state_tables(feed, state, at, day=day))
    return 0


def player_options(args: argparse.Namespace, timeline: Timeline) -> dict[str, Any]:
    """Player keyword arguments from the replay options, validated."""
    try:
        speed = parse_speed(args.speed)
    except ValueError as err:
        raise UsageError(str(err)) from None
    if args.idle_limit < 0:
        raise UsageError(f"--idle-limit {args.idle_limit:g}: must be 0 (off) or more seconds")
    if not 0 <= args.hold <= 3600:
        raise UsageError(f"--hold {args.hold:g}: must be 0 to 3600 seconds")
    return {
        "speed": speed,
        "paused": args.paused,
        "loop": args.loop,
        "loop_pause": args.hold,
        "idle_limit": args.idle_limit or None,
        "start": moment(args.at, timeline) if args.at else None,
    }


def cmd_replay(args: argparse.Namespace) -> int:
    """Replay a night: the TUI, or one printed line per entry with --no-ui."""
    night = open_night(args.feed)
    options = player_options(args, night.timeline)
    if args.no_ui:
        for flag, given in (("--paused", args.paused), ("--kiosk", args.kiosk)):
            if given:
                raise UsageError(f"{flag} needs the UI (drop --no-ui)")
    night = Night(night.timeline, Player(night.timeline, **options), source=night.source)
    if args.no_ui:
        return asyncio.run(print_replay(night.player))
    from elextui.ui.app import make_app

    app = ui_app(make_app(night, colors=None, **ui_options(args)), args)
    # The night stays loaded until exit and holds no garbage: move it out of the cyclic
    # collector's sight, or every full collection rescans it (pauses of 0.3 s at 1M entries).
    gc.freeze()
    app.run()
    return 0


def ui_options(args: argparse.Namespace) -> dict[str, Any]:
    """App keyword arguments (kiosk, cycle, theme) from the options, validated."""
    if args.cycle <= 0:
        raise UsageError(f"--cycle {args.cycle:g}: must be more than 0 seconds")
    return {"kiosk": args.kiosk, "cycle": args.cycle, "theme": args.theme, "view": args.view}


def ui_app(app: Any, args: argparse.Namespace) -> Any:
    """`app`, once its --theme is known to exist."""
    if args.theme not in app.available_themes:
        themes = ", ".join(sorted(app.available_themes))
        raise UsageError(f"--theme {args.theme!r}: not a theme (try one of {themes})")
    return app


def add_ui_options(parser: argparse.ArgumentParser) -> None:
    """Kiosk and theme: for replay and follow."""
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="presenter's mode: big figures, no key footer, slides that cycle by themselves",
    )
    parser.add_argument(
        "--cycle",
        type=float,
        default=10.0,
        metavar="S",
        help="with --kiosk, change slide every S seconds (default 10)",
    )
    parser.add_argument(
        "--theme",
        default="textual-dark",
        metavar="NAME",
        help="a Textual theme, e.g. textual-light for a bright room (default textual-dark)",
    )


def _report(event: NightEvent) -> None:
    """Problems and the source's staleness on stderr, one line each."""
    if isinstance(event, ProblemsFound):
        for problem in event.problems:
            print(clean_text(str(problem)), file=sys.stderr, flush=True)
    elif isinstance(event, SourceStatus):
        print(f"elextui: {clean_text(event.message)}", file=sys.stderr, flush=True)


def cmd_follow(args: argparse.Namespace) -> int:
    """Follow a growing file or a URL: the TUI, or one printed line per entry with --no-ui."""
    source = source_for(args.source, follow=True, interval=args.interval)
    assert isinstance(source, TailSource | HttpSource)
    if args.no_ui:
        if args.kiosk:
            raise UsageError("--kiosk needs the UI (drop --no-ui)")
        return asyncio.run(print_follow(source))
    options = ui_options(args)
    night = asyncio.run(Night.open(source, listener=_report))
    night.listeners.clear()
    from elextui.ui.app import make_app

    ui_app(make_app(night, colors=None, **options), args).run()
    return 0


async def print_follow(source: TailSource | HttpSource) -> int:
    """Print each entry of a followed feed as it arrives (as `replay --no-ui` prints it).

    Bad lines, staleness and reconnections go to stderr. Stops on SIGINT or SIGTERM.
    """
    print(f"elextui: following {source.name}", file=sys.stderr, flush=True)
    night = await Night.open(source, listener=_report)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    tasks = [
        asyncio.create_task(night.follow()),
        asyncio.create_task(print_replay(night.player)),
        asyncio.create_task(stop.wait()),
    ]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    for task in done:
        if not task.cancelled() and task.exception() is not None:
            raise task.exception()  # type: ignore[misc]
    return 0


async def print_replay(player: Player) -> int:
    """Print each entry as it plays, each line starting with its feed time."""
    timeline = player.timeline
    tz = timeline.feed.election.timezone
    day = spans_days(timeline.start, timeline.end, tz)
    async with aclosing(player.events()) as events:
        async for event in events:
            if isinstance(event, Played):
                try:
                    print(entry_line(event.entry, event.state, tz, day=day), flush=True)
                except BrokenPipeError:  # e.g. piped into `head`: stop quietly
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                    return 0
            elif isinstance(event, Finished) and not player.loop:
                return 0
    return 0


def cmd_relay(args: argparse.Namespace) -> int:
    """Serve a recorded night as a growing feed, each entry when the relay's clock reaches it."""
    from elextui.relay import Relay

    source = source_for(args.feed)
    try:
        speed = parse_speed(args.speed)
    except ValueError as err:
        raise UsageError(str(err)) from None
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: must be 0 (any free port) to 65535")
    relay = Relay(source.path, speed=speed)
    if args.at:
        relay.player.seek(moment(args.at, relay.timeline))
    return asyncio.run(run_relay(relay, args.host, args.port))


async def run_relay(relay: Any, host: str, port: int) -> int:
    """Serve until SIGINT or SIGTERM; say where, and say when it stops."""
    from elextui.relay import serving

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    timeline = relay.timeline
    tz = timeline.feed.election.timezone
    start = relay.player.at.astimezone(ZoneInfo(tz))
    try:
        async with serving(relay, host, port) as url:
            speed = relay.player.speed
            print(
                f"elextui: relaying {timeline.feed.id} at {url} "
                f"({speed:g}x from {start:%a %H:%M}, {len(timeline)} entries); Ctrl-C stops",
                file=sys.stderr,
                flush=True,
            )
            await stop.wait()
    except OSError as err:
        raise UsageError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    print(f"elextui: relay stopped after {relay.requests} requests", file=sys.stderr, flush=True)
    return 0


MIN_SIZE = (20, 8)
MAX_SIZE = (1000, 400)
"""Bounds for `screenshot --size`, in cells."""


def terminal_size(text: str) -> tuple[int, int]:
    """`160x48` as (160, 48), within MIN_SIZE and MAX_SIZE."""
    parts = text.strip().lower().split("x")
    if len(parts) != 2 or not all(part.isdigit() for part in parts):
        raise UsageError(f"--size {text!r}: use WIDTHxHEIGHT, e.g. 160x48")
    width, height = int(parts[0]), int(parts[1])
    (low_w, low_h), (high_w, high_h) = MIN_SIZE, MAX_SIZE
    if not (low_w <= width <= high_w and low_h <= height <= high_h):
        raise UsageError(
            f"--size {text!r}: width must be {low_w} to {high_w} and height {low_h} to {high_h}"
        )
    return width, height


def cmd_screenshot(args: argparse.Namespace) -> int:
    """Write an SVG (or PNG) screenshot of the app at a moment."""
    width, height = terminal_size(args.size)
    suffix = os.path.splitext(args.output)[1].lower()
    if suffix not in (".svg", ".png"):
        raise UsageError(f"-o {args.output!r}: the file must end in .svg or .png")
    from elextui.ui.screenshot import PNG_TOOL, png_tool, save_screenshot

    if suffix == ".png" and png_tool() is None:
        raise UsageError(
            f"-o {args.output!r}: PNG needs {PNG_TOOL} (apt install librsvg2-bin, "
            "brew install librsvg); or write .svg"
        )
    timeline = open_night(args.feed).timeline
    at = moment(args.at, timeline)
    save_screenshot(timeline, at, args.output, size=(width, height), view=args.view)
    print(args.output)
    return 0


def add_replay_options(parser: argparse.ArgumentParser) -> None:
    """The options shared by the default command and `replay`."""
    parser.add_argument("feed", nargs="?", metavar="FEED", help="feed file or bundled id")
    parser.add_argument("--speed", default="60", help="0.1 to 10000, or max (default 60)")
    parser.add_argument("--at", metavar="TIME", help="start at this moment (default: start)")
    parser.add_argument("--paused", action="store_true", help="open paused")
    parser.add_argument("--loop", action="store_true", help="start again at the end (demo mode)")
    parser.add_argument(
        "--hold",
        type=float,
        default=DEFAULT_HOLD,
        metavar="S",
        help=f"with --loop: show the final board S seconds before starting again "
        f"(default {DEFAULT_HOLD:g})",
    )
    parser.add_argument(
        "--idle-limit",
        type=float,
        default=DEFAULT_IDLE_LIMIT,
        metavar="S",
        help=f"play feed gaps longer than S seconds as S (default {DEFAULT_IDLE_LIMIT:g}; 0: off)",
    )
    add_ui_options(parser)
    parser.add_argument(
        "--no-ui", action="store_true", help="print one line per entry instead of the TUI"
    )
    add_view_option(parser)


def add_view_option(parser: argparse.ArgumentParser) -> None:
    """`--view grid|map`: which councils' view the board opens with."""
    parser.add_argument(
        "--view",
        choices=("grid", "map"),
        default="grid",
        help="show councils as a grid of tiles or a hex map (m switches; default grid)",
    )


PNG = "needs rsvg-convert from librsvg"


def version() -> str:
    """The installed package's version."""
    try:
        return metadata.version("elextui")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="elextui",
        description="Replay an election night live in the terminal.",
        epilog=f"TIME: {TIME_FORMS}. FEED: a feed file or a bundled feed id (elextui feeds).",
    )
    parser.add_argument("-V", "--version", action="version", version=f"elextui {version()}")
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

    replay = sub.add_parser("replay", help="replay a night (the default command)")
    add_replay_options(replay)
    replay.set_defaults(run=cmd_replay)

    follow = sub.add_parser("follow", help="follow a feed that is still growing (file or URL)")
    follow.add_argument("source", metavar="SOURCE", help="a file being written, or an http(s) URL")
    follow.add_argument(
        "--interval",
        type=float,
        metavar="S",
        help="seconds between looks for new lines (default: 0.5 for a file, 2 for a URL)",
    )
    add_ui_options(follow)
    follow.add_argument(
        "--no-ui", action="store_true", help="print one line per entry as it arrives"
    )
    add_view_option(follow)
    follow.set_defaults(run=cmd_follow)

    relay = sub.add_parser("relay", help="serve a recorded night as a live feed over HTTP")
    relay.add_argument("feed", nargs="?", metavar="FEED", help="feed file or bundled id")
    relay.add_argument("--speed", default="60", help="0.1 to 10000, or max (default 60)")
    relay.add_argument("--at", metavar="TIME", help="start the relay's clock here (default: start)")
    relay.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    relay.add_argument("--port", type=int, default=8080, help="port (default 8080; 0: any free)")
    relay.set_defaults(run=cmd_relay)

    shot = sub.add_parser("screenshot", help="write a screenshot of the app at a moment")
    shot.add_argument("feed", nargs="?", metavar="FEED")
    shot.add_argument("--at", required=True, metavar="TIME")
    shot.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=f"FILE.svg, or FILE.png ({PNG})"
    )
    shot.add_argument(
        "--size",
        default="160x48",
        metavar="WxH",
        help=f"terminal size in cells (default 160x48; {MIN_SIZE[0]}x{MIN_SIZE[1]} "
        f"to {MAX_SIZE[0]}x{MAX_SIZE[1]})",
    )
    add_view_option(shot)
    shot.set_defaults(run=cmd_screenshot)

    add_import_commands(sub)
    sub.add_parser(
        "serve",
        help="the app as a web page (elextui serve -h)",
        add_help=False,
        usage="elextui serve [replay|follow] [their arguments] [--host H] [--port N] "
        "[--token T] [--max-sessions N]",
    )
    return parser


def cmd_serve(words: list[str]) -> int:
    """Serve the app as a web page; `words` are serve's options and the served command's."""
    options, rest = serve_parser().parse_known_args(words)
    titles: list[str] = []

    def check(served: list[str]) -> str | None:
        args = build_parser().parse_args(served)  # a bad option exits here, as for replay
        if getattr(args, "no_ui", False):
            return "--no-ui has no screen to serve: drop it"
        if args.command == "replay":
            titles.append(clean_text(open_night(args.feed).timeline.feed.election.title))
        return None

    try:
        served = served_command(rest, COMMANDS, check)
    except ValueError as err:
        raise UsageError(str(err)) from None
    if options.max_sessions < 1:
        raise UsageError(f"--max-sessions {options.max_sessions}: must be 1 or more")
    if options.token is not None and not TOKEN.fullmatch(options.token):
        raise UsageError("--token: use 16 or more letters, digits, '-' or '_'")
    try:
        from elextui.serve import ServeConfig, needs_token, new_token, serve
    except ImportError:
        raise UsageError("serve needs textual-serve: pip install 'elextui[serve]'") from None
    token = options.token or (new_token() if needs_token(options.host) else None)

    def ready(url: str) -> None:
        print(f"elextui: serving {' '.join(served)} on {url}", flush=True)
        if token:
            print("elextui: the token in that URL is required on every request", flush=True)

    config = ServeConfig(
        argv=child_argv(served),
        host=options.host,
        port=options.port,
        token=token,
        max_sessions=options.max_sessions,
        title=" \u2014 ".join(["elextui", *titles]),
        on_ready=ready,
    )
    return serve(config)


def full_help(parser: argparse.ArgumentParser) -> str:
    """The top-level help, then the replay options that also work without `replay`."""
    replay = argparse.ArgumentParser(prog="elextui [replay]", add_help=False)
    add_replay_options(replay)
    options = replay.format_help().split("\n\n", 1)[1]
    return (
        f"{parser.format_help()}\n"
        "elextui [FEED] [OPTIONS] replays FEED (default: the 2018 night) with the replay "
        "options:\n\n"
        f"{options}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] in (["-h"], ["--help"]):
        print(full_help(parser))
        return 0
    if not words or (words[0] not in COMMANDS and words[0] not in ("-V", "--version")):
        words.insert(0, "replay")  # `elextui [FEED] [options]` is a replay
    try:
        if words[0] == "serve":
            return cmd_serve(words[1:])
        args = parser.parse_args(words)
        status: int = args.run(args)
    except (UsageError, ImportUsageError) as err:
        print(f"elextui: {err}", file=sys.stderr)
        return 2
    except FeedError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return status
