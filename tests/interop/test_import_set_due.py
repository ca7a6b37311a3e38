"""Anki's "Set due date" and FSRS rescheduling rows come in as due dates set by hand, on the
day Anki set; tandem's go back out as Anki's set-due-date rows (round trip, content compared).
"""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tandem.config import resolve_paths
from tandem.models import FrozenClock, Rating, ReviewKind
from tandem.services import Services, build_services
from tandem.storage.db import Store
from tests.interop.conftest import CLOZE, edited_package

MINUTE = 60_000
REVIEWED, LEARNING = 1795911269814, 1795911269816  # two cards of the fixture, both answered
ANSWERED = 1795911269817  # the first card's answer (learning), on the collection's day 0
DAY_0 = datetime(2026, 11, 28, 4, tzinfo=UTC)  # the fixture's crt: 4 am, as the study day


def _set_due_rows(conn: sqlite3.Connection) -> None:
    """The first card graduates, is set due twice around an answer, then is crammed; the
    second is rescheduled by FSRS while it is still learning."""
    conn.execute(
        "UPDATE cards SET type = 2, queue = 2, due = 10, ivl = 7 WHERE id = ?", (REVIEWED,)
    )
    rows = [  # id, card, ease, ivl, factor, type
        (ANSWERED + 1 * MINUTE, REVIEWED, 0, 3, 2500, 4),  # set due in 3 days (ivl from the answer)
        (ANSWERED + 2 * MINUTE, REVIEWED, 3, 4, 2500, 1),  # answered: that due date is gone
        (ANSWERED + 3 * MINUTE, REVIEWED, 0, 7, 2500, 4),  # set due: the card's own due day 10
        (ANSWERED + 4 * MINUTE, REVIEWED, 3, 0, 0, 3),  # cramming: schedules nothing
        (ANSWERED + 5 * MINUTE, LEARNING, 0, 4, 5000, 5),  # FSRS rescheduling, a learning card
        (ANSWERED + 6 * MINUTE, LEARNING, 0, 0, 0, 4),  # a Forget stays a reset
    ]
    conn.executemany("INSERT INTO revlog VALUES (?, ?, -1, ?, ?, 0, ?, 0, ?)", rows)


def test_set_due_rows_become_due_dates_on_the_day_anki_set(svc: Services, tmp_path: Path) -> None:
    svc.people.add("alice")
    package = edited_package(CLOZE, tmp_path / "due.apkg", _set_due_rows)
    summary = svc.importer.run(package, person="alice")
    assert (summary.due_dates, summary.resets) == (3, 1)
    assert summary.skipped == {}
    at = {e.at: e for e in svc.ctx.reviews.for_person("alice")}
    moment = lambda ms: datetime.fromtimestamp(ms / 1000, UTC)  # noqa: E731
    entries = [at[moment(ANSWERED + n * MINUTE)] for n in range(1, 7)]
    assert [(e.kind, e.rating, e.due) for e in entries] == [
        (ReviewKind.MANUAL, None, DAY_0 + timedelta(days=3)),
        (ReviewKind.REVIEW, Rating.GOOD, None),
        (ReviewKind.MANUAL, None, DAY_0 + timedelta(days=10)),  # Anki's due day 10, exactly
        (ReviewKind.CRAM, Rating.GOOD, None),
        (ReviewKind.MANUAL, None, DAY_0 + timedelta(days=4)),  # its last answer's day + ivl
        (ReviewKind.RESET, None, None),
    ]
    reviewed = svc.ctx.states.get("alice", entries[0].card)
    assert reviewed is not None
    assert reviewed.memory.due == DAY_0 + timedelta(days=10)  # as Anki has it
    assert svc.doctor.check().differences == []  # a replay of the log gives the same


def test_set_due_dates_go_to_anki_and_back(
    svc: Services, clock: FrozenClock, tmp_path: Path
) -> None:
    svc.people.add("alice")
    svc.importer.run(CLOZE, person="alice")
    start = svc.ctx.person("alice").days.day_start(clock.now())
    keys = sorted(r.card for r in svc.ctx.reviews.for_person("alice"))[:2]
    study = svc.study("alice")
    for key in keys:
        study.answer(key, Rating.EASY)
    clock.advance(days=2)
    svc.cards.set_due("alice", keys[:1], svc.cards.due_on("alice", days=9))
    clock.advance(days=1)
    svc.study("alice").answer(keys[0], Rating.GOOD)  # the first date is history now
    svc.cards.set_due("alice", keys, svc.cards.due_on("alice", days=5))
    out = tmp_path / "out.apkg"
    svc.exporter.apkg(out, person="alice")

    with zipfile.ZipFile(out) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "c.anki2")
    set_due = conn.execute(
        "SELECT ivl, factor FROM revlog WHERE type = 4 AND ease = 0 AND factor > 0 ORDER BY id"
    ).fetchall()
    # days from the last answer to the new due day, as Anki writes them with FSRS on
    assert set_due[0] == (2 + 9, 2500)
    assert sorted(set_due[1:]) == [(5, 2500), (3 + 5, 2500)]
    conn.close()

    other = build_services(resolve_paths(decks=tmp_path / "decks2"),
                           db=Store(tmp_path / "b.db"), clock=clock)  # fmt: skip
    other.people.add("alice")
    summary = other.importer.run(out, person="alice")
    assert summary.due_dates == 3

    def dates(services: Services) -> list[tuple[datetime, datetime | None, datetime | None]]:
        """Each due date set by hand: when (to the second: two set at once are a millisecond
        apart in Anki's log), the date it set, and its card's due date now."""
        log = services.ctx.reviews.for_person("alice")
        states = {row.card: row.memory.due for row in services.ctx.states.for_person("alice")}
        return sorted((e.at.replace(microsecond=0), e.due, states[e.card])
                      for e in log if e.kind is ReviewKind.MANUAL)  # fmt: skip

    assert dates(other) == dates(svc)
    assert [due for _, due, _ in dates(svc)] == [
        start + timedelta(days=11),
        start + timedelta(days=8),
        start + timedelta(days=8),
    ]
    other.close()
