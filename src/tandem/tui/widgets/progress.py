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
        *,
        cramming: bool = False,
    ) -> None:
        """Updates both halves. ``person`` and ``deck_title`` are data, never markup; a cram
        sitting says so after the name."""
        title = Content.styled(person, "bold")
        if cramming:
            title = Content.assemble(title, " ", ("cramming", "bold $text-warning"))
        if deck_title:
            title = Content.assemble(title, " · ", shown(deck_title))
        self.query_one("#deck-title", Static).update(title)
        progress = cram_progress_text(done, left) if cramming else progress_text(done, left)
        self.query_one("#progress", Static).update(progress)


def search_text(search: str) -> Content:
    """``Search: tag:foo -is:suspended``: what a focused sitting studies, the query as given
    (data: shown safe, never markup)."""
    return Content.assemble(("Search: ", "$text-muted"), (shown(search), "$text-accent"))


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
