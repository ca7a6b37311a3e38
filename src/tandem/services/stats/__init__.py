"""Provides one person's figures and a partnership's (``tandem stats``).

Modules: ``stats`` (the ``Stats`` service), ``models`` (the figures as dataclasses),
``calc`` (their arithmetic), ``pair`` (a partnership's cards).
"""

__all__ = [
    "calc",
    "models",
    "pair",
    "stats",
]
