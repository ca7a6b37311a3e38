"""Provides a sitting's undo: the rows each action changed, and taking an action back."""

from __future__ import annotations

from dataclasses import dataclass

from tandem.models import TandemError
from tandem.services.study.values import Undone
from tandem.storage.reviews import ReviewsRepo
from tandem.storage.states import StateRow, StatesRepo

UNDO_DEPTH = 50
"""How many actions of a sitting can be taken back."""


@dataclass(frozen=True)
class UndoStep:
    """What one action changed: the rows as they were and as it left them."""

    done: Undone
    before: tuple[StateRow, ...]
    after: tuple[StateRow, ...]


class UndoStack:
    """A sitting's actions, newest last, the oldest dropped past ``UNDO_DEPTH``."""

    def __init__(self) -> None:
        self._steps: list[UndoStep] = []

    def __bool__(self) -> bool:
        return bool(self._steps)

    def push(self, step: UndoStep) -> None:
        self._steps.append(step)
        del self._steps[:-UNDO_DEPTH]

    def last(self) -> UndoStep:
        return self._steps[-1]

    def pop(self) -> None:
        self._steps.pop()


def take_back(states: StatesRepo, reviews: ReviewsRepo, person: str, step: UndoStep) -> None:
    """Restores the rows ``step`` changed and removes its review. Call inside
    ``store.write()``.

    Raises:
        TandemError: a row changed since (another terminal), or the review is gone.
    """
    done = step.done
    current = states.many(person, [row.card for row in step.after])
    if sorted(current, key=_card) != sorted(step.after, key=_card):
        raise TandemError(f"card {done.card} changed since; cannot undo")
    if done.review_id and not reviews.remove(done.review_id):
        raise TandemError(f"the review of {done.card} is gone; cannot undo")
    for row in step.before:
        states.put(row)


def _card(row: StateRow) -> str:
    return row.card
