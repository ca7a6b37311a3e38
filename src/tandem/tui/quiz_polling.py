"""Provides ``QuizPolling``: keeps a quiz screen in step with the other terminal.

Two terminals share a quiz through the database, not through a connection of their own.
So each one polls: every ``POLL_SECONDS`` it asks whether the quiz changed (``Quiz.refresh``,
a cheap ``PRAGMA data_version``) and redraws if so; every ``CHECK_IN_SECONDS`` it tells the
other terminal that it is here, and redraws (the partner may have come or gone).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

from textual.screen import Screen
from textual.timer import Timer

from tandem.models import TandemError
from tandem.services.quiz.live import Quiz

POLL_SECONDS = 0.1
"""How often the screen looks for the other terminal's changes (a cheap PRAGMA)."""
CHECK_IN_SECONDS = 2.0
"""How often this terminal tells the other that it is here."""


class QuizPolling:
    """Polls ``quiz`` for ``screen`` while it is shown; checks in as ``person``."""

    def __init__(
        self, screen: Screen[Any], quiz: Quiz, person: str, redraw: Callable[[], Awaitable[None]]
    ) -> None:
        self.screen = screen
        self.quiz = quiz
        self.person = person
        self.redraw = redraw
        """Draws the quiz as the database has it now."""
        self._timers: list[Timer] = []

    @property
    def running(self) -> bool:
        """Polling and checking in (from ``start`` until ``stop``)."""
        return bool(self._timers)

    def start(self) -> None:
        """Checks in now, then polls and checks in on the screen's timers."""
        self.check_in()
        self._timers = [
            self.screen.set_interval(POLL_SECONDS, self._poll),
            self.screen.set_interval(CHECK_IN_SECONDS, self._presence_tick),
        ]

    def stop(self) -> None:
        """No more polls or check-ins (the quiz ended)."""
        for timer in self._timers:
            timer.stop()
        self._timers = []

    def check_in(self) -> None:
        """Tells the other terminal that this one is here."""
        with suppress(TandemError):  # a busy database: the next check-in will do
            self.quiz.check_in(self.person)

    async def _poll(self) -> None:
        if self.screen.is_active and self.quiz.refresh():
            await self.redraw()

    async def _presence_tick(self) -> None:
        self.check_in()
        if self.screen.is_active:
            await self.redraw()
