"""Provides the study day as a sitting sees it: its bounds and what the limits still allow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tandem.config.settings import PersonSettings
from tandem.models import FsrsState
from tandem.services.study.read_ahead import Seen


@dataclass
class StudyDay:
    """The study day as a sitting last read it; read again when anyone else wrote."""

    start: datetime
    cutoff: datetime
    new_done: int
    """New cards answered today (their first answer)."""
    review_done: int
    """Reviews answered today (of cards in the review state)."""
    seen: Seen

    def covers(self, now: datetime) -> bool:
        return self.start <= now < self.cutoff

    def room(self, settings: PersonSettings) -> tuple[int, int]:
        """How many new cards and reviews the daily limits still allow today."""
        new = max(0, settings.new_per_day - self.new_done)
        return new, max(0, settings.reviews_per_day - self.review_done)

    def count_own(self, prev: FsrsState, at: datetime, change: int) -> None:
        """Counts this sitting's own answer (``change`` +1) or undo (-1) of a card that was
        in ``prev`` state, made at ``at``."""
        if self.covers(at):
            self.new_done += change if prev is FsrsState.NEW else 0
            self.review_done += change if prev is FsrsState.REVIEW else 0


def answer_time(now: datetime, last_review: datetime | None) -> datetime:
    """When an answer given ``now`` is recorded: to the millisecond (the log's precision),
    and always after the card's last review (so replaying orders them as they were)."""
    at = now.replace(microsecond=now.microsecond // 1000 * 1000)
    if last_review is not None and at <= last_review:
        at = last_review + timedelta(milliseconds=1)
    return at
