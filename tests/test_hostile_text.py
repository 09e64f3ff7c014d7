"""Hostile feed text: every command shows it safely, and hostile identifiers are rejected.

A feed puts escape sequences (an OSC 52 clipboard write, colours, an 8-bit CSI), bidi
overrides and isolates, direction marks, DEL, NUL, line breaks, XML-illegal characters
and Rich markup into every free-text field. Each command must print no control
character, keep the markup literal, and write a screenshot that is well-formed XML.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from feedkit import council, entry, header, write

from elextui.cli import main
from elextui.describe import clean_text
from elextui.sanitize import UNSAFE, safe_json

EVIL = (
    "A\x1b]52;c;aGVsbG8=\x07B \x1b[31mred\x1b[0m \x9b31m \u202eevil\u202c \u2066iso\u2069 "
    "\u200e\u200f\u061c \x7f\x00 \r\n\t\u2028 \ufffe\uffff [bold]x[/] [/] Z"
)
"""Every kind of character that must not reach a terminal, plus markup."""


def evil(label: str) -> str:
    """A hostile value that still says which field it came from."""
    return f"{label} {EVIL}"


def hostile_feed(path: Path) -> Path:
    """A valid feed with a hostile value in every free-text field."""
    return write(
        path,
        header(
            title=evil("title"),
            notes=evil("notes"),
            sources=[{"id": "lb", "name": evil("source"), "url": evil("url")}],
            parties=[
                {"code": "LAB", "name": evil("Labour"), "color": "[/]"},
                {"code": "CON", "name": evil("Tory"), "color": "#0087DC"},
            ],
        ),
        council("plymouth", 10, name=evil("Plymouth"), kind=evil("kind"), control="CON"),
        council("bury", 10, name=evil("Bury"), kind=evil("kind"), control="LAB"),
        entry(
            "post",
            "2018-05-03T23:00:00+01:00",
            text=evil("post"),
            author=evil("author"),
            url=evil("url"),
            source="lb",
            councils=["plymouth"],
        ),
        entry(
            "result",
            "2018-05-03T23:30:00+01:00",
            council="plymouth",
            composition={"LAB": 6, "CON": 4},
            seats_won={"LAB": 4, "CON": 1},
            change={"LAB": 2, "CON": -2},
            note=evil("note"),
            source="lb",
        ),
        entry("result", "2018-05-03T23:40:00+01:00", council="bury", control="LAB"),
        entry(
            "mayor",
            "2018-05-04T01:00:00+01:00",
            area=evil("area"),
            winner=evil("winner"),
            party="LAB",
            party_before="CON",
            note=evil("note"),
        ),
        entry("pcc", "2018-05-04T01:10:00+01:00", area=evil("pcc"), winner=evil("w"), party="CON"),
        entry("marker", "2018-05-04T01:20:00+01:00", label=evil("marker")),
    )


def assert_safe(text: str) -> None:
    """No line of `text` holds a character that could act on a terminal."""
    for line in text.split("\n"):
        found = UNSAFE.search(line)
        assert found is None, f"{found.group()!r} in {line!r}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert_safe(out)
    assert_safe(err)
    return status, out


def test_clean_text_rules() -> None:
    assert clean_text("a\x1b]52;c;x\x07b") == "a\\x1b]52;c;x\\x07b"
    assert clean_text("\u202eabc\u202c \u2066d\u2069") == "\\u202eabc\\u202c \\u2066d\\u2069"
    assert clean_text("l\u200er\u200fa\u061cm") == "lram"  # invisible marks go
    assert clean_text("a\r\nb\tc\u2028d") == "a  b c d"
    assert clean_text("\x9b\x7f\x00\ufffe") == "\\x9b\\x7f\\x00\\ufffe"
    assert clean_text("[bold]Café ünïcode 東京 😀[/]") == "[bold]Café ünïcode 東京 😀[/]"
    assert clean_text(clean_text(EVIL)) == clean_text(EVIL)
    assert UNSAFE.search(clean_text(EVIL)) is None


def test_safe_json_keeps_the_value_and_prints_no_control() -> None:
    text = safe_json({"name": EVIL, "ok": "Café"})
    assert UNSAFE.search(text) is None and "Café" in text
    assert json.loads(text) == {"name": EVIL, "ok": "Café"}


def test_every_command_prints_hostile_text_safely(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    feed = str(hostile_feed(tmp_path / "hostile.jsonl"))
    assert run(capsys, "check", feed)[0] == 0

    status, out = run(capsys, "state", feed, "--at", "end")
    assert status == 0
    assert "Plymouth A\\x1b]52;c;aGVsbG8=" in out.replace("\n", "")
    status, out = run(capsys, "state", feed, "--at", "end", "--json")
    assert status == 0
    data: Any = json.loads(out)
    assert data["councils"]["plymouth"]["name"] == evil("Plymouth")  # the value is kept exactly

    status, out = run(capsys, "replay", feed, "--no-ui", "--speed", "max")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 6
    assert "23:00 post A\\x1b]52;c;aGVsbG8=\\x07B \\x1b[31mred" in lines[0]
    assert "[bold]x[/] [/] Z  [source A\\x1b]52;c;aGVsbG8=" in lines[0]  # the source's name
    assert "Mayor of area A\\x1b]52" in lines[3] and "(LAB GAIN from CON)" in lines[3]
    assert "01:20 \u25c6 marker A\\x1b]52" in lines[5]

    svg = tmp_path / "shot.svg"
    status, out = run(capsys, "screenshot", feed, "--at", "end", "-o", str(svg), "--size", "160x48")
    assert status == 0
    text = svg.read_text(encoding="utf-8")
    assert_safe(text)
    ET.fromstring(text)  # well-formed XML
    assert "Plymouth A\\x1b]52" in text.replace("&#160;", " ").replace("\xa0", " ")


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("party code", {"parties": [{"code": "X\x1b]52;c;x\x07", "name": "x"}]}, "party code"),
        ("empty code", {"parties": [{"code": "", "name": "x"}]}, "party code ''"),
        ("code with a space", {"parties": [{"code": "LAB HOLD", "name": "x"}]}, "'LAB HOLD'"),
        ("lower-case code", {"parties": [{"code": "lab", "name": "x"}]}, "party code 'lab'"),
        ("long code", {"parties": [{"code": "ABCDEFGHI", "name": "x"}]}, "'ABCDEFGHI'"),
        ("bidi code", {"parties": [{"code": "LAB\u202e", "name": "x"}]}, "party code"),
        ("source id", {"sources": [{"id": "lb\x1b[2J", "name": "x"}]}, "source id"),
        ("source id case", {"sources": [{"id": "BBC", "name": "x"}]}, "source id 'BBC'"),
        ("election id", {"id": "Night 2018"}, "id 'Night 2018'"),
        ("timezone", {"timezone": "Europe"}, "unknown timezone 'Europe'"),
        ("timezone path", {"timezone": "../../etc/passwd"}, "unknown timezone"),
        ("timezone escape", {"timezone": "UTC\x1b[2J"}, "unknown timezone"),
        ("colour", {"parties": [{"code": "LAB", "name": "x", "color": "\x1b[31m"}]}, "color"),
    ],
)
def test_hostile_identifiers_in_the_header_are_rejected(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    field: str,
    overrides: dict[str, Any],
    message: str,
) -> None:
    feed = write(tmp_path / "bad.jsonl", header(**overrides))
    status, out = run(capsys, "check", str(feed))
    assert status == 1, field
    assert out.startswith(f"{feed}:1: election: ") and message in out, out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (council("Bad Town", 10), "id must be a lower-case slug"),
        (council("a" * 65, 10), "at most 64 characters"),
        (council("x\u202ey", 10), "id must be a lower-case slug"),
        (council("ok", 10, ons="E06\x1b"), "is not an ONS code"),
        (council("ok", 10, ons="e06000026"), "is not an ONS code"),
        (council("ok", 10, control="LAB\x07"), "unknown party code"),
    ],
)
def test_hostile_identifiers_in_councils_are_rejected(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, line: dict[str, Any], message: str
) -> None:
    feed = write(tmp_path / "bad.jsonl", header(), line)
    status, out = run(capsys, "check", str(feed))
    assert status == 1
    assert out.startswith(f"{feed}:2: council ") and message in out, out
