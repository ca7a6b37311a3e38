"""Provides the tandem quiz: one partner asks and grades, the other answers.

Modules: ``opening`` (start one, join the open one), ``live`` (the quiz kept in the
database, followed by a second terminal),
``results`` (what it asks, and the graded answers compared).
"""

__all__ = [
    "live",
    "opening",
    "results",
]
