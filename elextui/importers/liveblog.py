"""Import liveblog text: one post per stamped entry, and draft results it plainly reports.

A liveblog is paragraphs; an entry starts with a time stamp (`04.43`, `23:16`, `10:34:`,
`11.30pm`, or a byline ending in a date and time, `Kristin Hugo 3 May 2018 22:29`) and
runs until the next one. The format is described in docs/import-formats.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from elextui.describe import clean_text
from elextui.feed.model import Council, Party, Post, Result
from elextui.importers.outcomes import Outcome, OutcomeFinder
from elextui.importers.tables import NightClock

_STAMP = re.compile(
    r"""\s*(?P<h>\d{1,2})[.:](?P<m>\d{2})
    (?:\s*(?P<ampm>[ap])\.?m\.?)?
    (?:\s*(?:[:\-\u2013\u2014|]\s*)?(?=\s|\Z)|\s*[:\-\u2013\u2014|]\s*)
    (?!\s*(?:%|(?:per\s*cent|percent)\b))""",
    re.VERBOSE | re.IGNORECASE,
)
_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_BYLINE = re.compile(
    r"(?P<who>.*?)\s*(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]+)\s+(?P<y>\d{4}),?\s+"
    r"(?P<h>\d{1,2})[.:](?P<m>\d{2})\s*(?P<ampm>[ap]m)?\s*\Z",
    re.IGNORECASE,
)
ROLLOVER_SLACK = timedelta(hours=1)
"""A stamp earlier than the latest one of its day by more than this starts the next day;
a smaller step back is a post out of order, not a new day."""


@dataclass
class Stamp:
    """The time at the head of an entry: a clock time, and a date if the blog gave one."""

    clock: time
    day: date | None = None


@dataclass
class BlogEntry:
    """One stamped entry of one copy of a blog."""

    stamp: Stamp
    paragraphs: list[str]
    line: int
    author: str | None = None
    at: datetime | None = None


@dataclass
class BlogText:
    """One copy of a blog, split into entries; `skipped` counts lines before the first stamp."""

    path: str
    entries: list[BlogEntry] = field(default_factory=list)
    skipped: int = 0
    empty: int = 0


def parse_stamp(text: str) -> tuple[Stamp, str, str | None] | None:
    """A paragraph's leading stamp, the text after it and a byline's author; None if unstamped."""
    byline = _BYLINE.match(text)
    if byline and byline["mon"].lower() in _MONTHS:
        clock = _clock(int(byline["h"]), int(byline["m"]), byline["ampm"])
        try:
            day = date(int(byline["y"]), _MONTHS.index(byline["mon"].lower()) + 1, int(byline["d"]))
        except ValueError:
            return None
        if clock is None:
            return None
        return Stamp(clock, day), "", byline["who"].strip() or None
    match = _STAMP.match(text)
    if match is None:
        return None
    clock = _clock(int(match["h"]), int(match["m"]), match["ampm"])
    if clock is None:
        return None
    return Stamp(clock), text[match.end() :].strip(), None


def _clock(hours: int, minutes: int, ampm: str | None) -> time | None:
    if minutes > 59:
        return None
    if ampm:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if ampm.lower().startswith("p") else 0)
    if hours > 23:
        return None
    return time(hours, minutes)


def split_blog(text: str, path: str, stops: Sequence[str] = ()) -> BlogText:
    """Split a blog's text into stamped entries (each line a paragraph).

    A line starting with one of `stops` ends the blog (e.g. the page footer).
    """
    blog = BlogText(path)
    current: BlogEntry | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if any(line.startswith(stop) for stop in stops):
            break
        stamped = parse_stamp(line)
        if stamped is not None:
            stamp, rest, author = stamped
            current = BlogEntry(stamp, [rest] if rest else [], number, author)
            blog.entries.append(current)
        elif current is None:
            blog.skipped += 1
        else:
            current.paragraphs.append(line)
    blog.empty = sum(1 for e in blog.entries if not e.paragraphs)
    blog.entries = [e for e in blog.entries if e.paragraphs]
    return blog


def newest_first(entries: Sequence[BlogEntry]) -> bool:
    """Whether the blog runs newest-first: most steps between its stamps go back in time
    (round the clock: from 00:10 to 23:55 is a step back)."""
    clocks = [_minutes(e.stamp.clock) for e in entries if e.stamp.day is None]
    steps = [(b - a) % 1440 for a, b in zip(clocks, clocks[1:], strict=False)]
    back = sum(1 for step in steps if step > 720)  # 00:10 then 23:55 is 15 minutes back
    ahead = sum(1 for step in steps if 0 < step <= 720)
    return back > ahead


def date_entries(blog: BlogText, clock: NightClock) -> None:
    """Give each entry its moment: the night's first day from `clock.starts`, the next
    day each time the clock wraps (stamps with their own date keep it)."""
    ordered = list(reversed(blog.entries)) if newest_first(blog.entries) else blog.entries
    day: date | None = None
    latest = time(0, 0)
    for entry in ordered:
        stamp = entry.stamp
        if stamp.day is not None:
            day, latest = stamp.day, stamp.clock
        elif day is None:
            day = clock.on_night(stamp.clock).date()
            latest = stamp.clock
        elif _minutes(stamp.clock) < _minutes(latest) - ROLLOVER_SLACK.total_seconds() / 60:
            day, latest = day + timedelta(days=1), stamp.clock
        else:
            latest = max(latest, stamp.clock)
        entry.at = datetime.combine(day, stamp.clock, clock.zone)


def _minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


@dataclass
class LiveblogImport:
    """The posts and draft results read from one or more copies of a blog."""

    posts: list[tuple[Post, tuple[str, int]]] = field(default_factory=list)
    drafts: list[tuple[Result, tuple[str, int]]] = field(default_factory=list)
    duplicates: int = 0
    skipped: int = 0
    empty: int = 0


def import_liveblog(
    texts: Iterable[tuple[str, str]],
    clock: NightClock,
    source: str,
    councils: Sequence[Council] = (),
    parties: Sequence[Party] = (),
    stops: Sequence[str] = (),
    decided: Iterable[str] = (),
) -> LiveblogImport:
    """Posts and drafts from blog texts given as (path, text), merged without duplicates.

    The same entry in several copies (same moment, same first paragraph) is one post,
    with the longest text seen. No draft is made for a council in `decided` (one the
    feed already has a result for), nor twice for the same council and control.
    """
    out = LiveblogImport()
    kept: dict[tuple[datetime, str], tuple[BlogEntry, str]] = {}
    for path, text in texts:
        blog = split_blog(text, path, stops)
        date_entries(blog, clock)
        out.skipped += blog.skipped
        out.empty += blog.empty
        for entry in blog.entries:
            assert entry.at is not None
            key = (entry.at, _fold(entry.paragraphs[0]))
            if key in kept:
                out.duplicates += 1
                if len(" ".join(entry.paragraphs)) <= len(" ".join(kept[key][0].paragraphs)):
                    continue
            kept[key] = (entry, path)
    finder = OutcomeFinder(councils, parties) if councils and parties else None
    mentions = _Mentions(councils)
    control: dict[str, str] = {council: "" for council in decided}
    for entry, path in sorted(kept.values(), key=lambda item: item[0].at or datetime.min):
        assert entry.at is not None
        paragraphs = [clean_text(p) for p in entry.paragraphs]
        named = mentions.find(" ".join(paragraphs))
        post = Post(
            at=entry.at,
            text="\n".join(paragraphs),
            source=source,
            author=clean_text(entry.author) if entry.author else None,
            councils=named or None,
        )
        out.posts.append((post, (path, entry.line)))
        for outcome in _outcomes(finder, paragraphs):
            if control.get(outcome.council) in ("", outcome.control):
                continue  # decided in the feed, or already drafted with this control
            control[outcome.council] = outcome.control
            out.drafts.append((_draft(entry.at, outcome, source), (path, entry.line)))
    return out


def _outcomes(finder: OutcomeFinder | None, paragraphs: list[str]) -> list[Outcome]:
    if finder is None:
        return []
    return [outcome for paragraph in paragraphs for outcome in finder.find(paragraph)]


def _draft(at: datetime, outcome: Outcome, source: str) -> Result:
    phrase = outcome.phrase if len(outcome.phrase) <= 100 else outcome.phrase[:99] + "\u2026"
    return Result(
        at=at,
        council=outcome.council,
        control=outcome.control,
        final=False,  # a call at most: the text gives control, not seats
        note=f"Draft read from the blog: \u201c{phrase}\u201d",
        source=source,
        draft=True,
    )


def _fold(text: str) -> str:
    """A paragraph as a duplicate key: case and spacing do not matter, nor edits after 60."""
    return " ".join(text.casefold().split())[:60]


class _Mentions:
    """Finds the councils a post names (by name, as written: capital letters count)."""

    def __init__(self, councils: Iterable[Council]) -> None:
        ids = {c.name: c.id for c in councils}
        self._ids = {_loose(name): cid for name, cid in ids.items()}
        names = sorted(ids, key=len, reverse=True)
        alternation = "|".join(_loose_pattern(name) for name in names)
        self._pattern = re.compile(rf"\b(?:{alternation})(?![\w-])") if names else None

    def find(self, text: str) -> list[str]:
        if self._pattern is None:
            return []
        found: list[str] = []
        for match in self._pattern.finditer(text):
            council = self._ids.get(_loose(match[0]))
            if council is not None and council not in found:
                found.append(council)
        return found


def _loose(name: str) -> str:
    return " ".join(re.split(r"[\s\-]+", name.replace("&", "and")))


def _loose_pattern(name: str) -> str:
    words = [r"(?:and|&)" if w == "and" else re.escape(w) for w in _loose(name).split(" ")]
    return r"[\s\-]+".join(words)
