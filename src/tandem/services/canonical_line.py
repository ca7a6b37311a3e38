"""Provides the quick check of a review line in the very shape tandem writes it.

``tandem log export`` and the log folder's files write every answer the same way
(``reviewlog.review_line``): the same keys in the same order, no escapes in the usual ids,
names and keys. One regular expression reads such a line, and gives the values
``reviewlog.plain_line`` gives for it, without ``json.loads`` and the dictionary checks:
the import's line check costs a fraction of what it did. Any other line (other spacing or
order, an escape, a reset, a due date set by hand) gives ``None``, and the full checks say
whether it is good.
"""

from __future__ import annotations

import re
from datetime import date

from tandem.models.domain import MAX_DURATION_MS

Plain = tuple[str, str, str, int | None, str, str, int | None, str, str | None]
"""A log line's values: id, card, person, rating, time (as stored), grader, duration in ms,
kind, due date (as stored); ``reviewlog.Plain``."""


def _text(longest: int) -> str:
    # a JSON string without escapes: any character but the quote, the backslash and the
    # controls JSON refuses raw, 1 to ``longest`` of them (``LogLine``'s lengths)
    return f'"([^"\\\\\\x00-\\x1f]{{1,{longest}}})"'


_LINE = re.compile(
    r'\{"id": ' + _text(64) + r', "card": ' + _text(80) + r', "person": ' + _text(32)
    + r', "rating": ([1-4]), "at": "(([0-9]{4}-[0-9]{2}-[0-9]{2})T(?:[01][0-9]|2[0-3]):'
    r'[0-5][0-9]:[0-5][0-9])(?:\.([0-9]{1,6}))?Z", "grader": ' + _text(32)
    + r'(?:, "duration_ms": (0|[1-9][0-9]{0,15}))?\}'
)  # fmt: skip
"""An answer line as ``review_line`` writes it: rating, time in UTC with ``Z``, duration."""
_EARLIEST_DAY = "1970-01-01"
_WHOLE = ".000000Z"
_RATINGS = {"1": 1, "2": 2, "3": 3, "4": 4}
_days: dict[str, bool] = {}
"""Whether each calendar date seen is a real one (a log has a few hundred)."""


def canonical_line(text: str) -> Plain | None:
    """The values of an answer line in ``review_line``'s shape, checked as ``plain_line``
    checks them (the time as stored); ``None`` for a line in any other shape or with a
    value ``LogLine`` might refuse (then the full checks judge it)."""
    found = _LINE.fullmatch(text)
    if found is None:
        return None
    rid, card, person, rating, clock, day, fraction, grader, duration = found.groups()
    if not _days.get(day) and not _real_day(day):
        return None
    ms = None
    if duration is not None:
        ms = int(duration)
        if ms > MAX_DURATION_MS:
            return None
    # the time as stored: to the microsecond (most lines have whole seconds)
    at = clock + _WHOLE if fraction is None else f"{clock}.{fraction.ljust(6, '0')}Z"
    return (rid, card, person, _RATINGS[rating], at, grader, ms, "review", None)


def _real_day(day: str) -> bool:
    known = _days.get(day)
    if known is None:
        try:
            known = date.fromisoformat(day).isoformat() == day and day >= _EARLIEST_DAY
        except ValueError:
            known = False
        if len(_days) < 100_000:
            _days[day] = known
    return known
