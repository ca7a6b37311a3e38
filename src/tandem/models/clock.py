"""Provides the injectable clock: every time tandem reads is timezone-aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time, always as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that only moves when told to (for tests and replays)."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None or at.utcoffset() != timedelta(0):
            raise ValueError("FrozenClock needs an aware UTC datetime")
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at.astimezone(UTC)

    def advance(self, **kwargs: float) -> datetime:
        """Moves the clock forward by ``timedelta(**kwargs)`` and returns the new time."""
        self._at += timedelta(**kwargs)
        return self._at
