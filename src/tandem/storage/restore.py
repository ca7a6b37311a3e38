"""Provides what a restore reads first: a checked, up-to-date copy of the file it was given.

The copy is made before anything else happens (an automatic backup's thinning cannot take
the file away meanwhile), and the restore reads only the copy: what was checked is what
goes in.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tandem.models import BadInputError, TandemError
from tandem.storage.backup import copy_file_database, tandem_database_problem

Schema = set[tuple[str, str, str]]


def checked_copy(source: Path, folder: Path) -> Path:
    """Copies the database ``source`` into ``folder``, migrates the copy, checks its schema.

    Returns:
        The copy, as the database it would become.

    Raises:
        BadInputError: ``source`` is not a sound, complete tandem database.
    """
    from tandem.storage.db import APPLICATION_ID, Store
    from tandem.storage.schema import LATEST_VERSION

    copy = folder / "restore.db"
    copy_file_database(source, copy)
    problem = tandem_database_problem(copy, application_id=APPLICATION_ID, newest=LATEST_VERSION)
    if problem:
        raise BadInputError(f"{source}: {problem}")
    try:
        store = Store(copy)  # an older backup is migrated, as the restore would migrate it
    except (TandemError, sqlite3.Error) as error:
        why = error.message if isinstance(error, TandemError) else str(error)
        raise BadInputError(f"{source}: cannot be brought up to date ({why})") from None
    try:
        found = schema_of(store.conn)
    finally:
        store.close()
    fresh = Store(":memory:")
    try:
        missing = sorted(schema_of(fresh.conn) - found)
    finally:
        fresh.close()
    if missing:
        names = ", ".join(f"{table}.{column}" if column else table for _, table, column in missing)
        raise BadInputError(f"{source}: not a complete tandem database (missing {names[:300]})")
    return copy


def schema_of(conn: sqlite3.Connection) -> Schema:
    """Every table, index, trigger and view, and every table's columns, by name."""
    found: Schema = set()
    rows = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for kind, name in rows:
        found.add((str(kind), str(name), ""))
        if kind == "table":
            for column in conn.execute("SELECT name FROM pragma_table_info(?)", (name,)):
                found.add(("column", str(name), str(column[0])))
    return found
