"""doctor on two cores (a long log): SQLite's checks in a thread beside the replay, the
replay in two processes; it finds what the check in one process finds."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tandem.models import Rating
from tandem.services import Services
from tandem.services.maintenance import doctor_parallel
from tandem.services.maintenance.doctor import DoctorReport

from .conftest import add_notes


def _broken(svc: Services) -> list[str]:
    """Two people's answers, then one problem of every kind a check finds without fixing
    (but clashes: tests/test_card_merge.py)."""
    svc.people.add("alice")
    svc.people.add("bob")
    keys = add_notes(svc, 12)
    for n, key in enumerate(keys * 2):
        svc.study("alice").answer(key, Rating(1 + n % 4))
    svc.study("bob").answer(keys[0], Rating.GOOD)
    conn = svc.ctx.store.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    with svc.ctx.store.write():
        conn.execute("UPDATE reviews SET card = 'ghost' WHERE person = 'bob'")
        conn.execute("DELETE FROM card_state WHERE person = 'bob' AND card = ?", (keys[1],))
        conn.execute("UPDATE card_state SET deck_id = 999 WHERE person = 'alice' AND card = ?",
                     (keys[2],))  # fmt: skip
        conn.execute("UPDATE card_state SET stability = 99 WHERE person = 'alice' AND card = ?",
                     (keys[3],))  # fmt: skip
        conn.execute("UPDATE card_state SET reps = 7 WHERE person = 'alice' AND card = ?",
                     (keys[9],))  # fmt: skip
        rowid, question, answer, tags = conn.execute(
            "SELECT rowid, question, answer, tags FROM notes WHERE id = 'n0005'"
        ).fetchone()
        conn.execute("INSERT INTO notes_fts (notes_fts, rowid, question, answer, tags) "
                     "VALUES ('delete', ?, ?, ?, ?)", (rowid, question, answer, tags))  # fmt: skip
    conn.execute("PRAGMA foreign_keys = ON")
    return keys


def _found(report: DoctorReport) -> tuple[object, ...]:
    return (
        report.integrity,
        report.file_checked,
        report.foreign_keys,
        report.problems,
        [d.describe() for d in report.differences],
        report.settings,
        report.clashes,
        report.ok,
    )


@pytest.fixture
def on_two_cores(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Every log counts as long; records each call of the check on two cores."""
    monkeypatch.setattr(doctor_parallel, "CHECK_IN_TWO_FROM", 1)
    monkeypatch.setattr(doctor_parallel.os, "cpu_count", lambda: 2)
    calls: list[tuple[Any, ...]] = []
    table_checks = doctor_parallel.table_checks

    def recorded(*args: Any, **kwargs: Any) -> doctor_parallel.TableChecks:
        found = table_checks(*args, **kwargs)
        calls.append((args, kwargs, found))
        return found

    monkeypatch.setattr(doctor_parallel, "table_checks", recorded)
    return calls


def test_every_problem_is_found_on_two_cores_as_in_one(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = _broken(svc)
    alone = svc.doctor.check()
    monkeypatch.setattr(doctor_parallel, "CHECK_IN_TWO_FROM", 1)
    calls: list[object] = []
    check_in_two = doctor_parallel.check_in_two

    def recorded(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1])
        return check_in_two(*args, **kwargs)

    monkeypatch.setattr("tandem.services.maintenance.doctor.check_in_two", recorded)
    in_two = svc.doctor.check()
    assert len(calls) == 1
    assert _found(in_two) == _found(alone)
    assert in_two.integrity == []  # a small file: its pages checked
    assert in_two.file_checked
    assert [text.split(" row ")[0] + " -> " + text.split(" -> ")[1]
            for text in in_two.foreign_keys] == ["reviews -> cards"]  # fmt: skip
    assert {name: count for name, count in in_two.problems.items() if count} == {
        "review of a card that does not exist": 1,
        "card without a state for a person": 1,
        "state in the wrong deck": 1,
        "search index out of step with the notes": 1,
    }
    assert [(d.person, d.card) for d in in_two.differences] == [
        ("alice", keys[3]),
        ("alice", keys[9]),
        ("bob", keys[0]),  # its review is on a card that does not exist
    ]
    assert "stability: 99.0 !=" in in_two.differences[0].describe()
    assert "reps: 7 != 2" in in_two.differences[1].describe()
    assert not in_two.ok


def test_the_pages_are_checked_in_the_thread_as_asked(
    svc: Services, monkeypatch: pytest.MonkeyPatch, on_two_cores: list[tuple[Any, ...]]
) -> None:
    _broken(svc)
    monkeypatch.setattr("tandem.services.maintenance.doctor.QUICK_CHECK_UP_TO", 0)
    big = svc.doctor.check()
    assert not big.file_checked
    assert big.integrity == []
    assert on_two_cores[-1][1] == {"full": False, "pages": False}
    full = svc.doctor.check(full=True)
    assert full.file_checked
    assert on_two_cores[-1][1] == {"full": True, "pages": True}
    assert on_two_cores[-1][2].integrity == []


def test_a_person_with_refused_settings_is_left_out_of_every_piece(
    svc: Services, on_two_cores: list[tuple[Any, ...]]
) -> None:
    _broken(svc)
    with svc.ctx.store.write() as conn:
        conn.execute("UPDATE people SET settings = '{\"desired_retention\": 7}' WHERE name = 'bob'")
    report = svc.doctor.check()
    assert len(on_two_cores) == 1
    assert list(report.settings) == ["bob"]
    assert {d.person for d in report.differences} == {"alice"}


