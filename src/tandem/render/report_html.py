"""Provides the report as one self-contained HTML page: inline CSS and SVG, no script."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tandem.models.wording import counted
from tandem.render.card_line import PROMPT_WIDTH, card_line
from tandem.render.figures import (
    calibration_text,
    duration,
    graded_text,
    percent,
    share,
)
from tandem.render.report_css import CSS
from tandem.render.report_svg import daily_bars, retention_bars
from tandem.render.terminal import html_safe as escape
from tandem.services.report.models import PersonReport, TeamReport


def _cell(value: object) -> str:
    """A cell's text: a number as it is (digits, sign, point), anything else escaped."""
    return str(value) if isinstance(value, int | float) else escape(str(value))


def _table(head: Sequence[str], body: Iterable[Sequence[object]], numeric_from: int = 1) -> str:
    """A table; ``body`` cells are escaped here, columns from ``numeric_from`` align right."""
    cols = "".join(
        f'<th class="{"n" if i >= numeric_from else ""}">{escape(h)}</th>'
        for i, h in enumerate(head)
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"n" if i >= numeric_from else ""}">{_cell(c)}</td>'
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in body
    )
    return f"<table><thead><tr>{cols}</tr></thead><tbody>{rows}</tbody></table>"


def _figure(label: str, value: object, note: str = "") -> str:
    small = f"<small>{escape(note)}</small>" if note else ""
    return (
        f'<div class="fig"><span>{escape(label)}</span>'
        f"<strong>{escape(str(value))}</strong>{small}</div>"
    )


def render_html(report: TeamReport) -> str:
    """The whole report as an HTML document that needs no network and no JavaScript."""
    title = f"Partnership report {report.since} – {report.until}"
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>",
        f"<header><h1>Partnership report</h1><p>{report.since} to {report.until} · "
        f"detail: {escape(str(report.level))} · generated "
        f"{report.generated_at:%Y-%m-%d %H:%M} UTC</p></header>",
        "<section><h2>Summary</h2>",
        _table(
            [
                "person",
                "reviews",
                "solo",
                "partner",
                "time",
                "days",
                "retention",
                "target",
                "due now",
                "leeches",
                "notes",
                "topics",
            ],
            (
                [
                    p.person,
                    p.reviews,
                    p.solo_reviews,
                    p.partner_reviews,
                    duration(p.duration_ms),
                    p.days_studied,
                    percent(p.retention.total.rate),
                    percent(p.retention.target),
                    p.backlog,
                    p.leeches,
                    p.written,
                    p.topics_covered,
                ]
                for p in report.people
            ),
        ),  # fmt: skip
        "</section>",
        _sessions(report),
        _pairs(report),
    ]
    parts += [_person(p) for p in report.people]
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def _sessions(report: TeamReport) -> str:
    if not report.sessions:
        return "<section><h2>Sessions</h2><p>No session logs dated in this period.</p></section>"
    table = _table(
        ["date", "title", "partners", "notes"],
        ([s.day, s.title, ", ".join(s.partners), s.notes] for s in report.sessions),
        numeric_from=3,
    )
    return f"<section><h2>Sessions ({len(report.sessions)})</h2>{table}</section>"


def _pairs(report: TeamReport) -> str:
    if not report.pairs:
        return ""
    table = _table(
        ["partners", "sessions together", "reviews graded by the partner"],
        ([f"{r.a} & {r.b}", r.sessions, graded_text(r)] for r in report.pairs),
    )
    return f"<section><h2>Partnerships</h2>{table}</section>"


def _person(p: PersonReport) -> str:
    r = p.retention
    name = escape(p.person)
    figures = "".join(
        [
            _figure("reviews", p.reviews, f"{p.solo_reviews} solo · {p.partner_reviews} partner"),
            _figure("time", duration(p.duration_ms), f"on {counted(p.days_studied, 'day')}"),
            _figure("true retention", percent(r.total.rate), f"target {percent(r.target)}"),
            _figure("due now", p.backlog, counted(p.leeches, "leech")),
            _figure("notes written", p.written, f"{counted(p.topics_covered, 'topic')} reviewed"),
        ]
    )
    parts = [
        f'<section class="person"><h2>{name}</h2><div class="figs">{figures}</div>',
        '<div class="charts"><div><h3>Reviews per day</h3>',
        daily_bars(p.daily, f"reviews per day of {p.person}"),
        "</div><div><h3>True retention</h3>",
        retention_bars(r, f"true retention of {p.person}"),
        "</div></div>",
        f'<p class="cal"><b>Self vs partner grading:</b> {escape(calibration_text(p.calibration))}'
        "</p>",
    ]
    if p.topics:
        parts.append("<h3>Topics</h3>")
        parts.append(_table(["topic", "reviews", "cards", "retention"],
                            ([t.topic, t.reviews, t.cards, share(t.retention)]
                             for t in p.topics)))  # fmt: skip
    if p.cards:
        parts.append("<h3>Cards</h3>")
        parts.append(_table(["card", "prompt", "deck", "reviews", "again", "retention", "leech"],
                            ([c.key, card_line(c.prompt, PROMPT_WIDTH), c.deck, c.reviews,
                              c.again, share(c.retention), "leech" if c.leech else ""]
                             for c in p.cards),
                            numeric_from=3))  # fmt: skip
    parts.append("</section>")
    return "".join(parts)
