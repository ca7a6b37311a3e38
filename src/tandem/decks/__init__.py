"""Provides the deck-file layer: deck files on disk, parsing, checking, formatting, editing.

The package imports nothing itself: the deck models load pydantic, which a review's first
card does not need, so each caller imports the module it uses.
"""

__all__ = [
    "chars",
    "check",
    "cloze",
    "derived_ids",
    "edit",
    "files",
    "foreign",
    "frontmatter",
    "ids",
    "ignore",
    "lines",
    "media",
    "merge",
    "merge_front",
    "merge_keys",
    "merge_seq",
    "meta",
    "model",
    "parser",
    "problems",
    "scanner",
    "worktree",
    "writer",
]
