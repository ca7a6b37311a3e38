"""Provides the report as Markdown (user text escaped so it cannot add markup)."""

from __future__ import annotations

import re
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
from tandem.render.terminal import shown
from tandem.services.report.models import PersonReport, TeamReport

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


def md_escape(text: str) -> str:
    """User text made inert for Markdown and the HTML inside it, on one line (control and
    bidi characters shown escaped)."""
    return _SPECIAL.sub(r"\\\1", shown(" ".join(text.split())))


def _table(head: Sequence[str], body: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in body]
    return [*lines, ""]


def render_md(report: TeamReport) -> str:
    """The whole report as one Markdown document."""
    out = [
        "# Partnership report",
        "",
        f"{report.since} to {report.until} · detail: {report.level} · "
        f"generated {report.generated_at:%Y-%m-%d %H:%M} UTC",
        "",
        "## Summary",
        "",
    ]
    out += _table(
        ["person", "reviews", "solo", "partner-graded", "time", "days", "retention", "target",
         "backlog", "leeches", "notes written", "topics"],
        ([md_escape(p.person), p.reviews, p.solo_reviews, p.partner_reviews,
          duration(p.duration_ms), p.days_studied, share(p.retention.total),
          percent(p.retention.target), p.backlog, p.leeches, p.written, p.topics_covered]
         for p in report.people),
    )  # fmt: skip
    out += ["## Sessions", ""]
    if report.sessions:
        out += _table(
            ["date", "title", "partners", "notes"],
            ([s.day, md_escape(s.title), md_escape(", ".join(s.partners)), s.notes]
             for s in report.sessions),
        )  # fmt: skip
    else:
        out += ["No session logs dated in this period.", ""]
    out += ["## Partnerships", ""]
    out += _table(
        ["partners", "sessions together", "reviews graded by the partner"],
        ([f"{md_escape(r.a)} & {md_escape(r.b)}", r.sessions, md_escape(graded_text(r))]
         for r in report.pairs),
    )  # fmt: skip
    for person in report.people:
        out += _person(person)
    return "\n".join(out).rstrip("\n") + "\n"


def _person(p: PersonReport) -> list[str]:
    r = p.retention
    out = [
        f"## {md_escape(p.person)}",
        "",
        f"- reviews: {p.reviews} ({p.solo_reviews} solo, {p.partner_reviews} partner-graded), "
        f"{duration(p.duration_ms)} on {counted(p.days_studied, 'day')}",
        f"- true retention: {share(r.total)} (young {share(r.young)}, mature {share(r.mature)}); "
        f"target {percent(r.target)}",
        f"- due now: {p.backlog}; leeches: {p.leeches}; notes written: {p.written}",
        f"- grading: {calibration_text(p.calibration)}",
        "",
    ]
    if p.topics:
        out += ["### Topics", ""]
        out += _table(
            ["topic", "reviews", "cards", "retention"],
            ([md_escape(t.topic), t.reviews, t.cards, share(t.retention)] for t in p.topics),
        )
    if p.cards:
        out += ["### Cards", ""]
        out += _table(
            ["card", "prompt", "deck", "reviews", "again", "retention", "leech"],
            ([c.key, md_escape(card_line(c.prompt, PROMPT_WIDTH)), md_escape(c.deck), c.reviews,
              c.again, share(c.retention), "yes" if c.leech else ""] for c in p.cards),
        )  # fmt: skip
    return out
