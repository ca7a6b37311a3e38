"""Provides tandem's SQLite storage: connection rules, schema, and the tables' queries."""

from tandem.storage.backup import BackupFile, backup_name, integrity_problem, list_backups
from tandem.storage.cards import CardsRepo, DeckRow, NoteRow
from tandem.storage.db import APPLICATION_ID, Store
from tandem.storage.people import PeopleRepo
from tandem.storage.reviews import ReviewsRepo
from tandem.storage.states import PartnerScope, StateRow, StatesRepo

__all__ = [
    "APPLICATION_ID",
    "BackupFile",
    "CardsRepo",
    "DeckRow",
    "NoteRow",
    "PartnerScope",
    "PeopleRepo",
    "ReviewsRepo",
    "StateRow",
    "StatesRepo",
    "Store",
    "backup_name",
    "integrity_problem",
    "list_backups",
]
