"""Provides the two views of a quiz: which one a terminal shows, and what it shows in it.

Which view (:func:`view_for`): the answerer's view only appears on a terminal that belongs to
the answerer (``me``) while the asker's terminal is connected; otherwise the terminal is the
asker's, for whoever asks now. So a shared terminal (``me`` is None) and a starter nobody
joined always show the asker's view, and two joined terminals swap views together when the
roles swap.

What it shows (:func:`read_frame`): the asker sees the answer (unless hidden on a shared
screen) and the grades' intervals; the answerer sees the answer only when the asker shows it,
and only the grades the answerer got.
"""

from __future__ import annotations

from textual.content import Content

from tandem.services.quiz.live import Quiz
from tandem.services.quiz.results import QuizScope
from tandem.tui.widgets.quiz_board import QuizFrame, View
from tandem.tui.widgets.quiz_status import last_grade


def view_for(me: str | None, answerer: str, asker_connected: bool) -> View:
    """The answerer's view only for the answerer's own terminal, while the asker's is there."""
    return "answerer" if me == answerer and asker_connected else "asker"


def partner_of(quiz: Quiz, me: str | None) -> str | None:
    """The other partner, when this terminal belongs to one of them."""
    if me is None:
        return None
    return quiz.asker if me == quiz.answerer else quiz.answerer


def read_frame(
    quiz: Quiz, view: View, me: str | None, *, hidden: bool, with_last: bool
) -> QuizFrame:
    """The quiz as ``me``'s terminal shows it in ``view`` (``hidden``: answer hidden here).

    ``with_last`` reads the last grade too (it changes only with the quiz's version).
    """
    asking, partner, card = view == "asker", partner_of(quiz, me), quiz.current
    return QuizFrame(
        view=view,
        asker=quiz.asker,
        answerer=quiz.answerer,
        until_swap=quiz.swap_every - quiz.since_swap,
        partner=partner,
        connected=partner is not None and quiz.connected(partner),
        card=card,
        answer_shown=not hidden if asking else quiz.revealed,
        revealed=quiz.revealed,
        tries=quiz.tries,
        hidden=hidden,
        previews=quiz.previews() if asking and card is not None else {},
        last=last_grade_for(quiz, view, me) if with_last else None,
        shared_only=quiz.scope is QuizScope.PARTNERS,
    )


def last_grade_for(quiz: Quiz, view: View, me: str | None) -> Content:
    """The last grade; in the answerer's view, the last grade the answerer got."""
    graded = quiz.results.graded
    to_answerer = view == "answerer"
    if to_answerer:
        graded = [g for g in graded if g.answerer == me]
    if not graded:
        return Content("")
    last = graded[-1]
    answer = quiz.session(last.answerer).card(last.card).answer
    return last_grade(last, answer, to_answerer=to_answerer)
