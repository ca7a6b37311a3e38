"""Statistics computed in SQL equal the review-by-review computation they replaced.

The reference below is the former Python path: every answer read with the time of its
card's previous memory answer, each study day worked out with ``DayBoundary.study_date``.
It runs on a generated history (time zones with daylight saving, day starts at midnight
and 4 am, answers at the same instant, cramming, resets, partner grades) and must give the
very figures ``svc.stats`` and ``svc.report`` give from the stored days and SQL sums.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import FrozenClock, FsrsState, Rating, Review, ReviewKind, format_utc
from tandem.models import parse_utc as parse
from tandem.scheduling.days import DayBoundary
from tandem.services import Services, build_services
from tandem.services.report.models import Level
from tandem.services.stats.models import Tally
from tandem.storage.db import Store

NOW = datetime(2026, 3, 30, 15, 0, tzinfo=UTC)
PEOPLE = {"ann": ("America/New_York", 4), "ben": ("Europe/London", 0), "cat": ("UTC", 23)}
KINDS = [
    ReviewKind.REVIEW,
    ReviewKind.RESTART,
    ReviewKind.CRAM,
    ReviewKind.RESET,
    ReviewKind.MANUAL,
]
"""Every kind of log entry (weighted 80, 5, 10, 3, 2 below)."""
WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class Fact:
    """An answer as the former path read it."""

    card: str
    rating: int
    at: datetime
    grader: str
    duration_ms: int | None
    prev_state: int
    prev_at: datetime | None
    cram: bool


def write_deck(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True)
    keys = [f"s{n:07d}" for n in range(count)]
    tags = ["", " · tags: alpha", " · tags: alpha, beta"]
    cards = [f"Q: question {n}\nA: answer {n}\n<!-- id: {key} · by: ann{tags[n % 3]} -->\n"
             for n, key in enumerate(keys)]  # fmt: skip
    (folder / "deck.md").write_text('+++\ntitle = "Generated"\n+++\n\n' + "\n".join(cards))
    return keys


def generated_log(keys: list[str], seed: int = 7) -> list[tuple[Review, FsrsState]]:
    """About 4,000 entries over 420 days for three people, with ties and every kind."""
    rng = random.Random(seed)
    entries: list[tuple[Review, FsrsState]] = []
    start = NOW - timedelta(days=420)
    for person in PEOPLE:
        others = [p for p in PEOPLE if p != person]
        for card in keys[: 40 if person != "cat" else 15]:
            at = start + timedelta(seconds=rng.randrange(86400 * 30))
            for step in range(rng.randrange(5, 40)):
                kind = rng.choices(KINDS, weights=(80, 5, 10, 3, 2))[0]
                unrated = kind in (ReviewKind.RESET, ReviewKind.MANUAL)
                rating = None if unrated else Rating(rng.randrange(1, 5))
                due = at + timedelta(days=3) if kind is ReviewKind.MANUAL else None
                grader = person if rng.random() < 0.7 else rng.choice(others)
                state = FsrsState(rng.randrange(4)) if step else FsrsState.NEW
                entry = Review(f"{person}-{card}-{step}", card, person, rating, at, grader,
                               rng.choice([None, 1500, 4000]), kind, due)  # fmt: skip
                entries.append((entry, state))
                if rng.random() > 0.1:  # else the next one is at the same instant
                    at += timedelta(
                        seconds=rng.choice(
                            [60, 3600, 20 * 3600, 86400 * 3, 86400 * 21, 86400 * 29, 86400 * 31]
                        )
                    )
                    at += timedelta(microseconds=rng.randrange(1_000_000))
    for n in range(40):  # a streak of daily answers up to yesterday (New York)
        at = NOW - timedelta(days=n + 1, hours=rng.randrange(3))
        entries.append((Review(f"ann-daily-{n}", keys[38], "ann", Rating.GOOD, at, "ann"),
                        FsrsState.REVIEW))  # fmt: skip
    rng.shuffle(entries)  # the log arrives in any order
    return entries


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Services]:
    keys = write_deck(tmp_path / "decks", 40)
    services = build_services(resolve_paths(decks=tmp_path / "decks"),
                              db=Store(tmp_path / "t.db"), clock=FrozenClock(NOW))  # fmt: skip
    for name, (zone, hour) in PEOPLE.items():
        services.people.add(name)
        settings = services.people.settings(name).updated(
            {"timezone": zone, "day_starts_at_hour": hour}
        )
        services.people.update_settings(name, settings)
    services.sync.run()
    with services.ctx.store.write():
        services.ctx.reviews.add_many(generated_log(keys))
    yield services
    services.close()


# The former path, kept here as the reference.


def facts(svc: Services, person: str, start: datetime, end: datetime) -> list[Fact]:
    rows = svc.ctx.store.conn.execute(
        "SELECT r.card, r.rating, r.at, r.grader, r.duration_ms, r.prev_state, "
        "(SELECT max(p.at) FROM reviews p WHERE p.person = r.person AND p.card = r.card "
        " AND p.at < r.at AND p.kind IN ('review', 'restart')), r.kind = 'cram' "
        "FROM reviews r WHERE r.person = ? AND r.at >= ? AND r.at < ? "
        "AND r.kind NOT IN ('reset', 'manual') "
        "ORDER BY r.at, r.seq",
        (person, format_utc(start), format_utc(end)),
    ).fetchall()
    return [Fact(c, r, parse(a), g, d, s, None if p is None else parse(p), bool(cram))
            for c, r, a, g, d, s, p, cram in rows]  # fmt: skip


def tally(found: list[Fact], days: DayBoundary) -> tuple[Tally, Tally]:
    counts = {False: [0, 0], True: [0, 0]}
    for f in found:
        if f.prev_state == FsrsState.REVIEW and not f.cram:
            mature = (
                f.prev_at is not None
                and (days.study_date(f.at) - days.study_date(f.prev_at)).days >= 21
            )
            counts[mature][0] += 1
            counts[mature][1] += f.rating != Rating.AGAIN
    return Tally(*counts[False]), Tally(*counts[True])


def per_day(found: list[Fact], days: DayBoundary) -> dict[date, tuple[int, int]]:
    reviews: Counter[date] = Counter()
    spent: Counter[date] = Counter()
    for f in found:
        reviews[days.study_date(f.at)] += 1
        spent[days.study_date(f.at)] += f.duration_ms or 0
    return {day: (reviews[day], spent[day]) for day in reviews}


def calibration(
    person: str, found: list[Fact], start: datetime, end: datetime, grader: str | None = None
) -> tuple[int, int, int, int, float | None]:
    solo: dict[str, list[Fact]] = defaultdict(list)
    graded = []
    for f in found:
        if f.prev_state == FsrsState.NEW:
            continue
        if f.grader == person:
            solo[f.card].append(f)
        elif (grader is None or f.grader == grader) and start <= f.at < end:
            graded.append(f)
    diffs = []
    for other in graded:
        near = [s for s in solo[other.card] if abs(s.at - other.at) <= WINDOW]
        if near:
            mine = min(near, key=lambda s: (abs(s.at - other.at), s.at))
            diffs.append(mine.rating - other.rating)
    return (len(diffs), sum(d > 0 for d in diffs), sum(d == 0 for d in diffs),
            sum(d < 0 for d in diffs), sum(diffs) / len(diffs) if diffs else None)  # fmt: skip


def check_person(svc: Services, person: str) -> None:
    p = svc.ctx.person(person)
    stats = svc.stats.for_person(person)
    today = p.days.study_date(NOW)
    first = today - timedelta(days=364)
    start, end = p.days.start_of(first), p.days.start_of(today + timedelta(days=1))
    around = facts(svc, person, start - WINDOW, end + WINDOW)
    year = [f for f in around if start <= f.at < end]
    expected = per_day(year, p.days)
    assert {d.day: (d.reviews, d.duration_ms) for d in stats.activity.days if d.reviews} == (
        expected
    )
    for retention in stats.retention:
        since = today - timedelta(days=retention.days - 1)
        window = [f for f in year if p.days.study_date(f.at) >= since]
        assert (retention.young, retention.mature) == tally(window, p.days)
    cal = stats.calibration
    assert (cal.pairs, cal.generous, cal.same, cal.stricter, cal.rating_difference) == (
        calibration(person, around, start, end)
    )
    studied = {p.days.study_date(f.at) for f in facts(svc, person, NOW - timedelta(days=900),
                                                       end)}  # fmt: skip
    day, count = (today if today in studied else today - timedelta(days=1)), 0
    while day in studied:
        count, day = count + 1, day - timedelta(days=1)
    assert stats.streak.days == count
    assert person != "ann" or count >= 40
    for other in PEOPLE:
        if other != person:
            graded = svc.stats.calibration(person, first, today, grader=other)
            wide = facts(svc, person, start - WINDOW, end + WINDOW)
            expected = calibration(person, wide, start, end, other)
            assert (graded.pairs, graded.generous, graded.same, graded.stricter,
                    graded.rating_difference) == expected  # fmt: skip


def check_report(svc: Services, since: date, until: date) -> None:
    report = svc.report.build(since, until, Level.CARDS)
    for row in report.people:
        p = svc.ctx.person(row.person)
        start, end = p.days.start_of(since), p.days.start_of(until + timedelta(days=1))
        wide = facts(svc, row.person, start - WINDOW, end + WINDOW)
        found = [f for f in wide if start <= f.at < end]
        assert row.solo_reviews == sum(f.grader == row.person for f in found)
        assert row.partner_reviews == sum(f.grader != row.person for f in found)
        assert (row.retention.young, row.retention.mature) == tally(found, p.days)
        assert {d.day: (d.reviews, d.duration_ms) for d in row.daily if d.reviews} == (
            per_day(found, p.days)
        )
        cal = row.calibration
        assert (cal.pairs, cal.generous, cal.same, cal.stricter, cal.rating_difference) == (
            calibration(row.person, wide, start, end)
        )
        by_card: dict[str, list[Fact]] = defaultdict(list)
        for f in found:
            by_card[f.card].append(f)
        shown = {c.key: (c.reviews, c.again, c.retention) for c in row.cards}
        assert shown == {
            card: (len(group), sum(f.rating == Rating.AGAIN for f in group),
                   sum(tally(group, p.days), Tally()))
            for card, group in by_card.items()
        }  # fmt: skip
        topics = {t.topic: (t.reviews, t.cards) for t in row.topics}
        alpha = [f for f in found if int(f.card[1:]) % 3]
        assert topics.get("alpha", (0, 0)) == (len(alpha), len({f.card for f in alpha}))


def test_person_figures_equal_the_review_by_review_computation(svc: Services) -> None:
    for person in PEOPLE:
        check_person(svc, person)


def test_report_equals_the_review_by_review_computation(svc: Services) -> None:
    check_report(svc, date(2000, 1, 1), NOW.date())
    check_report(svc, date(2025, 10, 20), date(2026, 3, 1))  # across the clock changes


def test_a_new_day_start_works_out_every_stored_day_again(svc: Services) -> None:
    check_person(svc, "ann")
    settings = svc.people.settings("ann").updated({"day_starts_at_hour": 0})
    svc.people.update_settings("ann", settings)
    check_person(svc, "ann")
    assert svc.ctx.store.conn.execute(
        "SELECT boundary FROM review_days WHERE person = 'ann'"
    ).fetchone() == ("0@America/New_York",)


def test_reviews_added_or_undone_later_update_the_gaps(svc: Services) -> None:
    check_person(svc, "ben")
    card = "s0000001"
    last = svc.ctx.store.conn.execute(
        "SELECT max(at) FROM reviews WHERE person = 'ben' AND card = ?", (card,)
    ).fetchone()[0]
    # An answer from another device, logged between two known ones, shortens a gap.
    middle = parse(last) - timedelta(days=10)
    late = Review("ben-late", card, "ben", Rating.GOOD, middle, "ben", 900, ReviewKind.REVIEW)
    with svc.ctx.store.write():
        svc.ctx.reviews.add(late, FsrsState.REVIEW)
    check_person(svc, "ben")
    with svc.ctx.store.write():
        assert svc.ctx.reviews.remove("ben-late")
    check_person(svc, "ben")
    # A replay that finds another state before a partner's grade changes what pairs.
    graded = svc.ctx.store.conn.execute(
        "SELECT id FROM reviews WHERE person = 'ben' AND grader != 'ben' AND prev_state = 2 "
        "AND paired IS NOT NULL LIMIT 5"
    ).fetchall()
    with svc.ctx.store.write():
        for (review_id,) in graded:
            svc.ctx.reviews.set_prev_state(review_id, FsrsState.NEW)
    check_person(svc, "ben")


def test_mature_means_21_study_days_since_the_previous_review(svc: Services) -> None:
    # ann's day starts at 4 am New York: 03:30 there is still the previous study day.
    def mature_after(prev: str, at: str) -> Tally:
        with svc.ctx.store.write():
            svc.ctx.store.conn.execute("DELETE FROM reviews WHERE card = 's0000039'")
            for n, when in enumerate((prev, at)):
                entry = Review(f"m{n}", "s0000039", "ann", Rating.GOOD,
                               datetime.fromisoformat(when).replace(tzinfo=UTC), "ann")  # fmt: skip
                svc.ctx.reviews.add(entry, FsrsState.REVIEW)
            svc.ctx.store.conn.execute("UPDATE reviews SET day = NULL WHERE card = 's0000039'")
        return svc.stats.retention("ann", date(2026, 1, 21), date(2026, 1, 21)).mature

    # 12-31 (study day) -> 01-21 is 21 days.
    assert mature_after("2026-01-01T08:30:00", "2026-01-22T08:30:00") == Tally(1, 1)
    # 04:30 -> 03:30 twenty-one calendar days later is only 20 study days.
    assert mature_after("2026-01-01T09:30:00", "2026-01-22T08:30:00") == Tally(0, 0)


def test_calibration_ignores_solo_reviews_more_than_30_days_away(svc: Services) -> None:
    with svc.ctx.store.write():
        svc.ctx.store.conn.execute("DELETE FROM reviews WHERE person = 'cat'")
        for n, (when, rating, grader) in enumerate((
            ("2026-01-01T12:00:00", Rating.EASY, "cat"),
            ("2026-02-01T12:00:01", Rating.AGAIN, "ann"),  # 31 days after the solo one
            ("2026-02-02T12:00:00", Rating.GOOD, "ann"),
            ("2026-02-04T12:00:00", Rating.HARD, "cat"),
        )):  # fmt: skip
            at = datetime.fromisoformat(when).replace(tzinfo=UTC)
            svc.ctx.reviews.add(Review(f"c{n}", "s0000002", "cat", rating, at, grader),
                                FsrsState.REVIEW)  # fmt: skip
    cal = svc.stats.calibration("cat", date(2026, 1, 1), date(2026, 2, 28))
    # The first partner grade pairs with 02-04 (3 days), not 01-01 (31 days): 2 vs 1.
    assert (cal.pairs, cal.generous, cal.stricter) == (2, 1, 1)
