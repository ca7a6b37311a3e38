"""Provides the end-of-quiz screen: what each partner knew and missed, and what to talk about."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from tandem.services.quiz.results import QuizResults
from tandem.tui.widgets.quiz_results import QuizResultsView

if TYPE_CHECKING:
    from tandem.tui.app import TandemApp


class QuizEndScreen(Screen[None]):
    """Shown on both terminals once the quiz ends (from either side)."""

    CSS_PATH = "../quiz.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "done", "Done", id="quiz_end.done"),
    ]

    def __init__(self, results: QuizResults, partners: tuple[str, str], *, quits: bool) -> None:
        super().__init__()
        self.results = results
        self.partners = partners
        self.quits = quits
        """Launched as ``tandem quiz``/``tandem join``: done quits instead of going home."""

    @property
    def tandem(self) -> TandemApp:
        return self.app  # type: ignore[return-value]  # Screen.app is typed App; it is ours

    def compose(self) -> ComposeResult:
        graded = len(self.results.graded)
        title = f"Quiz over · {graded} card{'' if graded == 1 else 's'} graded"
        yield Static(title, id="quiz-end-title", markup=False)
        yield QuizResultsView(self.results, self.partners, id="quiz-results")
        hint = "q quits" if self.quits else "q goes back home"
        yield Static(hint, id="quiz-end-hint", markup=False)
        yield Footer(compact=True)

    def action_done(self) -> None:
        if self.quits:
            self.app.exit()
        else:
            self.dismiss(None)
