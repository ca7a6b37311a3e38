"""Provides per-person FSRS scheduling with deterministic fuzz, previews, replay, fitting.

The package imports nothing itself: the scheduler loads fsrs-rs, and a review shows its
first card before it needs an interval.
"""

__all__ = [
    "days",
    "fuzz",
    "intervals",
    "leech",
    "model",
    "optimize_fit",
    "optimize_items",
    "scheduler",
    "simulate_history",
    "simulate_retention",
    "steps",
]
