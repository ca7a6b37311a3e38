"""Provides per-person FSRS scheduling with deterministic fuzz, previews and replay.

The scheduler loads py-fsrs, so it is imported on first use (a review shows its first card
before it needs an interval).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem.models.lazy import lazy_attributes
from tandem.scheduling.days import DayBoundary
from tandem.scheduling.fuzz import fuzz_days, fuzz_seed
from tandem.scheduling.leech import is_leech_lapse

if TYPE_CHECKING:
    from tandem.scheduling.scheduler import PersonScheduler

__getattr__ = lazy_attributes(__name__, {"PersonScheduler": "tandem.scheduling.scheduler"})


__all__ = ["DayBoundary", "PersonScheduler", "fuzz_days", "fuzz_seed", "is_leech_lapse"]
