"""Provides a partnership's figures: cards both know, cards only one knows, cards both miss."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from tandem.services.stats import calc as calc
from tandem.services.stats.models import PairStats

if TYPE_CHECKING:
    from tandem.services.stats.stats import Stats

KEEP_MISSING = 2
"""A person keeps missing a card after this many Again answers on it."""


def pair_stats(stats: Stats, a: str, b: str, limit: int) -> PairStats:
    """The figures of ``a`` and ``b`` (both must be people; ``limit`` caps each card list).

    A person knows a card when it is in review state, not suspended, and their last answer
    was not Again; only the cards both have answered count (``StatsQueries.shared_cards``).
    """
    today = max(stats.today(a), stats.today(b))
    for person in (a, b):
        stats.person(person)
    q = stats.queries
    shared = q.shared_cards(a, b)
    both = sorted(c.card for c in shared if c.a_knows and c.b_knows)
    only_a = sorted((c for c in shared if c.a_knows and not c.b_knows),
                    key=lambda c: (-c.b_again, c.card))  # fmt: skip
    only_b = sorted((c for c in shared if c.b_knows and not c.a_knows),
                    key=lambda c: (-c.a_again, c.card))  # fmt: skip
    missing = sorted((c for c in shared if min(c.a_again, c.b_again) >= KEEP_MISSING),
                     key=lambda c: (-(c.a_again + c.b_again), c.card))  # fmt: skip
    first, last = (today - timedelta(days=364)).toordinal(), today.toordinal()
    a_by_b, a_differences = q.graded_by(a, b, first, last)
    b_by_a, b_differences = q.graded_by(b, a, first, last)
    return PairStats(
        a=a,
        b=b,
        both_know=stats.figures([(c, 0) for c in both], limit),
        only_a_knows=stats.figures([(c.card, c.b_again) for c in only_a], limit),
        only_b_knows=stats.figures([(c.card, c.a_again) for c in only_b], limit),
        both_missing=stats.figures([(c.card, c.a_again + c.b_again) for c in missing], limit),
        a_graded_by_b=a_by_b,
        b_graded_by_a=b_by_a,
        calibration_a=calc.calibration(a, a_differences, b),
        calibration_b=calc.calibration(b, b_differences, a),
    )
