"""Provides the study day: when "today" rolls over for one person (default 4 am local)."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, time, timedelta, tzinfo

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""1970-01-01 00:00 UTC: an instant less this is its time since the epoch (see
:func:`quarter_hour`)."""


def quarter_hour(at: datetime) -> int:
    """The UTC quarter hour ``at`` falls in, counted from the epoch (every day boundary is a
    whole number of quarter hours from UTC, so all of one quarter hour are on one study day).
    A naive ``at`` is local time, as ``study_date`` reads it."""
    since = (at if at.tzinfo is not None else at.astimezone(UTC)) - EPOCH
    return since.days * 96 + since.seconds // 900


class DayBoundary:
    """Maps instants to study days in a time zone, with the day starting at ``hour``."""

    def __init__(self, hour: int = 4, zone: str | None = None) -> None:
        self.hour = hour
        self._zone_name = zone
        self.zone: tzinfo | None = _named_zone(zone) if zone else None
        """The zone set by name; ``None``: this machine's local time, daylight saving included
        (Python's conversions of naive local times follow the system's rules for each date)."""

    @property
    def key(self) -> str:
        """Names the boundary: its hour and zone (for the local zone, the system's)."""
        return f"{self.hour}@{self._zone_name or 'local:' + _local_zone_name()}"

    def study_date(self, at: datetime) -> date:
        """The study day that ``at`` falls in (before ``hour`` it is still yesterday)."""
        local = at.astimezone(self.zone)
        return (local - timedelta(hours=self.hour)).date()

    def offsets(self, first: datetime, last: datetime) -> list[tuple[datetime, int]]:
        """The zone's UTC offset (seconds) from ``first`` to ``last``, less the day start
        hour: (since when, offset) in order, the first since ``first``. With it, the study
        day of an instant ``at`` in a span is ``(epoch seconds + offset) // 86400`` days
        after 1970-01-01 (see ``study_date``); ``storage.study_days`` does it in SQL."""

        def offset(second: int) -> int:
            found = datetime.fromtimestamp(second, UTC).astimezone(self.zone).utcoffset()
            assert found is not None
            return int(found.total_seconds()) - self.hour * 3600

        start, end = int(first.timestamp()), int(last.timestamp()) + 1
        found = [(first, offset(start))]
        at, day = start, 86400
        while at < end:
            after = min(at + day, end)
            if offset(after) != found[-1][1]:  # it changed in between: find the second
                low, high = at, after
                while high - low > 1:
                    middle = (low + high) // 2
                    low, high = (middle, high) if offset(middle) == found[-1][1] else (low, middle)
                found.append((datetime.fromtimestamp(high, UTC), offset(high)))
            at = after
        return found

    def day_start(self, at: datetime) -> datetime:
        """The UTC instant when the study day containing ``at`` began."""
        return self.start_of(self.study_date(at))

    def next_day_start(self, at: datetime) -> datetime:
        """The UTC instant when the next study day begins (the "due today" cutoff)."""
        return self.start_of(self.study_date(at) + timedelta(days=1))

    def start_of(self, day: date) -> datetime:
        """The UTC instant when study day ``day`` begins (local wall clock ``hour``:00).

        When the clocks skip that hour (daylight saving begins), it is read with the offset
        in force before the change, as ``zoneinfo`` does: the day begins at the change.
        """
        wall = datetime.combine(day, time(self.hour), tzinfo=self.zone)
        if self.zone is not None:
            return wall.astimezone(UTC)
        return _local_to_utc(wall)


def _local_to_utc(wall: datetime) -> datetime:
    """A naive wall-clock time of this machine's zone as UTC (see ``start_of``)."""
    utc = wall.astimezone(UTC)  # a naive time is read with the system's rules for its date
    if utc.astimezone().replace(tzinfo=None) == wall:
        return utc
    # ``wall`` does not exist (the clocks skipped it): read it with the offset of a day before
    before = (wall - timedelta(days=1)).astimezone().utcoffset()
    assert before is not None
    return (wall - before).replace(tzinfo=UTC)


def _local_zone_name() -> str:
    """This machine's zone: ``TZ``, else the zone file ``/etc/localtime`` names, with the
    abbreviations in force (what changes when the machine's zone is changed)."""
    import os
    import time as clock

    found = os.environ.get("TZ") or ""
    if not found:
        with contextlib.suppress(OSError):
            found = os.path.realpath("/etc/localtime")
    return f"{found}|{'/'.join(clock.tzname)}"


def _named_zone(zone: str) -> tzinfo:
    from zoneinfo import ZoneInfo  # only for a zone set by name: most use the local one

    return ZoneInfo(zone)
