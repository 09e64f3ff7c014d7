"""Sources: a followed file's partial lines, truncation, replacement and rewriting."""

from __future__ import annotations

import os
from pathlib import Path

from elextui.source import Chunk, FileSource, Status, TailSource, Update, open_source


def lines_of(updates: list[Update]) -> list[bytes]:
    """Every line the updates carried."""
    return [line for u in updates if isinstance(u, Chunk) for line in u.lines]


def restarted(updates: list[Update]) -> bool:
    """Whether an update started the feed again."""
    return any(isinstance(u, Chunk) and u.restart for u in updates)


def test_partial_last_line_waits_for_its_newline(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"a":1}\n{"b":')
    tail = TailSource(path)
    assert lines_of(tail.poll()) == [b'{"a":1}']
    assert tail.poll() == []
    with open(path, "ab") as handle:
        handle.write(b"2}")
    assert tail.poll() == []  # still no newline
    with open(path, "ab") as handle:
        handle.write(b'\n{"c":3}\r\n')
    assert lines_of(tail.poll()) == [b'{"b":2}', b'{"c":3}']


def test_byte_order_mark_is_dropped_only_at_the_start(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"a":1}\n')
    tail = TailSource(path)
    assert lines_of(tail.poll()) == [b'{"a":1}']


def test_truncated_file_is_read_again_from_the_start(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b"one\ntwo\n")
    tail = TailSource(path)
    assert lines_of(tail.poll()) == [b"one", b"two"]
    path.write_bytes(b"one\n")
    updates = tail.poll()
    assert restarted(updates)
    assert lines_of(updates) == [b"one"]


def test_replaced_file_is_read_again_from_the_start(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b"one\ntwo\n")
    tail = TailSource(path)
    tail.poll()
    new = tmp_path / "new.jsonl"
    new.write_bytes(b"one\ntwo\nthree\n")
    os.replace(new, path)
    updates = tail.poll()
    assert restarted(updates)
    assert lines_of(updates) == [b"one", b"two", b"three"]


def test_rewritten_in_place_and_longer_is_noticed(tmp_path: Path) -> None:
    """Rewritten between two looks, already longer than before: the overlap check sees it."""
    path = tmp_path / "f.jsonl"
    path.write_bytes(b"one\ntwo\n")
    tail = TailSource(path)
    tail.poll()
    with open(path, "r+b") as handle:  # same file (inode), new content
        handle.write(b"ONE\nTWO\nthree\n")
    updates = tail.poll()
    assert restarted(updates)
    assert lines_of(updates) == [b"ONE", b"TWO", b"three"]


def test_missing_file_is_stale_then_recovers(tmp_path: Path) -> None:
    path = tmp_path / "later.jsonl"
    tail = TailSource(path, wall=lambda: 1000.0)
    first = tail.poll()
    assert len(first) == 1 and isinstance(first[0], Status)
    assert first[0].stale_since == 1000.0
    assert tail.poll() == []  # reported once
    path.write_bytes(b"one\n")
    updates = tail.poll()
    assert isinstance(updates[0], Status) and updates[0].stale_since is None
    assert lines_of(updates) == [b"one"]


def test_open_source_picks_the_kind(tmp_path: Path) -> None:
    assert isinstance(open_source("england-locals-2018"), FileSource)
    assert isinstance(open_source(str(tmp_path / "new.jsonl"), follow=True), TailSource)
    assert type(open_source("http://127.0.0.1:9/feed.jsonl", follow=True)).__name__ == (
        "HttpSource"
    )
