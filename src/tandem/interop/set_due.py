"""Provides the due date an Anki "Set due date" or rescheduling row of the review log set.

Anki logs both as rows without an answer: type 4 (``Manual``, with an ease factor; a factor of
0 is a Forget) and type 5 (``Rescheduled``, FSRS rescheduling the cards when its parameters
change). Their ``ivl`` column holds the card's new interval in days, not its due date: with
FSRS on, the days from the card's last answer to its new due day; with FSRS off, the old
interval kept (or the new one for a new card and for ``N!``). So the due date is read from
where it is exact: the card's own due day, for the card's latest entry when it is such a row
(cramming aside: it schedules nothing); an earlier row's due date, which a later answer
replaced, is its last answer's day plus ``ivl``. Days are counted as Anki counts them, from
the collection's creation day (``crt``), and given relative to the row's own day.
"""

from __future__ import annotations

from tandem.interop.anki_model import Collection, RevlogRow

DAY_MS = 86_400_000
MAX_DAYS = 36_500
"""The furthest a due date is taken, either way (a hundred years)."""
_FILTERED, _MANUAL, _RESCHEDULED = 3, 4, 5


def is_set_due(row: RevlogRow) -> bool:
    """Whether the row is a due date set by hand or by rescheduling (not a Forget)."""
    return (row.type == _MANUAL and row.factor != 0) or row.type == _RESCHEDULED


def _is_cram(row: RevlogRow) -> bool:
    return row.type == _FILTERED and row.factor == 0


class SetDueDays:
    """The due date of each set-due row of a collection, in days after the row's day."""

    def __init__(self, collection: Collection) -> None:
        self._created_ms = collection.created * 1000
        self._card_due = {card.id: card.due_day for card in collection.cards}
        latest: dict[int, RevlogRow] = {}
        for row in collection.revlog:  # in time order
            if not _is_cram(row):
                latest[row.card] = row
        self._latest = {row.id for row in latest.values() if is_set_due(row)}
        self._answered: dict[int, int] = {}  # card -> its latest answer so far (ms)

    def answered(self, row: RevlogRow) -> None:
        """Notes an answer (rows are given in time order)."""
        if 1 <= row.ease <= 4 and not _is_cram(row):
            self._answered[row.card] = row.id

    def due_days(self, row: RevlogRow) -> int:
        """How many days after the row's day the row made its card due."""
        due_day = self._card_due.get(row.card)
        if row.id in self._latest and due_day is not None:
            days = due_day - self._day(row.id)
        else:  # from the last answer (or the row itself, for a card never answered)
            since = self._answered.get(row.card, row.id)
            days = self._day(since) + max(row.ivl, 0) - self._day(row.id)
        return max(-MAX_DAYS, min(MAX_DAYS, days))

    def _day(self, ms: int) -> int:
        return (ms - self._created_ms) // DAY_MS
