#!/usr/bin/env python3
"""Build the bundled nights from their sources: feeds/src/<night>/recipe.py.

Usage:
    python scripts/build_feeds.py 2018           # write feeds/england-locals-2018.jsonl
    python scripts/build_feeds.py all            # every night
    python scripts/build_feeds.py all --check    # build in memory; fail if a file differs

Each recipe turns its night's tables and texts into the model's records with the package's
importers (elextui.importers) and returns a FeedWriter: the feed reader checks the result,
and problems are reported at the source file and line they come from.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEEDS = ROOT / "feeds"
NIGHTS = {
    "2018": "england-locals-2018",
    "2023": "england-locals-2023",
    "2024": "england-locals-2024",
}

sys.path.insert(0, str(ROOT))  # the package of this checkout, even if another is installed

from elextui.feed import FeedError  # noqa: E402
from elextui.feed.writer import FeedWriter  # noqa: E402


def build(night: str) -> FeedWriter:
    """The night's FeedWriter, from feeds/src/<night>/recipe.py."""
    path = FEEDS / "src" / night / "recipe.py"
    spec = importlib.util.spec_from_file_location(f"recipe_{night}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    writer: FeedWriter = module.build()
    return writer


def main(argv: list[str] | None = None) -> int:
    """Build (or with --check, compare) the nights named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nights", nargs="*", default=["all"], help="2018, 2023, 2024 or all")
    parser.add_argument("--check", action="store_true", help="fail if a shipped file differs")
    args = parser.parse_args(argv)
    nights = sorted(NIGHTS) if "all" in args.nights else args.nights
    status = 0
    for night in nights:
        if night not in NIGHTS:
            print(f"no recipe for {night}; known: {', '.join(NIGHTS)}", file=sys.stderr)
            return 2
        out = FEEDS / f"{NIGHTS[night]}.jsonl"
        try:
            writer = build(night)
            feed, problems = writer.check(str(out))
            if feed is None:
                raise FeedError(problems)
        except FeedError as err:
            for problem in err.problems:
                print(problem, file=sys.stderr)
            status = 1
            continue
        if args.check:
            if not out.exists() or out.read_bytes() != writer.encode():
                print(f"{out} is out of date; run scripts/build_feeds.py {night}", file=sys.stderr)
                status = 1
            continue
        writer.write(out, force=True)
        print(
            f"wrote {out.relative_to(ROOT)}: {len(feed.councils)} councils, {len(feed.entries)} entries"
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
