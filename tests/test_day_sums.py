"""The stored per-day sums (``review_day_sums``) stay equal to the review log they sum, after
every kind of change to the log; figures read them only while they are up to date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from tandem.models import FrozenClock, FsrsState
from tandem.services import Services
from tandem.storage.reviews import NO_STATE
from tandem.storage.schema import MATURE_GAP
from tandem.storage.study_days import StudyDays

from .test_stats import build_team

Sums = dict[tuple[str, int, str, int], tuple[int, ...]]


@pytest.fixture
def team(tmp_path: Path, clock: FrozenClock) -> Iterator[Services]:
    svc = build_team(tmp_path, clock)
    for person in ("alice", "bob"):
        svc.stats.for_person(person)
    yield svc
    svc.close()


def stored(svc: Services) -> Sums:
    rows = svc.ctx.store.conn.execute("SELECT * FROM review_day_sums").fetchall()
    return {tuple(row[:4]): tuple(row[4:]) for row in rows}  # type: ignore[misc]


def from_the_log(svc: Services) -> Sums:
    """The sums worked out here, review by review."""
    sums: dict[tuple[str, int, str, int], list[int]] = defaultdict(lambda: [0] * 10)
    rows = svc.ctx.store.conn.execute(
        "SELECT person, day, kind, prev_state, duration_ms, rating, gap, paired FROM reviews"
    ).fetchall()
    for person, day, kind, prev, duration, rating, gap, paired in rows:
        s = sums[person, day, kind, prev]
        passed = rating is not None and rating > 1
        mature = gap is not None and gap >= MATURE_GAP
        s[0] += 1
        s[1] += duration or 0
        s[2] += passed
        s[3] += mature
        s[4] += mature and passed
        if paired is not None:
            s[5] += 1
            s[6] += paired > 0
            s[7] += paired == 0
            s[8] += paired < 0
            s[9] += paired
    return {key: tuple(value) for key, value in sums.items()}


def refreshed(svc: Services) -> Sums:
    for person in ("alice", "bob"):
        svc.stats.person(person)
    return stored(svc)


def test_the_sums_are_made_with_the_study_days(team: Services) -> None:
    assert stored(team) == from_the_log(team)
    assert len(stored(team)) > 5
    assert team.ctx.stats.sums_current("alice")


def test_removing_a_review_sums_its_day_again(team: Services) -> None:
    review = team.ctx.store.conn.execute(
        "SELECT id FROM reviews WHERE person = 'alice' ORDER BY at DESC LIMIT 1"
    ).fetchone()[0]
    with team.ctx.store.write():
        team.ctx.reviews.remove(review)
    assert not team.ctx.stats.sums_current("alice")
    assert refreshed(team) == from_the_log(team)
    assert team.ctx.stats.sums_current("alice")


def test_a_corrected_state_before_an_answer_sums_its_day_again(team: Services) -> None:
    # set_prev_states_by_seq leaves the study days as they are: only the trigger marks the day.
    seq = team.ctx.store.conn.execute(
        "SELECT seq FROM reviews WHERE person = 'bob' AND prev_state = ? LIMIT 1",
        (int(FsrsState.REVIEW),),
    ).fetchone()[0]
    before = stored(team)
    with team.ctx.store.write():
        states = bytearray([NO_STATE] * (seq + 1))
        states[seq] = FsrsState.RELEARNING
        assert team.ctx.reviews.set_prev_states_by_seq(states) == 1
    assert not team.ctx.stats.sums_current("bob")
    after = refreshed(team)
    assert after == from_the_log(team)
    assert after != before


def test_merging_a_card_and_a_new_day_boundary_keep_the_sums(team: Services) -> None:
    with team.ctx.store.write():
        team.ctx.store.conn.execute(
            "UPDATE reviews SET card = 'aaaa0001', day = NULL WHERE card = 'aaaa0002'"
        )
    assert refreshed(team) == from_the_log(team)
    settings = team.people.settings("bob").updated({"timezone": "Pacific/Auckland"})
    team.people.update_settings("bob", settings)
    assert refreshed(team) == from_the_log(team)
    assert team.ctx.store.repo(StudyDays).stale("bob") is False


def test_figures_read_the_log_while_the_sums_are_out_of_date(team: Services) -> None:
    q = team.ctx.stats
    first, last = 730000, 750000
    figures = q.day_figures("alice", first, last, MATURE_GAP)
    differences = q.grade_differences("alice", first, last)
    with team.ctx.store.write():  # a day marked changed, its sums not yet made again
        team.ctx.store.conn.execute("UPDATE review_day_sums SET reviews = 999")
        team.ctx.store.conn.execute(
            "INSERT INTO review_days_changed SELECT person, day FROM review_day_sums "
            "WHERE person = 'alice' LIMIT 1"
        )
    assert q.day_figures("alice", first, last, MATURE_GAP) == figures
    assert q.grade_differences("alice", first, last) == differences
