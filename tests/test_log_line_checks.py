"""``log import`` checks a line without pydantic when it is plainly good: the plain check
accepts only what ``LogLine`` accepts, with the same values, and leaves every bad line to
``LogLine`` (whose messages the refusals keep)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tandem.models import Rating, Review, ReviewKind, format_utc, parse_rfc3339
from tandem.services.canonical_line import canonical_line
from tandem.services.logs.lines import parse_line
from tandem.services.reviewlog import LogLine, plain_line, review_line

SCALARS = (
    st.none() | st.booleans() | st.integers(-3, 2**31 + 2) | st.floats(allow_nan=False)
    | st.text(max_size=3)
    | st.sampled_from(["review", "reset", "cram", "restart", "manual", "Review"])
)  # fmt: skip
TEXTS = st.text(min_size=0, max_size=90) | st.integers() | st.none()
TIMES = st.sampled_from([
    "2026-03-04T10:15:00Z", "2026-03-04T10:15:00.25Z", "2026-03-04T10:15:00+00:00",
    "2026-03-04T10:15:00+01:00", "2026-03-04 10:15:00Z", "1969-12-31T23:59:59Z",
    "0001-01-01T00:00:00Z", "2026-03-04", "2026-03-04T10:15:00", "soon", "",
    "2026-02-30T10:15:00Z", "2026-03-04T24:00:00Z", "2026-03-04T10:15:00.Z",
    "2026-03-04T10:15:00.1234567Z", "2026-03-04T10:15:00.000001Z", "2026-03-04t10:15:00z",
    "2026-03-04T10:15:60Z", "20260304T101500Z", "2026-03-04T10:15:00.१२Z",
]) | st.text(max_size=25) | st.datetimes().map(lambda t: t.isoformat() + "Z")  # fmt: skip
LINES = st.fixed_dictionaries(
    {"id": TEXTS, "card": TEXTS, "person": TEXTS, "at": TIMES, "grader": TEXTS},
    optional={
        "rating": SCALARS,
        "duration_ms": SCALARS,
        "kind": SCALARS,
        "due": TIMES,
        "extra": SCALARS,
    },
)


def _pydantic(data: dict[str, Any]) -> tuple[object, ...] | None:
    try:
        item = LogLine.model_validate(data)
    except ValidationError:
        return None
    due = None if item.due is None else format_utc(parse_rfc3339(item.due))
    return (item.id, item.card, item.person, item.rating, format_utc(parse_rfc3339(item.at)),
            item.grader, item.duration_ms, item.kind, due)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(LINES | st.lists(st.integers(), max_size=2) | SCALARS)
def test_the_plain_check_never_accepts_what_the_model_refuses(data: Any) -> None:
    plain = plain_line(data)
    if plain is not None:
        assert plain == _pydantic(data)


@settings(max_examples=300, deadline=None)
@given(
    st.text(min_size=1, max_size=64), st.text(min_size=1, max_size=80),
    st.from_regex(r"[a-z]{1,32}", fullmatch=True), st.sampled_from([None, 1, 2, 3, 4]),
    st.sampled_from(["2026-03-04T10:15:00Z", "2001-01-01T00:00:00.5Z"]),
    st.none() | st.integers(0, 2**31 - 1), st.sampled_from(["review", "cram", "restart"]),
)  # fmt: skip
def test_a_good_line_takes_the_plain_path(
    rid: str, card: str, name: str, rating: int | None, at: str, duration: int | None, kind: str
) -> None:
    data: dict[str, Any] = {"id": rid, "card": card, "person": name, "rating": rating or 3,
                            "at": at, "grader": name, "duration_ms": duration,
                            "kind": kind}  # fmt: skip
    assert plain_line(data) == _pydantic(data) is not None
    reset = {**data, "rating": None, "kind": "reset"}
    assert plain_line(reset) == _pydantic(reset) is not None
    manual = {**reset, "kind": "manual", "due": "2026-04-01T04:00:00Z"}  # left to the model
    assert plain_line(manual) is None
    assert _pydantic(manual) is not None


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        ["2026-03-04T10:15:00Z", "2001-01-01T00:00:00.5Z", "2026-03-04T10:15:00+00:00"]
    ),
    st.sampled_from([None, 1, 4]), st.none() | st.integers(0, 10**6),
    st.sampled_from(["review", "cram", "restart", "reset"]),
)  # fmt: skip
def test_the_log_folder_reads_a_line_as_the_model_does(
    at: str, rating: int | None, duration: int | None, kind: str
) -> None:
    """``parse_line`` takes the plain path for a plainly good line, the model for the rest
    (an offset instead of Z): the same review either way."""
    rated = None if kind == "reset" else (rating or 3)
    data = {"id": "r1", "card": "c1", "person": "José", "rating": rated, "at": at,
            "grader": "bob", "duration_ms": duration, "kind": kind}  # fmt: skip
    item = LogLine.model_validate(data)
    expected = Review(item.id, item.card, item.person,
                      None if item.rating is None else Rating(item.rating),
                      parse_rfc3339(item.at), item.grader, item.duration_ms,
                      ReviewKind(item.kind))  # fmt: skip
    found = parse_line(json.dumps(data, ensure_ascii=False).encode())
    assert found == expected
    assert found.at.utcoffset() == timedelta(0)


def test_the_log_folder_says_what_is_wrong_with_a_bad_line() -> None:
    with pytest.raises(ValueError, match="rating"):
        parse_line(b'{"id": "r1", "card": "c1", "person": "ann", "rating": 7, '
                   b'"at": "2026-03-04T10:15:00Z", "grader": "ann"}')  # fmt: skip
    with pytest.raises(ValueError, match="not JSON"):
        parse_line(b'{"id": "r1", "card"')


def _plain_of_text(text: str) -> object:
    try:
        return plain_line(json.loads(text))
    except (ValueError, RecursionError):
        return None


LINE_TEXTS = st.builds(
    lambda rid, card, rating, at, duration: json.dumps(
        {"id": rid, "card": card, "person": "ann", "rating": rating, "at": at,
         "grader": "bob", **({} if duration is None else {"duration_ms": duration})},
        ensure_ascii=False,
    ),
    TEXTS, TEXTS, SCALARS, TIMES, st.none() | SCALARS,
)  # fmt: skip
"""Lines in the shape ``review_line`` writes, with good and bad values."""


@settings(max_examples=1500, deadline=None)
@given(LINE_TEXTS | LINE_TEXTS.map(lambda t: t.replace(": ", ":", 1)) | st.text(max_size=200))
def test_the_canonical_check_gives_what_the_plain_check_gives(text: str) -> None:
    """The quick read of a line in the written shape accepts only what ``plain_line``
    accepts, with the same values."""
    quick = canonical_line(text)
    if quick is not None:
        assert quick == _plain_of_text(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.characters(blacklist_characters='"\\', blacklist_categories=("Cc", "Cs")),
            min_size=1, max_size=64),
    st.sampled_from(list(Rating)),
    st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(9999, 1, 1),  # noqa: DTZ001
                 timezones=st.just(UTC)),
    st.none() | st.integers(0, 10**9),
)  # fmt: skip
def test_a_written_answer_takes_the_canonical_path(
    rid: str, rating: Rating, at: datetime, duration: int | None
) -> None:
    review = Review(rid, "k7q2m9x4", "ann", rating, at, "bob", duration)
    text = review_line(review)
    assert canonical_line(text) == _plain_of_text(text) is not None


def test_the_canonical_check_leaves_odd_lines_to_the_full_checks() -> None:
    good = ('{"id": "r1", "card": "c1", "person": "ann", "rating": 3, '
            '"at": "2026-03-04T10:15:00.25Z", "grader": "ann", "duration_ms": 4200}')  # fmt: skip
    assert canonical_line(good) == ("r1", "c1", "ann", 3, "2026-03-04T10:15:00.250000Z", "ann",
                                    4200, "review", None)  # fmt: skip
    for odd in (
        good.replace('"r1"', '"r\\u0031"'),  # an escape: json.loads reads it
        good.replace("10:15:00.25Z", "24:15:00Z"),
        good.replace("2026-03-04", "2026-02-30"),
        good.replace("2026-03-04", "1969-12-31"),
        good.replace("4200", "99999999999"),
        good.replace('"rating": 3', '"rating": 5'),
        good.replace("}", ', "kind": "cram"}'),
    ):
        assert canonical_line(odd) is None, odd
