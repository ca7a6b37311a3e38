"""Provides writing in a session: session-log files, new cards, edits, notes.

Modules: ``writer`` (``Authoring`` and ``CardDraft``), ``external`` (a card opened in the
user's own editor at its line, then its file synced).
"""

__all__ = [
    "external",
    "writer",
]
