"""Provides tandem's use cases and ``build_services``, the one composition root.

Names are imported on first use, so a command loads only the services it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem.models.lazy import lazy_attributes

if TYPE_CHECKING:
    from tandem.services.authoring import CardDraft
    from tandem.services.decks import DeckInfo
    from tandem.services.due import DeckDue, PersonDue
    from tandem.services.factory import Services, build_services
    from tandem.services.quiz import Quiz
    from tandem.services.quiz_results import Graded, QuizResults, QuizScope
    from tandem.services.replay import Difference
    from tandem.services.reviewlog import ImportResult
    from tandem.services.study import QueueCounts, StudySession, UndoStep
    from tandem.services.sync import SyncReport

_WHERE = {
    "CardDraft": "tandem.services.authoring",
    "DeckDue": "tandem.services.due",
    "DeckInfo": "tandem.services.decks",
    "Difference": "tandem.services.replay",
    "Graded": "tandem.services.quiz_results",
    "ImportResult": "tandem.services.reviewlog",
    "PersonDue": "tandem.services.due",
    "QueueCounts": "tandem.services.study",
    "Quiz": "tandem.services.quiz",
    "QuizResults": "tandem.services.quiz_results",
    "QuizScope": "tandem.services.quiz_results",
    "Services": "tandem.services.factory",
    "StudySession": "tandem.services.study",
    "SyncReport": "tandem.services.sync",
    "UndoStep": "tandem.services.study",
    "build_services": "tandem.services.factory",
}

__getattr__ = lazy_attributes(__name__, _WHERE)


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
