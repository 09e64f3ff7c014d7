"""CLI polish: --help shows the replay options, --version, screenshot formats and sizes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from elextui.cli import main

MINI = Path(__file__).parent / "data" / "mini.jsonl"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_top_level_help_shows_the_replay_options(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    for option in ("--speed", "--at TIME", "--loop", "--hold S", "--idle-limit", "--no-ui"):
        assert option in out
    assert "fri 23:25" in out and "-1h" in out and "now" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("elextui ")


@pytest.mark.parametrize(
    "size", ["0x0", "-5x10", "5x10", "160x3", "99999x48", "160", "axb", "160x48x2", "1e3x40"]
)
def test_bad_sizes_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, size: str
) -> None:
    out_file = tmp_path / "x.svg"
    status, out, err = run(
        capsys, "screenshot", str(MINI), "--at", "end", "-o", str(out_file), f"--size={size}"
    )
    assert status == 2, err
    assert err.startswith("elextui: --size") and err.count("\n") == 1
    assert not out_file.exists()


def test_an_unknown_image_suffix_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(
        capsys, "screenshot", str(MINI), "--at", "end", "-o", str(tmp_path / "x.jpg")
    )
    assert status == 2
    assert ".svg or .png" in err


def test_png_without_a_converter_is_refused_clearly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    target = tmp_path / "x.png"
    status, _, err = run(capsys, "screenshot", str(MINI), "--at", "end", "-o", str(target))
    assert status == 2
    assert "rsvg-convert" in err and "or write .svg" in err
    assert not target.exists()


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="rsvg-convert not installed")
def test_png_screenshot_is_a_png(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "shot.png"
    status, out, err = run(
        capsys, "screenshot", str(MINI), "--at", "end", "-o", str(target), "--size", "80x24"
    )
    assert (status, err) == (0, "")
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_svg_screenshot_is_an_svg(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "shot.svg"
    status, _, err = run(
        capsys, "screenshot", str(MINI), "--at", "end", "-o", str(target), "--size", "80x24"
    )
    assert (status, err) == (0, "")
    assert target.read_text(encoding="utf-8").lstrip().startswith("<svg")


@pytest.mark.parametrize("hold", ["-1", "4000"])
def test_bad_hold_is_refused(capsys: pytest.CaptureFixture[str], hold: str) -> None:
    status, _, err = run(capsys, "replay", str(MINI), "--no-ui", "--loop", "--hold", hold)
    assert status == 2
    assert "--hold" in err
