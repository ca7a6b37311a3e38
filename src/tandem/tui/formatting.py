"""Provides the short texts the screens show for intervals, durations and rates (no Textual)."""

from __future__ import annotations

from datetime import timedelta

_MINUTE = 60.0
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR


def _one_decimal(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def format_interval(delta: timedelta) -> str:
    """Formats an interval the way Anki labels its answer buttons: 1m, 10m, 2d, 3.5mo, 1.2y."""
    seconds = max(0.0, delta.total_seconds())
    if seconds < _MINUTE:
        return f"{round(seconds)}s"
    if seconds < _HOUR - 30:
        return f"{round(seconds / _MINUTE)}m"
    if seconds < _DAY - 0.05 * _HOUR:
        return f"{_one_decimal(seconds / _HOUR)}h"
    days = seconds / _DAY
    if days < 29.5:
        return f"{round(days)}d"
    if days < 365 - 15:
        return f"{_one_decimal(days / 30)}mo"
    return f"{_one_decimal(days / 365)}y"


def format_elapsed(delta: timedelta) -> str:
    """Formats time spent: 45s, 3m 05s, 1h 02m."""
    total = max(0, int(delta.total_seconds()))
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {seconds:02d}s"
    return f"{seconds}s"


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a whole percentage; 0% when there is nothing to divide."""
    if whole <= 0:
        return "0%"
    return f"{round(100 * max(0, part) / whole)}%"
