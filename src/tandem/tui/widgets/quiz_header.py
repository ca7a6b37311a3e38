"""Provides the quiz header: who asks and who answers, cards until the swap, the partner."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class QuizHeader(Horizontal):
    """One line: the roles on the left; the swap countdown and the partner's terminal right."""

    def compose(self) -> ComposeResult:
        yield Static(id="quiz-roles", markup=False)
        yield Static(id="quiz-progress", markup=False)

    def show(
        self, asker: str, answerer: str, until_swap: int, partner: str | None, connected: bool
    ) -> None:
        """Updates both halves; ``partner`` is None on a terminal the partners share."""
        roles = Content.assemble((asker, "bold"), " asks · ", (answerer, "bold"), " answers")
        self.query_one("#quiz-roles", Static).update(roles)
        self.query_one("#quiz-progress", Static).update(
            progress_text(until_swap, partner, connected)
        )


def progress_text(until_swap: int, partner: str | None, connected: bool) -> Content:
    """``swap in 3 cards  ● bob connected`` (the dot only when the terminal has an owner)."""
    cards = "card" if until_swap == 1 else "cards"
    swap = Content.assemble("swap in ", (str(until_swap), "bold"), f" {cards}")
    if partner is None:
        return swap
    if connected:
        dot = Content.assemble(("● ", "$text-success"), (partner, "bold"), " connected")
    else:
        dot = Content.assemble(("○ ", "$text-muted"), (partner, "bold"), " not connected")
    return Content.assemble(swap, "   ", dot)
