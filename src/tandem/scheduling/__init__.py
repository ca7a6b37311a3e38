"""Provides per-person FSRS scheduling with deterministic fuzz, previews and replay."""

from tandem.scheduling.days import DayBoundary
from tandem.scheduling.fuzz import fuzz_days, fuzz_seed
from tandem.scheduling.scheduler import PersonScheduler, is_leech_lapse

__all__ = ["DayBoundary", "PersonScheduler", "fuzz_days", "fuzz_seed", "is_leech_lapse"]
