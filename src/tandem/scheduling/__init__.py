"""Provides per-person FSRS scheduling with deterministic fuzz, previews and replay.

The scheduler loads py-fsrs, so it is imported on first use (a review shows its first card
before it needs an interval).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from tandem.scheduling.days import DayBoundary
from tandem.scheduling.fuzz import fuzz_days, fuzz_seed
from tandem.scheduling.leech import is_leech_lapse

if TYPE_CHECKING:
    from tandem.scheduling.scheduler import PersonScheduler

_LAZY = {"PersonScheduler"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module("tandem.scheduling.scheduler"), name)


__all__ = ["DayBoundary", "PersonScheduler", "fuzz_days", "fuzz_seed", "is_leech_lapse"]
