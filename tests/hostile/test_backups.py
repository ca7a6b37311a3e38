"""Item 5 (and 6, 7, 8 for backups): a backup is never lost, and a bad one never breaks tandem."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.config import resolve_paths
from tandem.config.settings import BackupPolicy
from tandem.models import FrozenClock, Rating
from tandem.services import build_services
from tandem.storage.db import APPLICATION_ID, Store
from tandem.storage.schema import LATEST_VERSION
from tests.hostile.conftest import dump, invoke

NOW = datetime.now(UTC)


def _yesterdays_backups(tmp_path: Path) -> list[Path]:
    """Two backups made yesterday (alice answered between them); returns them, oldest first."""
    clock = FrozenClock(NOW - timedelta(days=1))
    svc = build_services(resolve_paths(), db=Store(tmp_path / "tandem.db"), clock=clock)
    try:
        svc.ctx.paths.decks.mkdir(exist_ok=True)
        (svc.ctx.paths.decks / "a.md").write_text("Q: a\nA: b\n<!-- id: aaaa0001 -->\n")
        svc.people.add("alice")
        svc.sync.run()
        first = svc.backups.make("manual").path
        clock.advance(hours=1)
        svc.study("alice").answer("aaaa0001", Rating.GOOD)
        second = svc.backups.make("manual").path
        return [first, second]
    finally:
        svc.close()


def _reviews(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        conn.close()


def test_restore_of_yesterdays_backup_works_after_a_day_change(tmp_path: Path) -> None:
    older, newer = _yesterdays_backups(tmp_path)
    wanted = dump(older)
    assert invoke("due").exit_code == 0  # today's first command: it reads, so no backup
    result = invoke("restore", str(older))
    assert result.exit_code == 0, result.output
    assert older.exists()
    assert newer.exists()
    assert _reviews(tmp_path / "tandem.db") == 0
    assert dump(older) == wanted  # the file asked for is untouched
    assert invoke("backup").exit_code == 0  # a backup thins: yesterday's newest stays
    assert newer.exists()


def test_listing_and_reading_commands_never_make_or_delete_a_backup(tmp_path: Path) -> None:
    backups = _yesterdays_backups(tmp_path)
    folder = backups[0].parent
    before = sorted(os.listdir(folder))
    reads = (["backup", "--list"], ["due", "--json"], ["log", "export", "--as", "alice"],
             ["doctor"], ["stats", "--as", "alice"], ["report"],
             ["cards", "list", "a"])  # fmt: skip
    for args in reads:
        assert invoke(*args).exit_code == 0, args
        assert sorted(os.listdir(folder)) == before, args


def test_a_failed_daily_backup_warns_and_reads_still_work(world: Path) -> None:
    shutil.rmtree(world / "backups")
    (world / "backups").write_text("not a folder")
    for args in (["due"], ["log", "export", "--as", "alice"], ["doctor"], ["backup", "--list"]):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)
    wrote = invoke("people", "add", "carol")
    assert wrote.exit_code == 0, wrote.output
    assert "warning: the daily backup failed" in wrote.output
    made = invoke("backup")
    assert made.exit_code == 74
    assert "Traceback" not in made.output


def test_a_stray_file_in_the_backups_folder_breaks_nothing(world: Path) -> None:
    stray = world / "backups" / "tandem-20261399-999999-999-daily.db"
    stray.write_bytes(b"not a backup")
    for args in (["due"], ["people", "add", "carol"], ["backup"], ["backup", "--list"]):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)
    assert stray.exists()


def test_restore_refuses_a_file_with_tandems_id_and_missing_tables(world: Path) -> None:
    fake = world / "fake.db"
    conn = sqlite3.connect(fake)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION}")
    conn.execute("CREATE TABLE people (name TEXT PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = dump(world / "tandem.db")
    result = invoke("restore", str(fake))
    assert result.exit_code == 65, result.output
    assert "Traceback" not in result.output
    assert dump(world / "tandem.db") == before


def test_a_partial_backup_of_a_dead_process_is_removed_on_the_next_backup(world: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    folder = world / "backups"
    litter = folder / f"tandem-20261201-000000-000-daily.db.{dead.stdout.strip()}.partial"
    litter.write_bytes(b"\0" * 4096)
    live = folder / f"tandem-20261201-000000-000-daily.db.{os.getppid()}.partial"
    live.write_bytes(b"\0" * 4096)
    assert invoke("backup").exit_code == 0
    assert not litter.exists()
    assert live.exists()  # its writer may still be at work


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 60 * 24 * 90), min_size=1, max_size=40, unique=True),
       st.integers(1, 5), st.integers(0, 3), st.integers(0, 3))  # fmt: skip
def test_thinning_keeps_the_newest_backup_of_every_day_it_keeps(
    minutes_ago: list[int], daily: int, weekly: int, monthly: int
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
        clock = FrozenClock(now)
        paths = resolve_paths(Path(folder) / "t.db", Path(folder) / "decks")
        svc = build_services(paths, db=Store(paths.db), clock=clock)
        try:
            svc.backups.set_policy(BackupPolicy(daily=daily, weekly=weekly, monthly=monthly))
            for minutes in sorted(minutes_ago, reverse=True):
                clock.set(now - timedelta(minutes=minutes))
                svc.backups.make("daily", thin=False)
            made = svc.backups.existing()
            svc.backups.thin()
            kept = {b.path for b in svc.backups.existing()}
        finally:
            svc.close()
    assert made[-1].path in kept
    days: dict[object, list[Path]] = {}
    for backup in made:
        days.setdefault(backup.at.astimezone().date(), []).append(backup.path)
    for day, paths_of_day in days.items():
        if kept & set(paths_of_day):
            assert paths_of_day[-1] in kept, day
        if day == now.astimezone().date():
            assert set(paths_of_day) <= kept
