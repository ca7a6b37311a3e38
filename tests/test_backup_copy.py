"""The backup copy itself: every committed row (the WAL's too), one file, never half a backup."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

import tandem.storage.backup as backup
from tandem.models import StorageError
from tandem.services import Services
from tandem.storage.backup import integrity_problem, page_problem, verified_copy


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM people ORDER BY name")]
    finally:
        conn.close()


def _wal_writer(db: Path) -> sqlite3.Connection:
    """A second connection that writes into the WAL and never checkpoints it."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    return conn


def _add_person_as(conn: sqlite3.Connection, name: str) -> None:
    """Inserts a copy of alice's row named ``name`` (every column the schema asks for)."""
    columns = [row[1] for row in conn.execute("PRAGMA table_info(people)") if row[1] != "name"]
    listed = ", ".join(columns)
    conn.execute(
        f"INSERT INTO people (name, {listed}) SELECT ?, {listed} FROM people WHERE name = ?",
        (name, "alice"),
    )


def test_the_copy_holds_what_sits_in_the_wal_and_is_one_file(svc: Services) -> None:
    svc.people.add("alice")
    db = Path(svc.ctx.store.path)
    writer = _wal_writer(db)
    try:
        _add_person_as(writer, "bob")
        assert Path(f"{db}-wal").stat().st_size > 0  # bob is in the WAL, not the file
        made = svc.backups.make()
    finally:
        writer.close()
    assert "bob" in _names(made.path)
    assert "alice" in _names(made.path)
    assert integrity_problem(made.path) is None  # the full check passes as well
    assert made.path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: no WAL to carry
    assert sorted(p.name for p in made.path.parent.iterdir()) == [made.path.name]


def test_an_uncommitted_write_is_not_in_the_copy(svc: Services) -> None:
    svc.people.add("alice")
    db = Path(svc.ctx.store.path)
    writer = _wal_writer(db)
    try:
        writer.execute("BEGIN IMMEDIATE")  # another writer holds the lock mid-transaction
        _add_person_as(writer, "carol")
        made = svc.backups.make()
        writer.execute("ROLLBACK")
    finally:
        writer.close()
    assert "alice" in _names(made.path)
    assert "carol" not in _names(made.path)


def test_an_interrupted_copy_leaves_nothing_that_counts(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc.people.add("alice")
    real_copy = backup._copy_pages

    def interrupted(database: Path, partial: Path) -> None:
        real_copy(database, partial)
        raise KeyboardInterrupt  # the user's Ctrl-C after the pages, before the rename

    monkeypatch.setattr(backup, "_copy_pages", interrupted)
    with pytest.raises(KeyboardInterrupt):
        svc.backups.make()
    assert svc.backups.existing() == []
    assert list(svc.backups.folder.iterdir()) == []


def test_a_torn_copy_fails_its_check_and_is_not_listed(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc.people.add("alice")
    real_copy = backup._copy_pages

    def torn(database: Path, partial: Path) -> None:
        real_copy(database, partial)
        data = bytearray(partial.read_bytes())
        page = 4096
        data[page : 2 * page] = b"\xff" * page  # a page written wrong
        partial.write_bytes(bytes(data))

    monkeypatch.setattr(backup, "_copy_pages", torn)
    with pytest.raises(StorageError, match="integrity check"):
        svc.backups.make()
    assert svc.backups.existing() == []
    assert list(svc.backups.folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only folder")
def test_a_copy_that_cannot_be_written_is_a_storage_error(tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    conn = sqlite3.connect(source)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    folder = tmp_path / "backups"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StorageError, match="backup failed"):
            verified_copy(source, folder / "tandem-20260304-100000-000-manual.db")
    finally:
        folder.chmod(0o700)
    assert list(folder.iterdir()) == []


def test_page_problem_names_what_is_wrong(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x07" * 8000)
    assert page_problem(junk)
