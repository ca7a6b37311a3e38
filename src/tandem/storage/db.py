"""Provides the Store: one SQLite connection opened by tandem's rules, and ``write()``."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar, cast

from tandem.models import DatabaseBusyError, StorageError
from tandem.storage.schema import LATEST_VERSION, MIGRATIONS

R = TypeVar("R")

APPLICATION_ID = 0x54414E44  # "TAND"
_BUSY_RETRIES = 4


class Store:
    """An open tandem database.

    Every write that depends on a read goes through :meth:`write`, which holds
    ``BEGIN IMMEDIATE`` so that two terminals never interleave a read and a write.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout_ms: int = 5000,
        durable: bool = True,
        journal: bool = True,
    ) -> None:
        """Opens (and migrates) the database at ``path``.

        ``durable=False`` is for derived data that can be made again (a report's cache):
        a commit does not wait for the disk (``synchronous = NORMAL``; in WAL mode a
        power cut may lose the last commits, never the file's integrity).

        ``journal=False`` is for filling such data into a new file that is thrown away
        unless the filling ends well (a report's first cache): no WAL, so every page is
        written once, to the file (not to the WAL and again at the checkpoint); the
        rollback journal is kept in memory (a failed write still rolls back) and nothing
        waits for the disk (``synchronous = OFF``). A crash while writing may leave the
        file damaged: its owner must not trust it then.
        """
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=0
            )
            self.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            self._check_application_id()
            if self.path != ":memory:":
                self.conn.execute(f"PRAGMA journal_mode = {'WAL' if journal else 'MEMORY'}")
            sync = "OFF" if not journal else "FULL" if durable else "NORMAL"
            self.conn.execute(f"PRAGMA synchronous = {sync}")
            self.conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as error:
            raise StorageError(f"{self.path}: cannot open database: {error}") from None
        self._repos: dict[object, object] = {}
        self._after_commit: list[Callable[[], None]] = []
        self._migrate()

    def repo(self, kind: Callable[[sqlite3.Connection], R]) -> R:
        """The repository ``kind`` on this connection (one of each, made on first use)."""
        found = self._repos.get(kind)
        if found is None:
            found = self._repos[kind] = kind(self.conn)
        return cast(R, found)

    def change_marks(self) -> tuple[int, int]:
        """``(data_version, total_changes)``: the first moves when another connection
        commits, the second with every row this connection changes."""
        return self.data_version(), self.conn.total_changes

    def total_changes(self) -> int:
        """Rows changed through this connection since it opened."""
        return self.conn.total_changes

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Runs the block in one ``BEGIN IMMEDIATE`` transaction (nested blocks join it).

        A SQLite error inside the block (disk full, I/O) rolls everything back and is raised
        as a ``StorageError`` that says nothing was saved. Once it commits, the callbacks
        given to :meth:`after_commit` run.
        """
        if self.conn.in_transaction:
            yield self.conn
            return
        self._begin_immediate()
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            self._rollback()
            raise _storage_error(self.path, error) from None
        except BaseException:
            self._rollback()
            raise
        finally:
            done, self._after_commit = self._after_commit, []
        for callback in done:
            callback()

    @contextmanager
    def page_cache(self, mebibytes: int) -> Iterator[None]:
        """Holds up to ``mebibytes`` of pages in memory for the block, then the default again.

        A bulk write (an import) changes more pages than the default cache (2 MiB) holds:
        SQLite then writes changed pages to the WAL before the commit, and again each time
        the block changes them after that (a 10,000-note import wrote 116,000 pages for a
        20 MB database). The memory is taken only as pages are used.
        """
        before = self._pragma("cache_size")
        wanted = -1024 * int(mebibytes)
        if before < 0 and wanted >= before:  # the cache is as large already
            yield
            return
        with self._pragma_for_block("cache_size", wanted):
            yield

    @contextmanager
    def references_checked_here(self) -> Iterator[None]:
        """Leaves SQLite's foreign key checks off for the block, for a bulk insert whose
        caller checks every reference itself inside the same ``write`` (one look-up per
        row and key less: ~1.3 CPU-s for a 900k-line log). SQLite takes the setting only
        outside a transaction: inside one the checks stay on."""
        if self.conn.in_transaction:
            yield
            return
        with self._pragma_for_block("foreign_keys", 0):
            yield

    @contextmanager
    def row_checks_done_here(self) -> Iterator[None]:
        """Leaves the tables' ``CHECK`` constraints unchecked for the block (``PRAGMA
        ignore_check_constraints``), for a bulk insert of rows its caller has checked by
        the same rules already (a log import's lines: a rating 1-4 unless a reset or manual
        entry, a known kind, a due date on a manual entry only): the log's three checks were
        ~2 CPU-s of inserting 900k lines. Statements made before are made again (SQLite
        expires them), so none keeps or loses the checks by mistake."""
        with self._pragma_for_block("ignore_check_constraints", 1):
            yield

    def _pragma(self, name: str) -> int:
        return int(self.conn.execute(f"PRAGMA {name}").fetchone()[0])

    @contextmanager
    def _pragma_for_block(self, name: str, value: int) -> Iterator[None]:
        """The connection's integer setting ``name`` is ``value`` for the block, then what it
        was before (also when the block fails)."""
        before = self._pragma(name)
        self.conn.execute(f"PRAGMA {name} = {int(value)}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA {name} = {before}")

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Runs ``callback`` once the current transaction has committed (at once outside
        one); a rollback drops it. For what must follow a commit, never happen inside it."""
        if self.conn.in_transaction:
            self._after_commit.append(callback)
        else:
            callback()

    def _rollback(self) -> None:
        # SQLite may have rolled the transaction back itself already (disk full, I/O error).
        with suppress(sqlite3.Error):
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")

    def data_version(self) -> int:
        """Changes whenever another connection commits (for cross-terminal polling)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def user_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _begin_immediate(self) -> None:
        delay = 0.05
        for attempt in range(_BUSY_RETRIES):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or attempt == _BUSY_RETRIES - 1:
                    raise _storage_error(self.path, error) from None
                time.sleep(delay)
                delay *= 2

    def _check_application_id(self) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id == APPLICATION_ID:
            return
        tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != 0 or tables:
            raise StorageError(f"{self.path}: not a tandem database; refusing to open it")

    def _migrate(self) -> None:
        version = self.user_version()
        if version == LATEST_VERSION:
            return
        if version > LATEST_VERSION:
            raise StorageError(
                f"{self.path}: made by a newer tandem (schema {version}, this one knows "
                f"{LATEST_VERSION}); upgrade tandem"
            )
        if version > 0 and self.path != ":memory:":
            from tandem.storage.backup import backup_name

            name = backup_name(datetime.now(UTC), f"before-migration-v{version}")
            self.backup_to(self.backups_folder / name)
        with self.write():
            version = self.user_version()  # re-read under the lock: another process may have won
            for target in range(version + 1, LATEST_VERSION + 1):
                for step in MIGRATIONS.get(target, ()):
                    if isinstance(step, str):
                        self.conn.execute(step)
                    else:
                        step(self.conn)
            self.conn.execute(f"PRAGMA user_version = {LATEST_VERSION}")
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def backup_to(self, target: Path) -> Path:
        """Writes a verified copy of the database to ``target`` (SQLite's backup API)."""
        if self.path == ":memory:":
            raise StorageError("an in-memory database has no backups")
        from tandem.storage.backup import verified_copy  # backups are made seldom

        return verified_copy(Path(self.path), target)

    def restore_from(self, source: Path) -> None:
        """Replaces this database's content with the database ``source`` (backup API), then
        applies migrations to it if it is older."""
        from tandem.storage.backup import copy_into
        from tandem.storage.search import NotesSearch

        copy_into(source, self.conn)
        Store(self.path).close()
        with self.write():  # the index follows rowids, which a copy need not keep
            self.repo(NotesSearch).rebuild()

    def restorable_copy(self, source: Path, folder: Path) -> Path:
        """A checked copy of ``source``, migrated, in ``folder`` (for ``restore_from``).

        Raises:
            BadInputError: ``source`` is not a sound, complete tandem database.
        """
        from tandem.storage.restore import checked_copy

        return checked_copy(source, folder)

    @property
    def backups_folder(self) -> Path:
        return Path(self.path).parent / "backups"


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _storage_error(path: str, error: sqlite3.OperationalError) -> Exception:
    outcome = "; nothing was saved"
    if _is_busy(error):
        return DatabaseBusyError(
            f"{path}: the database stayed busy (another tandem is writing){outcome}; try again"
        )
    text = str(error)
    if "full" in text or getattr(error, "sqlite_errorname", "").startswith("SQLITE_IOERR"):
        return StorageError(f"{path}: could not write to the disk (is it full?): {text}{outcome}")
    return StorageError(f"{path}: {text}{outcome}")
