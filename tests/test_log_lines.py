"""The lines of a device file: every kind reads back as written; a device file's review line
is exactly what ``tandem log export`` writes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.models import Rating, Review, ReviewKind
from tandem.services import Services
from tandem.services.logs.lines import (
    OFF,
    SHARE_LEVELS,
    Retraction,
    Sharing,
    parse_line,
    retraction_line,
    review_line,
    sharing_line,
)

from .conftest import add_notes

NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9_.-]{0,31}", fullmatch=True)
TIMES = st.integers(0, 10**12).map(
    lambda ms: datetime(2020, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)
)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


def _entry(
    kind: ReviewKind, rating: Rating, due: datetime
) -> tuple[ReviewKind, Rating | None, datetime | None]:
    """A kind with what it carries: no rating for a reset or a manual entry, which alone
    has a due date."""
    unrated = kind in (ReviewKind.RESET, ReviewKind.MANUAL)
    return (kind, None if unrated else rating, due if kind is ReviewKind.MANUAL else None)


@settings(deadline=None)
@given(
    st.builds(
        lambda base, entry: replace(base, kind=entry[0], rating=entry[1], due=entry[2]),
        st.builds(
            Review,
            id=TEXT,
            card=TEXT,
            person=NAMES,
            rating=st.sampled_from(list(Rating)),
            at=TIMES,
            grader=TEXT,
            duration_ms=st.none() | st.integers(0, 10**9),
        ),
        st.builds(_entry, st.sampled_from(list(ReviewKind)), st.sampled_from(list(Rating)), TIMES),
    )  # fmt: skip
)
def test_a_review_line_reads_back(review: Review) -> None:
    assert parse_line(review_line(review).encode("utf-8")) == review


@settings(deadline=None)
@given(TEXT, NAMES, TIMES, st.sampled_from([*SHARE_LEVELS, OFF]))
def test_retraction_and_sharing_lines_read_back(
    review_id: str, person: str, at: datetime, level: str
) -> None:
    retraction = Retraction(review_id, person, at)
    assert parse_line(retraction_line(retraction).encode("utf-8")) == retraction
    sharing = Sharing(person, level, at)
    assert parse_line(sharing_line(sharing).encode("utf-8")) == sharing


def test_a_published_line_is_a_log_export_line(svc: Services) -> None:
    svc.people.add("alice")
    [key] = add_notes(svc, 1)
    svc.study("alice").answer(key, Rating.HARD, 1234)
    [review] = svc.ctx.reviews.for_person("alice")
    assert [review_line(review)] == list(svc.log.export_lines("alice"))
