"""Feed format v1: records, reading and validation, bundled nights."""

from elextui.feed.bundled import DEFAULT_FEED, bundled_feeds, resolve_feed
from elextui.feed.model import NOC, Council, Election, Entry, Marker, Mayor, Pcc, Post, Result
from elextui.feed.reader import (
    Feed,
    FeedError,
    FeedParser,
    Problem,
    check_feed,
    load_feed,
    parse_feed,
    slugify,
)

__all__ = [
    "DEFAULT_FEED",
    "NOC",
    "Council",
    "Election",
    "Entry",
    "Feed",
    "FeedError",
    "FeedParser",
    "Marker",
    "Mayor",
    "Pcc",
    "Post",
    "Problem",
    "Result",
    "bundled_feeds",
    "check_feed",
    "load_feed",
    "parse_feed",
    "resolve_feed",
    "slugify",
]
