"""Provides a partnership's figures: cards both know, cards only one knows, cards both miss."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from tandem.models import FsrsState, Rating
from tandem.services.stats.models import PairStats

if TYPE_CHECKING:
    from tandem.services.stats.stats import Stats

KEEP_MISSING = 2
"""A person keeps missing a card after this many Again answers on it."""

_Knowledge = tuple[FsrsState, bool, int, Rating | None]


def knows(entry: _Knowledge) -> bool:
    """In review state, not suspended, and the last answer was not Again."""
    state, suspended, _reps, last = entry
    return state is FsrsState.REVIEW and not suspended and last is not Rating.AGAIN


def pair_stats(stats: Stats, a: str, b: str, limit: int) -> PairStats:
    """The figures of ``a`` and ``b`` (both must be people; ``limit`` caps each card list)."""
    today = max(stats.today(a), stats.today(b))
    q = stats.queries
    seen_a, seen_b = q.knowledge(a), q.knowledge(b)
    known_a = {card for card, entry in seen_a.items() if knows(entry)}
    known_b = {card for card, entry in seen_b.items() if knows(entry)}
    again_a, again_b = q.again_counts(a), q.again_counts(b)
    both = sorted(known_a & known_b)
    only_a = sorted(known_a & (seen_b.keys() - known_b), key=lambda c: (-again_b.get(c, 0), c))
    only_b = sorted(known_b & (seen_a.keys() - known_a), key=lambda c: (-again_a.get(c, 0), c))
    missing = sorted(
        (c for c in seen_a.keys() & seen_b.keys()
         if again_a.get(c, 0) >= KEEP_MISSING and again_b.get(c, 0) >= KEEP_MISSING),
        key=lambda c: (-(again_a[c] + again_b[c]), c),
    )  # fmt: skip
    first = today - timedelta(days=364)
    return PairStats(
        a=a,
        b=b,
        both_know=stats.figures([(c, 0) for c in both], limit),
        only_a_knows=stats.figures([(c, again_b.get(c, 0)) for c in only_a], limit),
        only_b_knows=stats.figures([(c, again_a.get(c, 0)) for c in only_b], limit),
        both_missing=stats.figures([(c, again_a[c] + again_b[c]) for c in missing], limit),
        a_graded_by_b=q.graded_by(a, b),
        b_graded_by_a=q.graded_by(b, a),
        calibration_a=stats.calibration(a, first, today, grader=b),
        calibration_b=stats.calibration(b, first, today, grader=a),
    )
