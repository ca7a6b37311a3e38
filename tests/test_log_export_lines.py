"""``log export`` lines are written by SQLite, streamed: byte for byte what Python's
``review_line`` gives for the same review, in log order, and in batches."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.cli import cli
from tandem.models import FsrsState, Rating, Review, ReviewKind
from tandem.services import Services
from tandem.services.reviewlog import review_line
from tandem.storage.reviews import ReviewsRepo

from .conftest import add_notes

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
TIMES = st.integers(0, 10**15).map(
    lambda us: datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)
)
REVIEWS = st.builds(
    lambda base, kind, rating, due: replace(
        base,
        kind=kind,
        rating=None if kind in (ReviewKind.RESET, ReviewKind.MANUAL) else rating,
        due=due if kind is ReviewKind.MANUAL else None,
    ),
    st.builds(Review, id=TEXT, card=TEXT, person=st.just("bob"), rating=st.none(), at=TIMES,
              grader=TEXT, duration_ms=st.none() | st.integers(0, 10**9)),
    st.sampled_from(list(ReviewKind)),
    st.sampled_from(list(Rating)),
    TIMES,
)  # fmt: skip


def _log() -> ReviewsRepo:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE reviews (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, card TEXT, person TEXT, "
        "rating INTEGER, at TEXT, grader TEXT, duration_ms INTEGER, prev_state INTEGER, "
        "kind TEXT, due TEXT)"
    )
    return ReviewsRepo(conn)


@settings(deadline=None, max_examples=300)
@given(st.lists(REVIEWS, min_size=1, max_size=8, unique_by=lambda r: r.id))
def test_an_exported_line_is_the_python_line_of_the_review(reviews: list[Review]) -> None:
    log = _log()
    for review in reviews:
        log.add(review, FsrsState.NEW)
    exported = [line for batch in log.export_batches("bob", size=3) for line in batch]
    in_order = sorted(enumerate(reviews), key=lambda item: (item[1].at, item[0]))
    assert exported == [review_line(review) for _, review in in_order]


def test_export_batches_hold_every_line_once_in_order() -> None:
    log = _log()
    start = datetime(2026, 3, 4, 10, tzinfo=UTC)
    for n in range(7):
        log.add(Review(f"r{n}", "k", "bob", Rating.GOOD, start - timedelta(minutes=n), "bob"),
                FsrsState.NEW)  # fmt: skip
    batches = list(log.export_batches("bob", size=3))
    assert [len(batch) for batch in batches] == [3, 3, 1]
    ids = [line.split('"')[3] for batch in batches for line in batch]
    assert ids == ["r6", "r5", "r4", "r3", "r2", "r1", "r0"]
    assert batches[0][0] == (
        '{"id": "r6", "card": "k", "person": "bob", "rating": 3, '
        '"at": "2026-03-04T09:54:00Z", "grader": "bob"}'
    )


def test_log_export_on_stdout_escapes_what_a_terminal_would_run(svc: Services) -> None:
    svc.people.add("alice")
    [key] = add_notes(svc, 1)
    review = Review("id\u202e\x1b[31m", key, "alice", Rating.GOOD,
                    datetime(2026, 3, 4, 10, 15, 0, 250000, tzinfo=UTC), "alice", 4200)  # fmt: skip
    with svc.ctx.store.write():
        svc.ctx.reviews.add(review, FsrsState.NEW)
    svc.close()
    result = CliRunner().invoke(cli, ["log", "export", "--as", "alice"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f'{{"id": "id\\u202e\\u001b[31m", "card": "{key}", "person": "alice", "rating": 3, '
        '"at": "2026-03-04T10:15:00.25Z", "grader": "alice", "duration_ms": 4200}\n'
    )


def test_json_safe_escapes_del_in_ascii_text_and_leaves_the_rest() -> None:
    from tandem.render.terminal import json_safe

    ascii_line = "".join(chr(c) for c in range(0x20, 0x7F)) + "\t\n"
    assert json_safe(ascii_line) == ascii_line
    assert json_safe('{"id": "a\x7fb"}') == '{"id": "a\\u007fb"}'
    assert json_safe('{"id": "a\x85b\u2066"}') == '{"id": "a\\u0085b\\u2066"}'
