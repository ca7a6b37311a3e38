"""Provides the end-of-quiz results: per partner what they knew and missed, and what both missed."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tandem.render.card_line import card_line
from tandem.services.quiz.results import QuizResults

NOBODY_MISSED = "Nothing both of you missed."


def _questions(mark: tuple[str, str], questions: Iterable[str]) -> Content:
    lines = [Content.assemble(mark, " ", card_line(question, 60)) for question in questions]
    return Content("\n").join(lines) if lines else Content.styled("none", "dim")


def partner_text(results: QuizResults, person: str) -> Content:
    """One partner's column: the counts, then the questions they knew and those they missed."""
    right, missed = results.right(person), results.missed(person)
    return Content.assemble(
        (person, "bold"),
        "  ",
        (str(len(right)), "bold $text-success"),
        " right · ",
        (str(len(missed)), "bold $text-error"),
        " missed\n\n",
        ("Knew it\n", "$text-success"),
        _questions(("✓", "$text-success"), (g.question for g in right)),
        "\n\n",
        ("Missed\n", "$text-error"),
        _questions(("✗", "$text-error"), (g.question for g in missed)),
    )


class QuizResultsView(VerticalScroll, can_focus=False):
    """Both partners side by side, and the list to talk about below."""

    def __init__(
        self,
        results: QuizResults,
        partners: tuple[str, str],
        *,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self.results = results
        self.partners = partners

    def compose(self) -> ComposeResult:
        with Horizontal(id="quiz-partners"):
            for person in self.partners:
                yield Static(
                    partner_text(self.results, person), classes="quiz-partner", markup=False
                )
        both = self.results.both_missed(*self.partners)
        with Vertical(id="quiz-both"):
            yield Static("Both missed — talk about these", classes="section-title", markup=False)
            yield Static(
                _questions(("•", "$text-warning"), both) if both else Content(NOBODY_MISSED),
                id="quiz-both-missed",
                markup=False,
            )
