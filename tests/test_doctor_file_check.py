"""doctor checks a database's pages with SQLite by default only up to a size; ``--full``
always checks them (``integrity_check``)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.models import Rating
from tandem.services import Services
from tandem.services.maintenance import doctor_parallel, replay

from .conftest import add_notes


def _one_answer(svc: Services) -> None:
    svc.people.add("alice")
    keys = add_notes(svc, 2)
    svc.study("alice").answer(keys[0], Rating.GOOD)


def test_a_small_database_has_its_pages_checked(svc: Services) -> None:
    _one_answer(svc)
    report = svc.doctor.check()
    assert report.file_checked
    assert report.integrity == []
    assert report.ok


def test_a_big_database_has_its_pages_checked_with_full_only(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _one_answer(svc)
    monkeypatch.setattr("tandem.services.maintenance.doctor.QUICK_CHECK_UP_TO", 0)
    report = svc.doctor.check()
    assert not report.file_checked
    assert report.ok  # the rest of the checks ran: nothing is wrong
    assert svc.doctor.check(full=True).file_checked
    svc.close()
    path = svc.ctx.store.path
    result = CliRunner().invoke(cli, ["--db", path, "doctor"])
    assert result.exit_code == 0, result.output
    assert "integrity: pages not checked in a database over 64 MB (--full checks them)" in (
        result.output
    )
    assert "states that differ from the log: 0" in result.output
    full = CliRunner().invoke(cli, ["--db", path, "doctor", "--full", "--json"])
    assert json.loads(full.output)["file_checked"] is True
    assert json.loads(full.output)["integrity"] == []


def test_a_long_log_checked_in_two_processes_finds_what_one_finds(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc.people.add("alice")
    svc.people.add("bob")
    keys = add_notes(svc, 30)
    session = svc.study("alice")
    for n, key in enumerate(keys * 3):
        session.answer(key, Rating(1 + n % 4))
    for n, key in enumerate(keys[:10]):
        svc.study("bob").answer(key, Rating(1 + n % 4))
    with svc.ctx.store.write() as conn:  # a tampered state on each side of the middle card
        for key in (sorted(keys)[2], sorted(keys)[-3]):
            conn.execute("UPDATE card_state SET reps = 40 WHERE person = 'alice' AND card = ?",
                         (key,))  # fmt: skip
        conn.execute("UPDATE card_state SET leech = 1 WHERE person = 'alice' AND card = ?",
                     (sorted(keys)[20],))  # fmt: skip
        conn.execute("UPDATE card_state SET lapses = 9 WHERE person = 'bob' AND card = ?",
                     (keys[4],))  # fmt: skip
    alone = svc.doctor.check()
    monkeypatch.setattr(doctor_parallel, "CHECK_IN_TWO_FROM", 1)
    cut: list[list[replay.Part]] = []
    here: list[replay.Part] = []
    pieces, check = doctor_parallel.pieces, replay.check_parts_in

    def recorded_pieces(*args: Any) -> list[replay.Part] | None:
        cut.append(found := pieces(*args))
        return found

    def recorded(*args: Any) -> list[replay.Difference]:
        here.extend(args[3])  # the pieces this process took
        return check(*args)

    monkeypatch.setattr("tandem.services.maintenance.doctor.pieces", recorded_pieces)
    monkeypatch.setattr(doctor_parallel, "check_parts_in", recorded)
    in_two = svc.doctor.check()
    assert len(alone.differences) == 4
    assert in_two.differences == alone.differences
    assert [(d.person, d.card) for d in in_two.differences] == sorted(
        (d.person, d.card) for d in alone.differences
    )
    # 100 entries in 32 pieces of 3: alice's 30 cards of 3 entries a piece each, bob's 10
    # cards of one entry three a piece; each piece goes on from where the one before ended
    parts = [(person, first, before) for person, _, first, before in cut[0]]
    alice, bob = sorted(keys), sorted(keys[:10])
    assert parts == [
        ("alice", "", alice[1]),
        *(("alice", alice[n], alice[n + 1] if n < 29 else None) for n in range(1, 30)),
        *(("bob", first, before) for first, before in zip(["", *bob[3::3]], [*bob[3::3], None],
                                                          strict=True)),
    ]  # fmt: skip
    assert all(part in cut[0] for part in here)
    assert in_two.ok == alone.ok
