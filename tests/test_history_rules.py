"""Anki's history rules in replay (resets, restarts, cramming) and leeches from the log."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.config import resolve_paths
from tandem.config.settings import PersonSettings
from tandem.models import CardState, FrozenClock, FsrsState, Rating, ReviewKind, format_rfc3339
from tandem.scheduling.history import Entry, fold, memory_history
from tandem.scheduling.scheduler import PersonScheduler
from tandem.services import Services, build_services
from tandem.storage.db import Store

from .conftest import START, add_notes

DAY = timedelta(days=1)


def _scheduler() -> PersonScheduler:
    return PersonScheduler(PersonSettings(timezone="UTC"))


def _entry(kind: ReviewKind, rating: int | None, days: float) -> Entry:
    return Entry(kind, None if rating is None else Rating(rating), START + days * DAY)


def _line(card: str, n: int, days: float, rating: int | None, kind: str = "review") -> str:
    """A log line as ``log export`` writes it: no rating for a reset, no kind for a review."""
    line: dict[str, object] = {"id": f"r{n:03d}", "card": card, "person": "alice"}
    if rating is not None:
        line["rating"] = rating
    line |= {"at": format_rfc3339(START + days * DAY), "grader": "alice"}
    if kind != "review":
        line["kind"] = kind
    return json.dumps(line)


def test_a_reset_starts_the_card_afresh_and_cramming_schedules_nothing() -> None:
    scheduler = _scheduler()
    log = [
        _entry(ReviewKind.REVIEW, 3, 0),
        _entry(ReviewKind.REVIEW, 3, 3),
        _entry(ReviewKind.RESET, None, 4),
        _entry(ReviewKind.REVIEW, 2, 5),
        _entry(ReviewKind.CRAM, 1, 5.5),
        _entry(ReviewKind.REVIEW, 3, 6),
    ]
    folded = fold(scheduler, "k", log)
    alone = scheduler.replay("k", [(e.rating, e.at) for e in (log[3], log[5])])  # type: ignore[misc]
    assert folded.state == alone
    assert folded.before == [FsrsState.NEW, FsrsState.LEARNING, FsrsState.REVIEW, FsrsState.NEW,
                             FsrsState.LEARNING, FsrsState.LEARNING]  # fmt: skip
    assert [e.at for e in memory_history(log)] == [log[3].at, log[5].at]
    assert fold(scheduler, "k", log[:3]).state == CardState()  # reset, nothing since: new


def test_a_restart_is_an_answer_on_a_new_card() -> None:
    scheduler = _scheduler()
    log = [_entry(ReviewKind.REVIEW, 3, 0), _entry(ReviewKind.REVIEW, 1, 4),
           _entry(ReviewKind.RESTART, 3, 9), _entry(ReviewKind.REVIEW, 3, 11)]  # fmt: skip
    folded = fold(scheduler, "k", log)
    assert folded.state == scheduler.replay(
        "k", [(Rating.GOOD, log[2].at), (Rating.GOOD, log[3].at)]
    )
    assert folded.before[2] is FsrsState.NEW  # Anki logs it as a learning answer


def test_leeches_follow_from_the_log() -> None:
    scheduler = PersonScheduler(PersonSettings(timezone="UTC", leech_threshold=2))
    log, day = [_entry(ReviewKind.REVIEW, 4, 0)], 0.0  # Easy: straight to review
    for _ in range(2):  # two lapses, each relearned the same day
        day += 5
        log += [_entry(ReviewKind.REVIEW, 1, day), _entry(ReviewKind.REVIEW, 3, day + 0.01)]
    assert not fold(scheduler, "k", log[:3]).leech
    at_lapse = fold(scheduler, "k", log[:4])
    assert (at_lapse.leech, at_lapse.suspend) == (True, True)  # suspended at once
    later = fold(scheduler, "k", log)
    assert (later.leech, later.suspend) == (True, False)  # answered since: brought back
    reset = fold(scheduler, "k", [*log[:4], _entry(ReviewKind.RESET, None, 12)])
    assert (reset.leech, reset.suspend) == (True, False)  # the tag stays, as in Anki


@pytest.fixture
def alice(svc: Services) -> tuple[Services, list[str]]:
    svc.people.add("alice")
    svc.people.update_settings("alice", PersonSettings(timezone="UTC", leech_threshold=2))
    return svc, add_notes(svc, 3)


def _import(svc: Services, tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join(lines) + "\n")
    svc.log.import_file(path)


def test_replay_of_an_imported_log_applies_the_rules_and_round_trips(
    alice: tuple[Services, list[str]], tmp_path: Path
) -> None:
    svc, keys = alice
    key = keys[0]
    lines = [
        _line(key, 1, -30, 3),
        _line(key, 2, -27, 3),
        _line(key, 3, -20, None, "reset"),
        _line(key, 4, -19, 4),
        _line(key, 5, -18, 1, "cram"),
        _line(key, 6, -10, 2, "restart"),
        _line(key, 7, -5, 3),
    ]
    _import(svc, tmp_path, lines)
    row = svc.ctx.states.get("alice", key)
    assert row is not None
    scheduler = svc.ctx.person("alice").scheduler
    restarted = scheduler.replay("k", [])  # the restart and what follows, on a new card
    for rating, days in ((Rating.HARD, -10), (Rating.GOOD, -5)):
        restarted = scheduler.review(key, restarted, rating, START + days * DAY)
    assert row.memory == restarted
    exported = list(svc.log.export_lines("alice"))
    assert [json.loads(line).get("kind", "review") for line in exported] == [
        "review", "review", "reset", "review", "cram", "restart", "review"]  # fmt: skip
    assert "rating" not in json.loads(exported[2])
    assert exported == lines  # the JSON shape round-trips byte for byte
    stats = svc.stats.for_person("alice")
    assert stats.activity.reviews == 6  # resets are not answers
    assert svc.doctor.check().ok


def test_a_reset_without_a_rating_only(alice: tuple[Services, list[str]], tmp_path: Path) -> None:
    svc, keys = alice
    bad = [_line(keys[0], 1, -3, 3, "reset"), _line(keys[0], 2, -2, None)]
    with pytest.raises(Exception, match="2 bad line"):
        _import(svc, tmp_path, bad)


def _lapses(svc: Services, clock: FrozenClock, key: str, lapses: int) -> None:
    session = svc.study("alice")
    session.answer(key, Rating.EASY)
    for _ in range(lapses):
        clock.advance(days=30)
        session.answer(key, Rating.AGAIN)
        clock.advance(minutes=10)
        if _ < lapses - 1:
            session.answer(key, Rating.GOOD)


def test_leech_suspensions_survive_export_and_import(
    alice: tuple[Services, list[str]], clock: FrozenClock, tmp_path: Path
) -> None:
    svc, keys = alice
    _lapses(svc, clock, keys[0], 2)
    row = svc.ctx.states.get("alice", keys[0])
    assert row is not None
    assert (row.leech, row.suspended) == (True, True)
    path = tmp_path / "alice.jsonl"
    path.write_text("".join(f"{line}\n" for line in svc.log.export_lines("alice")))
    other = build_services(resolve_paths(), db=Store(tmp_path / "other.db"), clock=clock)
    other.people.add("alice")
    other.people.update_settings("alice", PersonSettings(timezone="UTC", leech_threshold=2))
    add_notes(other, 3)
    other.log.import_file(path)
    copy = other.ctx.states.get("alice", keys[0])
    assert copy is not None
    assert (copy.leech, copy.suspended, copy.memory) == (True, True, row.memory)
    other.close()


def test_doctor_notices_a_lost_leech_suspension_and_rebuild_restores_it(
    alice: tuple[Services, list[str]], clock: FrozenClock
) -> None:
    svc, keys = alice
    _lapses(svc, clock, keys[0], 2)
    with svc.ctx.store.write() as conn:
        conn.execute("UPDATE card_state SET leech = 0, suspended = 0 WHERE card = ?", (keys[0],))
    report = svc.doctor.check()
    assert not report.ok
    (difference,) = report.differences
    assert "leech: False != True; suspended: False != True" in difference.describe()
    result = CliRunner().invoke(cli, ["doctor", "--rebuild"])
    assert result.exit_code == 0, result.output
    row = svc.ctx.states.get("alice", keys[0])
    assert row is not None
    assert (row.leech, row.suspended) == (True, True)


def test_a_leech_brought_back_stays_back_when_the_log_is_replayed(
    alice: tuple[Services, list[str]], clock: FrozenClock
) -> None:
    svc, keys = alice
    _lapses(svc, clock, keys[0], 2)
    svc.cards.set_suspended("alice", [keys[0]], False)
    svc.people.update_settings("alice", PersonSettings(timezone="UTC", leech_threshold=2,
                                                       desired_retention=0.85))  # fmt: skip
    row = svc.ctx.states.get("alice", keys[0])
    assert row is not None
    assert (row.leech, row.suspended) == (True, False)
    assert svc.doctor.check().ok
    svc.people.update_settings("alice", PersonSettings(timezone="UTC", leech_threshold=8))
    row = svc.ctx.states.get("alice", keys[0])
    assert row is not None
    assert not row.leech  # two lapses are no leech under a threshold of 8


def test_every_kind_counts_in_the_days_studied_but_only_answers(
    alice: tuple[Services, list[str]], tmp_path: Path
) -> None:
    svc, keys = alice
    _import(svc, tmp_path, [_line(keys[1], 1, -2, 3), _line(keys[1], 2, -1, None, "reset")])
    assert svc.ctx.reviews.count("alice") == 2
    assert svc.ctx.reviews.done_since("alice", START - 3 * DAY) == (1, 0)
    row = svc.ctx.states.get("alice", keys[1])
    assert row is not None
    assert row.memory.state is FsrsState.NEW  # new again: it waits in the new queue
