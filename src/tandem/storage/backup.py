"""Provides verified database copies (``VACUUM INTO`` on a connection of its own)."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tandem.models import StorageError

_NAME = re.compile(r"^tandem-(\d{8}-\d{6}-\d{3})(?:-([a-z0-9-]+))?\.db$")
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupFile:
    """A backup in the backups folder; its time and reason are in its name."""

    path: Path
    at: datetime
    reason: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def backup_name(at: datetime, reason: str) -> str:
    stamp = at.astimezone(UTC).strftime(_STAMP) + f"-{at.microsecond // 1000:03d}"
    return f"tandem-{stamp}-{reason}.db"


def parse_backup_name(path: Path) -> BackupFile | None:
    found = _NAME.match(path.name)
    if not found:
        return None
    stamp, reason = found.group(1), found.group(2) or ""
    at = datetime.strptime(stamp[:15], _STAMP).replace(tzinfo=UTC)
    return BackupFile(path, at.replace(microsecond=int(stamp[16:]) * 1000), reason)


def list_backups(folder: Path) -> list[BackupFile]:
    """The backups in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    found = [parse_backup_name(path) for path in folder.iterdir()]
    return sorted((b for b in found if b is not None), key=lambda b: b.at)


def vacuum_into(database: Path, target: Path) -> Path:
    """Writes a consistent copy of ``database`` to ``target`` and verifies it.

    A connection of its own does the copy, so this works while another connection of this
    process holds the write lock. The copy is written under a temporary name and renamed
    only once ``integrity_check`` passed.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise StorageError(f"{target}: backup file exists already")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        source.execute("VACUUM INTO ?", (str(partial),))
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise StorageError(f"{target}: backup failed: {error}") from None
    finally:
        source.close()
    problem = integrity_problem(partial)
    if problem:
        partial.unlink(missing_ok=True)
        raise StorageError(f"{target}: backup failed its integrity check: {problem}")
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    return target


def integrity_problem(path: Path) -> str | None:
    """``None`` when the file is a sound SQLite database, else what is wrong."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.Error as error:
        return str(error)
    return None if result == ["ok"] else "; ".join(result[:5])


def tandem_database_problem(path: Path, *, application_id: int, newest: int) -> str | None:
    """``None`` when ``path`` is a sound tandem database this tandem can open, else why not."""
    problem = integrity_problem(path)
    if problem:
        return f"not a sound SQLite database: {problem}"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    if found != application_id:
        return "not a tandem database"
    if version > newest:
        return f"made by a newer tandem (schema {version})"
    return None


def copy_into(source: Path, target: sqlite3.Connection) -> None:
    """Copies the database ``source`` over the one ``target`` is open on (backup API)."""
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        conn.backup(target)
    finally:
        conn.close()
