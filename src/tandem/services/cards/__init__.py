"""Provides finding cards and acting on them one by one: search, suspended cards, unsuspend.

Modules: ``finder`` (``CardFinder``: cards by the words of their notes, a person's
suspended cards, bringing suspended cards back).
"""

__all__ = [
    "finder",
]
