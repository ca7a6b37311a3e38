"""Statistics: every figure against a hand-computed expectation on a small fixed review log.

The fixture (tests/fixtures/stats/) is a team of alice (America/New_York) and bob (UTC);
"today" is the clock fixture, 2026-03-04T10:00Z, which is 05:00 in New York. The
expectations below are worked out from log.jsonl by hand; see its README.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import FrozenClock, NotFoundError
from tandem.scheduling.days import DayBoundary
from tandem.services import Services, build_services
from tandem.services.stats.calc import streak
from tandem.services.stats.models import Tally
from tandem.storage.db import Store

FIXTURE = Path(__file__).parent / "fixtures" / "stats"
NEW_YORK = DayBoundary(4, "America/New_York")


def build_team(tmp_path: Path, clock: FrozenClock) -> Services:
    """People first, then their zones, the deck folder synced, then the review log imported."""
    decks = tmp_path / "decks"
    shutil.copytree(FIXTURE / "decks", decks)
    svc = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "team.db"), clock=clock)
    for name, zone in (("alice", "America/New_York"), ("bob", "UTC")):
        svc.people.add(name)
        settings = svc.people.settings(name).updated({"timezone": zone})
        svc.people.update_settings(name, settings)
    svc.sync.run()
    svc.log.import_file(FIXTURE / "log.jsonl")
    return svc


@pytest.fixture
def team(tmp_path: Path, clock: FrozenClock) -> Iterator[Services]:
    svc = build_team(tmp_path, clock)
    yield svc
    svc.close()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def set_due(svc: Services, person: str, card: str, due: datetime) -> None:
    with svc.ctx.store.write():
        svc.ctx.store.conn.execute(
            "UPDATE card_state SET due = ? WHERE person = ? AND card = ?",
            (due.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), person, card),
        )


def test_today_follows_the_persons_zone_and_4am(team: Services, clock: FrozenClock) -> None:
    assert team.stats.today("alice") == date(2026, 3, 4)  # 05:00 in New York
    clock.set(utc("2026-03-04T08:59:00"))  # 03:59 in New York: still yesterday
    assert team.stats.today("alice") == date(2026, 3, 3)
    assert team.stats.today("bob") == date(2026, 3, 4)  # 08:59 UTC


def test_heatmap_counts_reviews_and_time_per_study_day(team: Services) -> None:
    activity = team.stats.for_person("alice").activity
    assert (activity.start, activity.end) == (date(2025, 3, 5), date(2026, 3, 4))
    assert len(activity.days) == 365
    studied = {d.day: (d.reviews, d.duration_ms) for d in activity.days if d.reviews}
    assert studied == {
        date(2025, 6, 1): (1, 2000),
        date(2025, 12, 1): (2, 4000),
        date(2026, 1, 2): (1, 5000),
        date(2026, 1, 30): (1, 2000),
        date(2026, 2, 10): (1, 2000),
        date(2026, 2, 11): (1, 2000),
        date(2026, 2, 26): (1, 2000),
        date(2026, 2, 27): (2, 8000),
        date(2026, 2, 28): (1, 2000),  # a-B1-1: 08:30Z on 03-01 is 03:30 in New York
        date(2026, 3, 2): (3, 6000),
        date(2026, 3, 3): (3, 4000),  # a-B2-1 has no duration
        date(2026, 3, 4): (1, 2000),
    }
    assert (activity.reviews, activity.duration_ms, activity.days_studied) == (18, 41000, 12)
    assert activity.reviews_per_study_day == pytest.approx(1.5)


def test_activity_of_any_range(team: Services) -> None:
    activity = team.stats.activity("bob", date(2026, 3, 2), date(2026, 3, 3))
    # b-B1-3 at 03:30Z belongs to bob's 2026-03-02 (before 4 am UTC).
    assert [(d.day, d.reviews, d.duration_ms) for d in activity.days] == [
        (date(2026, 3, 2), 3, 3000),
        (date(2026, 3, 3), 1, 1000),
    ]


def test_true_retention_young_and_mature_per_window(team: Services) -> None:
    seven, thirty, year = team.stats.for_person("alice").retention
    assert (seven.days, seven.young, seven.mature, seven.target) == (
        7,
        Tally(4, 3),
        Tally(1, 0),
        0.9,
    )
    assert (thirty.young, thirty.mature) == (Tally(5, 4), Tally(2, 1))
    assert (year.young, year.mature, year.total) == (Tally(5, 4), Tally(4, 2), Tally(9, 6))
    assert year.total.rate == pytest.approx(6 / 9)
    assert Tally().rate is None


def test_retention_uses_the_persons_desired_retention(team: Services) -> None:
    settings = team.people.settings("bob").updated({"desired_retention": 0.85})
    team.people.update_settings("bob", settings)
    week = team.stats.for_person("bob").retention[0]
    assert (week.young, week.mature, week.target) == (Tally(1, 1), Tally(0, 0), 0.85)


def test_card_counts_by_state(team: Services) -> None:
    alice = team.stats.counts("alice")
    assert (alice.total, alice.new, alice.learning, alice.review, alice.relearning) == (
        6, 1, 0, 4, 1,
    )  # fmt: skip
    bob = team.stats.counts("bob")
    assert (bob.new, bob.learning, bob.review, bob.relearning) == (3, 1, 2, 0)
    with team.ctx.store.write():
        team.ctx.store.conn.execute(
            "UPDATE card_state SET suspended = 1, leech = 1 "
            "WHERE person = 'alice' AND card = 'aaaa0002'"
        )
    alice = team.stats.counts("alice")
    assert (alice.total, alice.relearning, alice.suspended, alice.leech) == (6, 1, 1, 1)


def test_streak_counts_today_only_when_studied(team: Services, clock: FrozenClock) -> None:
    alice = team.stats.streak("alice")
    # 03-02, 03-03, 03-04 in New York; 03-01 is empty (a-B1-1 fell on 02-28).
    assert (alice.days, alice.last_day, alice.studied_today) == (3, date(2026, 3, 4), True)
    bob = team.stats.streak("bob")
    assert (bob.days, bob.last_day, bob.studied_today) == (3, date(2026, 3, 3), False)
    clock.set(utc("2026-03-06T12:00:00"))
    assert team.stats.streak("bob").days == 0


def test_streak_longer_than_the_year_read_at_once() -> None:
    today = date(2026, 3, 4)
    days = {date.fromordinal(today.toordinal() - n) for n in range(1, 400)}
    assert (streak(days, today).days, streak(days, today).studied_today) == (399, False)


def test_streak_reads_back_past_a_year(team: Services, clock: FrozenClock) -> None:
    team.people.add("carol")  # 400 days in a row
    settings = team.people.settings("carol").updated({"timezone": "UTC"})
    team.people.update_settings("carol", settings)
    with team.ctx.store.write():
        team.ctx.store.conn.executemany(
            "INSERT INTO reviews (id, card, person, rating, at, grader) "
            "VALUES (?, 'dddd0001', 'carol', 3, ?, 'carol')",
            [(f"c{n}", f"{date.fromordinal(738000 + n).isoformat()}T12:00:00.000000Z")
             for n in range(400)],
        )  # fmt: skip
    last = date.fromordinal(738000 + 399)
    clock.set(datetime.combine(last, datetime.min.time(), UTC).replace(hour=20))
    found = team.stats.streak("carol")
    assert (found.days, found.last_day, found.studied_today) == (400, last, True)
    clock.set(utc("2030-01-01T12:00:00"))  # nothing for years
    assert team.stats.streak("carol").days == 0


def test_forecast_buckets_due_cards_by_study_day(team: Services) -> None:
    for card, due in {
        "aaaa0001": "2026-03-05T08:30:00",  # 03:30 New York: still study day 03-04
        "aaaa0002": "2026-02-01T00:00:00",  # overdue: counts today
        "bbbb0001": "2026-03-05T09:30:00",  # 04:30 New York: 03-05
        "bbbb0002": "2026-04-03T09:30:00",  # 04-03 is the 31st day: not shown
        "cccc0001": "2026-04-02T12:00:00",  # the 30th day
    }.items():
        set_due(team, "alice", card, utc(due))
    forecast = team.stats.forecast("alice")
    assert len(forecast) == 30
    assert (forecast[0].day, forecast[-1].day) == (date(2026, 3, 4), date(2026, 4, 2))
    assert {d.day: d.cards for d in forecast if d.cards} == {
        date(2026, 3, 4): 2,
        date(2026, 3, 5): 1,
        date(2026, 4, 2): 1,
    }


def test_forecast_leaves_out_new_and_suspended_cards(team: Services) -> None:
    before = sum(d.cards for d in team.stats.forecast("alice"))
    with team.ctx.store.write():
        team.ctx.store.conn.execute(
            "UPDATE card_state SET suspended = 1 WHERE person = 'alice' AND card = 'aaaa0002'"
        )
    assert sum(d.cards for d in team.stats.forecast("alice")) == before - 1
    assert before == 5  # the five reviewed cards; dddd0001 is new


def test_hardest_cards_most_lapses_first(team: Services) -> None:
    hardest = team.stats.hardest("alice")
    assert [(c.key, c.lapses) for c in hardest] == [
        ("aaaa0001", 1),
        ("aaaa0002", 1),
        ("cccc0001", 1),
    ]
    assert hardest[0].prompt == "el perro"
    assert hardest[0].deck == "Session: Spanish verbs"
    assert team.stats.hardest("bob") == ()


def test_calibration_pairs_partner_grades_with_the_nearest_solo_grade(team: Services) -> None:
    cal = team.stats.for_person("alice").calibration
    # a-A1-3 (1) vs a-A1-4 (3): +2; a-B1-2 (2) vs a-B1-3 (3): +1;
    # a-C1-2 (1) vs a-C1-3 (3): +2; a-C1-4 (3) vs a-C1-5 (2): -1.
    assert (cal.pairs, cal.generous, cal.same, cal.stricter) == (4, 3, 0, 1)
    assert cal.rating_difference == pytest.approx(1.0)
    assert cal.generous_share == pytest.approx(0.75)
    bob = team.stats.for_person("bob").calibration
    # b-B1-1 is a first sight (left out); b-B1-2 (1) vs b-B1-3 (1): the same.
    assert (bob.pairs, bob.same, bob.rating_difference) == (1, 1, 0.0)


def test_pair_figures(team: Services) -> None:
    pair = team.stats.pair("alice", "bob")
    assert [(c.key, c.again) for c in pair.both_know.cards] == [("aaaa0001", 0)]
    assert [(c.key, c.again) for c in pair.only_a_knows.cards] == [("bbbb0001", 3)]
    assert [(c.key, c.again) for c in pair.only_b_knows.cards] == [("aaaa0002", 2)]
    assert [(c.key, c.again) for c in pair.both_missing.cards] == [("aaaa0002", 4)]
    assert (pair.a_graded_by_b, pair.b_graded_by_a) == (4, 2)
    assert (pair.calibration_a.grader, pair.calibration_a.pairs) == ("bob", 4)
    assert (pair.calibration_b.grader, pair.calibration_b.same) == ("alice", 1)
    assert pair.both_know.cards[0].prompt == "el perro"


def test_pair_figures_read_the_same_either_way_round(team: Services) -> None:
    # The join starts from whoever answered fewer cards; the figures do not depend on it.
    ab, ba = team.stats.pair("alice", "bob"), team.stats.pair("bob", "alice")
    assert ba.only_a_knows == ab.only_b_knows
    assert ba.only_b_knows == ab.only_a_knows
    assert (ba.both_know, ba.both_missing) == (ab.both_know, ab.both_missing)
    assert (ba.a_graded_by_b, ba.calibration_b) == (ab.b_graded_by_a, ab.calibration_a)


def test_a_card_only_one_partner_answered_is_in_no_pair_list(team: Services) -> None:
    with team.ctx.store.write():  # bob never answered aaaa0001 (alice knows it)
        team.ctx.store.conn.execute(
            "UPDATE card_state SET reps = 0 WHERE person = 'bob' AND card = 'aaaa0001'"
        )
    pair = team.stats.pair("alice", "bob")
    assert pair.both_know.count == 0
    assert "aaaa0001" not in [c.key for c in pair.only_a_knows.cards]


def test_pair_lists_are_capped_but_counted(team: Services) -> None:
    pair = team.stats.pair("alice", "bob", limit=0)
    assert (pair.both_know.count, pair.both_know.cards) == (1, ())


def test_unknown_person_is_an_error(team: Services) -> None:
    with pytest.raises(NotFoundError):
        team.stats.for_person("zed")
    with pytest.raises(NotFoundError):
        team.stats.pair("alice", "zed")


def test_stats_of_someone_without_reviews(team: Services) -> None:
    team.people.add("carol")
    figures = team.stats.for_person("carol")
    assert figures.activity.reviews == 0
    assert figures.activity.reviews_per_study_day is None
    assert figures.retention[2].total.rate is None
    assert (figures.streak.days, figures.streak.last_day) == (0, None)
    assert figures.calibration.pairs == 0
    assert figures.calibration.generous_share is None
    assert figures.counts.new == 6
