"""Provides the two time formats: fixed-width UTC text for storage, RFC 3339 for logs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def format_utc(at: datetime) -> str:
    """Formats an aware datetime as fixed-width UTC text that sorts like the times."""
    if at.tzinfo is not UTC:  # (astimezone would give ``at`` itself)
        _require_aware(at)
        at = at.astimezone(UTC)
    # isoformat is ~5 times strftime's speed and gives the same text up to the offset.
    return at.isoformat(timespec="microseconds")[:-6] + "Z"


def parse_utc(text: str) -> datetime:
    """Parses text written by :func:`format_utc` (fromisoformat: 25 times strptime's speed)."""
    return datetime.fromisoformat(text)


def format_rfc3339(at: datetime) -> str:
    """Formats as RFC 3339 UTC with a ``Z``, with fractional seconds only when present."""
    _require_aware(at)
    at = at.astimezone(UTC)
    if at.microsecond:
        fraction = f"{at.microsecond:06d}".rstrip("0")
        return at.strftime("%Y-%m-%dT%H:%M:%S") + "." + fraction + "Z"
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_rfc3339(text: str) -> datetime:
    """Parses an RFC 3339 timestamp in UTC (``Z`` or ``+00:00``).

    Raises:
        ValueError: if the text is not RFC 3339 or not in UTC.
    """
    if "T" not in text and "t" not in text:
        raise ValueError(f"not an RFC 3339 timestamp: {text!r}")
    normal = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        at = datetime.fromisoformat(normal)
    except ValueError:
        raise ValueError(f"not an RFC 3339 timestamp: {text!r}") from None
    if at.tzinfo is None:
        raise ValueError(f"timestamp has no time zone: {text!r}")
    if at.utcoffset() != timedelta(0):
        raise ValueError(f"timestamp is not in UTC: {text!r}")
    return at.astimezone(UTC)


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None:
        raise ValueError("naive datetime: tandem only handles aware UTC times")
