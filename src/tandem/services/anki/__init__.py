"""Provides Anki in and out: ``tandem import`` and ``tandem export``.

Modules: ``importing`` and ``exporting`` (the services), ``index`` (notes already in deck
files), ``decks`` (which file an imported note goes to), ``history`` (Anki's answers as
reviews), ``media`` (media files beside the decks), ``schedule`` (tandem's schedule in
Anki's columns).
"""

__all__ = [
    "decks",
    "exporting",
    "history",
    "importing",
    "index",
    "media",
    "schedule",
]
