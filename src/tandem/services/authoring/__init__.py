"""Provides writing in a session: session-log files, new cards, edits, notes.

Modules: ``writer`` (``Authoring`` and ``CardDraft``).
"""

__all__ = [
    "writer",
]
