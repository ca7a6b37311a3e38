"""Provides tandem's use cases and ``build_services``, the one composition root."""

from tandem.services.authoring import CardDraft
from tandem.services.decks import DeckInfo
from tandem.services.due import DeckDue, PersonDue
from tandem.services.factory import Services, build_services
from tandem.services.quiz import Graded, Quiz, QuizResults, QuizScope
from tandem.services.replay import Difference
from tandem.services.reviewlog import ImportResult
from tandem.services.study import QueueCounts, StudySession, UndoStep
from tandem.services.sync import SyncReport

__all__ = [
    "CardDraft",
    "DeckDue",
    "DeckInfo",
    "Difference",
    "Graded",
    "ImportResult",
    "PersonDue",
    "QueueCounts",
    "Quiz",
    "QuizResults",
    "QuizScope",
    "Services",
    "StudySession",
    "SyncReport",
    "UndoStep",
    "build_services",
]
