"""Provides ``svc.report``: the partnership report for a learning lead, as plain values."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from tandem.models import BadInputError
from tandem.scheduling.days import DayBoundary
from tandem.services.context import Context
from tandem.services.report import rows as rows
from tandem.services.report.models import (
    NO_TOPIC,
    CardRow,
    Level,
    PersonReport,
    SessionRow,
    TeamReport,
)
from tandem.services.stats import calc as calc
from tandem.services.stats.models import YOUNG_MATURE_DAYS, Retention
from tandem.services.stats.stats import Stats
from tandem.storage.report_figures import ReportFigures

_LEVELS = list(Level)
DEFAULT_DAYS = 30
"""Without ``since``, a report covers this many days up to ``until``."""


class Report:
    """Builds a ``TeamReport`` for every person and partnership."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.stats = Stats(ctx)

    def default_until(self) -> date:
        """Today, by the default day boundary (4 am in this machine's time zone)."""
        return DayBoundary().study_date(self.ctx.clock.now())

    def build(
        self,
        since: date | None = None,
        until: date | None = None,
        level: Level = Level.TOPICS,
        *,
        most: Mapping[str, Level] | None = None,
    ) -> TeamReport:
        """The report for study days ``since`` to ``until`` (default: the last 30 days).

        Each person's days follow their own time zone and day boundary. ``most`` (a report
        from a log folder) names the people shown, each at most at the level they chose.

        Raises:
            BadInputError: if ``since`` is after ``until``.
        """
        until = until or self.default_until()
        since = since or until - timedelta(days=DEFAULT_DAYS - 1)
        if since > until:
            raise BadInputError(f"--since {since} is after --until {until}")
        q = self.stats.queries
        sessions = tuple(
            SessionRow(date.fromisoformat(s.date), s.title, s.path, s.partners, s.notes)
            for s in q.sessions(since.isoformat(), until.isoformat())
        )
        graded: Counter[tuple[str, str]] = Counter()
        people = []
        for name in self.ctx.people.names():
            if most is not None and name not in most:
                continue
            shown = min(level, most.get(name, level) if most else level, key=_LEVELS.index)
            people.append(self._person(name, since, until, shown, graded))
        return TeamReport(
            since=since,
            until=until,
            level=level,
            generated_at=self.ctx.clock.now(),
            sessions=sessions,
            people=tuple(people),
            pairs=tuple(rows.pair_rows(sessions, dict(graded))),
        )

    def _person(
        self,
        name: str,
        since: date,
        until: date,
        level: Level,
        graded: Counter[tuple[str, str]],
    ) -> PersonReport:
        p, q = self.stats.person(name), self.stats.queries
        start, end = Stats.span(p, since, until)
        first, last = since.toordinal(), until.toordinal()
        figures = q.day_figures(name, first, last, YOUNG_MATURE_DAYS)
        sums = self.ctx.store.repo(ReportFigures)
        grading = sums.grading(name, first, last, self.ctx.people.names())
        graders = grading.graders
        graded.update({(name, g): n for g, n in graders.items() if g != name})
        young, mature = calc.tally(figures)
        daily = calc.activity(figures, since, until)
        topics = rows.topic_rows(sums.tag_groups(name, start, end))
        counts = self.stats.counts(name)
        solo = graders.get(name, 0)
        return PersonReport(
            person=name,
            written=sums.notes_written(name, since.isoformat(), until.isoformat(), start, end),
            solo_reviews=solo,
            partner_reviews=sum(graders.values()) - solo,
            duration_ms=daily.duration_ms,
            days_studied=daily.days_studied,
            retention=Retention(
                daily_span(since, until), young, mature, p.settings.desired_retention
            ),  # fmt: skip
            backlog=self.stats.forecast(name, 1)[0].cards,
            leeches=counts.leech,
            topics_covered=sum(1 for t in topics if t.topic != NO_TOPIC),
            calibration=calc.calibration(name, grading.differences),
            daily=daily.days,
            topics=tuple(topics) if level is not Level.TOTALS else (),
            cards=self._cards(name, start, end) if level is Level.CARDS else (),
        )

    def _cards(self, name: str, start: datetime, end: datetime) -> tuple[CardRow, ...]:
        """``name``'s answers in the period per card, with prompts (``Level.CARDS``)."""
        q = self.stats.queries
        cards = q.card_figures(name, start, end)
        return tuple(rows.card_rows(cards, q.card_texts(c.card for c in cards), q.leeches(name)))


def daily_span(since: date, until: date) -> int:
    """How many days the period has (both ends included)."""
    return (until - since).days + 1
