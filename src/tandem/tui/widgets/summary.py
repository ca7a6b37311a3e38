"""Provides the end-of-sitting summary: cards answered, time spent, again rate."""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from tandem.tui.formatting import format_elapsed, percent


class SessionSummary(Vertical):
    """Shown when the queue is empty."""

    def compose(self) -> ComposeResult:
        yield Static("Nothing more due today.", id="summary-title", markup=False)
        yield Static(id="summary-stats", markup=False)
        yield Static(
            "Press u to undo the last answer, escape to leave.", id="summary-hint", markup=False
        )

    def show(self, answered: int, again: int, spent: timedelta, *, cramming: bool = False) -> None:
        """Fills in the figures; a cram sitting says it changed no due date."""
        title = "Cramming done: no due date changed." if cramming else "Nothing more due today."
        self.query_one("#summary-title", Static).update(title)
        stats = Content.assemble(
            ("Cards answered  ", "dim"),
            (str(answered), "bold"),
            "\n",
            ("Time spent      ", "dim"),
            (format_elapsed(spent), "bold"),
            "\n",
            ("Again rate      ", "dim"),
            (percent(again, answered), "bold"),
        )
        self.query_one("#summary-stats", Static).update(stats)
