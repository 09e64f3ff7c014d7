"""Key moments read off the board itself, so a marker can never contradict it.

Feed builders call `derive_markers` on a feed without its automatic markers and add what
it returns: the first declaration, the first gain, each change of control (at the call
when there is one), halfway and the last declaration. Each marker is placed just after
the result that makes it true and is estimated when that result's time is.
"""

from __future__ import annotations

from itertools import groupby

from elextui.feed.model import NOC, Marker, Result
from elextui.feed.reader import Feed
from elextui.state import CouncilStatus, Fold, State
from elextui.timeline import Timeline


def _first(label: str, name: str, estimated: bool) -> str:
    """`First gain: Basildon`; with an estimated time (shown `≈`), `... in this feed: ...`."""
    return f"{label} in this feed: {name}" if estimated else f"{label}: {name}"


def control_words(status: CouncilStatus) -> str:
    """`LAB gain from CON`, `LAB loses control`, `CON holds after all`, plus ` (call)`."""
    after, before = status.control, status.control_before
    if after == before:
        words = f"{after} holds after all"
    elif after == NOC:
        words = f"{before} loses control"
    else:
        words = f"{after} gain from {before}"
    return words if status.declared else f"{words} (call)"


def _names(results: list[Result], state: State) -> str:
    """`Bolton` or `Bolton and 3 more`."""
    first = state.councils[results[0].council].council.name
    return first if len(results) == 1 else f"{first} and {len(results) - 1} more"


def derive_markers(feed: Feed) -> list[Marker]:
    """The automatic markers of `feed`, in play order.

    Entries at one time are folded together and each marker describes the board after
    all of them (a marker plays after every entry at its time), so a count in a label is
    the count on the screen.
    """
    timeline = Timeline(feed)
    fold = Fold(timeline.baseline)
    before = timeline.baseline
    total = before.councils_total
    halfway = (total + 1) // 2
    markers: list[Marker] = []
    gained = False
    for _, group in groupby(timeline.entries, key=lambda e: e.at.timestamp()):
        results: list[Result] = []
        for entry in group:
            fold.add(entry)
            if type(entry) is Result:
                results.append(entry)
        if not results:
            continue
        after = fold.state()
        at = results[0].at
        declared = [r for r in results if after.councils[r.council].declared]
        found: list[tuple[str, bool]] = []
        if before.declared == 0 < after.declared:
            estimated = any(r.estimated for r in declared)
            first = "First declaration" if len(declared) == 1 else "First declarations"
            found.append((_first(first, _names(declared, after), estimated), estimated))
        if before.declared < halfway <= after.declared:
            estimated = any(r.estimated for r in declared)
            found.append((f"Halfway: {after.declared} of {total} councils declared", estimated))
        if before.declared < total == after.declared:
            last = declared[-1]
            name = after.councils[last.council].council.name
            found.append((_first("Last declaration", name, last.estimated), last.estimated))
        changed: dict[str, Result] = {}  # a council's last result at this time is its news
        for result in results:
            changed.pop(result.council, None)
            changed[result.council] = result
        for cid, result in changed.items():
            status = after.councils[cid]
            if status.control == before.councils[cid].control or status.control_before is None:
                continue
            name, words = status.council.name, control_words(status)
            if not gained and status.control not in (NOC, status.control_before):
                gained = True
                label = _first("First gain", f"{name}, {words}", result.estimated)
            else:
                label = f"{name}: {words}"
            found.append((label, result.estimated))
        markers.extend(Marker(at=at, label=label, estimated=est) for label, est in found)
        before = after
    return markers
