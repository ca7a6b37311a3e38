"""Provides how the home screen starts or resumes a quiz (the modals, then the quiz screen)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.content import Content

from tandem.models import TandemError
from tandem.services import Services
from tandem.services.quiz.live import Quiz
from tandem.tui.screens.quiz import QuizScreen
from tandem.tui.screens.quiz_dialogs import OpenQuizzesScreen, PickPartnerScreen, abandoned


def start_quiz(app: App[None], services: Services, asker: str | None, people: list[str]) -> None:
    """Asks who answers ``asker``'s questions, then opens a quiz on this one terminal."""
    others = [name for name in people if name != asker]
    if asker is None or not others:
        app.notify("A quiz needs two people: press a to add one.", markup=False)
        return

    def picked(answerer: str | None) -> None:
        if answerer is not None:
            _open(app, lambda: services.quiz(asker, answerer))

    app.push_screen(PickPartnerScreen(asker, others), picked)


def resume_quiz(app: App[None], services: Services, done: Callable[[], None]) -> None:
    """Lists the open quizzes: resume one whose terminals are gone, or close it."""

    def picked(quiz: Quiz | None) -> None:
        done()
        if quiz is not None:
            _open(app, lambda: quiz)

    if not services.open_quizzes():
        app.notify("No quiz is open. z starts one for the chosen person.", markup=False)
        return
    app.push_screen(OpenQuizzesScreen(services), picked)


def quiz_notice(services: Services) -> Content | None:
    """The home screen's line about open quizzes, or None when there is none."""
    quizzes = services.open_quizzes()
    if not quizzes:
        return None
    idle = sum(abandoned(quiz) for quiz in quizzes)
    count = f"{len(quizzes)} open quiz{'' if len(quizzes) == 1 else 'zes'}"
    idle_text = f", {idle} without a terminal" if idle else ""
    return Content.assemble((count, "bold"), idle_text, " · o: resume or close")


def _open(app: App[None], start: Callable[[], Quiz]) -> None:
    try:
        quiz = start()
    except TandemError as error:
        app.notify(error.message, title="Quiz", severity="error", markup=False)
        return
    app.push_screen(QuizScreen(quiz))
