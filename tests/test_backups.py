"""Backups: verified copies, Anki-like thinning, restore, and the automatic ones."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.config import resolve_paths
from tandem.config.settings import BackupPolicy
from tandem.models import BadInputError, FrozenClock, InvalidFieldsError, Rating
from tandem.services import Services, build_services
from tandem.storage.backup import integrity_problem
from tandem.storage.db import Store

from .conftest import add_notes


def _reviews(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        conn.close()


def test_backup_is_a_verified_copy_in_the_backups_folder(svc: Services) -> None:
    svc.people.add("alice")
    [key] = add_notes(svc, 1)
    svc.study("alice").answer(key, Rating.GOOD)
    made = svc.backups.make()
    assert made.path.parent == Path(svc.ctx.store.path).parent / "backups"
    assert made.path.name == "tandem-20260304-100000-000-manual.db"
    assert integrity_problem(made.path) is None
    assert _reviews(made.path) == 1
    assert [b.path for b in svc.backups.existing()] == [made.path]
    assert not list(made.path.parent.glob("*.partial"))


def test_daily_backup_once_per_day(svc: Services, clock: FrozenClock) -> None:
    assert svc.backups.daily_if_due() is not None
    assert svc.backups.daily_if_due() is None
    clock.advance(days=1)
    assert svc.backups.daily_if_due() is not None
    assert len(svc.backups.existing()) == 2


def test_thinning_keeps_newest_of_each_day_week_month(svc: Services, clock: FrozenClock) -> None:
    svc.backups.set_policy(BackupPolicy(daily=3, weekly=2, monthly=2))
    for _ in range(60):  # two backups a day for 60 days
        svc.backups.make("daily", thin=False)
        clock.advance(hours=1)
        svc.backups.make("daily", thin=False)
        clock.advance(hours=23)
    removed = svc.backups.thin()
    kept = svc.backups.existing()
    assert len(kept) + len(removed) == 120
    days = [b.at.date() for b in kept]
    assert len(days) == len(set(days))  # one per day at most
    newest = kept[-1]
    assert newest.at == clock.now() - timedelta(hours=23)
    assert len(kept) <= 3 + 2 + 2
    assert len(kept) >= 4


def test_thinning_keeps_everything_from_today(svc: Services, clock: FrozenClock) -> None:
    svc.backups.set_policy(BackupPolicy(daily=1, weekly=0, monthly=0))
    for _ in range(4):
        svc.backups.make("manual")
        clock.advance(minutes=5)
    assert len(svc.backups.existing()) == 4
    clock.advance(days=1)
    svc.backups.make("manual")
    assert len(svc.backups.existing()) == 1


def test_restore_brings_the_old_state_back_and_keeps_every_backup(
    svc: Services, clock: FrozenClock
) -> None:
    svc.people.add("alice")
    keys = add_notes(svc, 3)
    session = svc.study("alice")
    session.answer(keys[0], Rating.GOOD)
    old = svc.backups.make("manual")
    clock.advance(minutes=1)
    session.answer(keys[1], Rating.GOOD)
    session.answer(keys[2], Rating.GOOD)
    before = svc.backups.restore(old.path)
    assert svc.ctx.reviews.count() == 1
    assert _reviews(before.path) == 3
    assert {b.path for b in svc.backups.existing()} == {old.path, before.path}
    assert svc.doctor.check().ok


def test_a_database_in_a_folder_whose_name_a_uri_would_misread_is_backed_up_and_restored(
    tmp_path: Path, clock: FrozenClock
) -> None:
    folder = tmp_path / "notes #1 ?draft %41 & more"  # '#', '?' and '%' mean something in a URI
    svc = build_services(resolve_paths(), db=Store(folder / "tandem.db"), clock=clock)
    try:
        svc.people.add("alice")
        keys = add_notes(svc, 2)
        svc.study("alice").answer(keys[0], Rating.GOOD)
        old = svc.backups.make("manual")
        assert old.path.parent.parent == folder
        assert _reviews(old.path) == 1
        clock.advance(minutes=1)
        svc.study("alice").answer(keys[1], Rating.GOOD)
        before = svc.backups.restore(old.path)
        assert svc.ctx.reviews.count() == 1
        assert _reviews(before.path) == 2
    finally:
        svc.close()


def test_restore_refuses_what_is_not_a_tandem_database(svc: Services, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(BadInputError, match="not a sound SQLite database"):
        svc.backups.restore(junk)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(BadInputError, match="not a tandem database"):
        svc.backups.restore(other)
    assert svc.backups.existing() == []  # nothing was backed up or changed


def test_sync_that_retires_cards_backs_up_first(tmp_path: Path, clock: FrozenClock) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "a.md").write_text(
        "Q: one\nA: 1\n<!-- id: aaaa0001 -->\n\nQ: two\nA: 2\n<!-- id: aaaa0002 -->\n"
    )
    svc = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "t.db"), clock=clock)
    svc.sync.run()
    assert svc.backups.existing() == []
    (decks / "a.md").write_text("Q: one\nA: 1\n<!-- id: aaaa0001 -->\n")
    svc.sync.run()
    [made] = svc.backups.existing()
    assert made.reason == "before-sync"


def test_migration_backs_up_first_and_rereads_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tandem.storage.db as db

    path = tmp_path / "t.db"
    Store(path).close()
    old = db.LATEST_VERSION
    newer = {**db.MIGRATIONS, old + 1: ["ALTER TABLE people ADD COLUMN colour TEXT"]}
    monkeypatch.setattr(db, "MIGRATIONS", newer)
    monkeypatch.setattr(db, "LATEST_VERSION", old + 1)
    store = Store(path)
    assert store.user_version() == old + 1
    assert "colour" in {row[1] for row in store.conn.execute("PRAGMA table_info(people)")}
    [made] = list((tmp_path / "backups").glob(f"*before-migration-v{old}.db"))
    assert integrity_problem(made) is None
    backup = sqlite3.connect(made)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == old
    backup.close()
    store.close()
    Store(path).close()  # already migrated: no second backup
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_cli_backup_list_and_restore(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["people", "add", "alice"]).exit_code == 0
    made = runner.invoke(cli, ["backup", "--keep-daily", "5", "--json"])
    assert made.exit_code == 0, made.output
    listed = runner.invoke(cli, ["backup", "--list"])
    assert "manual" in listed.output
    assert "daily" in listed.output  # the first run of the day made one by itself
    backups = sorted((tmp_path / "backups").glob("*manual.db"))
    assert runner.invoke(cli, ["people", "add", "bob"]).exit_code == 0
    restored = runner.invoke(cli, ["restore", str(backups[0])])
    assert restored.exit_code == 0, restored.output
    assert runner.invoke(cli, ["people", "list"]).output.split() == ["alice"]
    assert runner.invoke(cli, ["restore", str(tmp_path / "missing.db")]).exit_code == 66


def test_import_backs_up_first(svc: Services) -> None:
    fixture = Path(__file__).parent / "fixtures" / "anki" / "cloze-legacy.apkg"
    svc.paths.decks.mkdir(parents=True, exist_ok=True)
    svc.importer.run(fixture)
    [made] = svc.backups.existing()
    assert made.reason == "before-import"


def test_a_policy_out_of_bounds_is_refused_before_saving(svc: Services) -> None:
    with pytest.raises(InvalidFieldsError) as refused:
        svc.backups.set_policy(BackupPolicy(daily=0, monthly=1000))
    assert refused.value.fields == {"daily": "must be at least 1", "monthly": "must be at most 999"}
    assert svc.backups.policy() == BackupPolicy()
    result = CliRunner().invoke(cli, ["--db", svc.ctx.store.path, "backup", "--keep-weekly", "-1"])
    assert result.exit_code == 65
    assert "weekly: must be at least 0" in result.output
