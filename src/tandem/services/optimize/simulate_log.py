"""Provides synthetic review logs: a made-up person's history from known FSRS parameters.

For tests, benchmarks and demos of ``tandem optimize``: the reviews are drawn by
:mod:`tandem.scheduling.simulate_history`, appended to the log and replayed, exactly as if
``tandem log import`` had brought them in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from tandem.models import FsrsState, Rating, Review
from tandem.scheduling.simulate_history import generate
from tandem.services.context import Context
from tandem.services.maintenance.replay import Replayer


def add_synthetic_log(
    ctx: Context,
    person: str,
    cards: Sequence[str],
    parameters: Sequence[float],
    *,
    days: int,
    seed: int,
    end: datetime | None = None,
) -> int:
    """Adds ``person``'s made-up reviews of ``cards`` over ``days`` days ending at ``end``.

    Args:
        ctx: The services' context.
        person: An existing person.
        cards: Existing card keys.
        parameters: The true FSRS parameters the answers are drawn from.
        days: How many days of study.
        seed: Seed of the random draws.
        end: When the simulated study ends (default: now).

    Returns:
        How many reviews were added.
    """
    ctx.person(person)
    start = (end or ctx.clock.now()) - timedelta(days=days)
    start = start.replace(hour=0, minute=0, second=0, microsecond=0)
    drawn = generate(parameters, cards=len(cards), days=days, start=start, seed=seed)
    with ctx.store.write():
        for number, review in enumerate(drawn):
            ctx.reviews.add(
                Review(
                    id=f"synthetic-{seed}-{number}",
                    card=cards[review.card],
                    person=person,
                    rating=Rating(review.rating),
                    at=review.at,
                    grader=person,
                    duration_ms=4000 + 2000 * (4 - review.rating),
                ),
                FsrsState.NEW,  # the replay below sets the real previous states
            )
        Replayer(ctx).fix(person, {cards[review.card] for review in drawn})
    return len(drawn)
