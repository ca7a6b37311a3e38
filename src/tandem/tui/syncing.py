"""Provides the state of the sync the app runs in a thread (deck files, then the review log
folder), and the message it posts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from tandem.models import MissingInputError, TandemError
from tandem.models.wording import counted
from tandem.services.sync.outcome import foreign_summary

if TYPE_CHECKING:
    from tandem.services.logs.service import ExchangeReport
    from tandem.services.sync.outcome import SyncReport


@dataclass(frozen=True)
class SyncStatus:
    """Where the last deck sync stands, as the screens show it."""

    running: bool = False
    report: SyncReport | None = None
    error: str | None = None
    details: tuple[str, ...] = ()
    missing_folder: bool = False
    logs: ExchangeReport | None = None
    """What the review log folder brought and took (``None``: no folder, or it failed)."""
    logs_error: str | None = None
    retiring: tuple[int, int] | None = None
    """(notes the sync would retire, active notes) when it stopped to ask first."""

    @property
    def failed(self) -> bool:
        return self.error is not None

    @classmethod
    def started(cls) -> SyncStatus:
        return cls(running=True)

    @classmethod
    def from_error(cls, error: Exception) -> SyncStatus:
        """A failed sync: a tandem error keeps its details, anything else its type and text."""
        from tandem.services.sync.outcome import RetireRefused

        if isinstance(error, RetireRefused):
            retiring = (error.retiring, error.active)
            return cls(error=error.message, retiring=retiring)
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
    if report.left_out:
        left = counted(report.left_out, "new card")
        parts.append(f"{left} left out (no id yet: tandem fmt --ids)")
    return f"Synced {counted(report.files, 'deck file')}: " + (", ".join(parts) or "no changes")


def describe_logs(report: ExchangeReport) -> str:
    """One line for a notification: reviews that came from the folder and went to it."""
    parts = [
        f"{count} {label}"
        for count, label in (
            (report.added, "reviews from other devices"),
            (report.retracted, "taken back"),
            (report.published, "published"),
        )
        if count
    ]
    return "Review log folder: " + (", ".join(parts) or "no changes")


def logs_notice(report: ExchangeReport, shown: int = 3) -> str:
    """The notification of lines of the folder that were skipped."""
    skipped = counted(len(report.problems), "line or file", "lines or files")
    lines = [f"{skipped} of the log folder skipped:"]
    lines += report.problems[:shown]
    if len(report.problems) > shown:
        lines.append(f"… and {len(report.problems) - shown} more (tandem sync lists them)")
    return "\n".join(lines)


def deck_notices(report: SyncReport | None) -> list[str]:
    """The notifications of a deck sync that ran: what it changed, and the files it left
    as they were (a teammate's bad file is a calm notice, not an error)."""
    if report is None:
        return []
    return [
        *([describe(report)] if report.changed or report.left_out else []),
        *([refused_notice(report)] if report.refused else []),
        *([foreign_summary(report.foreign)] if report.foreign else []),
    ]


def refused_notice(report: SyncReport, shown: int = 3) -> str:
    """The calm notification of deck files a sync left as they were: the others are synced."""
    count = len(report.refused)
    files = "1 deck file has" if count == 1 else f"{count} deck files have"
    lines = [f"{files} problems; the others are synced.", *report.problems[:shown]]
    if len(report.problems) > shown:
        lines.append(f"… and {len(report.problems) - shown} more (tandem check lists them all)")
    return "\n".join(lines)


def failure_notice(status: SyncStatus, shown: int = 3) -> str:
    """The notification of a failed sync in a review: the first problems, and that it goes on."""
    lines = [status.error or "", *status.details[:shown]]
    if len(status.details) > shown:
        lines.append(f"… and {len(status.details) - shown} more (tandem check lists them all)")
    lines.append("Reviewing the cards synced before.")
    return "\n".join(lines)


class SyncFinished(Message):
    """Posted by the sync worker (from its thread) when it is done."""

    def __init__(self, status: SyncStatus) -> None:
        super().__init__()
        self.status = status
