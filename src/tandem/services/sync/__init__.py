"""Provides deck files -> database: sync, the catalogue of cards, check and fmt.

Modules: ``sync`` (``tandem sync``), ``reading`` (files read and checked before the lock),
``refusing`` (a file with problems costs only itself), ``id_writing`` (the ids written
into deck files as they are saved),
``outcome`` (what a sync did, or why it refused), ``rows`` (the rows a sync writes),
``catalog`` (notes, cards and everyone's state rows kept consistent), ``checking``
(``check`` and ``fmt``), ``new_ids`` (``fmt --ids``, ``check --require-ids``), ``deck_list``
(the decks as the home screen lists them).
"""

__all__ = [
    "catalog",
    "checking",
    "deck_list",
    "id_writing",
    "new_ids",
    "outcome",
    "reading",
    "refusing",
    "rows",
    "sync",
]
