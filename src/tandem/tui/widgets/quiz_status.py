"""Provides the quiz's status lines: what the partner sees now, and the last grade given."""

from __future__ import annotations

from textual.content import Content

from tandem.render.card_line import card_line
from tandem.services.quiz.results import Graded


def try_text(tries: int) -> str:
    return "" if tries <= 1 else f" · try {tries}"


def asker_status(
    answerer: str, has_card: bool, revealed: bool, tries: int, hidden: bool, *, shared: bool
) -> Content:
    """The asker's line: what the answerer sees, and how to change it. ``shared``: the
    quiz asks only the cards the partners share."""
    if not has_card and shared:
        return Content.assemble(
            "No shared card is due for ",
            (answerer, "bold"),
            ": a quiz asks the cards you wrote for each other and those of sessions you both"
            " attended. a asks every due card (tandem quiz --all starts that way)"
            " · w swaps roles · n looks again",
        )
    if not has_card:
        return Content.assemble(
            "No card to ask ",
            (answerer, "bold"),
            " right now: nothing is due and today's new cards are done."
            " n looks again · w swaps roles",
        )
    if revealed:
        seen = Content.assemble((answerer, "bold"), " sees the answer (space hides it)")
    else:
        seen = Content.assemble(
            (answerer, "bold"), " sees the question only (space shows the answer)"
        )
    hint = "   answer hidden here: h shows it" if hidden else ""
    return Content.assemble(seen, (try_text(tries), "bold $text-warning"), (hint, "dim"))


def answerer_status(asker: str, has_card: bool, revealed: bool, tries: int) -> Content:
    """The answerer's line: answer aloud, a second try, or the answer is shown."""
    if not has_card:
        return Content.assemble("Waiting for ", (asker, "bold"), " to put a card on the table…")
    if tries > 1:
        second = Content.assemble(
            ("Second try: ", "bold $text-warning"), (asker, "bold"), " lets you answer again"
        )
        return Content.assemble(second, try_text(tries))
    if revealed:
        return Content.assemble((asker, "bold"), " shows you the answer")
    return Content.assemble("Answer aloud; ", (asker, "bold"), " grades")


def last_grade(graded: Graded | None, answer: str, *, to_answerer: bool) -> Content:
    """``alice graded bob: Good  question 3`` and ``→ answer 3`` below (empty before any grade).

    The answer is repeated because the next card replaces the graded one at once; on the
    answerer's own screen the answerer's name is left out (``alice graded: Good``).
    """
    if graded is None:
        return Content("")
    whom = Content("") if to_answerer else Content.assemble(" ", (graded.answerer, "bold"))
    return Content.assemble(
        (graded.asker, "bold"),
        " graded",
        whom,
        ": ",
        (graded.rating.label, "bold"),
        ("  " + card_line(graded.question, 200), "dim"),
        ("\n→ ", "dim"),
        card_line(answer, 200),
    )
