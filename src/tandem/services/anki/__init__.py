"""Provides Anki in and out: ``tandem import`` and ``tandem export``.

Modules: ``importing`` and ``exporting`` (the services), ``index`` (notes already in deck
files), ``decks`` (which file an imported note goes to), ``history`` (Anki's answers as
reviews), ``media`` (media files beside the decks), ``review_ids`` (a review's ids across
formats: tandem's of an Anki entry, the Anki revlog id of an entry of the log),
``schedule`` (tandem's schedule in Anki's columns).
"""

__all__ = [
    "decks",
    "exporting",
    "history",
    "importing",
    "index",
    "media",
    "review_ids",
    "schedule",
]
