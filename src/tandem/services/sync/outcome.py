"""Provides what a sync tells: what it did (``SyncReport``), or why it stopped short."""

from __future__ import annotations

from dataclasses import dataclass, field

from tandem.models import BadInputError


@dataclass
class SyncReport:
    """What one sync did (counts of notes)."""

    added: int = 0
    updated: int = 0
    moved: int = 0
    retired: int = 0
    unchanged: int = 0
    ids_assigned: int = 0
    files: int = 0
    files_read: int = 0
    written: list[str] = field(default_factory=list)
    left_out: int = 0
    """New cards left out: they have no id and their file is tracked by git and unchanged."""
    left_out_of: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.moved or self.retired or self.ids_assigned)


class RetireRefused(BadInputError):
    """A sync would retire more than half the cards: the folder may be the wrong one."""

    def __init__(self, retiring: int, active: int) -> None:
        super().__init__(
            f"this sync would retire {retiring} of the {active} notes (more than half): is the "
            "decks folder the right one? Nothing was synced; `tandem sync --retire` retires them"
        )
        self.retiring, self.active = retiring, active
