"""`elextui import results|liveblog`: build a feed file from tables or liveblog text."""

from __future__ import annotations

import argparse
import sys
import zoneinfo
from collections.abc import Sequence
from datetime import date, time
from pathlib import Path

import msgspec

from elextui.feed.bundled import resolve_feed
from elextui.feed.model import Election, Party, Result, Source
from elextui.feed.reader import Feed, FeedError, Problem, load_feed, slugify
from elextui.feed.writer import FeedWriter
from elextui.importers.liveblog import import_liveblog
from elextui.importers.tables import (
    GB_PARTIES,
    NightClock,
    import_results,
    read_councils,
    read_parties,
    read_sources,
    read_table,
)


class ImportUsageError(Exception):
    """A bad option of an import command (exit status 2)."""


def add_import_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `import results` and `import liveblog` to the command line."""
    command = sub.add_parser("import", help="build a feed from results tables or liveblog text")
    kinds = command.add_subparsers(dest="kind", metavar="KIND", required=True)

    results = kinds.add_parser(
        "results",
        help="a feed from a councils table and a results table (CSV)",
        description="Build a feed from two CSV tables (formats: docs/import-formats.md).",
    )
    results.add_argument("councils", metavar="COUNCILS.csv")
    results.add_argument("results", metavar="RESULTS.csv")
    results.add_argument("--id", required=True, help="the night's id, e.g. my-council-2026")
    results.add_argument("--title", required=True, help="the night's title")
    results.add_argument("--notes", help="free text for the header (how times were found...)")
    results.add_argument("--sources", metavar="SOURCES.csv", help="id,name,url of sources")
    _night_options(results)
    results.set_defaults(run=cmd_import_results)

    blog = kinds.add_parser(
        "liveblog",
        help="posts and draft results from liveblog text",
        description="Read liveblog text (files, or - for standard input) into posts, and "
        "draft results for councils whose outcome it plainly reports.",
    )
    blog.add_argument("texts", nargs="+", metavar="TEXT", help="blog text files (- for stdin)")
    blog.add_argument("--source", required=True, metavar="ID", help="source id, e.g. labourlist")
    blog.add_argument("--source-name", metavar="N", help="source name (default: the id)")
    blog.add_argument("--source-url", metavar="URL", help="the blog's address")
    blog.add_argument(
        "--councils",
        metavar="FEED-or-CSV",
        help="councils to recognise: a COUNCILS.csv, or a feed (its header, councils and "
        "entries are kept, and the blog is added to them)",
    )
    blog.add_argument("--id", help="the night's id (default: SOURCE-DATE)")
    blog.add_argument("--title", help="the night's title (default: from the source)")
    blog.add_argument(
        "--stop",
        action="append",
        default=[],
        metavar="TEXT",
        help="a line starting with TEXT ends the blog (e.g. the page footer); repeatable",
    )
    _night_options(blog)
    blog.set_defaults(run=cmd_import_liveblog)


def _night_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="polling day")
    parser.add_argument(
        "--timezone", metavar="TZ", help="IANA timezone of the times (default Europe/London)"
    )
    parser.add_argument(
        "--starts", default="22:00", metavar="HH:MM", help="when the night starts (default 22:00)"
    )
    parser.add_argument("--parties", metavar="PARTIES.csv", help="code,name,color of parties")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="the feed to write")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")


def _clock(args: argparse.Namespace, timezone: str | None = None) -> NightClock:
    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        raise ImportUsageError(f"--date {args.date!r}: use YYYY-MM-DD") from None
    try:
        starts = time.fromisoformat(args.starts)
    except ValueError:
        raise ImportUsageError(f"--starts {args.starts!r}: use HH:MM") from None
    zone = args.timezone or timezone or "Europe/London"
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImportUsageError(f"--timezone {zone!r}: not an IANA timezone") from None
    return NightClock(day, zone, starts)


def _parties(args: argparse.Namespace) -> list[Party]:
    return read_parties(read_table(args.parties)) if args.parties else list(GB_PARTIES)


def _write(writer: FeedWriter, args: argparse.Namespace) -> Feed | None:
    try:
        return writer.write(args.output, force=args.force)
    except FileExistsError as err:
        print(f"elextui: {err}", file=sys.stderr)
        return None


def cmd_import_results(args: argparse.Namespace) -> int:
    """Build a feed from a councils table and a results table."""
    clock = _clock(args)
    sources = read_sources(read_table(args.sources)) if args.sources else []
    writer = import_results(
        args.councils,
        args.results,
        feed_id=args.id,
        title=args.title,
        clock=clock,
        parties=_parties(args),
        sources=sources,
        notes=args.notes,
    )
    feed = _write(writer, args)
    if feed is None:
        return 1
    results = [e for e in feed.entries if isinstance(e, Result)]
    calls = sum(1 for r in results if not r.final)
    estimated = sum(1 for r in results if r.estimated)
    print(
        f"wrote {args.output}: {_count(len(feed.councils), 'council')}, "
        f"{_count(len(results), 'result')} ({_count(calls, 'call')}, {estimated} estimated)"
    )
    return 0


def cmd_import_liveblog(args: argparse.Namespace) -> int:
    """Turn liveblog text into posts and draft results."""
    base = _base_feed(args.councils) if args.councils and not _is_csv(args.councils) else None
    clock = _clock(args, base.election.timezone if base else None)
    source = Source(args.source, args.source_name or args.source, args.source_url)
    if base is not None:
        header = base.election
        parties = header.parties
        councils = list(base.councils.values())
    else:
        parties = _parties(args)
        councils = read_councils(read_table(args.councils), parties) if args.councils else []
        name = args.source_name or args.source
        header = Election(
            feed_version=1,
            id=args.id or slugify(f"{args.source} {clock.polling_day}"),
            title=args.title or f"{name}, {clock.polling_day:%-d %B %Y}",
            polling_day=clock.polling_day,
            timezone=clock.timezone,
            starts=clock.start,
            parties=list(parties),
        )
    if args.id or args.title:
        header = msgspec.structs.replace(
            header, id=args.id or header.id, title=args.title or header.title
        )
    if all(s.id != source.id for s in header.sources):
        header = msgspec.structs.replace(header, sources=[*header.sources, source])
    entries = base.entries if base else []
    decided = {e.council for e in entries if isinstance(e, Result) and not e.draft}
    blog = import_liveblog(
        _read_texts(args.texts),
        clock,
        args.source,
        councils,
        parties,
        stops=args.stop,
        decided=decided,
    )
    writer = FeedWriter(header)
    for council in councils:
        writer.add(council)
    for entry in entries:
        writer.add(entry)
    for post, origin in blog.posts:
        writer.add(post, origin)
    for draft, origin in blog.drafts:
        writer.add(draft, origin)
    if _write(writer, args) is None:
        return 1
    notes = [f"{_count(blog.duplicates, 'repeat')} merged"] if blog.duplicates else []
    if blog.skipped:
        notes.append(f"{_count(blog.skipped, 'line')} before the first stamp skipped")
    if blog.empty:
        notes.append(f"{_count(blog.empty, 'stamp')} with no text skipped")
    extra = f" ({', '.join(notes)})" if notes else ""
    print(
        f"wrote {args.output}: {_count(len(blog.posts), 'post')} from "
        f"{_count(len(args.texts), 'text')}{extra}, {_count(len(blog.drafts), 'draft result')} "
        + (
            "to review (elextui check lists them)"
            if blog.drafts
            else "(no outcome for a known council)"
        )
    )
    return 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _is_csv(name: str) -> bool:
    return name.lower().endswith(".csv")


def _base_feed(name: str) -> Feed:
    try:
        return load_feed(resolve_feed(name))
    except LookupError as err:
        raise ImportUsageError(f"--councils: {err}") from None


def _read_texts(names: Sequence[str]) -> list[tuple[str, str]]:
    texts = []
    problems = []
    for name in names:
        try:
            if name == "-":
                texts.append(("<stdin>", sys.stdin.read()))
            else:
                texts.append((name, Path(name).read_text(encoding="utf-8-sig")))
        except OSError as err:
            problems.append(Problem(name, 0, f"cannot read: {err.strerror or err}"))
        except UnicodeDecodeError as err:
            problems.append(Problem(name, 0, f"not UTF-8 text ({err.reason})"))
    if problems:
        raise FeedError(problems)
    return texts


__all__ = ["ImportUsageError", "add_import_commands"]
