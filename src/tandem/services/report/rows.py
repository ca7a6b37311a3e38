"""Provides the report's detail rows: reviews of a period grouped per topic (tag) and per card."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from tandem.services.report.models import NO_TOPIC, CardRow, PairReport, SessionRow, TopicRow
from tandem.services.stats.models import Tally
from tandem.services.stats.stats import prompt_of
from tandem.storage.report_figures import TagGroupFigures
from tandem.storage.stats import CardFigures, CardText


def topic_rows(groups: Sequence[TagGroupFigures]) -> list[TopicRow]:
    """Reviews per topic (a card's tags, else ``(no tag)``), most reviewed first, then by
    name; ``groups`` sums the cards that share a set of tags."""
    grouped: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for group in groups:
        for topic in group.tags or (NO_TOPIC,):
            sums = grouped[topic]
            sums[0] += group.reviews
            sums[1] += group.cards
            sums[2] += group.tallied
            sums[3] += group.passed
    rows = [TopicRow(topic, reviews, cards, Tally(tallied, passed))
            for topic, (reviews, cards, tallied, passed) in grouped.items()]  # fmt: skip
    return sorted(rows, key=lambda row: (-row.reviews, row.topic))


def card_rows(
    figures: Sequence[CardFigures], texts: dict[str, CardText], leeches: set[str]
) -> list[CardRow]:
    """Reviews per card, most missed first (then most reviewed, then by key)."""
    rows = []
    for card in figures:
        text = texts.get(card.card)
        rows.append(CardRow(card.card, prompt_of(text) if text else "",
                            text.deck_title if text else "", card.reviews, card.again,
                            Tally(card.tallied, card.passed), card.card in leeches))  # fmt: skip
    return sorted(rows, key=lambda row: (-row.again, -row.reviews, row.key))


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
