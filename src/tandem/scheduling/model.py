"""Provides the FSRS-6 memory model as Anki runs it: fsrs-rs's ``next_states``.

Anki computes stability and difficulty with fsrs-rs (in 32-bit floats); tandem calls the same
fsrs-rs, through ``fsrs-rs-python``, so a memory state is Anki's to the last bit. The elapsed
time it is given is a whole number of study days (``DayBoundary``): 0 means the same study
day, which takes FSRS-6's short-term update.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, MemoryState, NextStates

FSRS_DEFAULTS: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
"""FSRS-6's default parameters, as fsrs-rs (and so Anki) has them."""

LOWER_BOUNDS: tuple[float, ...] = (
    0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001,
    0.001, 0.001, 0.001, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.1,
)  # fmt: skip
UPPER_BOUNDS: tuple[float, ...] = (
    100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5,
    5.0, 0.25, 0.9, 4.0, 1.0, 6.0, 2.0, 2.0, 0.8, 0.8,
)  # fmt: skip
"""The range of each FSRS-6 parameter that :func:`check_parameters` accepts (py-fsrs's)."""


class Outcome(NamedTuple):
    """What one rating does to the memory: the new state and FSRS's interval in days."""

    stability: float
    difficulty: float
    interval: float


class MemoryModel:
    """One set of FSRS parameters and a desired retention."""

    def __init__(self, parameters: Sequence[float], desired_retention: float) -> None:
        self.parameters = tuple(parameters)
        self.desired_retention = desired_retention
        self._fsrs = FSRS(list(self.parameters))
        self.fsrs_next_states = self._fsrs.next_states
        """fsrs-rs's ``next_states`` itself (memory, desired retention, elapsed days), for a
        replay's loop (:meth:`raw_next_states` gives the same)."""
        self._decay = -self.parameters[20]
        self._factor = 0.9 ** (1 / self._decay) - 1
        self.short_term = self.parameters[17] > 0 and self.parameters[18] > 0
        """Whether a same-day answer may keep a card in (re)learning by itself (Anki's
        ``fsrs_allow_short_term``): used when there are no steps."""

    def next_states(
        self, memory: tuple[float, float] | None, elapsed_days: int
    ) -> tuple[Outcome, Outcome, Outcome, Outcome]:
        """The outcome of Again, Hard, Good and Easy after ``elapsed_days`` study days.

        Args:
            memory: (stability, difficulty) before the answer; ``None`` for a new card.
            elapsed_days: Study days since the card's last answer (0: the same day).
        """
        before = None if memory is None else MemoryState(*memory)
        states = self._fsrs.next_states(before, self.desired_retention, elapsed_days)
        again, hard, good, easy = states.again, states.hard, states.good, states.easy
        return (
            Outcome(again.memory.stability, again.memory.difficulty, again.interval),
            Outcome(hard.memory.stability, hard.memory.difficulty, hard.interval),
            Outcome(good.memory.stability, good.memory.difficulty, good.interval),
            Outcome(easy.memory.stability, easy.memory.difficulty, easy.interval),
        )

    def raw_next_states(self, memory: MemoryState | None, elapsed_days: int) -> NextStates:
        """fsrs-rs's own answer for ``next_states``, for a replay that reads only the
        outcomes it needs and hands the chosen ``MemoryState`` back as it came (its floats
        are the ones :meth:`next_states` gives)."""
        return self._fsrs.next_states(memory, self.desired_retention, elapsed_days)

    def retrievability(self, stability: float, elapsed_days: int) -> float:
        """FSRS-6's forgetting curve: the chance of recall after ``elapsed_days``."""
        return float((1 + self._factor * max(elapsed_days, 0) / stability) ** self._decay)


def check_parameters(parameters: Sequence[float]) -> None:
    """Checks a parameter set before it is saved.

    Raises:
        ValueError: Not 21 numbers, or one outside the bounds FSRS-6 allows (py-fsrs's).
    """
    import fsrs  # only when settings are saved

    fsrs.Scheduler(parameters=tuple(parameters))
