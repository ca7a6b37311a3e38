"""Provides the panel listing what a failed deck sync found: ``file:line: message`` lines."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tandem.render.terminal import shown


class SyncErrors(VerticalScroll):
    """A scrollable list of problems. Every line is data (file names, deck text): never markup."""

    BORDER_TITLE = "Deck sync failed"

    def compose(self) -> ComposeResult:
        yield Static(id="sync-error-message", markup=False)
        yield Static(id="sync-error-lines", markup=False)
        yield Static(
            "Fix the deck files, then press s to sync again.", id="sync-error-hint", markup=False
        )

    def show(self, title: str, message: str, details: Iterable[str]) -> None:
        self.border_title = title
        self.query_one("#sync-error-message", Static).update(Content(shown(message)))
        lines = Content("\n").join(Content(shown(line)) for line in details)
        self.query_one("#sync-error-lines", Static).update(lines)
        self.scroll_home(animate=False)
