"""Provides the state of the deck sync the app runs in a thread, and the message it posts."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tandem.models import MissingInputError, TandemError
from tandem.services.sync import SyncReport


@dataclass(frozen=True)
class SyncStatus:
    """Where the last deck sync stands, as the screens show it."""

    running: bool = False
    report: SyncReport | None = None
    error: str | None = None
    details: tuple[str, ...] = ()
    missing_folder: bool = False

    @property
    def failed(self) -> bool:
        return self.error is not None

    @classmethod
    def started(cls) -> SyncStatus:
        return cls(running=True)

    @classmethod
    def from_error(cls, error: Exception) -> SyncStatus:
        """A failed sync: a tandem error keeps its details, anything else its type and text."""
        if isinstance(error, TandemError):
            missing = isinstance(error, MissingInputError)
            return cls(error=error.message, details=tuple(error.details), missing_folder=missing)
        return cls(error=f"sync stopped unexpectedly: {type(error).__name__}: {error}")


def describe(report: SyncReport) -> str:
    """One line for a notification: what a sync changed."""
    parts = [
        f"{count} {label}"
        for count, label in (
            (report.added, "added"),
            (report.updated, "updated"),
            (report.moved, "moved"),
            (report.retired, "retired"),
            (report.ids_assigned, "ids written"),
        )
        if count
    ]
    return f"Synced {report.files} deck file(s): " + (", ".join(parts) or "no changes")


class SyncFinished(Message):
    """Posted by the sync worker (from its thread) when it is done."""

    def __init__(self, status: SyncStatus) -> None:
        super().__init__()
        self.status = status
