"""Provides tandem's SQLite storage: connection rules, schema, and the tables' queries.

Names are imported on first use: a first card needs only a few of the tables' queries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem.models.lazy import lazy_attributes

if TYPE_CHECKING:
    from tandem.storage.backup import BackupFile, backup_name, integrity_problem, list_backups
    from tandem.storage.cards import CardsRepo
    from tandem.storage.db import APPLICATION_ID, Store
    from tandem.storage.note_rows import DeckRow, NoteRow
    from tandem.storage.people import PeopleRepo
    from tandem.storage.queue import QueuedCard, QueueRepo
    from tandem.storage.quizzes import GradeRow, QuizRow, QuizzesRepo
    from tandem.storage.reviews import ReviewsRepo
    from tandem.storage.states import PartnerScope, StateRow, StatesRepo
    from tandem.storage.stats import StatsQueries

_MODULES = {
    "backup": ("BackupFile", "backup_name", "integrity_problem", "list_backups"),
    "cards": ("CardsRepo",),
    "db": ("APPLICATION_ID", "Store"),
    "note_rows": ("DeckRow", "NoteRow"),
    "people": ("PeopleRepo",),
    "queue": ("QueuedCard", "QueueRepo"),
    "quizzes": ("GradeRow", "QuizRow", "QuizzesRepo"),
    "reviews": ("ReviewsRepo",),
    "states": ("PartnerScope", "StateRow", "StatesRepo"),
    "stats": ("StatsQueries",),
}
__getattr__ = lazy_attributes(
    __name__,
    {name: f"tandem.storage.{module}" for module, names in _MODULES.items() for name in names},
)

__all__ = [
    "APPLICATION_ID",
    "BackupFile",
    "CardsRepo",
    "DeckRow",
    "GradeRow",
    "NoteRow",
    "PartnerScope",
    "PeopleRepo",
    "QueueRepo",
    "QueuedCard",
    "QuizRow",
    "QuizzesRepo",
    "ReviewsRepo",
    "StateRow",
    "StatesRepo",
    "StatsQueries",
    "Store",
    "backup_name",
    "integrity_problem",
    "list_backups",
]
