"""Provides per-person FSRS scheduling with deterministic fuzz, previews and replay.

Names are imported on first use: the scheduler loads py-fsrs and the fuzz hashlib and
random, and a review shows its first card before it needs an interval.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem.models.lazy import lazy_attributes

if TYPE_CHECKING:
    from tandem.scheduling.days import DayBoundary
    from tandem.scheduling.fuzz import fuzz_days, fuzz_seed
    from tandem.scheduling.leech import is_leech_lapse
    from tandem.scheduling.scheduler import PersonScheduler

__getattr__ = lazy_attributes(
    __name__,
    {
        "DayBoundary": "tandem.scheduling.days",
        "PersonScheduler": "tandem.scheduling.scheduler",
        "fuzz_days": "tandem.scheduling.fuzz",
        "fuzz_seed": "tandem.scheduling.fuzz",
        "is_leech_lapse": "tandem.scheduling.leech",
    },
)


__all__ = ["DayBoundary", "PersonScheduler", "fuzz_days", "fuzz_seed", "is_leech_lapse"]
