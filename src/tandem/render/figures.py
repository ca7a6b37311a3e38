"""Provides how report figures read as text: shares, durations, calibration sentences."""

from __future__ import annotations

from tandem.services.report.models import PairReport
from tandem.services.stats.models import Calibration, Tally


def percent(value: float | None) -> str:
    """``0.934`` as ``93.4%``; ``None`` as an en dash."""
    return "–" if value is None else f"{value * 100:.1f}%"


def share(tally: Tally) -> str:
    """A retention tally as ``93.3% (14/15)``, or an en dash without reviews."""
    if not tally.reviews:
        return "–"
    return f"{percent(tally.rate)} ({tally.passed}/{tally.reviews})"


def duration(ms: int) -> str:
    """Milliseconds as ``1 h 05 min``, ``12 min`` or ``40 s``."""
    seconds = round(ms / 1000)
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def calibration_text(cal: Calibration) -> str:
    """One sentence on self-grades against partner grades."""
    if not cal.pairs:
        return "no card graded both alone and by a partner in this period"
    assert cal.rating_difference is not None
    return (
        f"self-grade more generous than the partner's in {cal.generous} of {cal.pairs} "
        f"comparisons ({percent(cal.generous_share)}), the same in {cal.same}, stricter in "
        f"{cal.stricter}; mean difference {cal.rating_difference:+.2f} grade"
    )


def graded_text(pair: PairReport) -> str:
    """Who graded whom, as ``alice 3 by bob · bob 2 by alice``."""
    return f"{pair.a} {pair.a_graded_by_b} by {pair.b} · {pair.b} {pair.b_graded_by_a} by {pair.a}"
