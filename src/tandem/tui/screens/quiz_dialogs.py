"""Provides the quiz's modals: confirm the end, pick a partner, resume or close an open quiz."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tandem.models import TandemError
from tandem.services import Services
from tandem.services.quiz.live import Quiz
from tandem.tui.screens.confirm import ConfirmScreen


class QuizConfirmScreen(ConfirmScreen):
    """Asks before ending the quiz (it ends on both terminals); dismisses with the answer."""

    CSS_PATH = "../quiz.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "End it", id="quiz_confirm.yes"),
        Binding("n,escape", "answer(False)", "Keep going", id="quiz_confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(question, "End quiz", "Keep going")


class PickPartnerScreen(ModalScreen[str | None]):
    """``asker`` quizzes someone: dismisses with the partner who answers first, or None."""

    CSS_PATH = "../quiz.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick_partner.cancel"),
    ]

    def __init__(self, asker: str, others: list[str]) -> None:
        super().__init__()
        self.asker = asker
        self.others = others

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            title = Content.assemble("Quiz: ", (self.asker, "bold"), " asks first. Who answers?")
            yield Static(title, id="dialog-title", markup=False)
            partners = OptionList(*(Option(self._row(name), id=name) for name in self.others),
                                  id="partners")  # fmt: skip
            partners.border_title = "Answerer"
            yield partners
            yield Static("↑↓ choose · enter starts · escape cancels", classes="dialog-hint",
                         markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self._mark(0)

    @staticmethod
    def _row(name: str, chosen: bool = False) -> Content:
        return Content.assemble(("▶ " if chosen else "  ", "bold"), name)

    @on(OptionList.OptionHighlighted)
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        self._mark(event.option_index)

    def _mark(self, index: int) -> None:
        """The highlighted person is marked ``▶``: the row to start with is plain to see."""
        partners = self.query_one(OptionList)
        for row, name in enumerate(self.others):
            partners.replace_option_prompt_at_index(row, self._row(name, row == index))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def describe_quiz(quiz: Quiz) -> Content:
    """``#3  alice asks · bob answers  no terminal`` for the open-quizzes list."""
    live = any(quiz.connected(person) for person in (quiz.asker, quiz.answerer))
    state = ("live in another terminal", "$text-success") if live else ("no terminal", "dim")
    return Content.assemble(
        f"#{quiz.id}  ", (quiz.asker, "bold"), " asks · ", (quiz.answerer, "bold"), " answers  ",
        state,
    )  # fmt: skip


def abandoned(quiz: Quiz) -> bool:
    """No terminal of the quiz checked in lately: it can be resumed here or closed."""
    return not any(quiz.connected(person) for person in (quiz.asker, quiz.answerer))


class OpenQuizzesScreen(ModalScreen[Quiz | None]):
    """Open quizzes: resume one whose terminals are gone (enter), or close it (c)."""

    CSS_PATH = "../quiz.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "close_quiz", "Close quiz", id="open_quizzes.close"),
        Binding("escape", "cancel", "Cancel", id="open_quizzes.cancel"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.quizzes = {str(quiz.id): quiz for quiz in services.open_quizzes()}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="-wide"):
            yield Static("Open quizzes", id="dialog-title", markup=False)
            options = [Option(describe_quiz(q), id=key) for key, q in self.quizzes.items()]
            yield OptionList(*options, id="open-quizzes")
            yield Static(
                "enter resumes here · c closes (ends) it · escape goes back",
                classes="dialog-hint",
                markup=False,
            )

    def _highlighted(self) -> Quiz | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return self.quizzes.get(options.get_option_at_index(options.highlighted).id or "")

    @on(OptionList.OptionSelected)
    def _resume(self) -> None:
        quiz = self._highlighted()
        if quiz is None:
            return
        quiz.refresh()
        if not abandoned(quiz):
            self.notify("That quiz is live in another terminal.", severity="warning", markup=False)
            return
        self.dismiss(quiz)

    def action_close_quiz(self) -> None:
        quiz = self._highlighted()
        if quiz is None:
            return
        if not abandoned(quiz):
            self.notify("That quiz is live in another terminal.", severity="warning", markup=False)
            return
        try:
            quiz.end()
        except TandemError as error:
            self.notify(error.message, severity="error", markup=False)
        options = self.query_one(OptionList)
        options.remove_option(str(quiz.id))
        del self.quizzes[str(quiz.id)]
        self.notify(f"Closed quiz #{quiz.id}.", markup=False)
        if not self.quizzes:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
