"""The headless core must import without Textual (as harlequin enforces for its core)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

HEADLESS = [
    "elextui.feed",
    "elextui.feed.model",
    "elextui.feed.reader",
    "elextui.feed.bundled",
    "elextui.feed.writer",
    "elextui.importers.tables",
    "elextui.importers.liveblog",
    "elextui.importers.outcomes",
    "elextui.importers.cli",
    "elextui.state",
    "elextui.timeline",
    "elextui.timeparse",
    "elextui.describe",
    "elextui.report",
    "elextui.player",
    "elextui.clock",
    "elextui.source",
    "elextui.night",
    "elextui.cli",  # `check` and `state` must not pay for importing the UI
]

PROBE = """
import importlib, sys
importlib.import_module({module!r})
loaded = sorted(name for name in sys.modules if name == "textual" or name.startswith("textual."))
print(",".join(loaded))
"""


@pytest.mark.parametrize("module", HEADLESS)
def test_module_imports_without_textual(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} does not exist yet")
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"importing {module} loaded {done.stdout.strip()}"


def test_the_probe_can_see_textual() -> None:
    """The check above is not vacuous: importing Textual does show up."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(module="textual.app")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "textual" in done.stdout.split(",")
