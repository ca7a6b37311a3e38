"""Provides tandem's SQLite storage: connection rules, schema, and the tables' queries."""

from tandem.storage.backup import BackupFile, backup_name, integrity_problem, list_backups
from tandem.storage.cards import CardsRepo, DeckRow, NoteRow
from tandem.storage.db import APPLICATION_ID, Store
from tandem.storage.people import PeopleRepo
from tandem.storage.queue import QueuedCard, QueueRepo
from tandem.storage.quizzes import GradeRow, QuizRow, QuizzesRepo
from tandem.storage.reviews import ReviewsRepo
from tandem.storage.states import PartnerScope, StateRow, StatesRepo
from tandem.storage.stats import StatsQueries as StatsQueries

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
    "Store",
    "backup_name",
    "integrity_problem",
    "list_backups",
]
