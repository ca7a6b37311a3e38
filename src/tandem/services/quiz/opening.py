"""Provides opening a quiz: starting one between two partners, or joining the open one."""

from __future__ import annotations

from tandem.models import NotFoundError, TandemError
from tandem.services.context import Context
from tandem.services.quiz.live import Quiz
from tandem.services.quiz.results import QuizScope
from tandem.storage.quizzes import QuizRow

DEFAULT_SWAP_EVERY = 10


def start_quiz(
    ctx: Context,
    asker: str,
    answerer: str,
    *,
    swap_every: int = DEFAULT_SWAP_EVERY,
    scope: QuizScope = QuizScope.PARTNERS,
) -> Quiz:
    """A new quiz: ``asker`` grades, ``answerer`` answers; they swap every few cards."""
    if asker == answerer:
        raise TandemError("a quiz needs two different people")
    ctx.person(asker)
    ctx.person(answerer)
    if swap_every < 1:
        raise TandemError("roles swap after at least one card")
    with ctx.store.write():
        draft = QuizRow(0, asker, answerer, str(scope), swap_every)
        quiz_id = ctx.quizzes.create(draft, ctx.clock.now())
        ctx.quizzes.mark_present(quiz_id, asker, ctx.clock.now())
    return Quiz(ctx, quiz_id)


def join_quiz(ctx: Context, person: str) -> Quiz:
    """The newest open quiz ``person`` takes part in."""
    ctx.person(person)
    for row in ctx.quizzes.open_quizzes():
        if person in row.partners:
            quiz = Quiz(ctx, row.id)
            quiz.check_in(person)
            return quiz
    raise NotFoundError(f"no open quiz with {person}; start one with `tandem quiz`")


def open_quizzes(ctx: Context) -> list[Quiz]:
    """Quizzes not ended yet (one whose asker's terminal died can be resumed or ended)."""
    return [Quiz(ctx, row.id) for row in ctx.quizzes.open_quizzes()]
