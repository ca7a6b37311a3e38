"""Schema v5: the log says what each entry is, and every state is rebuilt once, on open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.config import resolve_paths
from tandem.models import FrozenClock, parse_utc
from tandem.services import build_services
from tandem.storage.db import APPLICATION_ID, Store
from tandem.storage.schema import LATEST_VERSION, MIGRATIONS

STALE = (2, None, 8.2956, 1.0, "2026-03-09T08:00:00.000000Z", "2026-03-02T08:00:00.000000Z", 2, 0)
"""What tandem stored before v5 for Easy at 22:00 then Good at 08:00: the second answer
counted as the same day (S = 8.296, due in 7 days)."""


def _v4_database(path: Path) -> None:
    """A database as tandem left it at schema v4, with two people's cards and reviews."""
    conn = sqlite3.connect(path, isolation_level=None)
    for version in range(1, 5):
        for step in MIGRATIONS[version]:
            conn.execute(step) if isinstance(step, str) else step(conn)
    conn.execute("PRAGMA user_version = 4")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    now = "2026-01-01T00:00:00.000000Z"
    conn.execute(
        "INSERT INTO people VALUES ('alice', ?, ?)", (now, '{"timezone":"UTC","leech_threshold":2}')
    )
    conn.execute("INSERT INTO decks (id, path, title) VALUES (1, 'd.md', 'd')")
    for pos, key in enumerate(("card1", "card2")):
        conn.execute(
            "INSERT INTO notes (id, deck_id, kind, question, answer, content_hash, position, "
            "created_at, updated_at) VALUES (?, 1, 'basic', 'q', 'a', 'h', ?, ?, ?)",
            (key, pos, now, now),
        )
        conn.execute("INSERT INTO cards VALUES (?, ?, '', ?, 0, ?)", (key, key, pos, now))
    state = (
        "INSERT INTO card_state (person, card, deck_id, pos, state, step, stability, "
        "difficulty, due, last_review, reps, lapses) "
        "VALUES ('alice', ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    conn.execute(state, ("card1", 0, *STALE))
    conn.execute(state, ("card2", 1, 3, 0, 1.0, 9.0, "2026-02-11T10:10:00.000000Z",
                         "2026-02-11T10:00:00.000000Z", 5, 2))  # fmt: skip
    answers = [
        ("card1", 4, "2026-03-01T22:00:00.000000Z", 0),
        ("card1", 3, "2026-03-02T08:00:00.000000Z", 2),
        ("card2", 4, "2026-01-01T10:00:00.000000Z", 0),  # Easy, then two lapses: a leech
        ("card2", 1, "2026-01-20T10:00:00.000000Z", 2),
        ("card2", 3, "2026-01-20T10:10:00.000000Z", 3),
        ("card2", 1, "2026-02-11T10:00:00.000000Z", 2),
    ]
    conn.executemany(
        "INSERT INTO reviews (id, card, person, rating, at, grader, prev_state) "
        "VALUES (?, ?, 'alice', ?, ?, 'alice', ?)",
        [(f"r{n}", card, rating, at, prev) for n, (card, rating, at, prev) in enumerate(answers)],
    )
    conn.close()


@pytest.fixture
def old(tmp_path: Path) -> Path:
    path = tmp_path / "tandem.db"  # TANDEM_DB (conftest), so the CLI opens it too
    _v4_database(path)
    return path


def test_opening_migrates_backs_up_and_rebuilds_every_state_once(old: Path) -> None:
    clock = FrozenClock(parse_utc("2026-03-04T10:00:00+00:00"))
    svc = build_services(resolve_paths(), db=Store(old), clock=clock)
    assert svc.ctx.store.user_version() == LATEST_VERSION
    assert [p.name for p in (old.parent / "backups").iterdir() if "before-migration-v4" in p.name]
    assert svc.rebuilt is not None
    assert "schema v5" in svc.rebuilt.describe()
    assert svc.rebuilt.changed == 2
    first = svc.ctx.states.get("alice", "card1")
    assert first is not None
    assert first.memory.stability == pytest.approx(13.485, abs=0.001)  # the next study day
    leech = svc.ctx.states.get("alice", "card2")
    assert leech is not None
    assert (leech.leech, leech.suspended) == (True, True)  # the log makes it a leech
    kinds = svc.ctx.store.conn.execute("SELECT DISTINCT kind FROM reviews").fetchall()
    assert kinds == [("review",)]
    assert svc.doctor.check().ok
    svc.close()
    again = build_services(resolve_paths(), db=Store(old), clock=clock)
    assert again.rebuilt is None  # once
    again.close()


def test_the_command_line_says_so_on_stderr(old: Path) -> None:
    result = CliRunner().invoke(cli, ["people", "list"])
    assert result.exit_code == 0, result.output
    assert "schema v5" in result.stderr
    assert "every card state was rebuilt from the review log" in result.stderr
    assert "alice" in result.stdout
    quiet = CliRunner().invoke(cli, ["people", "list"])
    assert quiet.stderr == ""


def test_a_new_database_has_nothing_to_rebuild(tmp_path: Path) -> None:
    svc = build_services(resolve_paths(), db=Store(tmp_path / "new.db"))
    assert svc.rebuilt is None
    svc.close()


def test_restoring_an_older_backup_rebuilds_its_states(tmp_path: Path) -> None:
    backup = tmp_path / "old-backup.db"
    _v4_database(backup)
    svc = build_services(resolve_paths(), db=Store(tmp_path / "current.db"))
    svc.backups.restore(backup)
    row = svc.ctx.states.get("alice", "card1")
    assert row is not None
    assert row.memory.stability == pytest.approx(13.485, abs=0.001)
    assert svc.doctor.check().ok
    svc.close()