def test_fixing_runs_in_one_process(
    svc: Services, monkeypatch: pytest.MonkeyPatch, on_two_cores: list[tuple[Any, ...]]
) -> None:
    _broken(svc)
    rebuilt = svc.doctor.check(rebuild=True)
    assert on_two_cores == []
    assert len(rebuilt.differences) == 3
    after = svc.doctor.check()
    assert len(on_two_cores) == 1
    assert after.differences == []


def test_a_person_without_entries_after_the_cut_is_checked_in_their_turn(
    svc: Services, on_two_cores: list[tuple[Any, ...]]
) -> None:
    for person in ("alice", "bob", "carol"):
        svc.people.add(person)
    keys = add_notes(svc, 6)
    for key in keys:  # the middle of the log falls in alice's: she is cut at a card
        svc.study("alice").answer(key, Rating.GOOD)
    svc.study("bob").answer(keys[0], Rating.GOOD)
    with svc.ctx.store.write() as conn:  # carol has no entry, and comes after bob
        conn.execute("UPDATE card_state SET reps = 3 WHERE card = ?", (keys[5],))
    found = [(d.person, d.card) for d in svc.doctor.check().differences]
    assert len(on_two_cores) == 1
    assert found == [("alice", keys[5]), ("bob", keys[5]), ("carol", keys[5])]  # as in one


def test_a_write_made_while_the_check_runs_waits_for_it_and_is_not_half_seen(
    svc: Services, monkeypatch: pytest.MonkeyPatch, on_two_cores: list[tuple[Any, ...]]
) -> None:
    svc.people.add("alice")
    keys = add_notes(svc, 4)
    for key in keys:
        svc.study("alice").answer(key, Rating.GOOD)
    path = svc.ctx.store.path
    waited: list[BaseException] = []

    def another_writer() -> None:  # another program's answer to a card that is not there
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)  # foreign keys off
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE reviews SET card = 'ghost' WHERE card = ?", (keys[1],))
            conn.execute("UPDATE card_state SET reps = 9 WHERE card = ?", (keys[2],))
            conn.execute("COMMIT")
        except BaseException as error:  # noqa: BLE001 - seen by the test below
            waited.append(error)
        finally:
            conn.close()

    table_checks = doctor_parallel.table_checks
    writer = threading.Thread(target=another_writer)

    def checks_beside_a_writer(*args: Any, **kwargs: Any) -> doctor_parallel.TableChecks:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            sqlite3.connect(path, timeout=0).execute("BEGIN IMMEDIATE")  # doctor holds it
        writer.start()  # it waits for doctor's transaction to end
        time.sleep(0.2)
        return table_checks(*args, **kwargs)

    monkeypatch.setattr(doctor_parallel, "table_checks", checks_beside_a_writer)
    report = svc.doctor.check()
    writer.join()
    assert waited == []
    assert report.ok, report  # nothing of the write, made after the check's snapshot
    monkeypatch.setattr(doctor_parallel, "table_checks", table_checks)
    after = svc.doctor.check()
    assert after.problems["review of a card that does not exist"] == 1
    assert [(d.card, d.replayed.reps) for d in after.differences] == [(keys[1], 0), (keys[2], 1)]


def test_both_processes_take_pieces_until_none_is_left(
    svc: Services, monkeypatch: pytest.MonkeyPatch, on_two_cores: list[tuple[Any, ...]]
) -> None:
    keys = _broken(svc)
    alone = svc.doctor.check()  # (in two, as on_two_cores asks)
    here: list[int] = []
    main = os.getpid()
    take = doctor_parallel._check_taken

    def waiting(taken: Any, parts: list[Any], check: Any) -> Any:
        if os.getpid() != main:
            return take(taken, parts, check)

        def slow(piece: Any) -> Any:  # this process waits for the other to take one
            here.append(parts.index(piece))
            deadline = time.monotonic() + 60
            while len(here) == 1 and taken.value < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            return check(piece)

        return take(taken, parts, slow)

    monkeypatch.setattr(doctor_parallel, "_check_taken", waiting)
    report = svc.doctor.check()
    assert report.differences == alone.differences
    assert [d.card for d in report.differences] == [keys[3], keys[9], keys[0]]
    pieces = doctor_parallel.pieces(svc.ctx, ["alice", "bob"])
    assert pieces is not None
    assert here[0] == 0
    assert 1 not in here  # the other process took it while this one was at the first
    assert len(here) < len(pieces)


@pytest.mark.parametrize("failing", ["this", "other"])
def test_a_piece_that_fails_stops_the_other_process_at_its_next_piece(
    svc: Services,
    monkeypatch: pytest.MonkeyPatch,
    on_two_cores: list[tuple[Any, ...]],
    tmp_path: Path,
    failing: str,
) -> None:
    """An error in either process is raised without the other checking the rest of the log
    first: each piece the other process still takes is one more wait for the error."""
    _broken(svc)
    pieces = doctor_parallel.pieces(svc.ctx, ["alice", "bob"])
    assert pieces is not None
    assert len(pieces) > 4
    main, done = os.getpid(), tmp_path / "done"
    check = doctor_parallel.check_parts_in

    def failing_or_slow(*args: Any) -> Any:
        if (os.getpid() == main) == (failing == "this"):
            raise RuntimeError("the check failed")
        time.sleep(0.5)
        with done.open("a") as file:
            file.write(f"{args[3][0][2]}\n")
        return check(*args)

    monkeypatch.setattr(doctor_parallel, "check_parts_in", failing_or_slow)
    with pytest.raises(RuntimeError, match="the check failed"):
        svc.doctor.check()
    checked = done.read_text().splitlines() if done.exists() else []
    assert len(checked) < len(pieces) - 2
