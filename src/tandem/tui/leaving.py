"""Provides the check a screen holding unsaved work makes before the app quits."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class HoldsWork(Protocol):
    """A screen whose work quitting could lose (notes not saved, a card half written)."""

    def ready_to_quit(self) -> bool:
        """Saves what can be saved without asking; tells whether the app may quit now.

        False means quitting now would lose something the screen cannot save by itself: it
        has said what, and the next quit goes ahead.
        """
        ...
