"""Provides the JSON form of the figures (the schema documented in docs/stats.md)."""

from __future__ import annotations

from typing import Any

from tandem.render.card_line import PROMPT_WIDTH, card_line
from tandem.services.stats.models import (
    Activity,
    Calibration,
    CardFigure,
    CardGroup,
    PairStats,
    PersonStats,
    Retention,
    Tally,
)

SCHEMA_VERSION = 1


def tally_dict(tally: Tally) -> dict[str, Any]:
    return {"reviews": tally.reviews, "passed": tally.passed, "rate": tally.rate}


def retention_dict(r: Retention) -> dict[str, Any]:
    return {
        "days": r.days,
        "target": r.target,
        "young": tally_dict(r.young),
        "mature": tally_dict(r.mature),
        "all": tally_dict(r.total),
    }


def activity_dict(a: Activity) -> dict[str, Any]:
    """Totals, and only the days with a review (every other day of the range had none)."""
    return {
        "start": a.start.isoformat(),
        "end": a.end.isoformat(),
        "reviews": a.reviews,
        "cram": a.cram,
        "duration_ms": a.duration_ms,
        "days_studied": a.days_studied,
        "reviews_per_study_day": a.reviews_per_study_day,
        "days": [
            {
                "date": d.day.isoformat(),
                "reviews": d.reviews,
                "cram": d.cram,
                "duration_ms": d.duration_ms,
            }  # fmt: skip
            for d in a.days
            if d.reviews
        ],
    }


def calibration_dict(c: Calibration) -> dict[str, Any]:
    return {
        "grader": c.grader,
        "pairs": c.pairs,
        "generous": c.generous,
        "same": c.same,
        "stricter": c.stricter,
        "generous_share": c.generous_share,
        "rating_difference": c.rating_difference,
    }


def card_dict(c: CardFigure) -> dict[str, Any]:
    return {"key": c.key, "prompt": card_line(c.prompt, PROMPT_WIDTH), "deck": c.deck,
            "lapses": c.lapses, "reps": c.reps, "again": c.again, "leech": c.leech}  # fmt: skip


def group_dict(g: CardGroup) -> dict[str, Any]:
    return {"count": g.count, "cards": [card_dict(c) for c in g.cards]}


def person_dict(s: PersonStats) -> dict[str, Any]:
    """The ``tandem stats --json`` object of one person."""
    streak = s.streak
    return {
        "schema": SCHEMA_VERSION,
        "person": s.person,
        "today": s.today.isoformat(),
        "counts": vars(s.counts).copy(),
        "streak": {
            "days": streak.days,
            "last_day": streak.last_day.isoformat() if streak.last_day else None,
            "studied_today": streak.studied_today,
        },
        "activity": activity_dict(s.activity),
        "forecast": [{"date": d.day.isoformat(), "cards": d.cards} for d in s.forecast],
        "retention": [retention_dict(r) for r in s.retention],
        "hardest": [card_dict(c) for c in s.hardest],
        "calibration": calibration_dict(s.calibration),
    }


def pair_dict(p: PairStats) -> dict[str, Any]:
    """The ``pair`` object of ``tandem stats --as A --with B --json``."""
    return {
        "a": p.a,
        "b": p.b,
        "both_know": group_dict(p.both_know),
        "only_a_knows": group_dict(p.only_a_knows),
        "only_b_knows": group_dict(p.only_b_knows),
        "both_missing": group_dict(p.both_missing),
        "a_graded_by_b": p.a_graded_by_b,
        "b_graded_by_a": p.b_graded_by_a,
        "calibration_a": calibration_dict(p.calibration_a),
        "calibration_b": calibration_dict(p.calibration_b),
    }
