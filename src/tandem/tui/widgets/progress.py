"""Provides the review header: the card's deck title and the sitting's progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from tandem.render.terminal import shown
from tandem.services.study.values import QueueCounts


class ReviewHeader(Horizontal):
    """One line: deck title on the left; done in this sitting and left today on the right."""

    def compose(self) -> ComposeResult:
        yield Static(id="deck-title", markup=False)
        yield Static(id="progress", markup=False)

    def show(
        self,
        person: str,
        deck_title: str | None,
        done: int,
        left: QueueCounts,
        search: str | None = None,
        *,
        cramming: bool = False,
    ) -> None:
        """Updates both halves. ``person``, ``deck_title`` and ``search`` are data, never
        markup; a focused sitting shows its search after the name, a cram sitting says so."""
        title = Content.styled(person, "bold")
        if cramming:
            title = Content.assemble(title, " ", ("cramming", "bold $text-warning"))
        if search:
            title = Content.assemble(title, " ", (f"[{shown(search)}]", "$text-accent"))
        if deck_title:
            title = Content.assemble(title, " · ", shown(deck_title))
        self.query_one("#deck-title", Static).update(title)
        progress = cram_progress_text(done, left) if cramming else progress_text(done, left)
        self.query_one("#progress", Static).update(progress)


def progress_text(done: int, left: QueueCounts) -> Content:
    """``done 3 · left 2 new · 1 learning · 5 review``, each count in its queue's colour."""
    return Content.assemble(
        "done ",
        (str(done), "bold"),
        "  left ",
        (str(left.new), "bold $text-primary"),
        " new · ",
        (str(left.learning), "bold $text-error"),
        " learning · ",
        (str(left.review), "bold $text-success"),
        " review",
    )


def cram_progress_text(done: int, left: QueueCounts) -> Content:
    """``done 3  left 5 · schedule unchanged`` for a cram sitting."""
    return Content.assemble(
        "done ",
        (str(done), "bold"),
        "  left ",
        (str(left.total), "bold"),
        (" · schedule unchanged", "dim"),
    )
