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
    problems: list[str] = field(default_factory=list)
    """Every problem of the files refused, as ``file:line: message``."""
    refused: list[str] = field(default_factory=list)
    """The files left as the database had them because of ``problems`` (relative paths)."""
    foreign: list[str] = field(default_factory=list)
    """Files in the decks folder another tool made (a Mochi export), as ``file: what it looks
    like and how to import it``: not deck files, so skipped and not problems."""
    left_out: int = 0
    """New cards left out: they have no id and their file is tracked by git and unchanged."""
    left_out_of: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.moved or self.retired or self.ids_assigned)

    def refusal(self) -> BadInputError | None:
        """The error that says files were refused (the CLI's exit 65), if any were."""
        if not self.refused:
            return None
        return BadInputError(refused_summary(self.refused), details=self.problems)


def refused_summary(refused: list[str]) -> str:
    """One sentence: which files were left as they were (and that the others are synced)."""
    one = len(refused) == 1
    files = "1 deck file has" if one else f"{len(refused)} deck files have"
    kept = "it is left as it was" if one else "they are left as they were"
    return f"{files} problems ({', '.join(refused)}): {kept}; the others are synced"


def foreign_summary(foreign: list[str]) -> str:
    """The lines that name the other tools' files a sync skipped (``SyncReport.foreign``)."""
    if len(foreign) == 1:
        head = "1 file in the decks folder is another tool's export, not a deck file (skipped):"
    else:
        head = (
            f"{len(foreign)} files in the decks folder are other tools' exports, not deck "
            "files (skipped):"
        )
    return "\n".join([head, *(f"  {line}" for line in foreign)])


class RetireRefused(BadInputError):
    """A sync would retire more than half the cards: the folder may be the wrong one."""

    def __init__(self, retiring: int, active: int) -> None:
        super().__init__(
            f"this sync would retire {retiring} of the {active} notes (more than half): is the "
            "decks folder the right one? Nothing was synced; `tandem sync --retire` retires them"
        )
        self.retiring, self.active = retiring, active
