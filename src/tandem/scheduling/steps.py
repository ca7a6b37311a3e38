"""Provides learning and relearning steps as Anki keeps them (``scheduler/states/steps.rs``).

A card in (re)learning is at step ``i`` of its steps (tandem counts from the first; Anki counts
the steps remaining). Each answer either keeps it in the steps, with a delay, or lets it
leave them (``None``), for the review intervals to take over.
"""

from __future__ import annotations

from datetime import timedelta

_DAY_SECONDS = 86_400


class Steps:
    """One person's learning or relearning steps, in whole seconds as Anki keeps them."""

    def __init__(self, steps: tuple[timedelta, ...]) -> None:
        self.steps = tuple(timedelta(seconds=int(step.total_seconds())) for step in steps)

    def seconds(self) -> tuple[tuple[int, ...], int]:
        """The steps in whole seconds, and what Hard gives on the first step (0 without
        steps): the steps as a replay reads them."""
        first = self.hard(0)
        return tuple(int(s.total_seconds()) for s in self.steps), (
            int(first[1].total_seconds()) if first is not None else 0
        )

    def __len__(self) -> int:
        return len(self.steps)

    def again(self) -> tuple[int, timedelta] | None:
        """Back to the first step."""
        return (0, self.steps[0]) if self.steps else None

    def hard(self, step: int) -> tuple[int, timedelta] | None:
        """The same step again; on the first step, between it and the next (or half as long
        again, at most a day more, when there is only one)."""
        if step >= len(self.steps):
            return None
        current = self.steps[step]
        if step > 0:
            return step, current
        seconds = int(current.total_seconds())
        if len(self.steps) > 1:
            seconds = (seconds + int(self.steps[1].total_seconds())) // 2
        else:
            seconds = min(seconds * 3 // 2, seconds + _DAY_SECONDS)
        return step, timedelta(seconds=seconds)

    def good(self, step: int) -> tuple[int, timedelta] | None:
        """The next step; ``None`` after the last (the card graduates)."""
        if step + 1 >= len(self.steps):
            return None
        return step + 1, self.steps[step + 1]
