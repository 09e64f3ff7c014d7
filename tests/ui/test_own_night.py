"""The README's "Make your own night": its exact commands, then the TUI replaying the result."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from uikit import catch_up, screen_text

from elextui.cli import main
from elextui.clock import FakeClock
from elextui.feed import Result, load_feed
from elextui.timeline import Timeline
from elextui.ui.app import make_app

ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[list[str]]:
    """The command lines of the README's "Make your own night" code block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Make your own night", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return [shlex.split(line) for line in block[1].splitlines() if line.strip()]


async def test_the_readme_commands_make_a_night_that_checks_and_replays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    commands = readme_commands()
    assert [argv[:3] for argv in commands] == [
        ["elextui", "import", "results"],
        ["elextui", "import", "liveblog"],
        ["elextui", "check", "my-night-blog.jsonl"],
        ["elextui", "replay", "my-night-blog.jsonl"],
    ]
    for argv in commands[:3]:
        assert main(argv[1:]) == 0, argv
    said = capsys.readouterr().out.splitlines()
    assert said == [
        "wrote my-night.jsonl: 11 councils, 10 results (1 call, 0 estimated)",
        "wrote my-night-blog.jsonl: 8 posts from 1 text (1 line before the first stamp "
        "skipped), 1 draft result to review (elextui check lists them)",
        "my-night-blog.jsonl:20: warning: draft result for 'swindon' at 2018-05-04 00:51 was "
        "read from text by an importer; check it",
        "my-night-blog.jsonl: ok (11 councils, 19 entries, 1 draft to review)",
    ]
    feed = load_feed(tmp_path / commands[3][2])
    drafts = [e.council for e in feed.entries if isinstance(e, Result) and e.draft]
    assert drafts == ["swindon"]  # "Labour could still take Barnet" is not one

    clock = FakeClock()
    app = make_app(Timeline(feed), paused=True, clock=clock)
    async with app.run_test(size=(160, 48)) as pilot:
        await catch_up(pilot, clock)
        assert "Eleven councils" in screen_text(app)
        await pilot.press("end")
        await catch_up(pilot, clock)
        screen = screen_text(app)
        assert "Kirklees" in screen and "12:37" in screen
        assert "(draft from text, unchecked)" not in screen  # Swindon's draft is long past
        for _ in range(10):  # step back from Kirklees (12:37) to 01:30, after the draft
            await pilot.press("left")
        await catch_up(pilot, clock)
        lines = screen_text(app).splitlines()
        row = next(n for n, line in enumerate(lines) if "00:51  Swindon  CON HOLD" in line)
        wrapped = [" ".join(line.split("\u258f")[-1].split()) for line in lines[row : row + 3]]
        joined = " ".join(filter(None, wrapped))
        assert "Swindon CON HOLD (call) (draft from text, unchecked)" in joined
        assert "declared 3/11" in lines[0]  # the draft is a call, not a declaration
