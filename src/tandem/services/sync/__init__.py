"""Provides deck files -> database: sync, the catalogue of cards, check and fmt.

Modules: ``sync`` (``tandem sync``), ``rows`` (the rows a sync writes), ``catalog`` (notes,
cards and everyone's state rows kept consistent), ``checking`` (``check`` and ``fmt``),
``deck_list`` (the decks as the home screen lists them).
"""

__all__ = [
    "catalog",
    "checking",
    "deck_list",
    "rows",
    "sync",
]
