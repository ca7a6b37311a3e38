"""Provides the report's detail rows: reviews of a period grouped per topic (tag) and per card."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from itertools import combinations

from tandem.models import Rating
from tandem.scheduling.days import DayBoundary
from tandem.services.report.models import NO_TOPIC, CardRow, PairReport, SessionRow, TopicRow
from tandem.services.stats.calc import tally
from tandem.services.stats.stats import prompt_of
from tandem.storage.stats import CardText, NoteFact, ReviewFact


def topics_of(text: CardText | None) -> tuple[str, ...]:
    """A card's topics: its note's and deck's tags, or ``(no tag)``."""
    return text.tags if text and text.tags else (NO_TOPIC,)


def topic_rows(
    facts: Sequence[ReviewFact], texts: dict[str, CardText], days: DayBoundary
) -> list[TopicRow]:
    """Reviews per topic, most reviewed first (then by name)."""
    grouped: dict[str, list[ReviewFact]] = defaultdict(list)
    for fact in facts:
        for topic in topics_of(texts.get(fact.card)):
            grouped[topic].append(fact)
    rows = []
    for topic, group in grouped.items():
        young, mature = tally(group, days)
        rows.append(TopicRow(topic, len(group), len({f.card for f in group}), young + mature))
    return sorted(rows, key=lambda row: (-row.reviews, row.topic))


def card_rows(
    facts: Sequence[ReviewFact],
    texts: dict[str, CardText],
    days: DayBoundary,
    leeches: set[str],
) -> list[CardRow]:
    """Reviews per card, most missed first (then most reviewed, then by key)."""
    grouped: dict[str, list[ReviewFact]] = defaultdict(list)
    for fact in facts:
        grouped[fact.card].append(fact)
    rows = []
    for card, group in grouped.items():
        text = texts.get(card)
        young, mature = tally(group, days)
        again = sum(1 for f in group if f.rating is Rating.AGAIN)
        rows.append(CardRow(card, prompt_of(text) if text else "", text.deck_title if text else "",
                            len(group), again, young + mature, card in leeches))  # fmt: skip
    return sorted(rows, key=lambda row: (-row.again, -row.reviews, row.key))


def notes_written(
    notes: Sequence[NoteFact], person: str, days: DayBoundary, since: date, until: date
) -> int:
    """Notes ``person`` wrote in the period: dated by their session, else by first sync."""
    count = 0
    for note in notes:
        if note.author != person:
            continue
        when = (
            date.fromisoformat(note.session_date)
            if note.session_date
            else days.study_date(note.created_at)
        )
        count += since <= when <= until
    return count


def pair_rows(
    sessions: Sequence[SessionRow], graded: dict[tuple[str, str], int]
) -> list[PairReport]:
    """Partnerships: every two partners of a session, and every (person, grader) pair.

    Args:
        sessions: the sessions of the period.
        graded: reviews per (person, grader) in the period, grader != person.
    """
    together: dict[tuple[str, str], int] = defaultdict(int)
    for session in sessions:
        for a, b in combinations(sorted(set(session.partners)), 2):
            together[a, b] += 1
    keys = set(together) | {(min(p, g), max(p, g)) for p, g in graded}
    return [
        PairReport(a, b, together.get((a, b), 0), graded.get((a, b), 0), graded.get((b, a), 0))
        for a, b in sorted(keys)
    ]
