"""Provides the browser's side panel: the card under the cursor and its review history."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tandem.models import Review, StudyCard
from tandem.models.wording import counted


class CardDetails(VerticalScroll):
    """Question, answer, deck, tags and every review of one card. All of it is data:
    ``Content`` shows text as it is, never as markup."""

    def compose(self) -> ComposeResult:
        yield Static(id="details-card", markup=False)
        yield Static(id="details-history", markup=False)

    def show(self, card: StudyCard | None, history: Sequence[Review]) -> None:
        if card is None:
            self.query_one("#details-card", Static).update("No card here.")
            self.query_one("#details-history", Static).update("")
            return
        tags = f"   tags: {', '.join(card.tags)}" if card.tags else ""
        self.query_one("#details-card", Static).update(
            Content.assemble(
                (card.key, "dim"),
                "  ",
                (card.deck_path, "dim"),
                (tags, "dim"),
                "\n\n",
                (card.question, "bold"),
                "\n\n",
                card.answer,
            )
        )
        self.query_one("#details-history", Static).update(history_text(history))


def history_text(history: Sequence[Review]) -> Content:
    """One line per review: when, the grade, whose, and who graded it if someone else."""
    if not history:
        return Content.styled("\nNo reviews yet.", "dim")
    answers = sum(1 for review in history if review.rating is not None)  # not resets, dates
    lines = [Content.styled(f"\n{counted(answers, 'review')}", "bold")]
    for review in history:
        by = f" (graded by {review.grader})" if review.grader != review.person else ""
        what = review.rating.label if review.rating else review.kind.capitalize()
        if review.due is not None:  # a due date set by hand (a manual entry)
            what = f"Due set to {review.due.astimezone().strftime('%Y-%m-%d')}"
        lines.append(
            Content.assemble(
                (review.at.strftime("%Y-%m-%d %H:%M"), "dim"),
                "  ",
                (what, "bold"),
                "  ",
                review.person,
                by,
            )
        )
    return Content("\n").join(lines)
