"""Provides the partnership report as plain frozen dataclasses (rendered by ``report_*``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from tandem.services.stats.models import Calibration, DayActivity, Retention, Tally


class Level(StrEnum):
    """How much detail a report shows: totals only, per topic (tag), or per card."""

    TOTALS = "totals"
    TOPICS = "topics"
    CARDS = "cards"


NO_TOPIC = "(no tag)"
"""The topic of cards whose note and deck have no tags."""


@dataclass(frozen=True)
class SessionRow:
    """A session held: a session-log deck dated within the period."""

    day: date
    title: str
    path: str
    partners: tuple[str, ...]
    notes: int


@dataclass(frozen=True)
class TopicRow:
    """One tag's reviews in the period (a card with several tags counts for each)."""

    topic: str
    reviews: int
    cards: int
    retention: Tally


@dataclass(frozen=True)
class CardRow:
    """One card reviewed in the period."""

    key: str
    prompt: str
    deck: str
    reviews: int
    again: int
    retention: Tally
    leech: bool


@dataclass(frozen=True)
class PersonReport:
    """One person's period: what they wrote, reviewed, kept, and still owe."""

    person: str
    written: int
    solo_reviews: int
    partner_reviews: int
    duration_ms: int
    days_studied: int
    retention: Retention
    backlog: int
    leeches: int
    topics_covered: int
    calibration: Calibration
    daily: tuple[DayActivity, ...]
    topics: tuple[TopicRow, ...] = ()
    cards: tuple[CardRow, ...] = ()

    @property
    def reviews(self) -> int:
        return self.solo_reviews + self.partner_reviews


@dataclass(frozen=True)
class PairReport:
    """Two partners in the period: sessions together and reviews graded for each other."""

    a: str
    b: str
    sessions: int
    a_graded_by_b: int
    b_graded_by_a: int


@dataclass(frozen=True)
class TeamReport:
    """The report for a learning lead, from ``since`` to ``until`` (both included)."""

    since: date
    until: date
    level: Level
    generated_at: datetime
    sessions: tuple[SessionRow, ...]
    people: tuple[PersonReport, ...]
    pairs: tuple[PairReport, ...]
