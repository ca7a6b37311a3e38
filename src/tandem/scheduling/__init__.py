"""Provides per-person FSRS scheduling as Anki runs it: memory model, steps, intervals,
deterministic fuzz, study days, history rules, leeches, previews and fitting.

The package imports nothing itself: the scheduler loads fsrs-rs, and a review shows its
first card before it needs an interval.
"""

__all__ = [
    "days",
    "fuzz",
    "history",
    "intervals",
    "leech",
    "model",
    "optimize_fit",
    "optimize_items",
    "optimize_metrics",
    "scheduler",
    "simulate_history",
    "simulate_retention",
    "steps",
]
