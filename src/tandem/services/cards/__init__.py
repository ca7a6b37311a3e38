"""Provides finding cards and acting on them: the search language, flags on what it finds.

Modules: ``finder`` (``CardFinder``: cards a search matches with a person's state, each
card's history, suspend/unsuspend/bury/unbury/forget for one person, a search as a sitting's
scope), ``forgetting`` (a card back to new: a reset in the log, then a replay), ``merging``
(``CardMerger``: one card's history moved onto another, ``tandem cards merge``),
``due_dates`` (a due date set by hand: a ``manual`` entry in the log), ``log_entries``
(what those two share: entries published once committed, cards in the order asked).
"""

__all__ = [
    "due_dates",
    "finder",
    "forgetting",
    "log_entries",
    "merging",
]
