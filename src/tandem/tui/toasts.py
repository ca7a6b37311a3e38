"""Provides ``ToastsStayHere``: a screen whose notifications leave with it.

A toast told on the review or the quiz ("Roles swap", "Undone") is about that screen; shown
on the next one (the quiz's end, a dialog) it covers what that screen says. The screens'
stylesheet (tandem.tcss) also puts their toasts just above the grade buttons, never over them.
"""

from __future__ import annotations

from textual.screen import Screen


class ToastsStayHere(Screen[None]):
    """Clears the app's toasts when another screen covers or replaces this one."""

    def on_screen_suspend(self) -> None:
        # Textual calls the handler of each class in the MRO: a subclass's own runs as well.
        self.app.clear_notifications()
