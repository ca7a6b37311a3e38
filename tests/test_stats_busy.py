"""Figures while another process holds the write lock: the study days wait for the busy
timeout, then the figures are read from what is stored and say what they leave out."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.cli.common import CliState
from tandem.config import resolve_paths
from tandem.models import FrozenClock
from tandem.services import Services, build_services
from tandem.storage.db import Store

from .test_stats import build_team

_HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


@contextmanager
def write_lock_held(db: Path) -> Iterator[None]:
    """Another process holds ``BEGIN IMMEDIATE`` on ``db`` until the block ends."""
    holder = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, "-c", _HOLD, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)


@pytest.fixture
def logged(tmp_path: Path, clock: FrozenClock) -> Path:
    """The team database with its log imported and no study day worked out yet."""
    build_team(tmp_path, clock).close()
    return tmp_path / "team.db"


def impatient(db: Path, clock: FrozenClock) -> Services:
    """Services on ``db`` with a short busy timeout (the usual one is 5 s per try)."""
    return build_services(
        resolve_paths(db, db.parent / "decks"), db=Store(db, busy_timeout_ms=50), clock=clock
    )


def pending(db: Path, person: str) -> int:
    store = Store(db)
    row = store.conn.execute(
        "SELECT count(*) FROM reviews WHERE person = ? AND day IS NULL", (person,)
    ).fetchone()
    store.close()
    return int(row[0])


def test_busy_database_gives_figures_without_storing_and_says_so(
    logged: Path, clock: FrozenClock
) -> None:
    left_out = pending(logged, "alice")
    assert left_out > 0
    svc = impatient(logged, clock)
    with write_lock_held(logged):
        figures = svc.stats.for_person("alice")
    assert figures.counts.total > 0  # read from what is stored
    assert figures.activity.reviews == 0  # no review has its study day yet
    assert svc.stats.notices[0] == (
        f"the database is busy (another tandem is writing): {left_out} reviews of alice "
        "are not in these figures yet"
    )
    assert pending(logged, "alice") == left_out  # nothing half-written
    svc.close()
    again = impatient(logged, clock)
    assert again.stats.for_person("alice").activity.reviews > 0  # worked out once free
    assert again.stats.notices == []
    assert pending(logged, "alice") == 0
    again.close()


def test_figures_read_while_busy_after_a_new_day_boundary_say_so(
    logged: Path, clock: FrozenClock
) -> None:
    svc = impatient(logged, clock)
    before = svc.stats.for_person("alice").activity
    settings = svc.people.settings("alice").updated({"timezone": "Asia/Tokyo"})
    svc.people.update_settings("alice", settings)
    with write_lock_held(logged):
        during = svc.stats.for_person("alice").activity
    assert svc.stats.notices == [
        "the database is busy (another tandem is writing): alice's figures follow their "
        "previous day boundary until next time"
    ]
    assert [d.reviews for d in during.days] == [d.reviews for d in before.days]
    svc.close()


def test_a_write_lock_released_within_the_timeout_is_waited_for(
    logged: Path, clock: FrozenClock
) -> None:
    svc = build_services(resolve_paths(logged, logged.parent / "decks"), db=Store(logged),
                         clock=clock)  # fmt: skip
    with write_lock_held(logged):
        pass  # released at once: the usual timeout covers it
    assert svc.stats.for_person("bob").activity.reviews > 0
    assert svc.stats.notices == []
    svc.close()


def test_stats_command_prints_the_notice_and_succeeds(logged: Path, clock: FrozenClock) -> None:
    svc = impatient(logged, clock)
    with write_lock_held(logged):
        result = CliRunner().invoke(cli, ["stats", "--as", "bob"], obj=CliState(services=svc))
    assert result.exit_code == 0, result.output
    assert "tandem: the database is busy (another tandem is writing):" in result.stderr
    assert "of bob are not in these figures yet" in result.stderr
    assert "bob: study day" in result.stdout
