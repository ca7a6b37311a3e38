"""Provides the report as CSV: one figure per row, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from tandem.render.terminal import csv_safe
from tandem.services.report.models import PersonReport, TeamReport

HEADER = ("section", "person", "partner", "date", "item", "metric", "value")
"""The columns: ``item`` is a session title, a topic or a card key, per section."""

Row = tuple[str, str, str, str, str, str, object]


def render_csv(report: TeamReport) -> str:
    """Every figure of the report, one per row, under :data:`HEADER`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    rows: list[Row] = [
        ("report", "", "", "", "", "since", report.since.isoformat()),
        ("report", "", "", "", "", "until", report.until.isoformat()),
        ("report", "", "", "", "", "level", str(report.level)),
    ]
    for s in report.sessions:
        rows.append(("session", ";".join(s.partners), "", s.day.isoformat(), s.title, "notes",
                     s.notes))  # fmt: skip
    for pair in report.pairs:
        rows.append(("pair", pair.a, pair.b, "", "", "sessions", pair.sessions))
        rows.append(("pair", pair.a, pair.b, "", "", "a_graded_by_b", pair.a_graded_by_b))
        rows.append(("pair", pair.a, pair.b, "", "", "b_graded_by_a", pair.b_graded_by_a))
    for person in report.people:
        rows.extend(_person(person))
    writer.writerows(_safe_row(row) for row in rows)
    return buffer.getvalue()


def _safe_row(row: Row) -> tuple[object, ...]:
    """Every text cell made safe: names, titles, topics and keys all come from others."""
    return tuple(csv_safe(cell) if isinstance(cell, str) else cell for cell in row)


def _person(p: PersonReport) -> Iterator[Row]:
    name, r, cal = p.person, p.retention, p.calibration
    totals: list[tuple[str, object]] = [
        ("reviews", p.reviews), ("solo_reviews", p.solo_reviews),
        ("partner_reviews", p.partner_reviews), ("duration_ms", p.duration_ms),
        ("days_studied", p.days_studied), ("retention_reviews", r.total.reviews),
        ("retention_passed", r.total.passed), ("young_reviews", r.young.reviews),
        ("young_passed", r.young.passed), ("mature_reviews", r.mature.reviews),
        ("mature_passed", r.mature.passed), ("target_retention", r.target),
        ("backlog", p.backlog), ("leeches", p.leeches), ("notes_written", p.written),
        ("topics_covered", p.topics_covered), ("calibration_pairs", cal.pairs),
        ("calibration_generous", cal.generous), ("calibration_same", cal.same),
        ("calibration_stricter", cal.stricter),
    ]  # fmt: skip
    for metric, value in totals:
        yield ("person", name, "", "", "", metric, value)
    for day in p.daily:
        if day.reviews:
            yield ("day", name, "", day.day.isoformat(), "", "reviews", day.reviews)
    for t in p.topics:
        yield ("topic", name, "", "", t.topic, "reviews", t.reviews)
        yield ("topic", name, "", "", t.topic, "retention_reviews", t.retention.reviews)
        yield ("topic", name, "", "", t.topic, "retention_passed", t.retention.passed)
    for c in p.cards:
        yield ("card", name, "", "", c.key, "reviews", c.reviews)
        yield ("card", name, "", "", c.key, "again", c.again)
        yield ("card", name, "", "", c.key, "leech", int(c.leech))
