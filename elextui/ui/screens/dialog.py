"""A dialog over the board: a modal screen whose border says what playback does meanwhile."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen over the board (help, go to time, a council's detail)."""

    playback_note = ""
    """What playback does while the dialog is up (`replay paused`), set by whoever opens it."""

    def subtitle(self, keys: str) -> str:
        """The border's subtitle: the dialog's keys, then the playback note."""
        return f"{keys} \u00b7 {self.playback_note}" if self.playback_note else keys
