"""The partnership report: figures per person and pair, levels, formats, escaping."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tandem.models import BadInputError, FrozenClock
from tandem.render.report import Format, render_report
from tandem.services import Services
from tandem.services.report.models import NO_TOPIC, Level, TeamReport
from tandem.services.stats.models import Tally

from .test_stats import build_team

WEEK = (date(2026, 2, 26), date(2026, 3, 4))


@pytest.fixture
def team(tmp_path: Path, clock: FrozenClock) -> Iterator[Services]:
    svc = build_team(tmp_path, clock)
    yield svc
    svc.close()


def _build(team: Services, level: Level = Level.CARDS, since: date = WEEK[0]) -> TeamReport:
    return team.report.build(since, WEEK[1], level)


def test_person_totals_of_the_week(team: Services) -> None:
    alice, bob = _build(team).people
    assert alice.person == "alice"
    # a-A1-3..5, a-B1-1..3, a-B2-1..2, a-A2-1..3 (New York study days 02-26 to 03-04).
    assert (alice.solo_reviews, alice.partner_reviews, alice.reviews) == (9, 2, 11)
    assert (alice.duration_ms, alice.days_studied) == (24000, 6)
    assert (alice.retention.young, alice.retention.mature) == (Tally(4, 3), Tally(1, 0))
    assert (alice.retention.days, alice.retention.target) == (7, 0.9)
    assert alice.written == 2  # bbbb0001, bbbb0002 (first synced today); aaaa0001 is 02-20's
    # aaaa0002, relearning since 03-02 12:20; cccc0001, due 03-04 17:00Z: Hard on 02-11 gave
    # FSRS 23 days, fuzzed (seeded by card and review count) within 20-26 to 21.
    assert alice.backlog == 2
    assert (alice.leeches, alice.topics_covered) == (0, 3)
    assert (alice.calibration.pairs, alice.calibration.generous) == (2, 2)
    assert alice.calibration.rating_difference == pytest.approx(1.5)
    assert [d.reviews for d in alice.daily] == [1, 2, 1, 0, 3, 3, 1]
    assert (bob.solo_reviews, bob.partner_reviews, bob.duration_ms, bob.days_studied) == (
        5, 2, 7000, 4,
    )  # fmt: skip
    assert (bob.retention.young, bob.retention.mature) == (Tally(1, 1), Tally(0, 0))
    assert (bob.written, bob.backlog, bob.calibration.same) == (2, 1, 1)


def test_topics_and_cards(team: Services) -> None:
    alice, bob = _build(team).people
    assert [(t.topic, t.reviews, t.cards, t.retention) for t in alice.topics] == [
        ("spanish", 6, 2, Tally(3, 1)),
        ("git", 5, 2, Tally(2, 2)),
        ("verbs", 3, 1, Tally(1, 0)),
    ]
    assert [(t.topic, t.reviews) for t in bob.topics] == [("spanish", 4), ("git", 3), ("verbs", 3)]
    assert [(c.key, c.reviews, c.again, c.retention) for c in alice.cards] == [
        ("aaaa0002", 3, 2, Tally(1, 0)),
        ("aaaa0001", 3, 1, Tally(2, 1)),
        ("bbbb0001", 3, 0, Tally(2, 2)),
        ("bbbb0002", 2, 0, Tally(0, 0)),
    ]
    assert alice.cards[0].prompt == "tener (yo)"


def test_untagged_cards_and_leeches(team: Services) -> None:
    with team.ctx.store.write():
        team.ctx.store.conn.execute(
            "UPDATE card_state SET leech = 1, suspended = 1 "
            "WHERE person = 'alice' AND card = 'cccc0001'"
        )
    alice = _build(team, since=date(2026, 2, 1)).people[0]
    assert (NO_TOPIC, 2) in [(t.topic, t.reviews) for t in alice.topics]
    assert alice.topics_covered == 3  # (no tag) is not a topic
    assert alice.leeches == 1
    assert [c.key for c in alice.cards if c.leech] == ["cccc0001"]


def test_sessions_and_pairs(team: Services) -> None:
    report = _build(team)
    [session] = report.sessions
    assert (session.day, session.partners, session.notes) == (
        date(2026, 3, 2), ("alice", "bob", "carol"), 1,
    )  # fmt: skip
    assert [(p.a, p.b, p.sessions, p.a_graded_by_b, p.b_graded_by_a) for p in report.pairs] == [
        ("alice", "bob", 1, 2, 2),
        ("alice", "carol", 1, 0, 0),
        ("bob", "carol", 1, 0, 0),
    ]
    wider = _build(team, since=date(2026, 2, 20))
    assert [s.day for s in wider.sessions] == [date(2026, 2, 20), date(2026, 3, 2)]
    assert [p.written for p in wider.people] == [3, 3]
    assert wider.pairs[0].sessions == 2


def test_a_grader_from_a_log_who_is_no_person_still_counts(team: Services) -> None:
    with team.ctx.store.write():  # one of alice's own answers in the week, graded by dave
        team.ctx.store.conn.execute(
            "UPDATE reviews SET grader = 'dave', day = NULL WHERE seq = (SELECT seq FROM "
            "reviews WHERE person = 'alice' AND grader = 'alice' AND at >= '2026-02-28' "
            "ORDER BY at LIMIT 1)"
        )
    report = _build(team)
    alice = report.people[0]
    assert (alice.solo_reviews, alice.partner_reviews) == (8, 3)
    assert ("alice", "dave", 0, 1, 0) in [
        (p.a, p.b, p.sessions, p.a_graded_by_b, p.b_graded_by_a) for p in report.pairs
    ]


def test_levels_limit_detail(team: Services) -> None:
    totals = _build(team, Level.TOTALS).people[0]
    assert (totals.topics, totals.cards, totals.topics_covered) == ((), (), 3)
    topics = _build(team, Level.TOPICS).people[0]
    assert topics.topics
    assert not topics.cards
    for fmt in Format:
        text = render_report(_build(team, Level.TOTALS), fmt)
        assert "tener" not in text, fmt
        assert "verbs" not in text, fmt


def test_default_period_is_the_last_30_days(team: Services) -> None:
    report = team.report.build()
    assert (report.since, report.until) == (date(2026, 2, 3), date(2026, 3, 4))


def test_since_after_until_is_refused(team: Services) -> None:
    with pytest.raises(BadInputError):
        team.report.build(date(2026, 3, 5), date(2026, 3, 4))


def test_html_is_self_contained_escaped_and_printable(team: Services) -> None:
    html = render_report(_build(team, since=date(2026, 2, 1)), Format.HTML)
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://", html)
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", html)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 1 &lt; 2?" in html
    assert "Session: git &lt;rebase&gt; &amp; &quot;reflog&quot;" in html
    assert "@media print" in html
    assert html.count("<svg") == 4  # two charts per person
    assert "<title>2026-02-27: 2 reviews</title>" in html


def test_markdown_escapes_user_text(team: Services) -> None:
    text = render_report(_build(team, since=date(2026, 2, 1)), Format.MD)
    assert "<script>" not in text
    assert r'\<script\>alert("x")\</script\> & 1 \< 2?' in text
    # a prompt is its plain words (code marks dropped), a title is escaped
    assert "| What does git stash do? |" in text
    assert "| alice | 13 | 10 | 3 |" in text
    assert "## Sessions" in text
    assert "## bob" in text


def test_csv_rows(team: Services) -> None:
    rows = list(csv.reader(io.StringIO(render_report(_build(team), Format.CSV))))
    assert rows[0] == ["section", "person", "partner", "date", "item", "metric", "value"]
    found = {(r[0], r[1], r[2], r[3], r[4], r[5]): r[6] for r in rows[1:]}
    assert found["person", "alice", "", "", "", "solo_reviews"] == "9"
    assert found["person", "alice", "", "", "", "young_passed"] == "3"
    assert found["day", "alice", "", "2026-03-02", "", "reviews"] == "3"
    assert found["topic", "bob", "", "", "spanish", "reviews"] == "4"
    assert found["card", "alice", "", "", "aaaa0002", "again"] == "2"
    assert found["pair", "alice", "bob", "", "", "b_graded_by_a"] == "2"
    assert found["session", "alice;bob;carol", "", "2026-03-02",
                 'Session: git <rebase> & "reflog"', "notes"] == "1"  # fmt: skip


def test_csv_defuses_formulas(team: Services, tmp_path: Path) -> None:
    (team.paths.decks / "sessions" / "2026-03-03-x.md").write_text(
        '+++\ntitle = "=HYPERLINK(1)"\ndate = 2026-03-03\npartners = ["alice"]\n+++\n'
    )
    team.sync.run()
    text = render_report(_build(team), Format.CSV)
    assert ",'=HYPERLINK(1)," in text
