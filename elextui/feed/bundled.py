"""The nights that ship with elextui, and turning a FEED argument into a file."""

from __future__ import annotations

from pathlib import Path

DEFAULT_FEED = "england-locals-2018"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_dir() -> Path:
    """Where the bundled feeds are: inside the installed wheel, or `feeds/` in a checkout."""
    installed = _PACKAGE_DIR / "bundled_feeds"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "feeds"


def bundled_feeds() -> dict[str, Path]:
    """Bundled feed ids (file stems) and their paths, sorted by id."""
    folder = bundled_dir()
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.jsonl"))}


def resolve_feed(name: str | None) -> Path:
    """The file for a FEED argument: an existing path or a bundled id (default: 2018).

    Raises LookupError with a one-line message when it is neither.
    """
    name = name or DEFAULT_FEED
    path = Path(name)
    if path.is_file():
        return path
    feeds = bundled_feeds()
    if name in feeds:
        return feeds[name]
    known = ", ".join(feeds) or "none"
    raise LookupError(f"no feed file or bundled feed called {name!r} (bundled: {known})")
