"""Provides studying: the next card, answering, undo, suspend and bury, and due counts.

Modules: ``session`` (a sitting: ``StudySession``), ``values`` (what it returns:
``Answered``, ``Undone``, ``QueueCounts``), ``answering`` (an answer's checks and grading),
``read_ahead`` (the queue read in steps), ``cram`` (studying chosen cards without
rescheduling), ``undo`` (taking actions back), ``day`` (the study
day and its limits), ``burying`` (siblings wait a day), ``sides`` (a card's two sides from
its note), ``due`` (due counts per person and deck).
"""

__all__ = [
    "answering",
    "burying",
    "cram",
    "day",
    "due",
    "read_ahead",
    "session",
    "sides",
    "undo",
    "values",
]
